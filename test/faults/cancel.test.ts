/**
 * Fault 10: the execution is cancelled mid-batch (the UI's stop button). All polling stops within 1 s,
 * no new document is submitted, waits (Retry-After, backoff) and stalled requests are abandoned at once.
 */
import {
	captureLogs,
	documents,
	expectNoSecrets,
	receivedHashes,
	run,
	sleep,
	startServer,
} from './helpers';
import type { FakeMindee } from '../mindee/setup';
import type { RunResult } from '../harness/engine';

const logs = captureLogs();
let server: FakeMindee;
afterEach(async () => await server.close());

/** Runs the node and cancels it once `ready()` holds; resolves with the result and when the cancel happened. */
async function runAndCancel(
	parameters: Parameters<typeof run>[1],
	count: number,
	ready: () => boolean,
) {
	let cancelledAt = 0;
	let done = 0;
	const result: RunResult = await run(server, parameters, {
		items: documents(count),
		onStarted: (cancel) => {
			const timer = setInterval(() => {
				if (!ready()) return;
				clearInterval(timer);
				cancelledAt = Date.now();
				cancel();
			}, 10);
		},
	});
	done = Date.now();
	return { result, cancelledAt, done };
}

/**
 * The node's execute() settled within `bound` ms of the cancel (n8n waits for it), every request after the
 * cancel arrived within that bound, and none after it, for a while.
 */
async function expectStoppedAfter(
	{ cancelledAt, done }: { cancelledAt: number; done: number },
	bound = 1000,
) {
	expect(cancelledAt).toBeGreaterThan(0);
	expect(done - cancelledAt).toBeLessThan(bound);
	await sleep(bound + 500);
	const late = server.requests.filter((request) => request.time > cancelledAt + bound);
	expect(late.map((request) => `${request.kind} +${request.time - cancelledAt} ms`)).toEqual([]);
}

test('cancelled while 3 of 8 documents are polling: polling stops within 1 s, the other 5 are never submitted', async () => {
	server = await startServer({ processingMs: 0, jobOutcome: () => 'never' });
	const outcome = await runAndCancel(
		{ options: { concurrency: 3 } },
		8,
		() => server.requestsOf('queue').length >= 6,
	);

	const { result, cancelledAt } = outcome;
	expect(result.run.status).toBe('canceled');
	// Neither results nor error items: a cancel is not a failure of the documents. (Under Continue On Fail
	// n8n itself records the input items as the stopped node's output; nothing runs after it.)
	expect(
		result.items.filter(
			(item) => item.json.error !== undefined || item.json._document_id !== undefined,
		),
	).toEqual([]);
	const submittedAtCancel = server
		.requestsOf('submit')
		.filter((request) => request.time <= cancelledAt);
	expect(submittedAtCancel).toHaveLength(3);
	await expectStoppedAfter(outcome);
	// No new submissions: only the three that were in flight reached Mindee.
	expect(server.requestsOf('submit')).toHaveLength(3);
	const sent = new Set(receivedHashes(server));
	expect(sent.size).toBe(3);
	// Every exchange is over (none left open by the cancelled run).
	expect(server.requests.every((request) => request.closedAt !== undefined)).toBe(true);
});

test('cancelled during the wait between two checks (long poll interval): the wait ends at once', async () => {
	server = await startServer({ processingMs: 0, jobOutcome: () => 'never' });
	// A 10 s interval spaces checks 2 s apart at first: the cancel lands inside such a wait.
	const outcome = await runAndCancel(
		{ options: { pollInterval: 10, concurrency: 2 } },
		2,
		() => server.requestsOf('queue').length >= 2,
	);
	expect(outcome.result.run.status).toBe('canceled');
	await expectStoppedAfter(outcome);
});

test('cancelled while waiting out a long Retry-After: the wait ends at once, nothing more is sent', async () => {
	server = await startServer({ processingMs: 0 });
	server.inject(
		'submit',
		{
			status: 429,
			fixture: 'errors/error_429_too_many_requests.json',
			headers: { 'retry-after': '60' },
		},
		1,
	);
	const outcome = await runAndCancel({ options: { concurrency: 1 } }, 3, () =>
		server.requests.some((request) => request.status === 429),
	);

	const { result } = outcome;
	expect(result.run.status).toBe('canceled');
	await expectStoppedAfter(outcome);
	expect(server.requestsOf('submit')).toHaveLength(1);
});

test('cancelled during retry backoff after 503s: no further attempt', async () => {
	server = await startServer({ processingMs: 0 });
	server.inject(
		'queue',
		{ status: 503, fixture: 'errors/error_50x.html', contentType: 'text/html' },
		100,
	);
	const outcome = await runAndCancel({}, 2, () => server.requestsOf('queue').length >= 2);
	const { result } = outcome;
	expect(result.run.status).toBe('canceled');
	await expectStoppedAfter(outcome);
	expect(server.requestsOf('submit')).toHaveLength(2);
});

test('cancelled while a request is stalled: the request is aborted (its connection closed) within 1 s', async () => {
	server = await startServer({ processingMs: 0 });
	server.inject('queue', 'stall-headers', 1);
	const outcome = await runAndCancel(
		{ options: { requestTimeout: 60 } },
		1,
		() => server.requestsOf('queue').length >= 1,
	);
	const { result } = outcome;
	expect(result.run.status).toBe('canceled');
	await expectStoppedAfter(outcome);
	const stalled = server.requestsOf('queue')[0];
	expect(stalled.closedAt).toBeDefined();
	expect(stalled.closedAt - outcome.cancelledAt).toBeLessThan(1000);
});

test('cancelled while uploads are being sent in sync mode: no new upload starts', async () => {
	server = await startServer({ processingMs: 0 });
	server.inject('predict', 'stall-headers', 2);
	const outcome = await runAndCancel(
		{ options: { mode: 'sync', concurrency: 2, requestTimeout: 60 } },
		6,
		() => server.requestsOf('predict').length >= 2,
	);
	const { result } = outcome;
	expect(result.run.status).toBe('canceled');
	await expectStoppedAfter(outcome);
	expect(server.requestsOf('predict')).toHaveLength(2);
});

test('nothing logged while these faults ran contains a secret', () => {
	expect(logs.lines().length).toBeGreaterThan(0);
	expectNoSecrets(...logs.everything());
});
