import { pdfItem, samplePng } from '../harness/files';
import type { FakeMindeeV2 } from './setup';
import { MODELS, runMindeeV2, startMindeeV2Server, v2Fixture } from './setup';

let server: FakeMindeeV2;
beforeEach(async () => {
	server = await startMindeeV2Server({ processingMs: 400 });
});
afterEach(async () => await server.close());

const kinds = () => server.requests.map((request) => `${request.kind} ${request.status}`);

describe('Extract Data', () => {
	test('enqueues once, checks the job until Processed, fetches result_url: the fields as plain values', async () => {
		const { items } = await runMindeeV2(server, {}, { items: [pdfItem('invoice.pdf')] });
		// The account's model list (read once per run, to check the model's type), then the enqueue.
		expect(kinds().slice(0, 2)).toEqual(['search 200', 'enqueue 202']);
		expect(kinds().slice(-2)).toEqual(['job 200', 'result 200']);
		const enqueue = server.requestsOf('enqueue')[0];
		expect(enqueue.path).toBe('/v2/products/extraction/enqueue');
		expect(enqueue.fields).toEqual({ model_id: MODELS.extraction });
		expect(enqueue.received).toMatchObject({ kind: 'file', fileName: 'invoice.pdf' });
		expect(server.requests.every((request) => request.authorization === server.apiKey)).toBe(true);

		expect(items).toHaveLength(1);
		expect(items[0].pairedItem).toEqual({ item: 0 });
		expect(items[0].json).toMatchObject({
			invoice_number: 'INT-001',
			total_amount: 204.75,
			date: '2019-11-02',
			locale: { country: 'FR', currency: 'EUR', language: 'fr' },
			taxes: [{ base: 31.5, rate: 0.05, amount: 9.75 }],
			customer_address: { value: '4312 Wood Road\nNew York, NY 10031', city: 'New York' },
			supplier_company_registration: [
				{ type: 'VAT', number: 'FR 11 111 111 111' },
				{ type: 'SIRET', number: '11111111111111' },
			],
			_job_id: enqueue.jobId,
			_model_id: MODELS.extraction,
			_product: 'extraction',
			_filename: 'invoice.pdf',
			_page_count: 1,
		});
		expect((items[0].json.line_items as unknown[]).length).toBe(3);
		expect(typeof items[0].json._inference_id).toBe('string');
		expect(items[0].json).not.toHaveProperty('_confidence');
	});

	test('every option reaches the enqueue form; confidence and locations are trees beside the values, which keep their type', async () => {
		const schema = v2Fixture('products/extraction/data_schema_replace_param.json');
		const { items } = await runMindeeV2(
			server,
			{
				options: {
					rag: true,
					polygon: true,
					confidence: true,
					rawText: false,
					textContext: 'Supplier is ACME',
					dataSchema: JSON.stringify(schema),
					alias: 'my-alias',
					webhookIds: 'a2286ed9-aa11-aa11-bdc5-2f8496c5641a, aa0d88be-aa11-aa11-a019-9d2e16e2d3b9',
				},
			},
			{ items: [pdfItem()] },
		);
		expect(server.requestsOf('enqueue')[0].fields).toEqual({
			model_id: MODELS.extraction,
			alias: 'my-alias',
			webhook_ids: 'a2286ed9-aa11-aa11-bdc5-2f8496c5641a,aa0d88be-aa11-aa11-a019-9d2e16e2d3b9',
			rag: 'true',
			polygon: 'true',
			confidence: 'true',
			raw_text: 'false',
			text_context: 'Supplier is ACME',
			data_schema: JSON.stringify(schema),
		});
		expect(items[0].json.total_amount).toBe(204.75);
		expect(items[0].json._confidence).toMatchObject({
			total_amount: null,
			locale: { country: null },
		});
		expect(items[0].json._locations).toMatchObject({ total_amount: [], taxes: [{ base: [] }] });
		expect(items[0].json._file_alias).toBe('my-alias');
	});

	test('line items: one item per entry of the list field, the document fields beside it', async () => {
		const { items } = await runMindeeV2(
			server,
			{ output: 'lineItems', lineItemsField: 'line_items' },
			{ items: [pdfItem()] },
		);
		expect(items).toHaveLength(3);
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 0 }, { item: 0 }]);
		expect(items[1].json).toMatchObject({
			invoice_number: 'INT-001',
			_line_item_description: 'New set of pedal arms',
			_line_item_quantity: 2,
			_line_item_unit_price: 25,
			_line_index: 1,
		});
		expect(items[1].json).not.toHaveProperty('line_items');
	});

	test('raw output is the whole inference object', async () => {
		const { items } = await runMindeeV2(server, { output: 'raw' }, { items: [pdfItem()] });
		const fixture = v2Fixture<{ inference: { result: unknown } }>(
			'products/extraction/financial_document/complete.json',
		);
		expect(items[0].json.result).toEqual(fixture.inference.result);
		expect(items[0].json).toHaveProperty('file.name', 'invoice.pdf');
	});
});

