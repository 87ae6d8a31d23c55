/**
 * The transport faults of the suite, run against every service (SERVICES): broken, refused, stalled and
 * unavailable connections around the upload and around the checks of its result. Whatever the service:
 * N in → N out with pairedItem, an upload that may have been received is never sent again, one that
 * provably was not (connect refused, 503) is, reads are repeated, and no secret shows anywhere.
 */
import { createServer } from 'node:net';

import {
	captureLogs,
	documents,
	expectBatchGuarantees,
	expectNoSecrets,
	itemIndexOf,
	sleep,
} from './helpers';
import { SERVICES } from './services';
import type { FakeServer } from './services';

const logs = captureLogs();

/** A local port with nothing listening on it (connections are refused). */
async function freePort(): Promise<number> {
	const probe = createServer();
	await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
	const { port } = probe.address() as { port: number };
	await new Promise((resolve) => probe.close(resolve));
	return port;
}

const GATEWAY_PAGE = {
	status: 503,
	body: '<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>',
	contentType: 'text/html',
};

describe.each(SERVICES)('$name', (service) => {
	let server: FakeServer;
	beforeEach(async () => {
		server = await service.start({ processingMs: 0 });
	});
	afterEach(async () => await server.close());

	const run = async (
		target: FakeServer | { url: string },
		options: Record<string, unknown>,
		count: number,
		continueOnFail = true,
	) =>
		await service.run(
			target as FakeServer,
			{ ...service.submitAndWait, options: options as never },
			{
				items: documents(count),
				continueOnFail,
				credentials: {
					[service.credentialType]: { apiKey: (server ?? target).apiKey, baseUrl: target.url },
				},
			},
		);

	const uploads = () => server.requestsOf(service.kinds.submit);

	test.each(['reset', 'reset-after-accept'])(
		'%s on the upload: that item fails saying the document may have reached the API, and it is not sent again',
		async (fault) => {
			server.inject(service.kinds.submit, fault, 1);
			const result = await run(server, { concurrency: 1 }, 3);
			expectBatchGuarantees(server as never, result, 3, service.documentFields);
			const index = itemIndexOf(uploads()[0]);
			expect(result.items[index].json).toMatchObject({
				error: expect.stringMatching(
					new RegExp(
						`^The connection to ${service.says} broke during POST .* \\(item ${index + 1}, `,
					),
				),
				error_code: 'DOCPARSE_CONNECTION_LOST',
				error_description: expect.stringMatching(
					new RegExp(`may have reached ${service.says}, so it was not sent again`),
				),
			});
			expect(uploads()).toHaveLength(3);
			expect(result.items.filter((item) => item.json.error)).toHaveLength(1);
		},
	);

	test.each([
		['stall-headers', 'did not answer'],
		['stall-body', 'did not finish answering'],
	])(
		'the upload answer stalls (%s): the item fails after the request timeout, not sent again',
		async (fault, said) => {
			server.inject(service.kinds.submit, fault, 1);
			const result = await run(server, { concurrency: 1, requestTimeout: 0.4 }, 2);
			expectBatchGuarantees(server as never, result, 2, service.documentFields);
			const index = itemIndexOf(uploads()[0]);
			expect(result.items[index].json).toMatchObject({
				error: expect.stringMatching(new RegExp(`^${service.says} ${said} POST .* within 0\\.4 s`)),
				error_code: 'DOCPARSE_TIMEOUT',
			});
			expect(uploads()).toHaveLength(2);
		},
	);

	test('503 on the upload, twice: sent again after a growing backoff (the API provably refused it), then accepted', async () => {
		server.inject(service.kinds.submit, GATEWAY_PAGE, 2);
		const result = await run(server, { concurrency: 1 }, 2);
		expectBatchGuarantees(server as never, result, 2, service.documentFields);
		expect(result.items.filter((item) => item.json.error)).toEqual([]);
		const first = uploads()[0];
		const attempts = uploads().filter((request) => itemIndexOf(request) === itemIndexOf(first));
		expect(attempts.map((request) => request.status)).toEqual([503, 503, expect.any(Number)]);
		expect(attempts[1].time - attempts[0].time).toBeGreaterThanOrEqual(350);
		expect(attempts[2].time - attempts[1].time).toBeGreaterThanOrEqual(700);
	});

	test('503 that persists on the upload: 4 attempts, then an error item naming the item', async () => {
		server.inject(service.kinds.submit, GATEWAY_PAGE, 100);
		const result = await run(server, {}, 1);
		expectBatchGuarantees(server as never, result, 1, service.documentFields);
		expect(result.items[0].json).toMatchObject({
			error: expect.stringMatching(
				new RegExp(`^${service.says} is unavailable \\(503.*\\(item 1, `),
			),
			error_http_status: 503,
		});
		expect(uploads().map((request) => request.status)).toEqual([503, 503, 503, 503]);
	}, 15_000);

	test('429 with Retry-After: the upload waits that long, is sent again once, and succeeds', async () => {
		server.inject(
			service.kinds.submit,
			{ status: 429, body: {}, headers: { 'retry-after': '1' } },
			1,
		);
		const result = await run(server, {}, 2);
		expectBatchGuarantees(server as never, result, 2, service.documentFields);
		expect(result.items.filter((item) => item.json.error)).toEqual([]);
		const [refused] = uploads().filter((request) => request.status === 429);
		const again = uploads().filter((request) => itemIndexOf(request) === itemIndexOf(refused));
		expect(again).toHaveLength(2);
		expect(again[1].time - refused.time).toBeGreaterThanOrEqual(950);
	});

	test('connection refused (nothing reached the API): retried, and accepted once the API is back', async () => {
		const port = await freePort();
		let late: FakeServer | undefined;
		const starting = sleep(150).then(async () => (late = await service.start({ port } as never)));
		try {
			const result = await run({ url: `http://127.0.0.1:${port}` }, {}, 2);
			await starting;
			expectBatchGuarantees(late! as never, result, 2, service.documentFields);
			expect(result.items.filter((item) => item.json.error)).toEqual([]);
			expect(late!.requestsOf(service.kinds.submit)).toHaveLength(2);
		} finally {
			await starting;
			await late?.close();
		}
	});

	test('connection refused for good: bounded attempts, then an actionable error naming the item', async () => {
		const port = await freePort();
		const result = await run({ url: `http://127.0.0.1:${port}` }, {}, 1, false);
		expect(result.error?.message).toBe(
			`Could not connect to ${service.says} at http://127.0.0.1:${port} (ECONNREFUSED); check the base URL in the credential and your network (item 1, "invoice-0.pdf")`,
		);
		expectNoSecrets(result.run);
	}, 15_000);

	test('connection reset on result checks: the checks are repeated and every document is parsed, each sent once', async () => {
		server.setProcessingMs(300);
		server.inject(service.kinds.check, 'reset', 3);
		const result = await run(server, {}, 3);
		expectBatchGuarantees(server as never, result, 3, service.documentFields);
		expect(result.items.filter((item) => item.json.error)).toEqual([]);
		expect(uploads()).toHaveLength(3);
	});

	test('a result check that stalls is repeated, and the document is parsed', async () => {
		server.setProcessingMs(300);
		server.inject(service.kinds.check, 'stall-headers', 1);
		const result = await run(server, { requestTimeout: 0.3 }, 2);
		expectBatchGuarantees(server as never, result, 2, service.documentFields);
		expect(result.items.filter((item) => item.json.error)).toEqual([]);
	});

	test('result checks that keep failing: bounded attempts, then an error with the id to get the result later', async () => {
		server.setProcessingMs(60_000);
		server.inject(service.kinds.check, 'reset', 100);
		const result = await run(server, {}, 1);
		expectBatchGuarantees(server as never, result, 1, service.documentFields);
		const id = service.resultIdOf(uploads()[0]);
		expect(result.items[0].json).toMatchObject({
			error: expect.stringMatching(
				new RegExp(`^The connection to ${service.says} broke during GET`),
			),
			error_description: expect.stringContaining(`${id}: get its result later with the Get Result`),
		});
		expect(server.requestsOf(service.kinds.check)).toHaveLength(4);
	}, 15_000);

	test('nothing logged while these faults ran contains a secret', () => {
		expect(logs.lines().length).toBeGreaterThan(0);
		expectNoSecrets(...logs.everything());
	});
});

