import { pdfItem, samplePdf } from '../harness/files';
import type { FakeBiros } from './setup';
import { birosCredentials, runBiros, startBirosServer, visibleText } from './setup';

let server: FakeBiros;
beforeEach(async () => {
	server = await startBirosServer();
});
afterEach(async () => await server.close());

type ShownError = Error & { description?: string };

describe('API errors become clear node errors', () => {
	test('401: a refused key, named as such, with neither key shown', async () => {
		const wrongKey = 'wrong-biros-key-4242';
		const result = await runBiros(
			server,
			{},
			{ items: [pdfItem('card.pdf')], credentials: birosCredentials(server, wrongKey) },
		);
		const error = result.error as ShownError;
		expect(error.message).toBe('Biros refused the API key (401 Unauthorized) (item 1, "card.pdf")');
		expect(error.description).toMatch(
			/The "Biros \(Docparse\) API" credential needs a key of the Biros account that owns the service/,
		);
		expect(server.requests[0].apiKey).toBe(wrongKey);
		expect(visibleText(result)).not.toContain(wrongKey);
		expect(visibleText(result)).not.toContain(server.apiKey);
	});

	test("403: the quota explanation, with Biros' detail", async () => {
		server.inject('predict', { status: 403, body: { detail: 'Monthly page quota exceeded' } });
		const error = (await runBiros(server, {}, { items: [pdfItem()] })).error as ShownError;
		expect(error.message).toBe(
			'Biros refused the request (403 Forbidden): Monthly page quota exceeded (item 1, "invoice.pdf")',
		);
		expect(error.description).toMatch(/usage quota/);
	});

	test('404: an unknown service is named', async () => {
		const error = (await runBiros(server, { serviceId: 'svc-nope' }, { items: [pdfItem()] }))
			.error as ShownError;
		expect(error.message).toBe(
			'Biros has no service "svc-nope" (404 Not Found): Service svc-nope not found (item 1, "invoice.pdf")',
		);
		expect(error.description).toMatch(/Check the Service ID/);
	});

	test("422: the API's detail says which field is wrong", async () => {
		const error = (
			await runBiros(server, { pushResultOnPlatform: '={{ "sometimes" }}' }, { items: [pdfItem()] })
		).error as ShownError;
		expect(server.requestsOf('predict').map((request) => request.status)).toEqual([422]);
		expect(error.message).toBe(
			"Biros could not process the request (422 Unprocessable Content): push_result_on_platform: value is not a valid enumeration member; permitted: 'never', 'always', 'only_review' (item 1, \"invoice.pdf\")",
		);
		expect(error.description).toMatch(/never, always or only_review/);
	});

	test('429 with Retry-After in seconds is waited out, then the document is predicted', async () => {
		server.inject('predict', {
			status: 429,
			body: { detail: 'Too Many Requests' },
			headers: { 'retry-after': '1' },
		});
		const { items } = await runBiros(server, {}, { items: [pdfItem()] });
		expect(items[0].json.FiscalCode).toBe('VRDGPP13R10B293P');
		expect(server.requestsOf('predict').map((request) => request.status)).toEqual([429, 200]);
	});

	test('429 with Retry-After as an HTTP date is waited out too', async () => {
		const retryAt = new Date(Date.now() + 1500).toUTCString();
		server.inject('predict', {
			status: 429,
			body: { detail: 'Too Many Requests' },
			headers: { 'retry-after': retryAt },
		});
		const { items } = await runBiros(server, {}, { items: [pdfItem()] });
		expect(items[0].json.FiscalCode).toBe('VRDGPP13R10B293P');
		expect(server.requestsOf('predict').map((request) => request.status)).toEqual([429, 200]);
	});

	test('503 is retried with backoff and succeeds when Biros is back', async () => {
		server.inject(
			'predict',
			{ status: 503, body: '<html>Maintenance</html>', contentType: 'text/html' },
			2,
		);
		const { items } = await runBiros(server, {}, { items: [pdfItem()] });
		expect(items[0].json.FiscalCode).toBe('VRDGPP13R10B293P');
		expect(server.requestsOf('predict').map((request) => request.status)).toEqual([503, 503, 200]);
	});

	test('503 that lasts: a few retries, then a clear error', async () => {
		server.inject(
			'predict',
			{ status: 503, body: '<html>Maintenance</html>', contentType: 'text/html' },
			10,
		);
		const error = (await runBiros(server, {}, { items: [pdfItem()] })).error as ShownError;
		expect(server.requestsOf('predict')).toHaveLength(4);
		expect(error.message).toBe(
			'Biros is unavailable (503 Service Unavailable), probably under maintenance (item 1, "invoice.pdf")',
		);
		expect(error.description).toMatch(/Try again in a few minutes/);
	});

	test('500: an internal error, not retried (the document may have been processed)', async () => {
		server.inject('predict', { status: 500, body: { detail: 'Internal Server Error' } });
		const error = (await runBiros(server, {}, { items: [pdfItem()] })).error as ShownError;
		expect(server.requestsOf('predict')).toHaveLength(1);
		expect(error.message).toBe(
			'Biros had an internal error (500 Internal Server Error): Internal Server Error (item 1, "invoice.pdf")',
		);
	});

	test('a predict whose connection broke after sending is not sent again', async () => {
		server.inject('predict', 'reset-after-accept');
		const error = (await runBiros(server, {}, { items: [pdfItem()] })).error as ShownError;
		expect(server.requestsOf('predict')).toHaveLength(1);
		expect(error.description).toMatch(/not sent again/);
	});

	test('a predict with no answer within the request timeout fails without a second upload', async () => {
		server.inject('predict', 'stall-headers');
		const error = (
			await runBiros(server, { options: { requestTimeout: 1 } }, { items: [pdfItem()] })
		).error as ShownError;
		expect(server.requestsOf('predict')).toHaveLength(1);
		expect(error.message).toMatch(
			/^Biros did not answer POST \/api\/inference\/service\/svc-health-card\/async-predict within 1 s/,
		);
		expect(error.description).toMatch(/not sent again/);
	});

	test('a result that is not what the reference page describes names the drifted fields', async () => {
		server.inject('predict', {
			status: 200,
			body: {
				service: 'svc-health-card',
				service_fields: {},
				document: {},
				document_pages: [{ page_index: 'first' }],
			},
		});
		const error = (await runBiros(server, {}, { items: [pdfItem()] })).error as ShownError;
		expect(error.message).toMatch(
			/^Biros sent a prediction result of an unexpected shape \(document_pages\.0\.page_index: Expected number, received string\)/,
		);
	});

	test('a key echoed back by the API is removed from the error', async () => {
		server.inject('predict', {
			status: 422,
			body: { detail: `key ${server.apiKey} may not upload here` },
		});
		const result = await runBiros(server, {}, { items: [pdfItem()] });
		expect((result.error as ShownError).message).toContain('key *** may not upload here');
		expect(visibleText(result)).not.toContain(server.apiKey);
	});
});

