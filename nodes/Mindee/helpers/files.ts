import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { DocumentSource } from '../../shared/documentSource';
import type { FilesMode, ItemWithPiece } from '../../shared/files';
import { attachFiles, filesProperty, pageBox, pageGroup } from '../../shared/files';
import { isObject } from '../../shared/json';
import type { MindeeDocument } from '../transport/schemas';

/** The products whose result is pieces of the document: page groups, or documents on a photo. */
const CUTTING = ['invoice_splitter', 'cropper', 'multi_receipts_detector'];

export const filesParameter = filesProperty({ operation: ['parse'], product: CUTTING });

/**
 * The output items with their files. For the Invoice Splitter, Cropper and Multi Receipts Detector with
 * Files → One File per Piece, one item per piece (a page group, a document on a page) carrying it; with
 * the other Files choices the document's one item, with the input's files or none. For the other products
 * the shaped items with the input's files when Keep Input Binary is on. Every item says which pages were sent when Page Selection dropped some.
 */
export async function itemsWithFiles(
	context: IExecuteFunctions,
	itemIndex: number,
	source: DocumentSource,
	document: MindeeDocument,
	items: IDataObject[],
	pagesSent: number[] | undefined,
	binary: INodeExecutionData['binary'],
): Promise<INodeExecutionData[]> {
	const sent = pagesSent ? { _pages_sent: pagesSent } : {};
	const product = context.getNodeParameter('product', itemIndex) as string;
	const raw = context.getNodeParameter('output', itemIndex, 'simplified') === 'raw';
	const mode = CUTTING.includes(product)
		? (context.getNodeParameter('files', itemIndex, 'pieces') as FilesMode)
		: undefined;
	// Without pieces to give, the document stays one item: Whole Input File carries the input's files.
	if (mode !== 'pieces' || raw) {
		const files =
			mode === 'input' ? context.getInputData()[itemIndex].binary : mode ? undefined : binary;
		return items.map((json) => ({ json: { ...json, ...sent }, binary: files }));
	}
	// The document's own keys (_document_id, _job_id, _filename…) on every piece; its pages stay out.
	const meta = Object.fromEntries(
		Object.entries(items[0] ?? {}).filter(([name]) => name.startsWith('_') && name !== '_pages'),
	) as IDataObject;
	const pieces = piecesOf(product, document);
	const withPieces: ItemWithPiece[] =
		pieces.length === 0
			? [{ json: { _item_index: null, _item_count: 0, ...meta, ...sent } }]
			: pieces.map(({ json, piece }, index) => ({
					json: { ...json, _item_index: index, _item_count: pieces.length, ...meta, ...sent },
					piece,
				}));
	return await attachFiles(context, itemIndex, source, withPieces, 'pieces');
}

/** Each piece's own fields and what to cut, from the product's prediction. */
function piecesOf(product: string, document: MindeeDocument): ItemWithPiece[] {
	const { inference } = document;
	if (product === 'invoice_splitter') {
		return entries(inference.prediction.invoice_page_groups).map((group) => {
			const piece = pageGroup(group.page_indexes);
			return {
				json: { ...group, page_range: piece ? [piece.first, piece.last] : null } as IDataObject,
				piece,
			};
		});
	}
	if (product === 'multi_receipts_detector') {
		return entries(inference.prediction.receipts).map(({ page_id, ...receipt }) => {
			const page = page_id ?? 0;
			return {
				json: { ...receipt, page } as IDataObject,
				piece: pageBox(page, receipt.bounding_box),
			};
		});
	}
	return inference.pages.flatMap((page) =>
		entries(page.prediction?.cropping).map((cropping) => ({
			json: { ...cropping, page: page.id } as IDataObject,
			piece: pageBox(page.id, cropping.bounding_box),
		})),
	);
}

function entries(list: unknown): Array<Record<string, unknown>> {
	return Array.isArray(list) ? list.filter(isObject) : [];
}
