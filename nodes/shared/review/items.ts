import type { IDataObject } from 'n8n-workflow';

import { parsePath, pathMatches } from './fields';
import type { ReviewReason } from './rules';

/**
 * The result's reasons put on its items: an item with any carries them as `_review`. In Line Items mode
 * (items with `_line_index`) an item gets the document's reasons and its own entry's, not its siblings'.
 */
export function withReview(
	items: IDataObject[],
	reasons: ReviewReason[],
	lineItemsField?: string,
): IDataObject[] {
	const list = lineItemsField ? parsePath(lineItemsField) : [];
	return items.map((item) => {
		const index = item._line_index;
		const own =
			list.length > 0 && typeof index === 'number'
				? reasons.filter((reason) => {
						const path = reason.field === null ? [] : parsePath(reason.field);
						return !pathMatches(list, path, true) || path[list.length] === String(index);
					})
				: reasons;
		return own.length > 0 ? { ...item, _review: own as IDataObject[] } : item;
	});
}

/** Success first, Needs Review second: an item needs review when it carries `_review`; error items never do. */
export function splitForReview<Item>(items: Item[], json: (item: Item) => IDataObject): Item[][] {
	const success: Item[] = [];
	const review: Item[] = [];
	for (const item of items) (Array.isArray(json(item)._review) ? review : success).push(item);
	return [success, review];
}
