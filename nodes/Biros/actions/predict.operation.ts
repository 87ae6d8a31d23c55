import type { INodeProperties } from 'n8n-workflow';

import { keptBinary, pollingOptions } from '../../shared/parameters';
import { withFileName } from '../../shared/errors';
import { readDocument, readUploadSettings } from '../helpers/input';
import { readOptions } from '../helpers/options';
import { readServiceId } from '../helpers/service';
import { waitForResult } from '../helpers/waitForResult';
import { outputSettings } from '../output/description';
import type { ResultMeta } from '../output/predictionItems';
import { predictionToItems } from '../output/predictionItems';
import type { BirosOperation } from './router';

export const description: INodeProperties[] = [
	{
		displayName: 'Mode',
		name: 'mode',
		type: 'options',
		default: 'sync',
		options: [
			{
				name: 'Sync',
				value: 'sync',
				description: "One request that answers with the result (Biros' inference endpoint)",
			},
			{
				name: 'Async',
				value: 'async',
				description: 'Submit to the v1 asynchronous API, then check until the result is ready',
			},
		],
		displayOptions: { show: { operation: ['predict'] } },
	},
];

/** Predict: send the document and turn Biros' result into items, in one request or by submit-and-poll. */
export const execute: BirosOperation = async (context, itemIndex, session, signal) => {
	const options = readOptions(context, itemIndex);
	const serviceId = readServiceId(context, itemIndex);
	const mode = context.getNodeParameter('mode', itemIndex, 'sync') as string;
	const settings = readUploadSettings(context, itemIndex);
	const file = await readDocument(context, itemIndex, options, signal);
	const meta: ResultMeta = {};
	const prediction = await withFileName(file.fileName, async () => {
		if (mode !== 'async') return await session.client.predict(serviceId, file, settings, signal);
		const submittedAt = Date.now();
		const submitted = await session.client.submit(serviceId, file, settings, signal);
		meta.document_id = submitted.documentId;
		meta.job_id = submitted.jobId;
		const target = { serviceId, documentId: submitted.documentId, jobId: submitted.jobId };
		return await waitForResult(session, target, pollingOptions(options), submittedAt, signal);
	});
	const output = outputSettings(
		context.getNodeParameter('output', itemIndex, 'simplified') as string,
		options.includeConfidence,
	);
	const binary = keptBinary(context, itemIndex, options);
	return predictionToItems(prediction, meta, output).map((json) => ({ json, binary }));
};
