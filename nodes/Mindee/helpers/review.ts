import type { IDataObject } from 'n8n-workflow';

import type { ReviewRules, ReviewSetup } from '../../shared/review';
import { mindeeV1ReviewInput, reviewedItems } from '../../shared/review';
import type { OutputSettings } from '../output/documentItems';
import { METADATA_KEYS } from '../output/fields';
import type { MindeeDocument } from '../transport/schemas';

/** Route for Review on this node (shared/review): the operations that return a document, and the invoice's names. */
export const REVIEW_SETUP: ReviewSetup = {
	api: 'v1',
	operations: ['parse', 'getResult'],
	amountsDefault: 'line_items.*.total_amount',
};

/** A document's items with `_review` on those that break the rules (Line Items: per line item). */
export function reviewDocumentItems(
	rules: ReviewRules | null,
	document: MindeeDocument,
	items: IDataObject[],
	settings: OutputSettings,
): IDataObject[] {
	return reviewedItems(
		items,
		rules,
		() => mindeeV1ReviewInput(document.inference.prediction, METADATA_KEYS),
		settings.mode === 'lineItems' ? 'line_items' : undefined,
	);
}
