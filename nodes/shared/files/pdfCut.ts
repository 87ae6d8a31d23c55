import type { PDFDocument, PDFPage } from '@cantoo/pdf-lib';

import { loadPdfLib } from './libraries';
import type { Box, PageBox, PageRange } from './pieces';

/** A loaded PDF to cut pieces from; loaded once per input document, whatever the number of pieces. */
export async function openPdf(bytes: Uint8Array): Promise<PDFDocument> {
	const { PDFDocument, ParseSpeeds } = loadPdfLib();
	return await PDFDocument.load(bytes, {
		ignoreEncryption: true,
		parseSpeed: ParseSpeeds.Fastest,
		updateMetadata: false,
	});
}

/** A PDF of pages `first`..`last`, copied as they are (content streams, fonts and images unchanged). */
export async function pdfOfRange(source: PDFDocument, range: PageRange): Promise<Uint8Array> {
	const indexes = Array.from({ length: range.last - range.first + 1 }, (_, i) => range.first + i);
	return await pdfOfPages(source, indexes);
}

export async function pdfOfPages(source: PDFDocument, indexes: number[]): Promise<Uint8Array> {
	const target = await newPdf();
	for (const page of await target.copyPages(source, indexes)) target.addPage(page);
	return await target.save(SAVE_OPTIONS);
}

/**
 * A one-page PDF of the page cut to the box: the page is copied and its visible area (media and crop box)
 * set to the box, so what remains is the original vector content, nothing rasterised. The box is given on
 * the page as shown, so the page's /Rotate is undone to find it in the page's own coordinates.
 */
export async function pdfOfBox(source: PDFDocument, piece: PageBox): Promise<Uint8Array> {
	const target = await newPdf();
	const [page] = await target.copyPages(source, [piece.page]);
	const { x, y, width, height } = boxOnPage(page, piece.box);
	page.setMediaBox(x, y, width, height);
	page.setCropBox(x, y, width, height);
	page.setTrimBox(x, y, width, height);
	page.setBleedBox(x, y, width, height);
	page.setArtBox(x, y, width, height);
	target.addPage(page);
	return await target.save(SAVE_OPTIONS);
}

async function newPdf() {
	return await loadPdfLib().PDFDocument.create({ updateMetadata: false });
}

/** The box (fractions of the shown page, from its top left) in the page's unrotated user space. */
function boxOnPage(page: PDFPage, box: Box) {
	const visible = page.getCropBox();
	const angle = (((page.getRotation().angle % 360) + 360) % 360) as 0 | 90 | 180 | 270;
	const toUser = ([u, v]: [number, number]): [number, number] => {
		const { x, y, width: w, height: h } = visible;
		switch (angle) {
			case 90: // shown turned clockwise: the left edge on top
				return [x + v * w, y + u * h];
			case 180:
				return [x + (1 - u) * w, y + v * h];
			case 270: // shown turned counter-clockwise: the right edge on top
				return [x + (1 - v) * w, y + (1 - u) * h];
			default:
				return [x + u * w, y + (1 - v) * h];
		}
	};
	const a = toUser([box.left, box.top]);
	const b = toUser([box.right, box.bottom]);
	const x = Math.min(a[0], b[0]);
	const y = Math.min(a[1], b[1]);
	return { x, y, width: Math.abs(a[0] - b[0]), height: Math.abs(a[1] - b[1]) };
}

/** Field appearances are left as they were; yielding every 2000 objects keeps n8n responsive without slowing the save. */
const SAVE_OPTIONS = { updateFieldAppearances: false, objectsPerTick: 2000 };