describe('the other products', () => {
	test('Classify: the document type', async () => {
		const { items } = await runMindeeV2(server, { operation: 'classify' }, { items: [pdfItem()] });
		expect(server.requestsOf('enqueue')[0].path).toBe('/v2/products/classification/enqueue');
		expect(items).toHaveLength(1);
		expect(items[0].json).toMatchObject({
			document_type: 'invoice',
			_product: 'classification',
			_model_id: MODELS.classification,
		});
	});

	test('Crop: one item per crop with object type, polygon and page', async () => {
		const { items } = await runMindeeV2(server, { operation: 'crop' }, { items: [pdfItem()] });
		expect(server.requestsOf('enqueue')[0].path).toBe('/v2/products/crop/enqueue');
		expect(items.map((item) => item.json)).toEqual([
			expect.objectContaining({
				object_type: 'invoice',
				page: 0,
				polygon: [
					[0.15, 0.254],
					[0.85, 0.254],
					[0.85, 0.947],
					[0.15, 0.947],
				],
				_product: 'crop',
				_item_index: 0,
				_item_count: 1,
			}),
		]);
	});

	test('Split: one item per split with its page range and document type', async () => {
		const { items } = await runMindeeV2(server, { operation: 'split' }, { items: [pdfItem()] });
		expect(items.map((item) => item.json)).toEqual([
			expect.objectContaining({ page_range: [0, 0], page_count: 1, document_type: 'receipt' }),
		]);
	});

	test('OCR: one item per page with its text and every word Mindee returned, with its polygon', async () => {
		const plain = await runMindeeV2(server, { operation: 'ocr' }, { items: [pdfItem()] });
		expect(plain.items).toHaveLength(1);
		expect(plain.items[0].json).toMatchObject({ page: 0, word_count: 305 });
		expect(plain.items[0].json.text).toMatch(/^Shipper: GLOBAL FREIGHT SOLUTIONS INC\./);
		const words = plain.items[0].json.words as Array<{ content: string; polygon: unknown[] }>;
		expect(words).toHaveLength(305);
		expect(words[0]).toMatchObject({ content: 'Shipper:', polygon: expect.any(Array) });
		// OCR sends only the common fields, none of extraction's.
		expect(server.requestsOf('enqueue')[0].fields).toEqual({ model_id: MODELS.ocr });
	});
});

describe('several items', () => {
	test('outputs in input order with pairedItem, each document enqueued once', async () => {
		const items = Array.from({ length: 6 }, (_, index) => pdfItem(`doc-${index}.pdf`));
		const run = await runMindeeV2(server, { options: { concurrency: 3 } }, { items });
		expect(run.items.map((item) => item.json._filename)).toEqual(
			items.map((_, index) => `doc-${index}.pdf`),
		);
		expect(run.items.map((item) => item.pairedItem)).toEqual(
			items.map((_, index) => ({ item: index })),
		);
		expect(server.requestsOf('enqueue')).toHaveLength(6);
		expect(server.requestsOf('result')).toHaveLength(6);
	});

	test('learns the processing time: later documents are first checked when likely done', async () => {
		server.setProcessingMs(800);
		const items = Array.from({ length: 8 }, (_, index) => pdfItem(`doc-${index}.pdf`));
		await runMindeeV2(
			server,
			{ options: { concurrency: 2, pollInitialDelay: 0.3, pollInterval: 1 } },
			{ items },
		);
		const checks = server.requestsOf('job');
		const pending = checks.filter((check) => check.jobStatus === 'Processing').length;
		// The first pair learns the time; the later six are checked once each, when done.
		expect(checks.length - pending).toBe(8);
		expect(pending).toBeLessThanOrEqual(6);
	});
});

