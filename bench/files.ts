/**
 * The file-cutting rows of `npm run bench`: a 100-page PDF split into 20 files, and 4 receipts cropped
 * from a 12 MP photo, each in a child process (bench/files-child.ts) so that its peak RSS is its own;
 * the split also through the `mindee` SDK's page helper. Its crop helper rasterises through poppler's
 * pdftocairo (a system program), measured only where that is installed.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { runChild } from './lib/runner';

type Run = { ms: number; peakRss: number; pieces: number; bytes: number[] };

export async function fileRows(): Promise<string> {
	const dir = mkdtempSync(path.join(os.tmpdir(), 'docparse-files-'));
	const pdfPath = path.join(dir, 'batch-100p.pdf');
	const photoPath = path.join(dir, 'receipts-12mp.jpg');
	writeFileSync(pdfPath, await hundredPagePdf());
	writeFileSync(photoPath, await twelveMegapixelPhoto());
	const run = async (kind: string, file: string) =>
		await runChild<Run>('files-child.js', [kind, file]);
	const rows = [
		[
			'Split a 100-page PDF into 20 PDFs',
			'this node (@cantoo/pdf-lib)',
			await run('split-node', pdfPath),
		],
		[
			'Split a 100-page PDF into 20 PDFs',
			'`mindee` SDK `pdf.extractPages`',
			await run('split-sdk', pdfPath),
		],
		['Crop 4 receipts from a 12 MP JPEG', 'this node (sharp)', await run('crop-node', photoPath)],
	] as const;
	const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
	const hasPoppler = (() => {
		try {
			execFileSync('pdftocairo', ['-v'], { stdio: 'ignore' });
			return true;
		} catch {
			return false;
		}
	})();
	return [
		'Cutting files (each run in a child process of its own; peak RSS = its maxrss, Node and the libraries included):',
		'',
		'| Work | By | Time | Peak RSS | Pieces |',
		'| --- | --- | --- | --- | --- |',
		...rows.map(
			([work, by, result]) =>
				`| ${work} | ${by} | ${result.ms} ms | ${mb(result.peakRss)} | ${result.pieces} |`,
		),
		`| Crop 4 receipts from a 12 MP JPEG | \`mindee\` SDK \`image.extractFromPage\` | ${hasPoppler ? 'not measured' : 'n/a: rasterises through poppler (pdftocairo), not installed here'} | | |`,
		'',
	].join('\n');
}

/** 100 US-letter pages of text and vector lines, as a scanned-and-OCRed batch would not be but a generated one is. */
async function hundredPagePdf(): Promise<Uint8Array> {
	const { PDFDocument, StandardFonts, rgb } = await import('@cantoo/pdf-lib');
	const pdf = await PDFDocument.create();
	const font = await pdf.embedFont(StandardFonts.Helvetica);
	for (let index = 0; index < 100; index++) {
		const page = pdf.addPage([612, 792]);
		page.drawText(`Invoice ${Math.floor(index / 5) + 1}, page ${(index % 5) + 1}`, {
			x: 50,
			y: 740,
			size: 18,
			font,
		});
		for (let line = 0; line < 40; line++) {
			page.drawText(`Line ${line + 1}: item, quantity, unit price, amount`, {
				x: 50,
				y: 700 - line * 15,
				size: 10,
				font,
			});
			page.drawLine({
				start: { x: 50, y: 697 - line * 15 },
				end: { x: 560, y: 697 - line * 15 },
				color: rgb(0.8, 0.8, 0.8),
			});
		}
	}
	return await pdf.save();
}

/** A 4000 × 3000 JPEG of noise (it compresses as a photo does, unlike a flat image). */
async function twelveMegapixelPhoto(): Promise<Buffer> {
	const sharp = (await import('sharp')).default;
	return await sharp({
		create: {
			width: 4000,
			height: 3000,
			channels: 3,
			background: { r: 128, g: 128, b: 128 },
			noise: { type: 'gaussian', mean: 128, sigma: 40 },
		},
	})
		.jpeg({ quality: 85 })
		.toBuffer();
}
