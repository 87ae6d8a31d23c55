import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

import { mindeeFixturesDir } from '../fakes/fixtures';
import { pdfItem } from '../harness/files';
import { runMindee, startMindeeServer } from './setup';
import { missingValues } from './values';

/** Every Mindee v1 body holding a document among the shared fixtures: products, completed jobs, extras. */
function sharedDocumentBodies(dir: string = mindeeFixturesDir): string[] {
	return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const path = join(dir, entry.name);
		if (entry.isDirectory()) return sharedDocumentBodies(path);
		if (!entry.name.endsWith('.json')) return [];
		return 'document' in JSON.parse(readFileSync(path, 'utf8')) ? [path] : [];
	});
}

const projectBody = (name: string) => resolve(__dirname, '..', 'fakes', 'mindee', name);
const documentOf = (path: string) => JSON.parse(readFileSync(path, 'utf8')).document;

test('every value of every shared Mindee v1 document, pages included, reaches its Simplified item', async () => {
	const bodies = sharedDocumentBodies();
	expect(bodies.length).toBeGreaterThanOrEqual(20);
	const server = await startMindeeServer({
		products: Object.fromEntries(bodies.map((path, i) => [`acme/body_${i}/1`, path])),
	});
	try {
		const { items, run } = await runMindee(
			server,
			{
				product: 'custom',
				customAccount: 'acme',
				customEndpoint: '={{ $json.endpoint }}',
				customVersion: '1',
				options: { fullTextOcr: true, allWords: true, cropper: true },
			},
			{
				items: bodies.map((_, i) => ({ ...pdfItem(`${i}.pdf`), json: { endpoint: `body_${i}` } })),
			},
		);
		expect(run.status).toBe('success');
		expect(items).toHaveLength(bodies.length);
		const missing = Object.fromEntries(
			bodies.map((path, i) => [
				relative(mindeeFixturesDir, path),
				missingValues(documentOf(path), items[i].json),
			]),
		);
		expect(missing).toEqual(Object.fromEntries(Object.keys(missing).map((name) => [name, []])));
	} finally {
		await server.close();
	}
});

/** Parses one project-written body, served for `product` (sync-only products are served synchronously). */
async function parseBody(
	body: string,
	parameters: Record<string, unknown>,
	key: string,
	output = 'simplified',
) {
	const server = await startMindeeServer({
		products: { [key]: { fixture: projectBody(body), modes: ['async', 'sync'] } },
	});
	try {
		const { items, run } = await runMindee(
			server,
			// Files → No File: cropper results as one document item (their pieces: test/files).
			{ output, files: 'none', ...parameters },
			{ items: [pdfItem('scan.pdf')] },
		);
		expect(run.status).toBe('success');
		expect(missingValues(documentOf(projectBody(body)), items[0].json)).toEqual([]);
		return items.map((item) => item.json);
	} finally {
		await server.close();
	}
}

const square = (x0: number, y0: number, x1: number, y1: number) => [
	[x0, y0],
	[x1, y0],
	[x1, y1],
	[x0, y1],
];
const position = (box: number[][]) => ({
	polygon: box,
	bounding_box: box,
	quadrangle: box,
	rectangle: box,
});

/** A position whose polygon closes on its first point. */
const closedPosition = (box: number[][]) => ({ ...position(box), polygon: [...box, box[0]] });

test('position-only fields come out as their geometry: the multi-receipts detector', async () => {
	const [item] = await parseBody(
		'multi_receipts_detector_v1.json',
		{ product: 'multi_receipts_detector' },
		'mindee/multi_receipts_detector/1',
	);
	expect(item.receipts).toEqual([
		{
			polygon: [
				[0.02, 0.5],
				[0.11, 0.49],
				[0.112, 0.82],
				[0.018, 0.824],
			],
			bounding_box: square(0.017, 0.498, 0.111, 0.823),
			page_id: 0,
		},
		{ bounding_box: square(0.155, 0.307, 0.282, 0.892), page_id: 0 },
	]);
	// The page repeats the receipts (without page_id): not listed again; its orientation is.
	expect(item._pages).toEqual([{ _page_id: 0, _orientation: 180, orientation: { degrees: 180 } }]);
});

