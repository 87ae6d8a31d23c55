import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { DocumentSource } from '../documents';
import { imageExtension, imageOfBox, isCuttableImage } from './imageCut';
import { LibraryUnavailable } from './libraries';
import { readAll } from './pageSelection';
import { openPdf, pdfOfBox, pdfOfRange } from './pdfCut';
import type { ItemWithPiece } from './items';
import type { Piece } from './pieces';
import { pieceFileName } from './pieces';
import type { FilesMode } from './description';

/** The binary property the pieces are written to, the one n8n's nodes read by default. */
const PIECE_PROPERTY = 'data';

/**
 * Gives each item its file: the piece it describes (Files → One File per Piece), the input item's
 * files, or none. A piece that cannot be cut leaves its item with its JSON and a `_file_notice` saying
 * why; cutting never fails an item whose result the API already gave.
 */
export async function attachFiles(
	context: IExecuteFunctions,
	itemIndex: number,
	source: DocumentSource,
	items: ItemWithPiece[],
	mode: FilesMode,
): Promise<INodeExecutionData[]> {
	if (mode === 'none') return items.map(({ json }) => ({ json }));
	if (mode === 'input') {
		const binary = context.getInputData()[itemIndex].binary;
		return items.map(({ json }) => ({ json, binary }));
	}
	const cutter = await openCutter(source);
	const output: INodeExecutionData[] = [];
	const perPage = new Map<number, number>();
	for (const { json, piece } of items) {
		if (!piece) {
			output.push({
				json: { ...json, _file_notice: 'This result names no pages or area to cut out' },
			});
			continue;
		}
		const ordinal = piece.kind === 'box' ? (perPage.get(piece.page) ?? 0) + 1 : 1;
		if (piece.kind === 'box') perPage.set(piece.page, ordinal);
		const cut = await cutter(piece);
		if ('notice' in cut) {
			output.push({ json: { ...json, _file_notice: cut.notice } });
			continue;
		}
		const fileName = pieceFileName(fileNameOf(source), piece, ordinal, cut.extension);
		const data = await context.helpers.prepareBinaryData(cut.bytes, fileName, cut.mimeType);
		output.push({ json, binary: { [PIECE_PROPERTY]: data } });
	}
	return output;
}

type Cut = { bytes: Buffer; mimeType: string; extension: string } | { notice: string };

/** Reads and opens the document once, and returns what cuts one piece out of it. */
async function openCutter(source: DocumentSource): Promise<(piece: Piece) => Promise<Cut>> {
	const refuse = (notice: string) => async () => ({ notice });
	if (source.kind === 'url') {
		return refuse(
			'The document was given by URL and fetched by Mindee: the node has no copy to cut. Download it first (HTTP Request node) and pass it as binary to get the pieces.',
		);
	}
	const { file } = source;
	try {
		const bytes = await readAll(file.open());
		if (file.mimeType === 'application/pdf') {
			const pdf = await openPdf(bytes);
			const pages = pdf.getPageCount();
			return async (piece) => {
				const last = piece.kind === 'pages' ? piece.last : piece.page;
				if (last >= pages) return { notice: `The PDF has no page ${last + 1} (${pages} pages)` };
				return await guarded(async () => ({
					bytes: Buffer.from(
						piece.kind === 'pages' ? await pdfOfRange(pdf, piece) : await pdfOfBox(pdf, piece),
					),
					mimeType: 'application/pdf',
					extension: 'pdf',
				}));
			};
		}
		const { mimeType } = file;
		if (!isCuttableImage(mimeType)) {
			return refuse(
				`${mimeType === 'image/heic' ? 'HEIC' : mimeType} photos are not cut: the image library has no decoder for them. Convert the photo to JPEG first to get the pieces.`,
			);
		}
		return async (piece) => {
			if (piece.kind !== 'box') return { notice: 'An image has no pages to split' };
			if (piece.page !== 0)
				return { notice: `An image has one page; this area is on page ${piece.page + 1}` };
			return await guarded(async () => ({
				bytes: await imageOfBox(bytes, mimeType, piece.box),
				mimeType,
				extension: imageExtension(mimeType),
			}));
		};
	} catch (error) {
		return refuse(noticeOf(error, file.fileName));
	}
}

async function guarded(cut: () => Promise<Cut>): Promise<Cut> {
	try {
		return await cut();
	} catch (error) {
		return { notice: noticeOf(error) };
	}
}

function noticeOf(error: unknown, fileName?: string) {
	if (error instanceof LibraryUnavailable) return error.message;
	const what = fileName ? `"${fileName}"` : 'The piece';
	return `${what} could not be cut: ${String((error as Error)?.message ?? error).split('\n')[0]}`;
}

function fileNameOf(source: DocumentSource) {
	return source.kind === 'file' ? source.file.fileName : 'document';
}
