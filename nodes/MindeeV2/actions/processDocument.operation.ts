import type { INodeProperties } from 'n8n-workflow';

import { keptBinary, pollingOptions } from '../../shared/parameters';
import { sourceName } from '../../shared/documents';
import { withFileName } from '../../shared/errors';
import { mindeeV2ReviewInput, readItemReviewRules, reviewedItems } from '../../shared/review';
import { filesParameter, itemsWithFiles } from '../helpers/files';
import { readDocument } from '../helpers/input';
import { checkModelType, readModelId, readProduct } from '../helpers/model';
import { enqueueFields, readOptions } from '../helpers/options';
import { REVIEW_SETUP } from '../helpers/review';
import { waitForResult } from '../helpers/waitForResult';
import { lineItemsFieldParameter, outputProperties, outputSettings } from '../output/description';
import { inferenceItemsWithPieces } from '../output/inferenceItems';
import type { MindeeV2Operation } from './router';

export const description: INodeProperties[] = [
	...outputProperties,
	filesParameter,
	lineItemsFieldParameter,
];

/** Extract, Classify, Crop, OCR, Split: enqueue to the product, wait for the result, turn it into items. */
export const execute: MindeeV2Operation = async (context, itemIndex, session, signal) => {
	const operation = context.getNodeParameter('operation', itemIndex) as string;
	const options = readOptions(context, itemIndex);
	const product = readProduct(context, itemIndex, operation);
	const reviewRules = readItemReviewRules(context, itemIndex, REVIEW_SETUP);
	// Routing reads each value's confidence, so Mindee is asked for it whatever the Confidence option says.
	const fields = enqueueFields(
		readModelId(context, itemIndex),
		reviewRules ? { ...options, confidence: true } : options,
	);
	const { source, pagesSent } = await readDocument(context, itemIndex, options);
	await checkModelType(session.client, fields.modelId, product, operation, signal);
	const inference = await withFileName(sourceName(source), async () => {
		const job = await session.client.enqueue(product.slug, source, fields, signal);
		const submittedAt = Date.now();
		return await waitForResult(session, job, pollingOptions(options), submittedAt, signal);
	});
	const settings = outputSettings(context, itemIndex, options);
	const items = inferenceItemsWithPieces(inference, settings);
	// Review puts `_review` on each item's JSON, one for one; each keeps the piece it describes.
	const reviewed = reviewedItems(
		items.map(({ json }) => json),
		reviewRules,
		() => mindeeV2ReviewInput(inference),
		settings.lineItemsField,
	);
	return await itemsWithFiles(
		context,
		itemIndex,
		operation,
		source,
		items.map(({ piece }, index) => ({ json: reviewed[index], piece })),
		pagesSent,
		keptBinary(context, itemIndex, options),
	);
};
