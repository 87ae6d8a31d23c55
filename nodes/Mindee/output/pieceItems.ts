import type { IDataObject } from 'n8n-workflow';

import type { ItemWithPiece } from '../../shared/files';
import { numberedItems, pageBox, pageGroup } from '../../shared/files';
import { objectsIn } from '../../shared/json';
import type { MindeeDocument } from '../transport/schemas';
import { documentKeys } from './documentItems';

/**
 * Invoice Splitter, Cropper, Multi Receipts Detector cut into pieces: one item per piece (a page group, a
 * document on a page), its fields and what to cut both read from the prediction, then the keys the node
 * added to the document's item (document ID, file name, extras, review…) but not its pages.
 */
export function pieceItems(
	product: string,
	document: MindeeDocument,
	documentItem: IDataObject,
	extra: IDataObject,
): ItemWithPiece[] {
	return numberedItems(piecesOf(product, document), { ...documentKeys(documentItem), ...extra });
}

function piecesOf(product: string, document: MindeeDocument): ItemWithPiece[] {
	const { inference } = document;
	if (product === 'invoice_splitter') {
		return objectsIn(inference.prediction.invoice_page_groups).map((group) => {
			const piece = pageGroup(group.page_indexes);
			return {
				json: { ...group, page_range: piece ? [piece.first, piece.last] : null } as IDataObject,
				piece,
			};
		});
	}
	if (product === 'multi_receipts_detector') {
		return objectsIn(inference.prediction.receipts).map(({ page_id, ...receipt }) => {
			const page = page_id ?? 0;
			return {
				json: { ...receipt, page } as IDataObject,
				piece: pageBox(page, receipt.bounding_box),
			};
		});
	}
	return inference.pages.flatMap((page) =>
		objectsIn(page.prediction?.cropping).map((cropping) => ({
			json: { ...cropping, page: page.id } as IDataObject,
			piece: pageBox(page.id, cropping.bounding_box),
		})),
	);
}
