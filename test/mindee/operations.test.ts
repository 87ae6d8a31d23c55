import { pdfItem } from '../harness/files';
import type { FakeMindee } from './setup';
import { runMindee, startMindeeServer } from './setup';

let server: FakeMindee;
beforeEach(async () => {
	server = await startMindeeServer({
		processingMs: 600,
		products: {
			'acme/my_invoices/1.2': 'products/generated/response_v1/complete_invoice_v4.json',
			'acme/id_cards/1': 'products/generated/response_v1/complete_international_id_v1.json',
			'acme/sync_only/1': { fixture: 'products/custom/response_v1/complete.json', modes: ['sync'] },
			'mindee/invoices/4': 'products/invoices/response_v4/complete.json',
		},
	});
});
afterEach(async () => await server.close());

describe('Parse Document', () => {
	test('submits once, polls through waiting and processing, follows the 302 and fetches the document', async () => {
		const { items } = await runMindee(server, {}, { items: [pdfItem()] });
		const kinds = server.requests.map((request) => `${request.kind} ${request.status}`);
		expect(kinds[0]).toBe('submit 202');
		expect(kinds.slice(-2)).toEqual(['queue 302', 'document 200']);
		expect(kinds.filter((kind) => kind === 'queue 200').length).toBeGreaterThanOrEqual(1);
		expect(items[0].json._job_id).toBe(server.requestsOf('submit')[0].jobId);
		expect(
			server.requests.every((request) => request.authorization === `Token ${server.apiKey}`),
		).toBe(true);
	});

	test('a custom (docTI) API: list fields become text', async () => {
		const { items } = await runMindee(
			server,
			{
				product: 'custom',
				customAccount: 'ianare',
				customEndpoint: 'field_test',
				customVersion: '1.1',
			},
			{ items: [pdfItem()] },
		);
		expect(server.requestsOf('submit')[0].path).toBe(
			'/v1/products/ianare/field_test/v1.1/predict_async',
		);
		expect(items[0].json).toMatchObject({
			email: 'contact@mindee.com',
			string_all: expect.stringContaining('Mindee is'),
			doc_type: 'type_b',
		});
	});

	test('generated APIs of an account, including the version prefix written as v1.2', async () => {
		const invoice = await runMindee(
			server,
			{
				product: 'custom',
				customAccount: 'acme',
				customEndpoint: 'my_invoices',
				customVersion: 'v1.2',
				output: 'lineItems',
			},
			{ items: [pdfItem()] },
		);
		expect(invoice.items.length).toBeGreaterThan(1);
		expect(invoice.items[0].json).toMatchObject({
			invoice_number: '0042004801351',
			_line_item_description: 'S)BOIE 5X500 FEUILLES A4',
			_line_item_total_amount: 2.63,
		});
		const id = await runMindee(
			server,
			{ product: 'custom', customAccount: 'acme', customEndpoint: 'id_cards', customVersion: '1' },
			{ items: [pdfItem()] },
		);
		expect(id.items[0].json).toMatchObject({
			document_number: '99999999R',
			surnames: ['ESPAÑOLA', 'ESPAÑOLA'],
		});
	});

	test('auto mode: a custom API that refuses async (403) is parsed synchronously, with one accepted upload', async () => {
		const { items, run } = await runMindee(
			server,
			{ product: 'custom', customAccount: 'acme', customEndpoint: 'sync_only', customVersion: '1' },
			{ items: [pdfItem()] },
		);
		expect(run.status).toBe('success');
		expect(server.requests.map((request) => `${request.kind} ${request.status}`)).toEqual([
			'submit 403',
			'predict 201',
		]);
		expect(items[0].json.email).toBe('contact@mindee.com');
	});

	test('sync mode forced on a product that offers both', async () => {
		await runMindee(server, { options: { mode: 'sync' } }, { items: [pdfItem()] });
		expect(server.requests.map((request) => request.path)).toEqual([
			'/v1/products/mindee/invoices/v4/predict',
		]);
	});

	test('extras options are sent as the SDK sends them: query parameters, include_mvision in the form', async () => {
		await runMindee(
			server,
			{
				options: {
					cropper: true,
					fullTextOcr: true,
					allWords: true,
					workflowId: 'wf-123',
					rag: true,
				},
			},
			{ items: [pdfItem()] },
		);
		const submit = server.requestsOf('submit')[0];
		expect(submit.path).toBe('/v1/workflows/wf-123/predict_async');
		expect(submit.query).toEqual({ cropper: 'true', full_text_ocr: 'true', rag: 'true' });
		expect(submit.received.fields).toEqual({ include_mvision: 'true' });
	});

	test('input binary is kept on the output item by default, dropped when asked', async () => {
		const kept = await runMindee(server, {}, { items: [pdfItem('a.pdf')] });
		expect(kept.items[0].binary?.data?.fileName).toBe('a.pdf');
		const dropped = await runMindee(
			server,
			{ options: { keepBinary: false } },
			{ items: [pdfItem('a.pdf')] },
		);
		expect(dropped.items[0].binary).toBeUndefined();
	});

	test('parameters are read per item: each item can target another product', async () => {
		const { items } = await runMindee(
			server,
			{ product: '={{ $json.kind }}' },
			{
				items: [
					{ ...pdfItem('i.pdf'), json: { kind: 'invoices' } },
					{ ...pdfItem('p.pdf'), json: { kind: 'passport' } },
				],
			},
		);
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(items[0].json.invoice_number).toBe('1547854214');
		expect(items[1].json.surname).toBe('PUDARSAN');
	});
});

