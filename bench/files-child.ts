/**
 * One file-cutting run in a process of its own, reporting its time and that process's peak RSS.
 * Usage: node files-child.js <split-node|split-sdk|crop-node> <input file>
 *   split-*: the 100-page PDF into 20 PDFs of 5 pages; crop-node: 4 receipts out of the 12 MP photo.
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

import { imageOfBox, openPdf, pdfOfRange } from '../nodes/shared/files';
import { importEsm } from './lib/baselines';
import { mindeeSdk } from './lib/sdk';

const SPLITS = 20;
const PAGES_PER_SPLIT = 5;
/** Four receipts side by side on the photo, as fractions of it. */
const RECEIPTS = [0.02, 0.27, 0.52, 0.77].map((left) => ({
	left,
	top: 0.05,
	right: left + 0.2,
	bottom: 0.95,
}));

const ranges = Array.from({ length: SPLITS }, (_, index) => ({
	kind: 'pages' as const,
	first: index * PAGES_PER_SPLIT,
	last: index * PAGES_PER_SPLIT + PAGES_PER_SPLIT - 1,
}));

async function main() {
	const [kind, filePath] = process.argv.slice(2);
	const input = readFileSync(filePath);
	const started = Date.now();
	const sizes: number[] = [];
	if (kind === 'split-node') {
		const pdf = await openPdf(input);
		for (const range of ranges) sizes.push((await pdfOfRange(pdf, range)).length);
	} else if (kind === 'split-sdk') {
		// The SDK's page helper: it takes the whole file for each piece.
		const mindee = await importEsm(pathToFileURL(mindeeSdk().entry).href);
		for (const range of ranges) {
			const pageIndexes = Array.from({ length: PAGES_PER_SPLIT }, (_, i) => range.first + i);
			const { file } = await mindee.pdf.extractPages(input, {
				pageIndexes,
				operation: mindee.PageOptionsOperation.KeepOnly,
				onMinPages: 0,
			});
			sizes.push(file.length);
		}
	} else {
		for (const box of RECEIPTS) sizes.push((await imageOfBox(input, 'image/jpeg', box)).length);
	}
	const ms = Date.now() - started;
	const peakRss = process.resourceUsage().maxRSS * 1024;
	process.stdout.write(`${JSON.stringify({ ms, peakRss, pieces: sizes.length, bytes: sizes })}\n`);
}

main().then(
	() => process.exit(0),
	(error) => {
		console.error(error);
		process.exit(1);
	},
);
