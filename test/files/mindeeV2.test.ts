import type { FakeMindeeV2 } from '../mindeeV2/setup';
import { runMindeeV2, startMindeeV2Server, v2Fixture } from '../mindeeV2/setup';
import { fileItem, imageSize, outputBytes, pdfPageSizes, v1File, v2File } from './helpers';

let server: FakeMindeeV2;
beforeEach(async () => {
	server = await startMindeeV2Server({
		processingMs: 50,
		keepUploads: true,
		results: {
			split: 'products/split/default_sample.json',
			crop: 'products/crop/default_sample.json',
		},
	});
});
afterEach(async () => await server.close());

const splitPdf = () =>
	fileItem('batch.pdf', v2File('products/split/default_sample.pdf'), 'application/pdf');
const receiptsPhoto = () =>
	fileItem('receipts.jpg', v2File('products/crop/default_sample.jpg'), 'image/jpeg');

describe('Split: one PDF per split', () => {
	test('each item carries exactly its page range, copied, named after the input, with its JSON and pairedItem', async () => {
		const { items } = await runMindeeV2(server, { operation: 'split' }, { items: [splitPdf()] });
		const source = await pdfPageSizes(v2File('products/split/default_sample.pdf'));
		expect(items).toHaveLength(2);
		for (const [index, item] of items.entries()) {
			expect(item.pairedItem).toEqual({ item: 0 });
			expect(item.json).toMatchObject({
				document_type: 'invoice',
				page_range: [index, index],
				page_count: 1,
				_item_index: index,
			});
			expect(item.binary!.data).toMatchObject({
				fileName: `batch_p${index + 1}-${index + 1}.pdf`,
				mimeType: 'application/pdf',
			});
			const bytes = await outputBytes(item.binary!.data);
			expect(await pdfPageSizes(bytes)).toEqual([source[index]]);
		}
	});

	test('the chained extraction result stays on the item beside its file', async () => {
		await server.close();
		server = await startMindeeV2Server({
			processingMs: 50,
			results: { split: 'products/split/default_sample_extraction.json' },
		});
		const { items } = await runMindeeV2(server, { operation: 'split' }, { items: [splitPdf()] });
		expect(items).toHaveLength(2);
		expect(JSON.stringify(items[0].json)).toContain('4424a5ed-8a7c-4a9b-9e29-03c092beb201');
		expect(items[1].binary!.data.fileName).toBe('batch_p2-2.pdf');
	});

	test('Files → Whole Input File keeps the input; No File gives JSON only', async () => {
		const whole = await runMindeeV2(
			server,
			{ operation: 'split', files: 'input' },
			{ items: [splitPdf()] },
		);
		expect(whole.items.map((item) => item.binary?.data.fileName)).toEqual([
			'batch.pdf',
			'batch.pdf',
		]);
		const none = await runMindeeV2(
			server,
			{ operation: 'split', files: 'none' },
			{ items: [splitPdf()] },
		);
		expect(none.items).toHaveLength(2);
		expect(none.items.every((item) => item.binary === undefined)).toBe(true);
	});
});

