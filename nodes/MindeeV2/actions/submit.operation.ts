import type { INodeProperties } from 'n8n-workflow';

import { keptBinary, jobIdKey } from '../../shared/parameters';
import { sourceName } from '../../shared/documents';
import { withFileName } from '../../shared/errors';
import { displayFileName } from '../../shared/urls';
import { readDocument } from '../helpers/input';
import { checkModelType, readModelId, readProduct } from '../helpers/model';
import { enqueueFields, readOptions } from '../helpers/options';
import type { MindeeV2Operation } from './router';

export const description: INodeProperties[] = [
	{
		displayName:
			"Each document is only enqueued. Its result comes through the Mindee V2 (Docparse) Trigger (the model's webhooks, or those in the Webhook IDs option) or with the Get Result operation.",
		name: 'submitNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { operation: ['submit'] } },
	},
];

/** Submit: enqueue only, and output the job, which holds what is needed to get the result later. */
export const execute: MindeeV2Operation = async (context, itemIndex, session, signal) => {
	const options = readOptions(context, itemIndex);
	const product = readProduct(context, itemIndex, 'submit');
	const fields = enqueueFields(readModelId(context, itemIndex), options);
	const { source, pagesSent } = await readDocument(context, itemIndex, options);
	await checkModelType(session.client, fields.modelId, product, 'submit', signal);
	const job = await withFileName(
		sourceName(source),
		async () => await session.client.enqueue(product.slug, source, fields, signal),
	);
	const { id, status, ...rest } = job;
	// Mindee names a fetched document after its link: shown without the link's query (signed-link tokens).
	if (rest.filename) rest.filename = displayFileName(rest.filename);
	return [
		{
			json: {
				[jobIdKey(context)]: id,
				status,
				model_type: product.slug,
				...rest,
				...(pagesSent ? { _pages_sent: pagesSent } : {}),
			},
			binary: keptBinary(context, itemIndex, options),
		},
	];
};
