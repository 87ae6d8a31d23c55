/**
 * Fault 4: the connection breaks or times out during a queue check or the document fetch. GETs are safe
 * to repeat, so polling resumes; the document is never submitted again.
 */
import {
	captureLogs,
	documents,
	expectBatchGuarantees,
	expectNoSecrets,
	JOB_FIELDS,
	jobIdOf,
	run,
	startServer,
} from './helpers';
import type { FakeMindee } from '../mindee/setup';

const logs = captureLogs();
let server: FakeMindee;
beforeEach(async () => {
	server = await startServer({ processingMs: 300 });
});
afterEach(async () => await server.close());

test('connection reset on queue checks: polling resumes and every document is parsed, each submitted once', async () => {
	server.inject('queue', 'reset', 3);
	const result = await run(server, {}, { items: documents(3) });
	expectBatchGuarantees(server, result, 3);
	expect(result.items.filter((item) => item.json.error)).toEqual([]);
	expect(server.requestsOf('queue').filter((request) => request.fault === 'reset')).toHaveLength(3);
	expect(server.requestsOf('submit')).toHaveLength(3);
});

test('a queue check that times out (no headers) is repeated, and the document is parsed', async () => {
	server.inject('queue', 'stall-headers', 1);
	const result = await run(server, { options: { requestTimeout: 0.3 } }, { items: documents(2) });
	expectBatchGuarantees(server, result, 2);
	expect(result.items.filter((item) => item.json.error)).toEqual([]);
	expect(
		server.requestsOf('queue').filter((request) => request.fault === 'stall-headers'),
	).toHaveLength(1);
});

test('the document fetch broken (reset) or stalled mid-body: fetched again, parsed', async () => {
	server.inject('document', 'reset', 1);
	server.inject('document', 'stall-body', 1);
	const result = await run(server, { options: { requestTimeout: 0.3 } }, { items: documents(2) });
	expectBatchGuarantees(server, result, 2);
	expect(result.items.filter((item) => item.json.error)).toEqual([]);
	expect(
		server
			.requestsOf('document')
			.map((request) => request.fault)
			.filter(Boolean),
	).toEqual(['reset', 'stall-body']);
});

test('queue checks that keep failing: the item fails after bounded retries with its job ID, to fetch later', async () => {
	server.setProcessingMs(60_000);
	server.inject('queue', 'reset', 100);
	const result = await run(server, {}, { items: documents(1) });

	expectBatchGuarantees(server, result, 1);
	const jobId = server.requestsOf('submit')[0].jobId;
	expect(result.items[0].json).toMatchObject({
		error: expect.stringMatching(
			/^The connection to Mindee broke during GET \/v1\/products\/mindee\/invoices\/v4\/documents\/queue\/[\w-]+ \(\w+\) \(item 1, "invoice-0\.pdf"\)$/,
		),
		error_description: expect.stringContaining(
			`The document was submitted as job ${jobId}: get its result later with the Get Result operation and this job ID instead of submitting it again.`,
		),
		error_job_id: jobId,
	});
	expect(server.requestsOf('queue')).toHaveLength(4);
	expect(new Set(server.requestsOf('queue').map(jobIdOf))).toEqual(new Set([jobId]));
}, 15_000);

test('Get Result by job ID resumes the same way after a broken check', async () => {
	const submitted = await run(server, { operation: 'submit' }, { items: documents(2) });
	expectBatchGuarantees(server, submitted, 2, JOB_FIELDS);
	server.inject('queue', 'reset', 2);
	const items = submitted.items.map((item) => ({ json: { job_id: item.json.job_id } }));
	const result = await run(
		server,
		{ operation: 'getResult', jobId: '={{ $json.job_id }}' },
		{ items },
	);
	expectBatchGuarantees(server, result, 2);
	expect(result.items.map((item) => item.json._job_id)).toEqual(
		submitted.items.map((item) => item.json.job_id),
	);
	expect(result.items.filter((item) => item.json.error)).toEqual([]);
	expect(server.requestsOf('submit')).toHaveLength(2);
});

test('nothing logged while these faults ran contains a secret', () => {
	expect(logs.lines().length).toBeGreaterThan(0);
	expectNoSecrets(...logs.everything());
});