describe('Crop: one file per crop', () => {
	test('a JPEG photo gives one JPEG per receipt, the box of its polygon', async () => {
		const { items } = await runMindeeV2(
			server,
			{ operation: 'crop' },
			{ items: [receiptsPhoto()] },
		);
		expect(items).toHaveLength(2);
		expect(items.map((item) => item.binary!.data.fileName)).toEqual([
			'receipts_p1_1.jpg',
			'receipts_p1_2.jpg',
		]);
		const sizes = await Promise.all(
			items.map(async (item) => await imageSize(await outputBytes(item.binary!.data))),
		);
		// 4032 × 2268 photo: x 0.214-0.476, y 0.036-0.949; x 0.55-0.872, y 0.148-0.972.
		expect(sizes).toEqual([
			{ width: 1058, height: 2072, format: 'jpeg' },
			{ width: 1299, height: 1870, format: 'jpeg' },
		]);
		expect(items[0].json).toMatchObject({ object_type: 'receipt', page: 0 });
		expect(items[0].json).not.toHaveProperty('_file_notice');
	});

	test('a PNG stays PNG; a photo turned by its EXIF orientation is cut as shown', async () => {
		const sharp = (await import('sharp')).default;
		const photo = v2File('products/crop/default_sample.jpg');
		const png = await sharp(photo).resize(400).png().toBuffer();
		// Stored on its side with orientation 6 (shown turned 90° clockwise): shown 1134 wide, 2016 high.
		const sideways = await sharp(photo)
			.resize(2016)
			.rotate(-90)
			.jpeg()
			.withMetadata({ orientation: 6 })
			.toBuffer();
		const { items } = await runMindeeV2(
			server,
			{ operation: 'crop' },
			{ items: [fileItem('t.png', png, 'image/png'), fileItem('s.jpg', sideways, 'image/jpeg')] },
		);
		expect(items.map((item) => item.binary!.data.fileName)).toEqual([
			't_p1_1.png',
			't_p1_2.png',
			's_p1_1.jpg',
			's_p1_2.jpg',
		]);
		expect(await imageSize(await outputBytes(items[0].binary!.data))).toMatchObject({
			format: 'png',
		});
		// The first receipt of the photo as shown (2016 × 1134): x 431-960, y 40-1077; unturned it would be 1134 wide.
		expect(await imageSize(await outputBytes(items[2].binary!.data))).toEqual({
			width: 529,
			height: 1037,
			format: 'jpeg',
		});
	});

	test('a PDF gives a one-page PDF of the page cut to the box, not rasterised', async () => {
		const pdf = v2File('products/split/default_sample.pdf');
		const [page] = await pdfPageSizes(pdf);
		const { items } = await runMindeeV2(
			server,
			{ operation: 'crop' },
			{ items: [fileItem('scan.pdf', pdf, 'application/pdf')] },
		);
		expect(items.map((item) => item.binary!.data.fileName)).toEqual([
			'scan_p1_1.pdf',
			'scan_p1_2.pdf',
		]);
		const cut = await pdfPageSizes(await outputBytes(items[0].binary!.data));
		expect(cut).toEqual([
			{ width: Math.round(0.262 * page.width), height: Math.round(0.913 * page.height) },
		]);
	});

	test('a HEIC photo cannot be cut: the items keep their JSON and say why', async () => {
		const heic = Buffer.concat([Buffer.from('\0\0\0\x18ftypheic', 'latin1'), Buffer.alloc(64)]);
		const { items } = await runMindeeV2(
			server,
			{ operation: 'crop' },
			{ items: [fileItem('shot.heic', heic, 'image/heic')] },
		);
		expect(items).toHaveLength(2);
		expect(items[0].binary).toBeUndefined();
		expect(items[0].json).toMatchObject({
			object_type: 'receipt',
			_file_notice: expect.stringMatching(/HEIC/),
		});
	});

	test('a document given by URL has no copy to cut: a notice, not a failure', async () => {
		const { items } = await runMindeeV2(server, {
			operation: 'crop',
			inputType: 'url',
			documentUrl: 'https://files.example.com/receipts.jpg',
		});
		expect(items).toHaveLength(2);
		expect(items[0].json._file_notice).toMatch(/given by URL/);
	});
});

describe("What is cut is read from Mindee's result, not from the item's keys", () => {
	test('a Split answered by an extraction whose field is named page_range cuts nothing: a notice says so', async () => {
		const body = v2Fixture<{ inference: Record<string, unknown> }>(
			'products/split/default_sample.json',
		);
		body.inference.result = { fields: { page_range: { items: [{ value: 0 }, { value: 1 }] } } };
		await server.close();
		server = await startMindeeV2Server({ processingMs: 50, results: { split: body } });
		const { items } = await runMindeeV2(server, { operation: 'split' }, { items: [splitPdf()] });
		expect(items).toHaveLength(1);
		expect(items[0].json).toMatchObject({
			page_range: [0, 1],
			_file_notice: 'This result names no pages or area to cut out',
		});
		expect(items[0].binary).toBeUndefined();
	});
});

describe('Page Selection', () => {
	const fivePages = () =>
		fileItem('five.pdf', v1File('products/invoice_splitter/invoice_5p.pdf'), 'application/pdf');
	const selection = (mode: string, pages: string, minPages = 0) => ({
		pageSelection: { selection: { mode, pages, minPages } },
	});

	test('keeps only the listed pages (negative from the end): the upload shrinks and the output says which', async () => {
		const { items } = await runMindeeV2(
			server,
			{ operation: 'split', options: selection('keep', '0, -1') },
			{ items: [fivePages()] },
		);
		const sent = server.requestsOf('enqueue')[0].received as { data: Buffer; fileName: string };
		expect(sent.fileName).toBe('five.pdf');
		expect(await pdfPageSizes(sent.data)).toHaveLength(2);
		expect(items[0].json._pages_sent).toEqual([0, 4]);
	});

	test('removes the listed pages; under the page threshold the PDF goes whole', async () => {
		await runMindeeV2(
			server,
			{ operation: 'extract', options: selection('remove', '1,2') },
			{ items: [fivePages()] },
		);
		const removed = server.requestsOf('enqueue')[0].received as { data: Buffer };
		expect(await pdfPageSizes(removed.data)).toHaveLength(3);

		const { items } = await runMindeeV2(
			server,
			{ operation: 'extract', options: selection('remove', '1,2', 6) },
			{ items: [fivePages()] },
		);
		const whole = server.requestsOf('enqueue')[1].received as { data: Buffer };
		expect(await pdfPageSizes(whole.data)).toHaveLength(5);
		expect(items[0].json).not.toHaveProperty('_pages_sent');
	});

	test('a page the PDF does not have is a clear error naming the item; nothing is sent', async () => {
		const { items } = await runMindeeV2(
			server,
			{ operation: 'submit', options: selection('keep', '0,7') },
			{ items: [fivePages()], continueOnFail: true },
		);
		expect(items[0].json.error).toMatch(/page 7.*five\.pdf.*5 pages/);
		expect(server.requestsOf('enqueue')).toHaveLength(0);
	});
});
