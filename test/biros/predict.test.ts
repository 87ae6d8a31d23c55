import { pdfItem, samplePdf, samplePng } from '../harness/files';
import type { FakeBiros } from './setup';
import { runBiros, startBirosServer, visibleText } from './setup';

let server: FakeBiros;
beforeEach(async () => {
	server = await startBirosServer();
});
afterEach(async () => await server.close());

describe("Predict (sync, the reference page's request)", () => {
	test('sends the document as multipart `file` with the form fields, the key and Accept: application/json', async () => {
		const pdf = samplePdf(2);
		const { run } = await runBiros(
			server,
			{ pushResultOnPlatform: 'only_review', includeValidationErrors: true },
			{ items: [pdfItem('card.pdf', pdf)] },
		);
		expect(run.status).toBe('success');
		const [request] = server.requests;
		expect(request).toMatchObject({
			kind: 'predict',
			method: 'POST',
			path: '/api/inference/service/svc-health-card/async-predict',
			status: 200,
		});
		expect(request.headers['x-api-key']).toBe(server.apiKey);
		expect(request.headers.accept).toBe('application/json');
		expect(request.upload).toMatchObject({
			fileName: 'card.pdf',
			contentType: 'application/pdf',
			size: pdf.length,
			fields: { push_result_on_platform: 'only_review', include_validation_errors: 'true' },
		});
	});

	test("simplified: the reference example becomes one item keyed by the service's aliases", async () => {
		const { items } = await runBiros(server, {}, { items: [pdfItem('health_card.pdf')] });
		expect(items).toHaveLength(1);
		expect(items[0].json).toEqual({
			Surname: ['VERDI'],
			Name: ['GIUSEPPE'],
			FiscalCode: 'VRDGPP13R10B293P',
			service: 'svc-health-card',
			service_name: 'Example Service',
			document: {
				original_name: 'health_card.pdf',
				content_type: 'application/pdf',
				page_count: 1,
			},
			processed_at: '2024-04-26T11:21:58+00:00',
			policy_violations: [],
			errors: [],
		});
	});

	test('several pages: multi-value fields merged in page order, single values as text, aggregated entities, violations and errors kept', async () => {
		const { items } = await runBiros(
			server,
			{
				serviceId: 'svc-invoices',
				includeValidationErrors: true,
				options: { includeConfidence: true },
			},
			{ items: [pdfItem('invoice.pdf', samplePdf(3))] },
		);
		expect(items).toHaveLength(1);
		const json = items[0].json;
		expect(json).toMatchObject({
			SupplierName: 'ROSSI FORNITURE S.R.L.',
			// Sent as a single object: one text.
			InvoiceNumber: 'FT-2024/0457',
			// A single-value field sent as a one-element list: still one text.
			InvoiceDate: '30/04/2024',
			LineDescription: [
				'Carta A4 80g (10 risme)',
				'Toner nero TN-2420',
				'Raccoglitori ad anelli (x12)',
				'Trasporto',
			],
			// Found on pages 2 and 3: the first in page order.
			Iban: 'IT60X0542811101000000123456',
			// Declared but not found.
			VatNumber: null,
			SupplierAddress: 'Via Roma 12, 20121 Milano MI',
			TaxLines: ['IVA 22% 41,80', 'IVA 4% 1,20'],
			service: 'svc-invoices',
			service_name: 'Supplier Invoices',
			document: { original_name: 'invoice.pdf', page_count: 3 },
		});
		expect(json.policy_violations).toEqual([
			{
				page_index: 2,
				policy: 'iban_single_value',
				message: 'Iban was found with two different values',
				fields: ['iban_1'],
			},
		]);
		expect(json.errors).toEqual([
			{
				page_index: 1,
				code: 'low_ocr_quality',
				message: 'Page 2 is blurred; some values may be missing',
			},
			{ page_index: 2, message: 'Handwritten notes near the signature were not read' },
		]);
		expect(json.confidence).toEqual({
			SupplierName: 97.85,
			InvoiceNumber: 95.2,
			InvoiceDate: 93.04,
			LineDescription: [91.5, 88.75, 90.12, 99.01],
			Iban: 96.4,
			VatNumber: null,
			SupplierAddress: 86.3,
			TaxLines: [89.9, 87.35],
		});
	});

	test('violations are only reported when Include Validation Errors is on; confidence only when asked', async () => {
		const { items } = await runBiros(server, { serviceId: 'svc-invoices' }, { items: [pdfItem()] });
		expect(server.requests[0].upload?.fields.include_validation_errors).toBe('false');
		expect(items[0].json.policy_violations).toEqual([]);
		expect(items[0].json.errors).toHaveLength(2);
		expect(items[0].json.confidence).toBeUndefined();
	});

	test('entities: one item per value found, with field, alias, text, confidence, page and boxes', async () => {
		const { items } = await runBiros(
			server,
			{ serviceId: 'svc-invoices', output: 'entities' },
			{ items: [pdfItem('invoice.pdf')] },
		);
		expect(items).toHaveLength(12);
		expect(items.map((item) => item.json.page_index)).toEqual([0, 0, 0, 0, 0, 0, 1, 1, 2, 2, 2, 2]);
		expect(items[0].json).toEqual({
			field: 'supplier_name_1',
			alias: 'SupplierName',
			text: 'ROSSI FORNITURE S.R.L.',
			confidence: 97.85,
			page_index: 0,
			bounding_boxes: [{ x0: 40, y0: 40, x1: 240, y1: 56 }],
			entity_id: 0,
			aggregated: false,
			service: 'svc-invoices',
			service_name: 'Supplier Invoices',
			document_name: 'invoice.pdf',
			policy_violations: [],
			errors: [
				{
					page_index: 1,
					code: 'low_ocr_quality',
					message: 'Page 2 is blurred; some values may be missing',
				},
				{ page_index: 2, message: 'Handwritten notes near the signature were not read' },
			],
		});
		const texts = items.map(
			(item) => `${item.json.page_index} ${item.json.alias}: ${item.json.text}`,
		);
		expect(texts).toContain('2 Iban: IT60X0542811101000000999999');
		expect(items.filter((item) => item.json.aggregated).map((item) => item.json.alias)).toEqual([
			'SupplierAddress',
			'TaxLines',
			'TaxLines',
		]);
		expect(
			items.every((item) => item.pairedItem && (item.pairedItem as { item: number }).item === 0),
		).toBe(true);
	});

	test("raw: Biros' whole response", async () => {
		const { items } = await runBiros(
			server,
			{ output: 'raw' },
			{ items: [pdfItem('health_card.pdf')] },
		);
		expect(items).toHaveLength(1);
		expect(items[0].json).toMatchObject({
			service: 'svc-health-card',
			service_fields: { fiscal_code_1: { tag_alias: 'FiscalCode' } },
		});
		expect(
			(items[0].json.document_pages as Array<{ entities: object }>)[0].entities,
		).toHaveProperty('fiscal_code_1.text', 'VRDGPP13R10B293P');
	});

	test('base64 input is uploaded with its file name', async () => {
		const png = samplePng();
		const { items } = await runBiros(
			server,
			{ inputType: 'base64', base64Content: '={{ $json.content }}', fileName: 'card.png' },
			{ items: [{ json: { content: `data:image/png;base64,${png.toString('base64')}` } }] },
		);
		expect(server.requests[0].upload).toMatchObject({
			fileName: 'card.png',
			contentType: 'image/png',
			size: png.length,
		});
		expect(items[0].json.FiscalCode).toBe('VRDGPP13R10B293P');
	});

	test('a batch: N items in, N items out in input order with pairedItem, parameters read per item, no key anywhere', async () => {
		const names = Array.from({ length: 7 }, (_, index) => `doc-${index}.pdf`);
		const result = await runBiros(
			server,
			{ serviceId: '={{ $json.service }}', options: { concurrency: 3 } },
			{
				items: names.map((name, index) => ({
					...pdfItem(name),
					json: { service: index % 2 ? 'svc-invoices' : 'svc-health-card' },
				})),
			},
		);
		const { items } = result;
		expect(
			items.map((item) => (item.json.document as { original_name: string }).original_name),
		).toEqual(names);
		expect(items.map((item) => item.pairedItem)).toEqual(names.map((_, item) => ({ item })));
		expect(items.map((item) => item.json.service)).toEqual(
			names.map((_, index) => (index % 2 ? 'svc-invoices' : 'svc-health-card')),
		);
		expect(visibleText(result)).not.toContain(server.apiKey);
	});

	test('the input binary is kept by default, dropped when asked', async () => {
		const kept = await runBiros(server, {}, { items: [pdfItem('a.pdf')] });
		expect(kept.items[0].binary?.data?.fileName).toBe('a.pdf');
		const dropped = await runBiros(
			server,
			{ options: { keepBinary: false } },
			{ items: [pdfItem('a.pdf')] },
		);
		expect(dropped.items[0].binary).toBeUndefined();
	});
});

