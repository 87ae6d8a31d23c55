import { pdfItem } from '../harness/files';
import type { FakeBiros } from './setup';
import { runBiros, startBirosServer, visibleText } from './setup';

let server: FakeBiros;
afterEach(async () => await server.close());

const kinds = () => server.requests.map((request) => `${request.kind} ${request.status}`);

describe('Predict in async mode (v1 asynchronous API)', () => {
	beforeEach(async () => {
		server = await startBirosServer({ processingMs: 600 });
	});

	test('submits once, checks through 202 answers until the result, and outputs it with its document and job IDs', async () => {
		const { items } = await runBiros(
			server,
			{ mode: 'async', serviceId: 'svc-invoices' },
			{ items: [pdfItem('invoice.pdf')] },
		);
		expect(kinds()[0]).toBe('submit 200');
		expect(kinds().at(-1)).toBe('result 200');
		expect(kinds().filter((kind) => kind === 'result 202').length).toBeGreaterThanOrEqual(1);
		const [submit] = server.requestsOf('submit');
		expect(submit.path).toBe('/api/v1/inference/service/svc-invoices/async-predict');
		expect(submit.upload?.fields).toEqual({
			push_result_on_platform: 'never',
			include_validation_errors: 'false',
		});
		expect(server.requestsOf('result')[0].path).toBe(
			`/api/v1/inference/service/svc-invoices/predicted-documents/${submit.documentId}`,
		);
		expect(items).toHaveLength(1);
		expect(items[0].json).toMatchObject({
			SupplierName: 'ROSSI FORNITURE S.R.L.',
			LineDescription: [
				'Carta A4 80g (10 risme)',
				'Toner nero TN-2420',
				'Raccoglitori ad anelli (x12)',
				'Trasporto',
			],
			document_id: submit.documentId,
			job_id: submit.job,
		});
	});

	test('a batch: N items in, N items out in order with pairedItem, each from its own document', async () => {
		const names = Array.from({ length: 5 }, (_, index) => `scan-${index}.pdf`);
		const result = await runBiros(
			server,
			{ mode: 'async', output: 'entities', serviceId: 'svc-health-card' },
			{ items: names.map((name) => pdfItem(name)) },
		);
		// Three entities per health card.
		expect(result.items.map((item) => item.json.document_name)).toEqual(
			names.flatMap((name) => [name, name, name]),
		);
		expect(result.items.map((item) => item.pairedItem)).toEqual(
			names.flatMap((_, item) => [{ item }, { item }, { item }]),
		);
		expect(new Set(result.items.map((item) => item.json.document_id)).size).toBe(5);
		expect(server.requestsOf('submit')).toHaveLength(5);
		expect(visibleText(result)).not.toContain(server.apiKey);
	});

	test('a submit whose connection broke after sending is not sent again', async () => {
		server.inject('submit', 'reset-after-accept');
		const result = await runBiros(server, { mode: 'async' }, { items: [pdfItem('once.pdf')] });
		expect(server.requestsOf('submit')).toHaveLength(1);
		expect(server.requestsOf('result')).toHaveLength(0);
		const error = result.error as Error & { description?: string };
		expect(error.message).toMatch(
			/connection to Biros broke during POST .*async-predict.*\(item 1, "once\.pdf"\)/,
		);
		expect(error.description).toMatch(/not sent again.*billed twice/);
	});

	test('a submit answer with the document ID itself as resource', async () => {
		await server.close();
		server = await startBirosServer({ processingMs: 100, resourceAs: 'id' });
		const { items } = await runBiros(server, { mode: 'async' }, { items: [pdfItem()] });
		expect(items[0].json).toMatchObject({
			FiscalCode: 'VRDGPP13R10B293P',
			document_id: server.requestsOf('submit')[0].documentId,
		});
	});
});

