import type { INodeProperties } from 'n8n-workflow';

import { keptBinary, jobIdKey } from '../../shared/parameters';
import { sourceName } from '../../shared/documents';
import { withFileName } from '../../shared/errors';
import { readDocument } from '../helpers/input';
import { checkWorkflowMode, predictOptions, readOptions } from '../helpers/options';
import { readEndpoint } from '../helpers/product';
import { productPath } from '../transport/mindeeClient';
import type { MindeeOperation } from './router';

export const description: INodeProperties[] = [
	{
		displayName:
			'Each document is only enqueued. Get its result with the Mindee (Docparse) Trigger (a webhook configured on the Mindee platform) or with the Get Result operation.',
		name: 'submitNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { operation: ['submit'] } },
	},
];

/** Submit Document: enqueue only, and output what is needed to get the result later. */
export const execute: MindeeOperation = async (context, itemIndex, session, signal) => {
	const options = readOptions(context, itemIndex);
	const endpoint = readEndpoint(context, itemIndex);
	const modes = endpoint.modes ?? ['async'];
	checkWorkflowMode(options, endpoint, modes.includes('async') ? 'async' : 'sync');
	const { source, pagesSent } = await readDocument(context, itemIndex, 'async', options);
	const job = await withFileName(
		sourceName(source),
		async () => await session.client.enqueue(endpoint, source, predictOptions(options), signal),
	);
	const queueUrl = session.http
		.apiUrl(`${productPath(endpoint)}/documents/queue/${encodeURIComponent(job.id)}`)
		.toString();
	return [
		{
			json: {
				[jobIdKey(context)]: job.id,
				status: job.status,
				issued_at: job.issued_at ?? null,
				available_at: job.available_at ?? null,
				queue_url: queueUrl,
				product: endpoint.label,
				filename: sourceName(source),
				...(pagesSent ? { _pages_sent: pagesSent } : {}),
			},
			binary: keptBinary(context, itemIndex, options),
		},
	];
};
