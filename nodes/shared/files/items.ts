import type { IDataObject } from 'n8n-workflow';

import type { Piece } from './pieces';

/** An output item and the piece of the input document it describes, if any. */
export interface ItemWithPiece {
	json: IDataObject;
	piece?: Piece;
}

/**
 * The items a result's entries become (page groups, splits, crops, receipts, OCR pages): each numbered
 * `_item_index` (from 0) of `_item_count`, then `common` (the document's own keys). A result without
 * entries still yields one item (`_item_index: null`, `_item_count: 0`), so the document stays in view.
 */
export function numberedItems(entries: ItemWithPiece[], common: IDataObject): ItemWithPiece[] {
	if (entries.length === 0) return [{ json: { _item_index: null, _item_count: 0, ...common } }];
	return entries.map(({ json, piece }, index) => ({
		json: { ...json, _item_index: index, _item_count: entries.length, ...common },
		piece,
	}));
}
