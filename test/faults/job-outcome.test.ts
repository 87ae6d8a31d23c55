/**
 * Faults 7 and 8: a job Mindee reports `failed` (error item with Mindee's own detail), and a job that never
 * completes (the maximum wait ends it, with the job ID to fetch it later).
 */
import {
	captureLogs,
	documents,
	expectBatchGuarantees,
	expectNoSecrets,
	JOB_FIELDS,
	jobIdOf,
	run,
	sleep,
	startServer,
} from './helpers';
import type { FakeMindee } from '../mindee/setup';

const logs = captureLogs();
let server: FakeMindee;
afterEach(async () => await server?.close());

/** Mindee's failed-job answer for the job a queue request asks about, with a detail of our choosing. */
const failedJob = (error: object) => (request: { path: string }) => ({
	api_request: {
		error: {},
		resources: ['job'],
		status: 'success',
		status_code: 200,
		url: `https://api.mindee.net${request.path}`,
	},
	job: {
		id: jobIdOf(request),
		status: 'failed',
		issued_at: '2024-02-20T10:31:06.878599',
		available_at: '2024-02-20T10:31:07.878599',
		error,
	},
});

test("a failed job (Mindee's recorded answer): error item with Mindee's message, code and the job ID; the rest parsed", async () => {
	server = await startServer({
		processingMs: 200,
		jobOutcome: (job: Record<string, unknown>) =>
			job.fileName === 'invoice-1.pdf' ? 'failed' : 'completed',
	});
	const result = await run(server, {}, { items: documents(3) });

	expectBatchGuarantees(server, result, 3);
	const jobId = server
		.requestsOf('submit')
		.find((request) => request.received.fileName === 'invoice-1.pdf')!.jobId;
	expect(result.items[1].json).toEqual({
		error: 'Mindee could not process the document: An error occurred (item 2, "invoice-1.pdf")',
		error_description: `Job ID: ${jobId}. Check the file, then submit it again.`,
		error_code: 'DOCPARSE_JOB_FAILED',
		error_api_code: 'ServerError',
		error_job_id: jobId,
		error_file_name: 'invoice-1.pdf',
	});
	expect([0, 2].map((index) => result.items[index].json.error)).toEqual([undefined, undefined]);
	// The failed job was not resubmitted by the node.
	expect(server.requestsOf('submit')).toHaveLength(3);
});

test('a failed job with a detail distinct from its message: both reach the user', async () => {
	server = await startServer({ processingMs: 0 });
	server.inject(
		'queue',
		{
			status: 200,
			body: failedJob({
				code: 'DocumentUnreadable',
				message: 'The document could not be read',
				details: 'Page 1 is password-protected',
			}),
		},
		1,
	);
	const result = await run(server, {}, { items: documents(1) });

	expectBatchGuarantees(server, result, 1);
	expect(result.items[0].json).toMatchObject({
		error:
			'Mindee could not process the document: The document could not be read (item 1, "invoice-0.pdf")',
		error_description: expect.stringMatching(
			/^Page 1 is password-protected\. Job ID: [\w-]+\. Check the file, then submit it again\.$/,
		),
		error_api_code: 'DocumentUnreadable',
	});
});

test('a failed job whose detail is an object: shown as JSON text, never [object Object]', async () => {
	server = await startServer({ processingMs: 0 });
	server.inject(
		'queue',
		{
			status: 200,
			body: failedJob({
				code: 'InvalidFile',
				message: 'Invalid file',
				details: { document: ['pages: 0'] },
			}),
		},
		1,
	);
	const result = await run(server, {}, { items: documents(1) });
	expectBatchGuarantees(server, result, 1);
	expect(result.items[0].json.error_description).toMatch(/^\{"document":\["pages: 0"\]\}\. Job ID/);
});

test('Get Result without waiting, on a failed job: the same error item', async () => {
	server = await startServer({ processingMs: 0, jobOutcome: () => 'failed' });
	const submitted = await run(server, { operation: 'submit' }, { items: documents(2) });
	expectBatchGuarantees(server, submitted, 2, JOB_FIELDS);
	const result = await run(
		server,
		{ operation: 'getResult', jobId: '={{ $json.job_id }}', waitForCompletion: false },
		{ items: submitted.items.map((item) => ({ json: { job_id: item.json.job_id } })) },
	);
	expectBatchGuarantees(server, result, 2);
	result.items.forEach((item, index) => {
		expect(item.json).toMatchObject({
			error: expect.stringMatching(
				/^Mindee could not process the document: An error occurred \(item \d\)$/,
			),
			error_job_id: submitted.items[index].json.job_id,
		});
	});
});

test('a job that never completes: the maximum wait ends it with the job ID in the error; polling stops', async () => {
	server = await startServer({
		processingMs: 0,
		jobOutcome: (job: Record<string, unknown>) =>
			job.fileName === 'invoice-0.pdf' ? 'never' : 'completed',
	});
	const result = await run(server, { options: { maxWait: 1 } }, { items: documents(2) });

	expectBatchGuarantees(server, result, 2);
	const jobId = server
		.requestsOf('submit')
		.find((request) => request.received.fileName === 'invoice-0.pdf')!.jobId;
	expect(result.items[0].json).toMatchObject({
		error: `Mindee job ${jobId} was not done after 1 s; fetch it later with the Get Result operation and this job ID (item 1, "invoice-0.pdf")`,
		error_code: 'DOCPARSE_MAX_WAIT',
		error_job_id: jobId,
	});
	expect(result.items[1].json.error).toBeUndefined();
	expect(server.requestsOf('submit')).toHaveLength(2);

	// Nothing keeps polling once the node has answered.
	const polls = server.requestsOf('queue').length;
	await sleep(600);
	expect(server.requestsOf('queue')).toHaveLength(polls);

	// The job ID is enough to get the result later, without submitting again.
	const later = await run(
		server,
		{ operation: 'getResult', jobId, waitForCompletion: false },
		{ items: [{ json: {} }] },
	);
	expect(later.items).toHaveLength(1);
	expect(later.items[0].json).toMatchObject({ _job_id: jobId, _job_status: 'processing' });
	expect(server.requestsOf('submit')).toHaveLength(2);
});

test('Get Result waiting on a job that never completes: the same bounded wait and job ID', async () => {
	server = await startServer({ processingMs: 0, jobOutcome: () => 'never' });
	const submitted = await run(server, { operation: 'submit' }, { items: documents(1) });
	const jobId = submitted.items[0].json.job_id as string;
	const result = await run(
		server,
		{ operation: 'getResult', jobId, options: { maxWait: 1 } },
		{ items: [{ json: {} }] },
	);
	expectBatchGuarantees(server, result, 1);
	expect(result.items[0].json).toMatchObject({
		error: expect.stringContaining(`Mindee job ${jobId} was not done after 1 s`),
		error_job_id: jobId,
	});
});

test('nothing logged while these faults ran contains a secret', () => {
	expect(logs.lines().length).toBeGreaterThan(0);
	expectNoSecrets(...logs.everything());
});
