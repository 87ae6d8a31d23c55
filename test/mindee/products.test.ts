import { readMindeeFixture } from '../fakes/fixtures';
import { pdfItem } from '../harness/files';
import { runMindee, startMindeeServer } from './setup';

/** Each recorded product body, the parameters that select it, and fields a user would look for. */
const CASES = [
	{
		fixture: 'products/invoices/response_v4/complete.json',
		product: 'invoices',
		expect: {
			invoice_number: '1547854214',
			total_amount: 335.18,
			date: '2019-08-25',
			supplier_name: 'JETBRAINS',
		},
	},
	{
		fixture: 'products/invoices/response_v4/empty.json',
		product: 'invoices',
		expect: { invoice_number: null, total_amount: null, line_items: [] },
	},
	{
		fixture: 'products/expense_receipts/response_v5/complete.json',
		product: 'expense_receipts',
		expect: {
			total_amount: 10.2,
			date: '2016-02-26',
			time: '15:20',
			supplier_name: 'clachan',
			category: 'food',
		},
	},
	{
		fixture: 'products/expense_receipts/response_v5/empty.json',
		product: 'expense_receipts',
		expect: { total_amount: null, line_items: [] },
	},
	{
		fixture: 'products/financial_document/response_v1/complete_invoice.json',
		product: 'financial_document',
		expect: { invoice_number: '14', document_type: 'INVOICE', customer_name: 'JIRO DOI' },
	},
	{
		fixture: 'products/financial_document/response_v1/complete_receipt.json',
		product: 'financial_document',
		expect: { document_type: 'EXPENSE RECEIPT', date: '2016-02-26' },
	},
	{
		fixture: 'products/driver_license/response_v1/complete.json',
		product: 'driver_license',
		expect: {
			first_name: 'Jelani',
			last_name: 'Sample',
			date_of_birth: '1957-02-01',
			issuing_authority: null,
		},
	},
	{
		fixture: 'products/international_id/response_v2/complete.json',
		product: 'international_id',
		expect: {
			document_number: '12345678A',
			surnames: ['MUESTRA', 'MUESTRA'],
			given_names: ['CARMEN'],
		},
	},
	{
		fixture: 'products/invoice_splitter/response_v1/complete.json',
		product: 'invoice_splitter',
		expect: { invoice_page_groups: expect.arrayContaining([{ page_indexes: [0] }]) },
	},
	{
		fixture: 'products/resume/response_v1/complete.json',
		product: 'resume',
		expect: {
			given_names: ['Christopher'],
			profession: 'Senior Web Developer',
			email_address: 'christoper.m@gmail.com',
		},
	},
	{
		fixture: 'products/passport/response_v1/complete.json',
		product: 'passport',
		expect: { surname: 'PUDARSAN', given_names: ['HENERT'], id_number: '707797979' },
	},
] as const;

type Document = { inference: { prediction: Record<string, unknown> } };
const recorded = (fixture: string) => JSON.parse(readMindeeFixture(fixture)).document as Document;

function versionOf(product: string) {
	return {
		invoices: '4',
		expense_receipts: '5',
		financial_document: '1',
		driver_license: '1',
		international_id: '2',
		invoice_splitter: '1',
		resume: '1',
		passport: '1',
	}[product]!;
}

/** Parses one document with a fake server that serves this fixture for the product. */
async function parseWith(
	fixture: string,
	product: string,
	output: string,
	extra: Record<string, unknown> = {},
) {
	const local = await startMindeeServer({
		processingMs: 50,
		products: { [`mindee/${product}/${versionOf(product)}`]: fixture },
	});
	try {
		return {
			// Files → No File: the splitter's result as one document item (its pieces: test/files).
			...(await runMindee(
				local,
				{ product, output, files: 'none', ...extra },
				{ items: [pdfItem('scan.pdf')] },
			)),
			server: local,
		};
	} finally {
		await local.close();
	}
}

