/**
 * The cross-cutting guarantees, with many faults at once in one batch: N in → N out in order with
 * pairedItem, no document processed twice, every failure an error item naming its item, and no secret in
 * any item, error, error detail or log line.
 */
import {
	captureLogs,
	documents,
	expectBatchGuarantees,
	expectNoSecrets,
	itemIndexOf,
	run,
	SECRETS,
	API_KEY,
	WEBHOOK_SECRET,
	startServer,
} from './helpers';
import type { FakeMindee } from '../mindee/setup';

const logs = captureLogs();
let server: FakeMindee;
afterEach(async () => await server?.close());

test('12 documents, every kind of fault at once: 12 items in order, the right ones failed, none processed twice', async () => {
	server = await startServer({
		processingMs: 300,
		jobOutcome: (job: Record<string, unknown>) =>
			job.fileName === 'invoice-7.pdf'
				? 'failed'
				: job.fileName === 'invoice-9.pdf'
					? 'never'
					: 'completed',
	});
	server.inject(
		'submit',
		{
			status: 429,
			fixture: 'errors/error_429_too_many_requests.json',
			headers: { 'retry-after': '0' },
		},
		1,
	);
	server.inject(
		'submit',
		{ status: 503, fixture: 'errors/error_50x.html', contentType: 'text/html' },
		1,
	);
	server.inject('submit', 'reset-after-accept', 1);
	// Three read faults: even all on one job, they stay within its four attempts.
	server.inject('queue', 'reset', 1);
	server.inject(
		'queue',
		{ status: 503, fixture: 'errors/error_50x.html', contentType: 'text/html' },
		1,
	);
	server.inject('queue', 'stall-headers', 1);
	server.inject('document', 'stall-body', 1);
	server.inject('document', { status: 200, body: '{"document": {"id": "trunc' }, 1);

	const result = await run(
		server,
		{ options: { concurrency: 4, maxWait: 3, requestTimeout: 0.5 } },
		{ items: documents(12) },
	);

	expectBatchGuarantees(server, result, 12);
	const lost = itemIndexOf(
		server.requestsOf('submit').find((request) => request.fault === 'reset-after-accept')!,
	);
	const malformed = result.items.findIndex((item) => /not JSON/.test(String(item.json.error)));
	expect(malformed).toBeGreaterThanOrEqual(0);
	expect(result.items[malformed].json.error_job_id).toEqual(expect.any(String));

	const failedIndexes = result.items.flatMap((item, index) => (item.json.error ? [index] : []));
	expect(failedIndexes.sort((a, b) => a - b)).toEqual(
		[7, 9, lost, malformed].sort((a, b) => a - b),
	);
	expect(result.items[7].json.error).toMatch(/^Mindee could not process the document/);
	expect(result.items[9].json.error).toMatch(/^Mindee job [\w-]+ was not done after 3 s/);
	expect(result.items[lost].json.error).toMatch(/^The connection to Mindee broke during POST/);
	// Every other item is its own document, in input order.
	result.items.forEach((item, index) => {
		if (!item.json.error) expect(item.json._filename).toBe(`invoice-${index}.pdf`);
	});
	// Every input reached Mindee exactly once (the 429 and 503 refusals aside).
	expect(new Set(server.requestsOf('submit').map(itemIndexOf))).toEqual(
		new Set(Array.from({ length: 12 }, (_, index) => index)),
	);
}, 20_000);

test('Mindee echoing the API key and the webhook secret in an error: redacted from message, description and details', async () => {
	server = await startServer({ processingMs: 0 });
	const echo = {
		api_request: {
			error: {
				code: 'BadRequest',
				message: `Invalid token ${API_KEY}`,
				details: `Header was Token ${API_KEY}, secret ${WEBHOOK_SECRET}`,
			},
		},
	};
	server.inject('submit', { status: 400, body: echo }, 2);

	const items = await run(server, { options: { concurrency: 1 } }, { items: documents(1) });
	expect(items.items[0].json).toMatchObject({
		error: expect.stringContaining('Invalid token ***'),
		error_api_code: 'BadRequest',
		error_http_status: 400,
	});
	expectNoSecrets(items.items, items.run);

	const failed = await run(server, {}, { items: documents(1), continueOnFail: false });
	const error = failed.error as unknown as {
		message: string;
		errorResponse: { body: unknown };
		messages: string[];
	};
	expect(error.message).toContain('Invalid token ***');
	expect(JSON.stringify(error.errorResponse.body)).toContain('Header was Token ***, secret ***');
	expectNoSecrets(failed.run, error, error.messages);
});

test('without Continue On Fail: the first failure fails the node with a NodeApiError naming the item, and no later document is submitted', async () => {
	server = await startServer({ processingMs: 0 });
	server.inject(
		'submit',
		{
			status: 403,
			body: {
				api_request: {
					error: {
						code: 'PlanLimitReached',
						message: 'Page limit reached',
						details: 'Upgrade your plan',
					},
				},
			},
		},
		1,
	);
	const { run: execution, error } = await run(
		server,
		{ options: { concurrency: 1 } },
		{ items: documents(3), continueOnFail: false },
	);

	expect(execution.status).toBe('error');
	const apiError = error as unknown as {
		name: string;
		message: string;
		description: string;
		httpCode: string;
		context: { itemIndex: number };
		errorResponse: Record<string, unknown>;
	};
	expect(apiError.name).toBe('NodeApiError');
	expect(apiError.message).toBe(
		'Mindee refused the request (403 Forbidden): Page limit reached: Upgrade your plan (item 1, "invoice-0.pdf")',
	);
	expect(apiError.description).toMatch(/page quota/);
	expect(apiError.httpCode).toBe('403');
	expect(apiError.context.itemIndex).toBe(0);
	// The API's own code and raw answer are in the details.
	expect(apiError.errorResponse).toMatchObject({
		code: 'DOCPARSE_HTTP_STATUS',
		apiCode: 'PlanLimitReached',
		status: 403,
		body: { api_request: { error: { code: 'PlanLimitReached' } } },
	});
	expect(server.requestsOf('submit')).toHaveLength(1);
	expectNoSecrets(execution);
});

test("the log capture works (it saw the engine's own lines), and nothing logged contains a secret", () => {
	const lines = logs.lines();
	expect(
		lines.some((line) => /Running node "Node Under Test" finished with error/.test(line)),
	).toBe(true);
	expect(lines.some((line) => /Workflow execution finished with error/.test(line))).toBe(true);
	expectNoSecrets(...logs.everything());
	expect(SECRETS).toHaveLength(2);
});
