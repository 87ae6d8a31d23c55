import type { INodeProperties } from 'n8n-workflow';

import { keptBinary, pollingOptions } from '../../shared/parameters';
import { DocparseError, lookingUp } from '../../shared/errors';
import { checkPathPart } from '../../shared/urls';
import { readOptions } from '../helpers/options';
import { readServiceId } from '../helpers/service';
import { waitForResult } from '../helpers/waitForResult';
import { outputSettings } from '../output/description';
import { predictionToItems } from '../output/predictionItems';
import type { BirosPrediction } from '../transport/schemas';
import type { BirosOperation } from './router';

const show = { operation: ['getResult'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Document ID',
		name: 'documentId',
		type: 'string',
		default: '',
		required: true,
		placeholder: 'e.g. {{ $json.document_id }}',
		description: 'The document_id output by Submit Document',
		displayOptions: { show },
	},
	{
		displayName: 'Wait Until Done',
		name: 'waitForResult',
		type: 'boolean',
		default: true,
		description:
			'Whether to check until the result is ready (up to Max Wait); when off, one check outputs status "processing" if it is not ready yet',
		displayOptions: { show },
	},
];

/** Get Result: a submitted document's result, checked once or until it is ready. */
export const execute: BirosOperation = async (context, itemIndex, session, signal) => {
	const options = readOptions(context, itemIndex);
	const serviceId = readServiceId(context, itemIndex);
	const documentId = String(context.getNodeParameter('documentId', itemIndex) ?? '').trim();
	if (!documentId)
		throw new DocparseError(
			'DOCPARSE_INPUT',
			'The Document ID is empty; map it from the document_id output by Submit Document',
		);
	checkPathPart(documentId, 'Document ID');
	const binary = keptBinary(context, itemIndex, options);
	// A 404 may also mean another service's document: the URL names the service.
	const lookup = {
		kind: 'document',
		id: documentId,
		check: `the Document ID (Submit's \`document_id\`) and that Service ID "${serviceId}" is the one it was submitted to`,
	};

	let prediction: BirosPrediction;
	if (context.getNodeParameter('waitForResult', itemIndex, true) as boolean) {
		// Submitted at an unknown earlier time: checked at once, and not timed from the batch's processing times.
		const polling = { ...pollingOptions(options), submittedEarlier: true };
		prediction = await lookingUp(
			lookup,
			async () =>
				await waitForResult(session, { serviceId, documentId }, polling, Date.now(), signal),
		);
	} else {
		const check = await lookingUp(
			lookup,
			async () => await session.client.checkResult(serviceId, documentId, signal),
		);
		if (!check.done)
			return [
				{ json: { service: serviceId, document_id: documentId, status: 'processing' }, binary },
			];
		prediction = check.value;
	}
	const output = outputSettings(
		context.getNodeParameter('output', itemIndex, 'simplified') as string,
		options.includeConfidence,
	);
	return predictionToItems(prediction, { document_id: documentId }, output).map((json) => ({
		json,
		binary,
	}));
};