test('bank check: page-only positions in _pages, the printed date in _raw_values, the date a string', async () => {
	const [item] = await parseBody(
		'bank_check_v1.json',
		{ product: 'bank_check' },
		'mindee/bank_check/1',
	);
	expect(item).toEqual({
		account_number: '12345678901',
		amount: 1250.75,
		check_number: '0042',
		date: '2022-04-26',
		payees: ['Mindee Incorporated', 'John Doe'],
		routing_number: '021000021',
		_raw_values: { date: ['Apr', '26', '2022'] },
		_pages: [
			{
				_page_id: 0,
				_orientation: 0,
				check_position: closedPosition(square(0.02, 0.05, 0.98, 0.95)),
				orientation: { degrees: 0 },
				signatures_positions: [closedPosition(square(0.6, 0.7, 0.9, 0.8))],
			},
		],
		_document_id: expect.any(String),
		_job_id: null,
		_filename: 'scan.pdf',
		_page_count: 1,
		_product: 'mindee/bank_check v1.1',
	});
});

test("the cropper's result lives in its pages: one entry per page with its croppings", async () => {
	const [item] = await parseBody('cropper_v1.json', { product: 'cropper' }, 'mindee/cropper/1');
	expect(item._pages).toEqual([
		{
			_page_id: 0,
			_orientation: 0,
			cropping: [position(square(0.05, 0.1, 0.45, 0.6)), position(square(0.55, 0.12, 0.95, 0.62))],
		},
		{ _page_id: 1, _orientation: 90, cropping: [position(square(0.1, 0.1, 0.9, 0.5))] },
	]);
	expect(Object.keys(item).filter((key) => !key.startsWith('_'))).toEqual([]);
});

test('French ID card: document side and type per page; page values that differ are listed with their page', async () => {
	const [item] = await parseBody(
		'idcard_fr_v2.json',
		{ product: 'idcard_fr' },
		'mindee/idcard_fr/2',
	);
	expect(item).toMatchObject({ surname: 'DUPONT', given_names: ['Marie', 'Anne'] });
	expect(item._pages).toEqual([
		{
			_page_id: 0,
			_orientation: 0,
			document_side: 'RECTO',
			document_type: 'NEW',
			orientation: { degrees: 0 },
		},
		expect.objectContaining({
			_page_id: 1,
			_orientation: 0,
			document_side: 'VERSO',
			document_type: 'NEW',
			surname: null,
			given_names: [],
		}),
	]);
});

test("Mindee's fields never collide with the node's keys: a field named document_id keeps its value", async () => {
	const [item] = await parseBody(
		'eu_driver_license_v1.json',
		{
			product: 'custom',
			customAccount: 'mindee',
			customEndpoint: 'eu_driver_license',
			customVersion: '1',
		},
		'mindee/eu_driver_license/1',
	);
	expect(item.document_id).toBe('13AA00002');
	expect(item._document_id).toEqual(expect.any(String));
	expect(item._document_id).not.toBe('13AA00002');
	// A Mindee name that itself starts with "_" gets one more.
	expect(item.__pages).toBe('made-up field whose name starts with an underscore');
	expect(item._pages).toEqual([
		{
			_page_id: 0,
			_orientation: 0,
			photo: closedPosition(square(0.05, 0.3, 0.3, 0.8)),
			signature: closedPosition(square(0.35, 0.8, 0.6, 0.9)),
			orientation: { degrees: 0 },
		},
	]);
	expect(item._page_count).toBe(1);
});

test('raw_value where it differs, computed values, full-text OCR language', async () => {
	const server = await startMindeeServer({
		products: {
			'mindee/invoices/4': 'products/invoices/response_v4/complete.json',
			'mindee/international_id/2': 'extras/full_text_ocr/complete.json',
		},
	});
	try {
		const invoice = await runMindee(server, {}, { items: [pdfItem()] });
		expect(invoice.items[0].json).toMatchObject({
			supplier_name: 'JETBRAINS',
			customer_name: 'UBER',
			due_date: '2019-08-25',
			_raw_values: { supplier_name: 'Jetbrains', customer_name: 'Uber' },
			_computed: ['due_date'],
		});
		const text = await runMindee(
			server,
			{ product: 'international_id', options: { fullTextOcr: true } },
			{ items: [pdfItem()] },
		);
		expect(text.items[0].json).toMatchObject({
			_full_text_ocr: expect.stringMatching(/^DOMICILIO\n/),
			_full_text_ocr_language: 'es',
		});
	} finally {
		await server.close();
	}
});

