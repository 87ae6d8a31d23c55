/**
 * The PDF page count read before every upload (nodes/shared/documents/pdfPages.ts): its speed in MB/s on an ordinary
 * 8 MB PDF and on 8 MB hostile files of each shape of test/harness/pdfShapes.ts, pushed in 64 kB chunks as
 * n8n's binary store hands a file over, the best of 3 counts each. Target: the slowest hostile file within
 * 10× of the ordinary one, i.e. of the same order. `node .cache/bench/bench/pdfPages.js` runs it alone.
 */
import { PdfPageCounter } from '../nodes/shared/documents';
import { HOSTILE_PDFS, ordinaryPdf } from '../test/harness/pdfShapes';

const SIZE = 8 * 1024 * 1024;
const CHUNK = 64 * 1024;
const RUNS = 3;

function megabytesPerSecond(bytes: Buffer): number {
	let bestMs = Infinity;
	for (let run = 0; run < RUNS; run++) {
		const started = process.hrtime.bigint();
		const counter = new PdfPageCounter();
		for (let at = 0; at < bytes.length; at += CHUNK) counter.push(bytes.subarray(at, at + CHUNK));
		counter.pages();
		bestMs = Math.min(bestMs, Number(process.hrtime.bigint() - started) / 1e6);
	}
	return bytes.length / 1_048_576 / (bestMs / 1000);
}

/** The section's Markdown and whether its target is met. */
export function pageCountSection(): { markdown: string; allMet: boolean } {
	const ordinary = megabytesPerSecond(ordinaryPdf(SIZE));
	const hostile = Object.entries(HOSTILE_PDFS).map(([shape, make]) => ({
		shape,
		rate: megabytesPerSecond(make(SIZE)),
	}));
	const slowest = hostile.reduce((a, b) => (b.rate < a.rate ? b : a));
	const allMet = slowest.rate * 10 >= ordinary;
	const markdown = [
		`PDF page count before upload (8 MB files in 64 kB chunks, the best of ${RUNS} counts):`,
		'',
		'| File | MB/s |',
		'| --- | --- |',
		`| ordinary: 10 pages with binary content streams | ${ordinary.toFixed(0)} |`,
		...hostile.map(({ shape, rate }) => `| hostile: ${shape} | ${rate.toFixed(0)} |`),
		'',
		'| Target | Result | |',
		'| --- | --- | --- |',
		`| PDF page count: the slowest hostile file ≥ 1/10 of an ordinary one's MB/s | ${slowest.rate.toFixed(0)} MB/s (${slowest.shape}) vs ${ordinary.toFixed(0)} MB/s | ${allMet ? 'met' : '**MISSED**'} |`,
		'',
	].join('\n');
	return { markdown, allMet };
}

if (require.main === module) process.stdout.write(pageCountSection().markdown);