describe('Service definitions the example does not show', () => {
	const entity = (id: number, text: string | null, page = 0) => ({
		id,
		text,
		confidence: 80 + id,
		bounding_boxes: [{ page }],
	});
	const body = {
		service: 'x',
		service_name: 'Edge Cases',
		// The reference types service_fields as a string holding JSON: accepted too.
		service_fields: JSON.stringify({
			document_type_1: { tag_alias: 'document', tag_multiple_values: false },
			code_a_1: { tag_alias: 'Code', tag_multiple_values: false },
			code_b_1: { tag_alias: 'Code', tag_multiple_values: false },
			notes_1: { tag_alias: 'Notes', tag_multiple_values: true },
		}),
		current_date: '2024-06-01T10:00:00+00:00',
		document: { original_name: 'x.pdf', content_type: 'application/pdf', page_count: 2 },
		// Pages out of order: merged by page_index.
		document_pages: [
			{
				page_index: 1,
				entities: { notes_1: [entity(3, 'second page')], stamp_1: [entity(4, 'PAID', 1)] },
			},
			{
				page_index: 0,
				entities: {
					document_type_1: entity(0, 'invoice'),
					code_a_1: entity(1, 'A-1'),
					code_b_1: [entity(2, null)],
					notes_1: [entity(5, 'first page')],
				},
			},
		],
	};

	test("an alias taken by another field or by the item's own keys falls back to the field id; undeclared fields keep their id", async () => {
		await server.close();
		server = await startBirosServer({ services: { 'svc-edge': body } });
		const { items } = await runBiros(
			server,
			{ serviceId: 'svc-edge' },
			{ items: [pdfItem('x.pdf')] },
		);
		expect(items[0].json).toMatchObject({
			document_type_1: 'invoice',
			Code: 'A-1',
			code_b_1: null,
			Notes: ['first page', 'second page'],
			stamp_1: ['PAID'],
			document: { original_name: 'x.pdf', page_count: 2 },
			service: 'svc-edge',
		});
	});

	test('a field whose alias is __proto__ keeps its value, as data', async () => {
		await server.close();
		server = await startBirosServer({
			services: {
				'svc-proto': {
					...body,
					service_fields: { proto_1: { tag_alias: '__proto__', tag_multiple_values: false } },
					document_pages: [{ page_index: 0, entities: { proto_1: entity(0, 'kept') } }],
				},
			},
		});
		const { items } = await runBiros(
			server,
			{ serviceId: 'svc-proto', options: { includeConfidence: true } },
			{ items: [pdfItem('x.pdf')] },
		);
		const item = items[0].json;
		expect(Object.getOwnPropertyDescriptor(item, '__proto__')?.value).toBe('kept');
		expect(Object.getOwnPropertyDescriptor(item.confidence, '__proto__')?.value).toBe(80);
		expect(Object.getPrototypeOf(item)).toBe(Object.prototype);
	});

	test('entities output of a document where nothing was found is still one item', async () => {
		await server.close();
		const empty = {
			...body,
			service_fields: {},
			document_pages: [
				{ page_index: 0, entities: {}, aggregated_entities: {}, policy_violations: [], errors: [] },
			],
		};
		server = await startBirosServer({ services: { 'svc-empty': empty } });
		const { items } = await runBiros(
			server,
			{ serviceId: 'svc-empty', output: 'entities' },
			{ items: [pdfItem('blank.pdf')] },
		);
		expect(items).toHaveLength(1);
		expect(items[0].json).toMatchObject({
			field: null,
			alias: null,
			text: null,
			document_name: 'blank.pdf',
			service: 'svc-empty',
		});
	});
});