test('the RAG match of a workflow comes out as _rag_matching_document_id', async () => {
	const body = JSON.parse(
		readFileSync(join(mindeeFixturesDir, 'products/invoices/response_v4/complete.json'), 'utf8'),
	);
	body.document.inference.extras = {
		rag: { matching_document_id: 'a1b2c3d4-0000-4000-8000-000000000001' },
	};
	const server = await startMindeeServer();
	server.inject('submit', { status: 202, body: { job: { id: 'wf-job', status: 'waiting' } } });
	server.inject('queue', {
		status: 200,
		body: { ...body, job: { id: 'wf-job', status: 'completed' } },
	});
	try {
		const { items, run } = await runMindee(
			server,
			{ options: { workflowId: 'wf-1', rag: true } },
			{ items: [pdfItem()] },
		);
		expect(run.status).toBe('success');
		expect(items[0].json._rag_matching_document_id).toBe('a1b2c3d4-0000-4000-8000-000000000001');
	} finally {
		await server.close();
	}
});

test("a document without name, n_pages or the product's name and version is read, as Mindee's SDK reads it", async () => {
	const body = JSON.parse(
		readFileSync(join(mindeeFixturesDir, 'products/invoices/response_v4/complete.json'), 'utf8'),
	);
	delete body.document.name;
	delete body.document.n_pages;
	body.document.inference.product = { features: [] };
	const server = await startMindeeServer();
	server.inject('predict', { status: 201, body });
	server.inject('predict', {
		status: 201,
		body: { document: { id: 'd1', inference: { product: {}, pages: {} } } },
	});
	try {
		const { items, run } = await runMindee(
			server,
			{ options: { mode: 'sync' } },
			{ items: [pdfItem()] },
		);
		expect(run.status).toBe('success');
		expect(items[0].json).toMatchObject({
			invoice_number: '1547854214',
			_filename: null,
			_page_count: 1,
			_product: null,
		});
		// Something that is not a Mindee document still fails with the fields that are wrong.
		const drift = await runMindee(server, { options: { mode: 'sync' } }, { items: [pdfItem()] });
		expect(drift.error?.message).toMatch(
			/Mindee sent a document of an unexpected shape \(document\.inference\.prediction: Required; document\.inference\.pages: Expected array, received object\)/,
		);
	} finally {
		await server.close();
	}
});

describe('hostile shapes: any depth, any length, any name', () => {
	/** The shared invoice body with the given document-level prediction fields added, as JSON text. */
	function invoiceWith(fields: Record<string, string>) {
		const body = readFileSync(
			join(mindeeFixturesDir, 'products/invoices/response_v4/complete.json'),
			'utf8',
		);
		const added = Object.entries(fields)
			.map(([name, text]) => `${JSON.stringify(name)}:${text},`)
			.join('');
		// The document-level prediction comes after the pages' own.
		const at = body.lastIndexOf('"prediction": {') + '"prediction": {'.length;
		return `${body.slice(0, at)}${added}${body.slice(at)}`;
	}

	test('20,000 levels of nesting, a 200,000-entry list with Include Confidence, nested __proto__', async () => {
		const depth = 20_000;
		const server = await startMindeeServer();
		try {
			server.inject('document', {
				status: 200,
				body: invoiceWith({
					deep: `${'{"a":'.repeat(depth)}{"value":"bottom","confidence":0.5}${'}'.repeat(depth)}`,
					listed: `${'['.repeat(depth)}{"value":1}${']'.repeat(depth)}`,
					rows: JSON.stringify(
						Array.from({ length: 200_000 }, (_, i) => ({ value: i, confidence: 1 - i / 400_000 })),
					),
					group: '{"__proto__":{"value":"kept"},"constructor":{"value":"too"}}',
					['__proto__']: '{"value":"a field like any other","confidence":0.9}',
				}),
			});
			const { items, run } = await runMindee(
				server,
				{ options: { includeConfidence: true } },
				{ items: [pdfItem('deep.pdf')] },
			);
			expect(run.status).toBe('success');
			const item = items[0].json;
			let node = item.deep as Record<string, unknown>;
			for (let level = 1; level < depth; level++) node = node.a as Record<string, unknown>;
			expect(node.a).toBe('bottom');
			expect((item.rows as unknown[]).length).toBe(200_000);
			expect((item._confidence as Record<string, unknown>).rows).toBe(1 - 199_999 / 400_000);
			expect(Object.getOwnPropertyDescriptor(item.group, '__proto__')?.value).toBe('kept');
			expect((item.group as Record<string, unknown>).constructor).toBe('too');
			expect(Object.getPrototypeOf(item.group)).toBe(Object.prototype);
			// Kept through the response check too; a name starting with _ gets one more (the naming rule).
			expect(item.___proto__).toBe('a field like any other');
		} finally {
			await server.close();
		}
	}, 60_000);
});
