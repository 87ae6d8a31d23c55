/** Fault 1: 429 Too Many Requests with Retry-After, in seconds and as an HTTP-date. */
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

const TOO_MANY = { status: 429, fixture: 'errors/error_429_too_many_requests.json' };

test('429 with Retry-After in seconds: the submit waits that long, is sent again once, and the batch succeeds', async () => {
	// Jobs take a while, so the other items are polling while the refused one waits.
	server.setProcessingMs(400);
	server.inject('submit', { ...TOO_MANY, headers: { 'retry-after': '1' } }, 1);
	const result = await run(server, {}, { items: documents(3) });

	expectBatchGuarantees(server, result, 3);
	expect(result.items.filter((item) => item.json.error)).toEqual([]);
	const [refused] = server.requestsOf('submit').filter((request) => request.status === 429);
	const again = server
		.requestsOf('submit')
		.filter((request) => request.received.sha256 === refused.received.sha256);
	expect(again.map((request) => request.status)).toEqual([429, 202]);
	// Waited what Mindee asked (1 s); a lower bound only, never flaky.
	expect(again[1].time - refused.time).toBeGreaterThanOrEqual(950);
	// The limiter is shared: the whole batch held back (the other items' polls too), not only the refused item.
	const during = server.requests.filter(
		(request) => request.time > refused.time + 250 && request.time < refused.time + 900,
	);
	expect(during).toEqual([]);
});

test('429 with Retry-After as an HTTP-date: waited until that date, then succeeds', async () => {
	// A whole second at least 1 s ahead, as an IMF-fixdate (HTTP-dates have no milliseconds).
	const headers = () => ({
		'retry-after': new Date(Math.ceil(Date.now() / 1000) * 1000 + 1000).toUTCString(),
	});
	server.inject('submit', { ...TOO_MANY, headers }, 1);
	const result = await run(server, {}, { items: documents(2) });

	expectBatchGuarantees(server, result, 2);
	expect(result.items.filter((item) => item.json.error)).toEqual([]);
	const [refused] = server.requestsOf('submit').filter((request) => request.status === 429);
	const retry = server
		.requestsOf('submit')
		.find(
			(request) => request.status === 202 && request.received.sha256 === refused.received.sha256,
		)!;
	// Read as a date (>= 1 s away), not ignored (the ~0.5 s default backoff would come sooner).
	expect(retry.time - refused.time).toBeGreaterThanOrEqual(900);
});

test('429 on queue checks and on the document: waited out the same way', async () => {
	server.inject('queue', { ...TOO_MANY, headers: { 'retry-after': '0' } }, 2);
	server.inject('document', { ...TOO_MANY, headers: { 'retry-after': '0' } }, 1);
	const result = await run(server, {}, { items: documents(2) });
	expectBatchGuarantees(server, result, 2);
	expect(result.items.filter((item) => item.json.error)).toEqual([]);
	expect(server.requests.filter((request) => request.status === 429)).toHaveLength(3);
});

test("Mindee's own rate limit (sliding window) on a batch: every document parsed once, none lost", async () => {
	const limited = await startServer({ processingMs: 0, limits: { perSecond: 5 } });
	try {
		// The node's own limiter is off, so the API's 429s are what paces the batch.
		const result = await run(limited, { options: { concurrency: 4 } }, { items: documents(4) });
		expectBatchGuarantees(limited, result, 4);
		expect(result.items.filter((item) => item.json.error)).toEqual([]);
		expect(limited.rateLimited).toBeGreaterThan(0);
		expect(limited.requestsOf('submit').filter((request) => request.status === 202)).toHaveLength(
			4,
		);
	} finally {
		await limited.close();
	}
});

test("a rate limit that never lifts: bounded attempts, then an error item with Mindee's code; the rest of the batch is parsed", async () => {
	server.inject('submit', { ...TOO_MANY, headers: { 'retry-after': '1' } }, 12);
	const result = await run(server, { options: { concurrency: 1 } }, { items: documents(3) });

	expectBatchGuarantees(server, result, 3);
	const refused = server.requestsOf('submit').filter((request) => request.status === 429);
	expect(refused).toHaveLength(12);
	const index = itemIndexOf(refused[0]);
	expect(new Set(refused.map(itemIndexOf))).toEqual(new Set([index]));
	expect(result.items[index].json).toMatchObject({
		error: expect.stringMatching(
			/^Mindee's rate limit was still reached after waiting and retrying \(429 Too Many Requests\) \(item \d, "invoice-\d\.pdf"\)$/,
		),
		error_description: expect.stringMatching(/Requests Per Second/),
		error_api_code: 'TooManyRequests',
		error_http_status: 429,
	});
	expect(result.items.filter((item) => item.json.error)).toHaveLength(1);
}, 30_000);

test('a Retry-After longer than the node waits fails the item at once, saying how long Mindee asked for', async () => {
	server.inject('submit', { ...TOO_MANY, headers: { 'retry-after': '3600' } }, 1);
	const result = await run(server, { options: { concurrency: 1 } }, { items: documents(2) });

	expectBatchGuarantees(server, result, 2);
	const [refused] = server.requestsOf('submit').filter((request) => request.status === 429);
	const index = itemIndexOf(refused);
	expect(result.items[index].json).toMatchObject({
		error: expect.stringMatching(
			/^Mindee asked to wait 3600 s before the next request \(429 Too Many Requests\), longer than the node waits \(120 s\)/,
		),
		error_http_status: 429,
		error_retry_after_seconds: 3600,
	});
	expect(result.items[1 - index].json.error).toBeUndefined();
	// The refused document was never sent again.
	expect(
		server
			.requestsOf('submit')
			.filter((request) => request.received.sha256 === refused.received.sha256),
	).toHaveLength(1);
});

test('nothing logged while these faults ran contains a secret', () => {
	expect(logs.lines().length).toBeGreaterThan(0);
	expectNoSecrets(...logs.everything());
});