describe.each(SERVICES)('$name credential values', (service) => {
	let server: FakeServer;
	beforeEach(async () => {
		server = await service.start({ processingMs: 0 });
	});
	afterEach(async () => await server.close());

	const runWithKey = async (apiKey: string) =>
		await service.run(server, service.submitAndWait, {
			items: documents(2),
			continueOnFail: true,
			credentials: { [service.credentialType]: { apiKey, baseUrl: ` ${server.url}/ \n` } },
		});

	test('a key and base URL pasted with spaces and a trailing newline are trimmed', async () => {
		const result = await runWithKey(` ${server.apiKey}\n`);
		expect(result.items.filter((item) => item.json.error)).toEqual([]);
	});

	test('a line break inside the key: each item fails with a credential error, and nothing is sent', async () => {
		const key = `${server.apiKey.slice(0, 5)}\r\n${server.apiKey.slice(5)}`;
		const result = await runWithKey(key);
		expect(result.items).toHaveLength(2);
		for (const item of result.items) {
			expect(item.json.error).toMatch(
				new RegExp(`^The ${service.says} credential's API key contains a line break`),
			);
			expect(item.json.error).not.toMatch(/connection|may have reached/i);
		}
		expect(server.requests).toHaveLength(0);
		expectNoSecrets(result.items);
	});
});
