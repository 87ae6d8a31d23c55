import type { INodeProperties } from 'n8n-workflow';

import { keptBinary, pollingOptions, jobIdKey } from '../../shared/parameters';
import { DocparseError, lookingUp } from '../../shared/errors';
import { checkPathPart } from '../../shared/urls';
import { readItemReviewRules } from '../../shared/review';
import { readOptions } from '../helpers/options';
import { readEndpoint } from '../helpers/product';
import { REVIEW_SETUP, reviewDocumentItems } from '../helpers/review';
import { jobFailed, waitForResult } from '../helpers/waitForResult';
import { outputProperty, outputSettings } from '../output/description';
import { documentToItems } from '../output/documentItems';
import type { MindeeDocumentResponse } from '../transport/schemas';
import type { MindeeOperation } from './router';

const show = { operation: ['getResult'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Look Up By',
		name: 'lookupBy',
		type: 'options',
		default: 'jobId',
		options: [
			{ name: 'Job ID', value: 'jobId', description: 'The _job_id output by Submit Document' },
			{
				name: 'Document ID',
				value: 'documentId',
				description: 'The _document_id of a finished document',
			},
		],
		displayOptions: { show },
	},
	{
		displayName: 'Job ID',
		name: 'jobId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. {{ $json._job_id }}',
		displayOptions: { show: { ...show, lookupBy: ['jobId'] } },
	},
	{
		displayName: 'Wait Until Done',
		name: 'waitForCompletion',
		type: 'boolean',
		default: true,
		description:
			"Whether to poll until the job is done; when off, one check returns the job's status if it is not done yet",
		displayOptions: { show: { ...show, lookupBy: ['jobId'] } },
	},
	{
		displayName: 'Document ID',
		name: 'documentId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. {{ $json._document_id }}',
		displayOptions: { show: { ...show, lookupBy: ['documentId'] } },
	},
	{ ...outputProperty, displayOptions: { show } },
];

/** Get Result: a document by job ID (one check, or until done) or by document ID. */
export const execute: MindeeOperation = async (context, itemIndex, session, signal) => {
	const options = readOptions(context, itemIndex);
	const endpoint = readEndpoint(context, itemIndex);
	const lookupBy = context.getNodeParameter('lookupBy', itemIndex) as string;
	const id = (
		context.getNodeParameter(
			lookupBy === 'documentId' ? 'documentId' : 'jobId',
			itemIndex,
		) as string
	).trim();
	if (!id)
		throw new DocparseError(
			'DOCPARSE_INPUT',
			`The ${lookupBy === 'documentId' ? 'document' : 'job'} ID is empty`,
		);
	checkPathPart(id, lookupBy === 'documentId' ? 'Document ID' : 'Job ID');
	const binary = keptBinary(context, itemIndex, options);
	// A 404 may also mean another product's ID: the URL names the product.
	const lookup =
		lookupBy === 'documentId'
			? {
					kind: 'document',
					id,
					check:
						"the Document ID (a result's `_document_id`) and that Product is the one it was sent to",
				}
			: {
					kind: 'job',
					id,
					check: `the Job ID (Submit's \`${jobIdKey(context)}\`) and that Product is the one it was submitted to`,
				};

	let result: MindeeDocumentResponse;
	if (lookupBy === 'documentId') {
		result = await lookingUp(
			lookup,
			async () => await session.client.getDocument({ endpoint, documentId: id }, signal),
		);
	} else if (context.getNodeParameter('waitForCompletion', itemIndex, true) as boolean) {
		result = await lookingUp(
			lookup,
			async () =>
				await waitForResult(
					session,
					endpoint,
					{ id },
					{ ...pollingOptions(options), submittedEarlier: true },
					Date.now(),
					signal,
				),
		);
	} else {
		const check = await lookingUp(
			lookup,
			async () => await session.client.checkJob(endpoint, id, signal),
		);
		if (check.state === 'failed') throw jobFailed(check.job);
		if (check.state === 'pending') {
			const { job } = check;
			return [
				{
					// Named like the document items this operation outputs once the job is done.
					json: {
						_job_id: job.id,
						_job_status: job.status,
						_issued_at: job.issued_at ?? null,
						_available_at: job.available_at ?? null,
					},
					binary,
				},
			];
		}
		result =
			check.document ??
			(await lookingUp(
				lookup,
				async () => await session.client.getDocument(check.documentUrl!, signal),
			));
	}
	const settings = outputSettings(
		context.getNodeParameter('output', itemIndex, 'simplified') as string,
		options.includeConfidence,
	);
	const jobId = result.job?.id ?? (lookupBy === 'jobId' ? id : undefined);
	const items = documentToItems(result.document, { job_id: jobId }, settings);
	const rules = readItemReviewRules(context, itemIndex, REVIEW_SETUP);
	return reviewDocumentItems(rules, result.document, items, settings).map((json) => ({
		json,
		binary,
	}));
};
