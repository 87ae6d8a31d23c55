import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { DocumentSource } from '../../shared/documentSource';
import type { FilesMode, Piece } from '../../shared/files';
import { attachFiles, filesProperty, pageBox, pageRange } from '../../shared/files';

/** The operations whose items each describe a piece of the document. */
const CUTTING = ['split', 'crop'];

export const filesParameter = filesProperty({ operation: CUTTING });

/**
 * The output items with their files: for Split and Crop the piece each describes (or what the Files
 * parameter says), for the other operations the input's files when Keep Input Binary is on. Every item
 * says which pages were sent when Page Selection dropped some.
 */
export async function itemsWithFiles(
	context: IExecuteFunctions,
	itemIndex: number,
	operation: string,
	source: DocumentSource,
	items: IDataObject[],
	pagesSent: number[] | undefined,
	binary: INodeExecutionData['binary'],
): Promise<INodeExecutionData[]> {
	const sent = pagesSent ? { _pages_sent: pagesSent } : {};
	const jsons = items.map((json) => ({ ...json, ...sent }));
	if (!CUTTING.includes(operation)) return jsons.map((json) => ({ json, binary }));
	const mode = context.getNodeParameter('files', itemIndex, 'pieces') as FilesMode;
	return await attachFiles(
		context,
		itemIndex,
		source,
		jsons.map((json) => ({ json, piece: pieceOf(json) })),
		mode,
	);
}

/** A split item's page range, or a crop item's box (the shapes of output/inferenceItems). */
function pieceOf(json: IDataObject): Piece | undefined {
	if ('page_range' in json) return pageRange(json.page_range);
	if ('polygon' in json) return pageBox(json.page, json.polygon);
	return undefined;
}