describe('Submit and Get Result', () => {
	beforeEach(async () => {
		server = await startBirosServer({ processingMs: 600 });
	});

	test('Submit outputs what Get Result needs; Get Result waits through 202 for the result', async () => {
		const submitted = await runBiros(
			server,
			{ operation: 'submit', serviceId: 'svc-invoices', includeValidationErrors: true },
			{ items: [pdfItem('invoice.pdf')] },
		);
		const [submit] = server.requestsOf('submit');
		expect(submitted.items).toHaveLength(1);
		expect(submitted.items[0].json).toEqual({
			service: 'svc-invoices',
			document_id: submit.documentId,
			job_id: submit.job,
			status: 'submitted',
			result_url: `${server.url}/api/v1/inference/service/svc-invoices/predicted-documents/${submit.documentId}`,
			filename: 'invoice.pdf',
		});
		expect(submitted.items[0].binary?.data?.fileName).toBe('invoice.pdf');
		expect(server.requestsOf('result')).toHaveLength(0);

		const result = await runBiros(
			server,
			{
				operation: 'getResult',
				serviceId: '={{ $json.service }}',
				documentId: '={{ $json.document_id }}',
				options: { includeConfidence: true },
			},
			{ items: [{ json: submitted.items[0].json }] },
		);
		expect(server.requestsOf('result')[0].status).toBe(202);
		expect(server.requestsOf('result').at(-1)?.status).toBe(200);
		expect(result.items).toHaveLength(1);
		expect(result.items[0].json).toMatchObject({
			Iban: 'IT60X0542811101000000123456',
			document_id: submit.documentId,
			policy_violations: [expect.objectContaining({ policy: 'iban_single_value' })],
			confidence: expect.objectContaining({ Iban: 96.4 }),
		});
	});

	test('Get Result without waiting: status "processing" while Biros answers 202, then the result', async () => {
		server.setProcessingMs(60_000);
		await runBiros(server, { operation: 'submit' }, { items: [pdfItem()] });
		const documentId = server.requestsOf('submit')[0].documentId;
		const pending = await runBiros(server, {
			operation: 'getResult',
			documentId,
			waitForResult: false,
		});
		expect(pending.items.map((item) => item.json)).toEqual([
			{ service: 'svc-health-card', document_id: documentId, status: 'processing' },
		]);
		server.finishAll();
		const ready = await runBiros(server, {
			operation: 'getResult',
			documentId,
			waitForResult: false,
			output: 'raw',
		});
		expect(ready.items[0].json).toMatchObject({
			service: 'svc-health-card',
			document_pages: [expect.objectContaining({ page_index: 0 })],
		});
	});

	test('Get Result past Max Wait fails with the document ID to try again later', async () => {
		server.setProcessingMs(60_000);
		await runBiros(server, { operation: 'submit' }, { items: [pdfItem()] });
		const documentId = server.requestsOf('submit')[0].documentId;
		const result = await runBiros(server, {
			operation: 'getResult',
			documentId,
			options: { maxWait: 1 },
		});
		const error = result.error as Error & { description?: string };
		expect(error.message).toBe(
			`Biros had not finished document ${documentId} after 1 s; get it later with the Get Result operation, this service ID and this document ID (item 1)`,
		);
		expect(error.description).toMatch(/Max Wait/);
	});

	test('Get Result of an unknown document: a 404 naming it', async () => {
		const result = await runBiros(server, {
			operation: 'getResult',
			documentId: 'no-such-document',
		});
		expect((result.error as Error).message).toBe(
			'No document no-such-document: check the Document ID (Submit\'s `document_id`) and that Service ID "svc-health-card" is the one it was submitted to (item 1)',
		);
	});

	test('a result check whose connection broke is repeated (reads are safe to repeat)', async () => {
		server.setProcessingMs(0);
		await runBiros(server, { operation: 'submit' }, { items: [pdfItem()] });
		const documentId = server.requestsOf('submit')[0].documentId;
		server.inject('result', 'reset');
		const result = await runBiros(server, { operation: 'getResult', documentId });
		expect(result.items[0].json.FiscalCode).toBe('VRDGPP13R10B293P');
		expect(server.requestsOf('result')).toHaveLength(2);
	});

	test('cancelling the execution while a document is being waited for stops at once, without error items', async () => {
		server.setProcessingMs(60_000);
		const result = await runBiros(
			server,
			{ mode: 'async' },
			{
				items: [pdfItem()],
				continueOnFail: true,
				onStarted: (cancel) => {
					const timer = setInterval(() => {
						if (server.requestsOf('result').length > 0) {
							clearInterval(timer);
							cancel();
						}
					}, 10);
				},
			},
		);
		expect(result.run.status).toBe('canceled');
		expect(result.items.filter((item) => item.json.error !== undefined)).toEqual([]);
		// No check is made after the cancellation (the poll interval is 1 s).
		const checks = server.requestsOf('result').length;
		await new Promise((resolve) => setTimeout(resolve, 1_200));
		expect(server.requestsOf('result')).toHaveLength(checks);
	});
});
