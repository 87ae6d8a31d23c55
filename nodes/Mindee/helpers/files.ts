import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { DocumentSource } from '../../shared/documents';
import type { FilesMode } from '../../shared/files';
import { attachFiles, filesProperty } from '../../shared/files';
import { pieceItems } from '../output/pieceItems';
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
	const pieces = pieceItems(product, document, items[0] ?? {}, sent);
	return await attachFiles(context, itemIndex, source, pieces, 'pieces');
}
