/** Fault 2: 503 with the gateway's HTML page: bounded retries with growing backoff, then a clear error. */
import type { NodeApiError } from 'n8n-workflow';

import {
	captureLogs,
	documents,
	expectBatchGuarantees,
	expectNoSecrets,
	itemIndexOf,
	run,
	startServer,
} from './helpers';
import type { FakeMindee } from '../mindee/setup';

const logs = captureLogs();
let server: FakeMindee;
beforeEach(async () => {
	server = await startServer({ processingMs: 0 });
});
afterEach(async () => await server.close());

const GATEWAY_PAGE = { status: 503, fixture: 'errors/error_50x.html', contentType: 'text/html' };

test('503 HTML on the submit, twice: sent again after a growing backoff, then parsed; the API processed it once', async () => {
	server.inject('submit', GATEWAY_PAGE, 2);
	const result = await run(server, { options: { concurrency: 1 } }, { items: documents(3) });

	expectBatchGuarantees(server, result, 3);
	expect(result.items.filter((item) => item.json.error)).toEqual([]);
	const attempts = server
		.requestsOf('submit')
		.filter((request) => itemIndexOf(request) === itemIndexOf(server.requestsOf('submit')[0]));
	expect(attempts.map((request) => request.status)).toEqual([503, 503, 202]);
	// Backoff (0.5 s then 1 s, ±25 % jitter): lower bounds only.
	expect(attempts[1].time - attempts[0].time).toBeGreaterThanOrEqual(350);
	expect(attempts[2].time - attempts[1].time).toBeGreaterThanOrEqual(700);
});

test('503 HTML on queue checks and on the document fetch: retried, the batch completes', async () => {
	server.inject('queue', GATEWAY_PAGE, 1);
	server.inject('document', GATEWAY_PAGE, 1);
	const result = await run(server, {}, { items: documents(2) });
	expectBatchGuarantees(server, result, 2);
	expect(result.items.filter((item) => item.json.error)).toEqual([]);
	expect(server.requests.filter((request) => request.status === 503)).toHaveLength(2);
});

test('503 that persists: 4 attempts, then a NodeApiError naming the item, with the gateway page in its details', async () => {
	server.inject('submit', GATEWAY_PAGE, 100);
	const result = await run(server, {}, { items: documents(1), continueOnFail: false });

	expect(result.run.status).toBe('error');
	// The run keeps a plain copy of the node's error, as n8n stores and shows it.
	const error = result.error as unknown as NodeApiError;
	expect(error.name).toBe('NodeApiError');
	expect(error.message).toBe('Mindee is unavailable (503) (item 1, "invoice-0.pdf")');
	expect(error.description).toMatch(/did not process the request, even after retries/);
	expect(error.httpCode).toBe('503');
	expect(error.context.itemIndex).toBe(0);
	expect(error.errorResponse).toMatchObject({
		code: 'DOCPARSE_HTTP_STATUS',
		status: 503,
		body: expect.stringContaining('currently unavailable'),
	});
	expect(server.requestsOf('submit').map((request) => request.status)).toEqual([
		503, 503, 503, 503,
	]);
	expectNoSecrets(result.run, error);
}, 15_000);

test('503 that persists, under Continue On Fail: one error item for that document, the others parsed', async () => {
	server.inject('submit', GATEWAY_PAGE, 4);
	const result = await run(server, { options: { concurrency: 1 } }, { items: documents(3) });

	expectBatchGuarantees(server, result, 3);
	const index = itemIndexOf(server.requestsOf('submit')[0]);
	expect(result.items[index].json).toMatchObject({
		error: expect.stringMatching(/^Mindee is unavailable \(503\) \(item \d/),
		error_http_status: 503,
	});
	expect(result.items.filter((item) => item.json.error)).toHaveLength(1);
}, 15_000);

test('503 with a Retry-After beyond the longest wait: fails at once instead of hanging for minutes', async () => {
	server.inject('submit', { ...GATEWAY_PAGE, headers: { 'retry-after': '3600' } }, 1);
	const result = await run(server, { options: { concurrency: 1 } }, { items: documents(2) });

	expectBatchGuarantees(server, result, 2);
	const index = itemIndexOf(server.requestsOf('submit')[0]);
	expect(result.items[index].json).toMatchObject({
		error: expect.stringMatching(
			/^Mindee is unavailable \(503\) and asked to retry in 3600 s, longer than the node waits \(120 s\)/,
		),
		error_http_status: 503,
	});
	expect(server.requestsOf('submit')).toHaveLength(2);
});

test('502 and 504 on a submit are not retried (the gateway may have passed it on); on reads they are', async () => {
	server.inject(
		'submit',
		{ status: 502, fixture: 'errors/error_50x.html', contentType: 'text/html' },
		1,
	);
	server.inject(
		'queue',
		{ status: 504, fixture: 'errors/error_50x.html', contentType: 'text/html' },
		1,
	);
	const result = await run(server, { options: { concurrency: 1 } }, { items: documents(2) });

	expectBatchGuarantees(server, result, 2);
	const failed = server.requestsOf('submit').find((request) => request.status === 502)!;
	expect(result.items[itemIndexOf(failed)].json).toMatchObject({
		error: expect.stringMatching(/^Mindee is unavailable \(502\)/),
		error_http_status: 502,
	});
	expect(server.requestsOf('submit')).toHaveLength(2);
	expect(result.items.filter((item) => item.json.error)).toHaveLength(1);
	expect(server.requestsOf('queue').map((request) => request.status)).toContain(504);
});

test('nothing logged while these faults ran contains a secret', () => {
	expect(logs.lines().length).toBeGreaterThan(0);
	expectNoSecrets(...logs.everything());
});
