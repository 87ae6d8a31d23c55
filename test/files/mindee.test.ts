import { resolve } from 'node:path';

import type { FakeMindee } from '../mindee/setup';
import { runMindee, startMindeeServer } from '../mindee/setup';
import { fileItem, imageSize, outputBytes, pdfPageSizes, v1File, v2File } from './helpers';

const projectBody = (name: string) => resolve(__dirname, '..', 'fakes', 'mindee', name);

let server: FakeMindee;
beforeEach(async () => {
	server = await startMindeeServer({
		keepUploads: true,
		products: {
			'mindee/cropper/1': { fixture: projectBody('cropper_v1.json'), modes: ['sync'] },
			'mindee/multi_receipts_detector/1': {
				fixture: projectBody('multi_receipts_detector_v1.json'),
				modes: ['sync'],
			},
		},
	});
});
afterEach(async () => await server.close());

const fivePages = () =>
	fileItem('batch.pdf', v1File('products/invoice_splitter/invoice_5p.pdf'), 'application/pdf');

test('Invoice Splitter: one PDF per page group, with its group and the document keys', async () => {
	const { items } = await runMindee(
		server,
		{ product: 'invoice_splitter' },
		{ items: [fivePages()] },
	);
	expect(items.map((item) => item.json.page_range)).toEqual([
		[0, 0],
		[1, 3],
		[4, 4],
	]);
	expect(items.map((item) => item.binary!.data.fileName)).toEqual([
		'batch_p1-1.pdf',
		'batch_p2-4.pdf',
		'batch_p5-5.pdf',
	]);
	const pageCounts = await Promise.all(
		items.map(async (item) => (await pdfPageSizes(await outputBytes(item.binary!.data))).length),
	);
	expect(pageCounts).toEqual([1, 3, 1]);
	expect(items[1].json).toMatchObject({
		page_indexes: [1, 2, 3],
		_item_index: 1,
		_item_count: 3,
		_filename: expect.any(String),
		_product: expect.stringContaining('invoice_splitter'),
	});
	expect(items[1].pairedItem).toEqual({ item: 0 });
	expect(items[1].json).not.toHaveProperty('_pages');
});

test('Multi Receipts Detector: one image per receipt of the photo', async () => {
	const { items } = await runMindee(
		server,
		{ product: 'multi_receipts_detector' },
		{ items: [fileItem('table.jpg', v2File('products/crop/default_sample.jpg'), 'image/jpeg')] },
	);
	expect(items.map((item) => item.binary!.data.fileName)).toEqual([
		'table_p1_1.jpg',
		'table_p1_2.jpg',
	]);
	// 4032 × 2268: x 0.017-0.111, y 0.498-0.823.
	expect(await imageSize(await outputBytes(items[0].binary!.data))).toEqual({
		width: 380,
		height: 738,
		format: 'jpeg',
	});
	expect(items[1].json).toMatchObject({ confidence: 0.97, page: 0 });
});

test('Cropper on a PDF: one cropped page per document found, page by page', async () => {
	const pdf = v2File('products/split/default_sample.pdf');
	const { items } = await runMindee(
		server,
		{ product: 'cropper' },
		{ items: [fileItem('scan.pdf', pdf, 'application/pdf')] },
	);
	expect(items.map((item) => item.binary!.data.fileName)).toEqual([
		'scan_p1_1.pdf',
		'scan_p1_2.pdf',
		'scan_p2_1.pdf',
	]);
	expect(items.map((item) => item.json.page)).toEqual([0, 0, 1]);
	const [page] = await pdfPageSizes(pdf);
	const [cut] = await pdfPageSizes(await outputBytes(items[0].binary!.data));
	// x 0.05-0.45, y 0.1-0.6 of the page (sizes rounded to points)
	expect(Math.abs(cut.width - 0.4 * page.width)).toBeLessThanOrEqual(1);
	expect(Math.abs(cut.height - 0.5 * page.height)).toBeLessThanOrEqual(1);
});

test('Files → No File keeps the one document item; Whole Input File carries the input', async () => {
	const none = await runMindee(
		server,
		{ product: 'invoice_splitter', files: 'none' },
		{ items: [fivePages()] },
	);
	expect(none.items).toHaveLength(1);
	expect(none.items[0].binary).toBeUndefined();
	expect(none.items[0].json.invoice_page_groups).toHaveLength(3);
	const whole = await runMindee(
		server,
		{ product: 'invoice_splitter', files: 'input', options: { keepBinary: false } },
		{ items: [fivePages()] },
	);
	expect(whole.items[0].binary!.data.fileName).toBe('batch.pdf');
});

test('Page Selection: the upload holds only the kept pages and the item lists them', async () => {
	const { items } = await runMindee(
		server,
		{
			product: 'invoices',
			options: { pageSelection: { selection: { mode: 'keep', pages: '-2,-1', minPages: 3 } } },
		},
		{ items: [fivePages()] },
	);
	const sent = server.requestsOf('submit')[0].received as { data: Buffer };
	expect(await pdfPageSizes(sent.data)).toHaveLength(2);
	expect(items[0].json._pages_sent).toEqual([3, 4]);
});
