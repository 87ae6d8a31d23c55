/**
 * Fault 5: a response that stalls (headers never come, the body stops, or the body trickles forever):
 * the per-request timeout ends it with a clear error; nothing waits forever.
 */
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

const SUBMIT = 'POST /v1/products/mindee/invoices/v4/predict_async';

test.each([
	['stall-headers', 'did not answer'],
	['stall-body', 'did not finish answering'],
	['trickle-body', 'did not finish answering'],
])(
	'submit answer %s: the item fails after the request timeout, the document is not sent again',
	async (fault, said) => {
		server.inject('submit', fault, 1);
		const result = await run(
			server,
			{ options: { requestTimeout: 0.4, concurrency: 1 } },
			{ items: documents(2) },
		);

		expectBatchGuarantees(server, result, 2);
		const stalled = server.requestsOf('submit')[0];
		const index = itemIndexOf(stalled);
		expect(result.items[index].json).toMatchObject({
			error: `Mindee ${said} ${SUBMIT} within 0.4 s (item ${index + 1}, "invoice-${index}.pdf")`,
			error_code: 'DOCPARSE_TIMEOUT',
			error_description: expect.stringMatching(/may have reached Mindee, so it was not sent again/),
		});
		expect(server.requestsOf('submit')).toHaveLength(2);
		expect(result.items.filter((item) => item.json.error)).toHaveLength(1);
		// The stalled exchange was closed by the node, not left open.
		expect(stalled.closedAt).toBeDefined();
	},
);

test('a queue check that never answers, again and again: bounded attempts, then the timeout error with the job ID', async () => {
	server.setProcessingMs(60_000);
	server.inject('queue', 'stall-headers', 100);
	const result = await run(server, { options: { requestTimeout: 0.3 } }, { items: documents(1) });

	expectBatchGuarantees(server, result, 1);
	const jobId = server.requestsOf('submit')[0].jobId;
	expect(result.items[0].json).toMatchObject({
		error: expect.stringMatching(
			/^Mindee did not answer GET \/v1\/products\/mindee\/invoices\/v4\/documents\/queue\/[\w-]+ within 0\.3 s \(item 1, "invoice-0\.pdf"\)$/,
		),
		error_description: expect.stringMatching(
			new RegExp(
				`Raise the Request Timeout option.*submitted as job ${jobId}: get its result later`,
			),
		),
		error_job_id: jobId,
	});
	expect(server.requestsOf('queue')).toHaveLength(4);
}, 15_000);

test('a document that trickles forever on a read: ended by the timeout and fetched again', async () => {
	server.inject('document', 'trickle-body', 1);
	const result = await run(server, { options: { requestTimeout: 0.4 } }, { items: documents(1) });
	expectBatchGuarantees(server, result, 1);
	expect(result.items[0].json.error).toBeUndefined();
	expect(server.requestsOf('document').map((request) => request.fault)).toEqual([
		'trickle-body',
		undefined,
	]);
});

test('synchronous predict that stalls: timeout error, not sent again', async () => {
	server.inject('predict', 'stall-headers', 1);
	const result = await run(
		server,
		{ options: { mode: 'sync', requestTimeout: 0.4 } },
		{ items: documents(1) },
	);
	expectBatchGuarantees(server, result, 1);
	expect(result.items[0].json.error).toMatch(
		/^Mindee did not answer POST \/v1\/products\/mindee\/invoices\/v4\/predict within 0\.4 s/,
	);
	expect(server.requestsOf('predict')).toHaveLength(1);
});

test('nothing logged while these faults ran contains a secret', () => {
	expect(logs.lines().length).toBeGreaterThan(0);
	expectNoSecrets(...logs.everything());
});