describe('extras', () => {
	test.each([
		['extras/full_text_ocr/complete.json', '_full_text_ocr', /^DOMICILIO\nC\/REAL N13/],
		['extras/ocr/complete.json', '_ocr_text', /\$2,608\.20/],
	])('%s adds %s', async (fixture, field, pattern) => {
		const local = await startMindeeServer({ products: { 'mindee/international_id/2': fixture } });
		try {
			const { items } = await runMindee(
				local,
				{ product: 'international_id', options: { fullTextOcr: true, allWords: true } },
				{ items: [pdfItem()] },
			);
			expect(items[0].json[field]).toMatch(pattern);
		} finally {
			await local.close();
		}
	});

	test('cropper positions per page', async () => {
		const local = await startMindeeServer({
			products: { 'mindee/invoices/4': 'extras/cropper/complete.json' },
		});
		try {
			const { items } = await runMindee(
				local,
				{ options: { cropper: true } },
				{ items: [pdfItem()] },
			);
			expect(items[0].json._cropper).toEqual([
				{
					page_id: 0,
					cropping: expect.arrayContaining([
						expect.objectContaining({ polygon: expect.any(Array) }),
					]),
				},
			]);
		} finally {
			await local.close();
		}
	});
});

describe('Submit Document and Get Result', () => {
	test('submit outputs the job to fetch later, without polling', async () => {
		const { items } = await runMindee(
			server,
			{ operation: 'submit' },
			{ items: [pdfItem('x.pdf')] },
		);
		expect(server.requests.map((request) => request.kind)).toEqual(['submit']);
		expect(items[0].json).toEqual({
			job_id: server.requestsOf('submit')[0].jobId,
			status: 'waiting',
			issued_at: expect.any(String),
			available_at: null,
			queue_url: `${server.url}/v1/products/mindee/invoices/v4/documents/queue/${server.requestsOf('submit')[0].jobId}`,
			product: 'mindee/invoices v4',
			filename: 'x.pdf',
		});
	});

	test('get result by job ID: one check reports the status, waiting returns the document', async () => {
		const submitted = await runMindee(server, { operation: 'submit' }, { items: [pdfItem()] });
		const jobId = submitted.items[0].json.job_id as string;
		const once = await runMindee(server, {
			operation: 'getResult',
			lookupBy: 'jobId',
			jobId,
			waitForCompletion: false,
		});
		expect(once.items[0].json).toMatchObject({
			_job_id: jobId,
			_job_status: expect.stringMatching(/waiting|processing/),
		});
		const waited = await runMindee(server, {
			operation: 'getResult',
			lookupBy: 'jobId',
			jobId,
			waitForCompletion: true,
		});
		expect(waited.items[0].json).toMatchObject({ _job_id: jobId, invoice_number: '1547854214' });
		const documentId = waited.items[0].json._document_id as string;
		const byDocument = await runMindee(server, {
			operation: 'getResult',
			lookupBy: 'documentId',
			documentId,
			output: 'raw',
		});
		expect(byDocument.items[0].json.id).toBe(documentId);
		expect(server.requestsOf('submit')).toHaveLength(1);
	});

	test('get result of an unknown job names it', async () => {
		const { error } = await runMindee(server, {
			operation: 'getResult',
			lookupBy: 'jobId',
			jobId: 'no-such-job',
		});
		expect(error?.message).toMatch(/^No job no-such-job: check the Job ID .*\(item 1\)$/);
	});
});
