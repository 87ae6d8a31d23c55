/**
 * Fuzz pass over the cutting code with hostile input: seeded mutants of the real sample PDF and photo
 * (bytes flipped, runs deleted or repeated, truncations) cut with random pieces, random polygons and page
 * ranges from a result, and random Page Selection texts. Each must end as a cut file or an Error the
 * node turns into a `_file_notice` (or, for Page Selection, a DocparseError): never a hang, never an
 * escape. Reproduce a failure with FUZZ_SEED=<seed>; run longer with FUZZ_RUNS=<n>.
 */
import { DocparseError } from '../../nodes/shared/errors';
import {
	imageOfBox,
	parsePages,
	openPdf,
	pdfOfBox,
	pdfOfRange,
	pageBox,
	pageGroup,
	pageRange,
} from '../../nodes/shared/files';
import type { Rng } from '../harness/seededRng';
import { seededRng } from '../harness/seededRng';
import { v2File } from './helpers';

const SEED = Number(process.env.FUZZ_SEED ?? 0xf11e5);
const RUNS = Number(process.env.FUZZ_RUNS ?? 60);
/** Per mutant: far above what a 50 kB file takes to parse and cut. */
const BOUND_MS = 5_000;

jest.setTimeout(120_000);

function mutateBytes(bytes: Buffer, rng: Rng): Buffer {
	const copy = Buffer.from(bytes);
	const at = () => Math.floor(rng() * copy.length);
	switch (Math.floor(rng() * 4)) {
		case 0:
			for (let i = 0; i < 1 + rng() * 40; i++) copy[at()] = Math.floor(rng() * 256);
			return copy;
		case 1:
			return copy.subarray(0, at());
		case 2: {
			const start = at();
			return Buffer.concat([
				copy.subarray(0, start),
				copy.subarray(start + Math.floor(rng() * 4096)),
			]);
		}
		default: {
			const start = at();
			const run = copy.subarray(start, start + Math.floor(rng() * 512));
			return Buffer.concat([copy.subarray(0, start), run, run, run, copy.subarray(start)]);
		}
	}
}

const junk = (rng: Rng): unknown =>
	[NaN, -1, 0, 0.5, 1, 2, 1e9, null, 'x', [], [0.1], [[0.2, 0.3]], { x: 1 }][
		Math.floor(rng() * 13)
	];

async function settled(work: () => Promise<unknown>) {
	const started = Date.now();
	try {
		await work();
	} catch (error) {
		// An Error of any realm (V8's own TypeErrors come from outside Jest's sandbox): what the notice reads.
		expect(Object.prototype.toString.call(error)).toBe('[object Error]');
		expect(typeof (error as Error).message).toBe('string');
	}
	expect(Date.now() - started).toBeLessThan(BOUND_MS);
}

test('mutated PDFs: every cut ends as a file or an Error, within the bound', async () => {
	const rng = seededRng(SEED);
	const pdf = v2File('products/split/default_sample.pdf');
	for (let run = 0; run < RUNS; run++) {
		const bytes = mutateBytes(pdf, rng);
		await settled(async () => {
			const source = await openPdf(bytes);
			const page = Math.floor(rng() * 3);
			await pdfOfRange(source, { kind: 'pages', first: 0, last: page });
			await pdfOfBox(source, {
				kind: 'box',
				page,
				box: { left: rng() / 2, top: rng() / 2, right: 0.5 + rng() / 2, bottom: 0.5 + rng() / 2 },
			});
		});
	}
});

test('mutated photos: every crop ends as an image or an Error, within the bound', async () => {
	const rng = seededRng(SEED + 1);
	const sharp = (await import('sharp')).default;
	const photo = await sharp(v2File('products/crop/default_sample.jpg'))
		.resize(300)
		.jpeg()
		.toBuffer();
	for (let run = 0; run < RUNS; run++) {
		const bytes = mutateBytes(photo, rng);
		await settled(
			async () =>
				await imageOfBox(bytes, 'image/jpeg', {
					left: rng() / 2,
					top: rng() / 2,
					right: 0.5 + rng() / 2,
					bottom: 0.5 + rng() / 2,
				}),
		);
	}
});

test('random polygons, ranges and groups: a piece inside the page, or none', () => {
	const rng = seededRng(SEED + 2);
	for (let run = 0; run < 20 * RUNS; run++) {
		const polygon = Array.from({ length: Math.floor(rng() * 6) }, () =>
			rng() < 0.8 ? [rng() * 1.4 - 0.2, rng() * 1.4 - 0.2] : junk(rng),
		);
		const box = pageBox(rng() < 0.9 ? Math.floor(rng() * 3) : junk(rng), polygon);
		if (box) {
			expect(box.box.left).toBeGreaterThanOrEqual(0);
			expect(box.box.right).toBeLessThanOrEqual(1);
			expect(box.box.right).toBeGreaterThan(box.box.left);
			expect(box.box.bottom).toBeGreaterThan(box.box.top);
		}
		const range =
			pageRange([junk(rng), junk(rng)]) ??
			pageRange([Math.floor(rng() * 5), Math.floor(rng() * 5)]);
		if (range) expect(range.last).toBeGreaterThanOrEqual(range.first);
		const group = pageGroup(
			Array.from({ length: Math.floor(rng() * 4) }, () => Math.floor(rng() * 4)),
		);
		if (group) expect(group.last).toBeGreaterThanOrEqual(group.first);
	}
});

test('random Page Selection texts: page numbers or a DocparseError', () => {
	const rng = seededRng(SEED + 3);
	const alphabet = '0123456789-, ;x+.';
	for (let run = 0; run < 20 * RUNS; run++) {
		const text = Array.from(
			{ length: Math.floor(rng() * 40) },
			() => alphabet[Math.floor(rng() * alphabet.length)],
		).join('');
		try {
			expect(parsePages(text).every(Number.isInteger)).toBe(true);
		} catch (error) {
			expect(error).toBeInstanceOf(DocparseError);
		}
	}
	expect(() => parsePages(Array(2000).fill('1').join(','))).toThrow(DocparseError);
});
