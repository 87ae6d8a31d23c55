import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { DocumentSource } from '../../shared/documents';
import type { FilesMode, ItemWithPiece } from '../../shared/files';
import { attachFiles, filesProperty } from '../../shared/files';

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
	items: ItemWithPiece[],
	pagesSent: number[] | undefined,
	binary: INodeExecutionData['binary'],
): Promise<INodeExecutionData[]> {
	const sent = pagesSent ? { _pages_sent: pagesSent } : {};
	const withSent = items.map(({ json, piece }) => ({ json: { ...json, ...sent }, piece }));
	if (!CUTTING.includes(operation)) return withSent.map(({ json }) => ({ json, binary }));
	const mode = context.getNodeParameter('files', itemIndex, 'pieces') as FilesMode;
	return await attachFiles(context, itemIndex, source, withSent, mode);
}