describe('Inputs are checked before anything is uploaded', () => {
	test('an empty file, an unsupported type and a too large file fail with what Biros accepts', async () => {
		const result = await runBiros(
			server,
			{},
			{
				continueOnFail: true,
				items: [
					pdfItem('empty.pdf', Buffer.alloc(0)),
					{
						json: {},
						binary: {
							data: {
								data: Buffer.from('just some text'),
								fileName: 'notes.txt',
								mimeType: 'text/plain',
							},
						},
					},
					pdfItem('big.pdf', samplePdf(1, 52_000_000)),
				],
			},
		);
		expect(server.requests).toHaveLength(0);
		expect(result.items.map((item) => item.json.error)).toEqual([
			'The file "empty.pdf" is empty (item 1)',
			'The file "notes.txt" is not a supported document; Biros accepts PDF, JPEG, PNG, TIFF (item 2)',
			'The file "big.pdf" is 52 MB (52000000 bytes); Biros accepts at most 50 MB (50000000 bytes) here (item 3)',
		]);
	});

	test('a missing binary field and an empty service ID are named', async () => {
		const result = await runBiros(
			server,
			{ serviceId: '={{ $json.service }}', binaryPropertyName: '={{ $json.field }}' },
			{
				continueOnFail: true,
				items: [
					{ ...pdfItem(), json: { service: 'svc-health-card', field: 'attachment' } },
					{ ...pdfItem(), json: { service: ' ', field: 'data' } },
				],
			},
		);
		expect(server.requests).toHaveLength(0);
		expect(result.items[0].json.error).toMatch(/attachment/);
		expect(result.items[1].json.error).toBe(
			'The Service ID is empty; copy it from your service on the Biros platform (item 2)',
		);
	});
});

describe('Continue On Fail', () => {
	test('one error item per failed input, in order, among the successful ones, with no key anywhere', async () => {
		server.inject('predict', { status: 403, body: { detail: 'Monthly page quota exceeded' } });
		const services = [
			'svc-invoices',
			'svc-nope',
			'svc-health-card',
			'svc-health-card',
			'svc-invoices',
		];
		const result = await runBiros(
			server,
			{ serviceId: '={{ $json.service }}', options: { concurrency: 1 } },
			{
				continueOnFail: true,
				items: services.map((service, index) => ({
					...pdfItem(`doc-${index}.pdf`),
					json: { service },
				})),
			},
		);
		const { items } = result;
		expect(items).toHaveLength(5);
		expect(items.map((item) => item.pairedItem)).toEqual(services.map((_, item) => ({ item })));
		// The first upload got the injected 403.
		expect(items[0].json).toMatchObject({
			error:
				'Biros refused the request (403 Forbidden): Monthly page quota exceeded (item 1, "doc-0.pdf")',
			error_http_status: 403,
		});
		expect(items[1].json).toMatchObject({
			error: expect.stringMatching(/^Biros has no service "svc-nope"/),
			error_http_status: 404,
		});
		expect(items[1].json.error_description).toMatch(/Check the Service ID/);
		expect(
			items.slice(2).map((item) => (item.json.document as { original_name: string }).original_name),
		).toEqual(['doc-2.pdf', 'doc-3.pdf', 'doc-4.pdf']);
		expect(visibleText(result)).not.toContain(server.apiKey);
	});
});
