/**
 * Fault 3: the connection breaks around a submit. Mindee may have received (and will bill) the document,
 * so it is never sent again; only a failed connect (nothing reached the API) is retried.
 */
import { createServer } from 'node:net';

import {
	captureLogs,
	documents,
	expectBatchGuarantees,
	expectNoSecrets,
	itemIndexOf,
	run,
	sleep,
	startServer,
} from './helpers';
import type { FakeMindee } from '../mindee/setup';

const logs = captureLogs();
let server: FakeMindee;
beforeEach(async () => {
	server = await startServer({ processingMs: 0 });
});
afterEach(async () => await server.close());

/** A local port with nothing listening on it (connections are refused). */
async function freePort(): Promise<number> {
	const probe = createServer();
	await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
	const { port } = probe.address() as { port: number };
	await new Promise((resolve) => probe.close(resolve));
	return port;
}

test.each([
	['reset-after-accept', 'Mindee created the job, then the connection broke'],
	['reset', 'the connection broke before Mindee answered'],
])(
	'%s on a submit (%s): the item fails with what is known, the document is not sent again',
	async (fault) => {
		server.inject('submit', fault, 1);
		const result = await run(server, { options: { concurrency: 1 } }, { items: documents(3) });

		expectBatchGuarantees(server, result, 3);
		const broken = server.requestsOf('submit')[0];
		const index = itemIndexOf(broken);
		expect(result.items[index].json).toMatchObject({
			error: expect.stringMatching(
				new RegExp(
					`^The connection to Mindee broke during POST /v1/products/mindee/invoices/v4/predict_async \\(\\w+\\) \\(item ${index + 1}, "invoice-${index}\\.pdf"\\)$`,
				),
			),
			error_description: expect.stringMatching(
				/may have reached Mindee, so it was not sent again: a second upload could be processed and billed twice\. Check the Mindee platform/,
			),
			error_code: 'DOCPARSE_CONNECTION_LOST',
		});
		// n8n's generic "you can retry the request immediately" text for ECONNRESET must not replace it.
		expect(result.items[index].json.error).not.toMatch(/retry the request immediately/);
		expect(
			server
				.requestsOf('submit')
				.filter((request) => request.received.sha256 === broken.received.sha256),
		).toHaveLength(1);
		expect(result.items.filter((item) => item.json.error)).toHaveLength(1);
	},
);

test('connection refused (nothing reached the API): the submit is retried, and parsed once the API is back', async () => {
	const port = await freePort();
	const target = { url: `http://127.0.0.1:${port}` };
	let late: FakeMindee | undefined;
	// The API comes up while the node is in its first backoff (at least 375 ms).
	const starting = sleep(150).then(
		async () => (late = await startServer({ processingMs: 0, port })),
	);
	try {
		const result = await run(target, {}, { items: documents(2) });
		await starting;
		expectBatchGuarantees(late!, result, 2);
		expect(result.items.filter((item) => item.json.error)).toEqual([]);
		expect(late!.requestsOf('submit')).toHaveLength(2);
	} finally {
		await starting;
		await late?.close();
	}
});

test("connection refused for good: bounded attempts, then an actionable error naming the item (not n8n's generic text)", async () => {
	const port = await freePort();
	const result = await run(
		{ url: `http://127.0.0.1:${port}` },
		{},
		{ items: documents(1), continueOnFail: false },
	);

	expect(result.run.status).toBe('error');
	const error = result.error!;
	expect(error.message).toBe(
		`Could not connect to Mindee at http://127.0.0.1:${port} (ECONNREFUSED); check the base URL in the credential and your network (item 1, "invoice-0.pdf")`,
	);
	expect((error as unknown as { httpCode: unknown }).httpCode ?? null).toBeNull();
	expect(error.context.itemIndex).toBe(0);
	expectNoSecrets(result.run);
}, 15_000);

test('connection refused under Continue On Fail: error items carry no bogus HTTP status', async () => {
	const port = await freePort();
	const result = await run(
		{ url: `http://127.0.0.1:${port}` },
		{ options: { concurrency: 2 } },
		{ items: documents(2) },
	);
	expect(result.items).toHaveLength(2);
	result.items.forEach((item, index) => {
		expect(item.pairedItem).toEqual({ item: index });
		expect(item.json).toMatchObject({
			error: expect.stringMatching(/^Could not connect to Mindee/),
			error_code: 'DOCPARSE_CONNECT',
		});
		expect(item.json).not.toHaveProperty('error_http_status');
	});
	expectNoSecrets(result.items, result.run);
}, 15_000);

test('500 on a submit is not retried: the API may have started on it', async () => {
	server.inject('submit', { status: 500, fixture: 'errors/error_500_inference_fail.json' }, 1);
	const result = await run(server, { options: { concurrency: 1 } }, { items: documents(2) });
	expectBatchGuarantees(server, result, 2);
	expect(server.requestsOf('submit')).toHaveLength(2);
	const index = itemIndexOf(server.requestsOf('submit')[0]);
	expect(result.items[index].json).toMatchObject({
		error: expect.stringMatching(/^Mindee is unavailable \(500\): Inference failed/),
		error_http_status: 500,
	});
});

test('synchronous predict: a broken connection is not retried either', async () => {
	server.inject('predict', 'reset', 1);
	const result = await run(
		server,
		{ options: { mode: 'sync', concurrency: 1 } },
		{ items: documents(2) },
	);
	expectBatchGuarantees(server, result, 2);
	expect(server.requestsOf('predict')).toHaveLength(2);
	const index = itemIndexOf(server.requestsOf('predict')[0]);
	expect(result.items[index].json.error).toMatch(
		/^The connection to Mindee broke during POST \/v1\/products\/mindee\/invoices\/v4\/predict /,
	);
	expect(result.items[index].json.error_description).toMatch(/not sent again/);
});

test('nothing logged while these faults ran contains a secret', () => {
	expect(logs.lines().length).toBeGreaterThan(0);
	expectNoSecrets(...logs.everything());
});