describe.each(CASES)('$product from $fixture', ({ fixture, product, expect: fields }) => {
	test("simplified: one item with plain values under Mindee's field names", async () => {
		const { items, run } = await parseWith(fixture, product, 'simplified');
		expect(run.status).toBe('success');
		expect(items).toHaveLength(1);
		expect(items[0].json).toMatchObject(fields);
		expect(items[0].json).toMatchObject({
			_filename: 'scan.pdf',
			_page_count: expect.any(Number),
			_document_id: expect.any(String),
			_pages: expect.any(Array),
		});
		expect(items[0].pairedItem).toEqual({ item: 0 });
		// No Mindee metadata leaks into simplified values (these products have no position-only field).
		expect(JSON.stringify(items[0].json)).not.toMatch(
			/"polygon"|"bounding_box"|"page_id"|"confidence"/,
		);
		const prediction = recorded(fixture).inference.prediction;
		for (const name of Object.keys(prediction)) expect(items[0].json).toHaveProperty([name]);
	});

	test('lineItems: one item per line item with the document fields copied', async () => {
		const { items } = await parseWith(fixture, product, 'lineItems');
		const lineItems = recorded(fixture).inference.prediction.line_items as unknown[] | undefined;
		expect(items).toHaveLength(lineItems?.length ? lineItems.length : 1);
		for (const [index, item] of items.entries()) {
			expect(item.pairedItem).toEqual({ item: 0 });
			if (lineItems?.length) {
				expect(item.json._line_index).toBe(index);
				expect(item.json).not.toHaveProperty('line_items');
			}
			expect(item.json._document_id).toBe(items[0].json._document_id);
		}
	});

	test("raw: Mindee's whole document object", async () => {
		const { items } = await parseWith(fixture, product, 'raw');
		const document = recorded(fixture);
		expect(items).toHaveLength(1);
		expect(items[0].json.inference).toEqual(document.inference);
	});
});

test("line items: the line item's own fields first and flat, then the document's", async () => {
	const { items } = await parseWith(
		'products/expense_receipts/response_v5/complete.json',
		'expense_receipts',
		'lineItems',
		{ options: { includeConfidence: true } },
	);
	expect(items[0].json).toMatchObject({
		_line_item_description: 'Meantime Pale',
		_line_item_quantity: 2,
		_line_item_total_amount: 10.2,
		_line_item_unit_price: null,
		_line_index: 0,
		_line_item_confidence: 0.99,
		supplier_name: 'clachan',
		total_amount: 10.2,
	});
	expect(Object.keys(items[0].json).slice(0, 5)).toEqual([
		'_line_item_description',
		'_line_item_quantity',
		'_line_item_total_amount',
		'_line_item_unit_price',
		'_line_index',
	]);
});

test('confidence map when asked', async () => {
	const { items } = await parseWith(
		'products/expense_receipts/response_v5/complete.json',
		'expense_receipts',
		'simplified',
		{
			options: { includeConfidence: true },
		},
	);
	expect(items[0].json._confidence).toMatchObject({
		total_amount: 0.99,
		category: 0.99,
		tip: 0,
		line_items: 0.99,
	});
});

test('synchronous-only products are sent to predict, async products to predict_async', async () => {
	const passport = await parseWith(
		'products/passport/response_v1/complete.json',
		'passport',
		'simplified',
	);
	expect(passport.server.requests.map((request) => request.kind)).toEqual(['predict']);
	const invoice = await parseWith(
		'products/invoices/response_v4/complete.json',
		'invoices',
		'simplified',
	);
	expect(invoice.server.requests.map((request) => request.kind)).toEqual(
		expect.arrayContaining(['submit', 'queue', 'document']),
	);
	expect(invoice.server.requests[0].path).toBe('/v1/products/mindee/invoices/v4/predict_async');
});

test('every off-the-shelf product targets its own endpoint and version', async () => {
	const { PRODUCTS } = await import('../../nodes/Mindee/products');
	const local = await startMindeeServer({
		products: Object.fromEntries(
			PRODUCTS.map((product) => [
				`mindee/${product.endpoint}/${product.version}`,
				'products/passport/response_v1/complete.json',
			]),
		),
	});
	try {
		for (const product of PRODUCTS) {
			const { run } = await runMindee(local, { product: product.value }, { items: [pdfItem()] });
			expect(run.status).toBe('success');
			const first =
				local.requests[local.requests.length - (product.modes.includes('async') ? 3 : 1)];
			expect(first.path).toBe(
				`/v1/products/mindee/${product.endpoint}/v${product.version}/${product.modes.includes('async') ? 'predict_async' : 'predict'}`,
			);
		}
	} finally {
		await local.close();
	}
});
