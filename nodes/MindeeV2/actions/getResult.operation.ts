import type { IDataObject, INodeProperties } from 'n8n-workflow';

import { keptBinary, pollingOptions, jobIdKey } from '../../shared/parameters';
import { lookingUp } from '../../shared/errors';
import { checkPathPart } from '../../shared/urls';
import { mindeeV2ReviewInput, readItemReviewRules, reviewedItems } from '../../shared/review';
import { readProduct } from '../helpers/model';
import { readOptions } from '../helpers/options';
import { REVIEW_SETUP } from '../helpers/review';
import { jobFailed, waitForResult } from '../helpers/waitForResult';
import { outputSettings } from '../output/description';
import { inferenceToItems } from '../output/inferenceItems';
import { PRODUCTS_V2 } from '../products';
import type { MindeeV2Inference } from '../transport/schemas';
import type { MindeeV2Operation } from './router';

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
				name: 'Inference ID',
				value: 'inferenceId',
				description: 'The ID of a finished result (_inference_id)',
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
			"Whether to check until the job is done; when off, one check returns the job's status if it is not done yet",
		displayOptions: { show: { ...show, lookupBy: ['jobId'] } },
	},
	{
		displayName: 'Inference ID',
		name: 'inferenceId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. {{ $json._inference_id }}',
		displayOptions: { show: { ...show, lookupBy: ['inferenceId'] } },
	},
	{
		displayName: 'Model Type',
		name: 'modelType',
		type: 'options',
		default: 'extraction',
		options: PRODUCTS_V2.map((product) => ({ name: product.label, value: product.slug })),
		description: 'The product of the model that made the result',
		displayOptions: { show: { ...show, lookupBy: ['inferenceId'] } },
	},
];

/** Get Result: by job ID (one check, or until done) or by inference ID. */
export const execute: MindeeV2Operation = async (context, itemIndex, session, signal) => {
	const options = readOptions(context, itemIndex);
	const lookupBy = context.getNodeParameter('lookupBy', itemIndex) as string;
	const byInference = lookupBy === 'inferenceId';
	// The id becomes a path segment of an authenticated URL: ".." would move the request elsewhere.
	const id = checkPathPart(
		String(context.getNodeParameter(byInference ? 'inferenceId' : 'jobId', itemIndex) ?? ''),
		byInference ? 'Inference ID' : 'Job ID',
	);
	const binary = keptBinary(context, itemIndex, options);
	const lookup = byInference
		? {
				kind: 'inference',
				id,
				check:
					"the Inference ID (a result's `_inference_id`) and that Model Type is the one of its model",
			}
		: { kind: 'job', id, check: `the Job ID (Submit's \`${jobIdKey(context)}\`)` };

	let inference: MindeeV2Inference;
	if (byInference) {
		const { slug } = readProduct(context, itemIndex, 'getResult');
		inference = await lookingUp(
			lookup,
			async () => await session.client.getResult({ slug, inferenceId: id }, signal),
		);
	} else if (context.getNodeParameter('waitForCompletion', itemIndex, true) as boolean) {
		inference = await lookingUp(
			lookup,
			async () =>
				await waitForResult(
					session,
					{ id },
					{ ...pollingOptions(options), submittedEarlier: true },
					Date.now(),
					signal,
				),
		);
	} else {
		const check = await lookingUp(
			lookup,
			async () => await session.client.checkJob({ id }, signal),
		);
		if (check.state === 'failed') throw jobFailed(check.job);
		if (check.state === 'pending') {
			const { id: jobId, status, ...rest } = check.job;
			return [{ json: { [jobIdKey(context)]: jobId, status, ...rest } as IDataObject, binary }];
		}
		inference = await lookingUp(
			lookup,
			async () => await session.client.getResult(check.resultUrl, signal),
		);
	}
	const settings = outputSettings(context, itemIndex, options);
	const result = inference; // a const for the closure below
	return reviewedItems(
		inferenceToItems(result, settings),
		readItemReviewRules(context, itemIndex, REVIEW_SETUP),
		() => mindeeV2ReviewInput(result),
		settings.lineItemsField,
	).map((json) => ({ json, binary }));
};