describe('Submit and Get Result', () => {
	test('Submit enqueues to the chosen model type and outputs the job; Get Result by job ID waits for it', async () => {
		const submitted = await runMindeeV2(
			server,
			{
				operation: 'submit',
				modelType: 'crop',
				modelId: { __rl: true, mode: 'list', value: MODELS.crop },
				options: { webhookIds: 'dd85fd55-dd44-dd44-92b3-4e936f3b8de9' },
			},
			{ items: [pdfItem('photo.pdf')] },
		);
		expect(kinds()).toEqual(['search 200', 'enqueue 202']);
		expect(server.requestsOf('enqueue')[0]).toMatchObject({
			path: '/v2/products/crop/enqueue',
			fields: { model_id: MODELS.crop, webhook_ids: 'dd85fd55-dd44-dd44-92b3-4e936f3b8de9' },
		});
		const job = submitted.items[0].json;
		expect(job).toMatchObject({
			job_id: server.requestsOf('enqueue')[0].jobId,
			status: 'Processing',
			model_type: 'crop',
			filename: 'photo.pdf',
			polling_url: expect.stringContaining('/v2/jobs/'),
		});

		const result = await runMindeeV2(server, {
			operation: 'getResult',
			lookupBy: 'jobId',
			jobId: job.job_id as string,
			waitForCompletion: true,
		});
		expect(result.items[0].json).toMatchObject({
			object_type: 'invoice',
			_job_id: job.job_id,
			_product: 'crop',
		});
		expect(server.requestsOf('enqueue')).toHaveLength(1);
	});

	test('Get Result with one check: the job status while processing; by inference ID: the result', async () => {
		server.setProcessingMs(60_000);
		await runMindeeV2(server, { operation: 'submit' }, { items: [pdfItem()] });
		const [job] = [...server.jobs.values()];
		const pending = await runMindeeV2(server, {
			operation: 'getResult',
			lookupBy: 'jobId',
			jobId: job.id,
			waitForCompletion: false,
		});
		expect(pending.items[0].json).toMatchObject({ job_id: job.id, status: 'Processing' });

		job.completesAt = Date.now();
		const byInference = await runMindeeV2(server, {
			operation: 'getResult',
			lookupBy: 'inferenceId',
			inferenceId: job.inferenceId,
			modelType: 'extraction',
		});
		expect(server.requestsOf('result').at(-1)!.path).toBe(
			`/v2/products/extraction/results/${job.inferenceId}`,
		);
		expect(byInference.items[0].json).toMatchObject({
			invoice_number: 'INT-001',
			_inference_id: job.inferenceId,
		});
	});
});

describe('inputs', () => {
	test('a URL is sent as the url field; Mindee fetches it', async () => {
		await runMindeeV2(server, {
			inputType: 'url',
			documentUrl: 'https://example.com/files/invoice.pdf',
		});
		expect(server.requestsOf('enqueue')[0].fields).toEqual({
			model_id: MODELS.extraction,
			url: 'https://example.com/files/invoice.pdf',
		});
	});

	test('base64 content is uploaded as the file, under the given name and its real type', async () => {
		const { items } = await runMindeeV2(server, {
			inputType: 'base64',
			base64Content: `data:image/png;base64,${samplePng().toString('base64')}`,
			fileName: 'scan.png',
		});
		expect(server.requestsOf('enqueue')[0].received).toMatchObject({
			kind: 'file',
			fileName: 'scan.png',
			contentType: 'image/png',
			size: samplePng().length,
		});
		expect(items[0].json._filename).toBe('scan.png');
	});

	test('an http:// URL is refused before anything is sent', async () => {
		const { error } = await runMindeeV2(server, {
			inputType: 'url',
			documentUrl: 'http://example.com/a.pdf',
		});
		expect(error?.message).toMatch(
			/is not an https:\/\/ link; Mindee only fetches HTTPS URLs \(item 1\)$/,
		);
		expect(server.requests).toHaveLength(0);
	});
});
