import { pdfItem } from '../harness/files';
import type { FakeMindee } from './setup';
import { runMindee, startMindeeServer } from './setup';

let server: FakeMindee;
beforeEach(async () => {
	server = await startMindeeServer({ processingMs: 0 });
});
afterEach(async () => await server.close());

/** What the user reads for each answer of Mindee's (recorded envelopes and gateway page). */
test.each([
	[
		{ status: 401, fixture: 'errors/error_401_invalid_token.json' },
		/^Mindee refused the API key \(401 Unauthorized\) \(item 1, "invoice.pdf"\)$/,
		/Invalid token provided.*credential/,
	],
	[
		{ status: 403, fixture: 'async/post_fail_forbidden.json' },
		/^Mindee refused the request \(403 Forbidden\): This product does not support asynchronous mode/,
		/set the Mode option to Auto or Sync/,
	],
	[
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
		/Mindee refused the request \(403 Forbidden\): Page limit reached: Upgrade your plan/,
		/plan's page quota/,
	],
	[
		{
			status: 404,
			body: {
				api_request: {
					error: { code: 'NotFound', message: 'Not found', details: 'No such product' },
				},
			},
		},
		/Mindee does not know this API or document \(404\)/,
		/account name, endpoint name and version/,
	],
	[
		{ status: 400, fixture: 'errors/error_400_with_object_in_detail.json' },
		/Mindee could not read the file \(400\): \{"document":\["error message"\]\}/,
		/PDF, JPEG, PNG, WEBP, HEIC and TIFF/,
	],
	[
		{ status: 400, fixture: 'errors/error_400_no_details.json' },
		/Mindee could not read the file \(400\): Some scary message here/,
		/20 MB/,
	],
	[{ status: 413, body: '' }, /Mindee could not read the file \(413\)/, /20 MB/],
	[
		{ status: 500, fixture: 'errors/error_500_inference_fail.json' },
		/Mindee is unavailable \(500\): Inference failed/,
		/may have been received.*Check the Mindee platform/,
	],
])('answer %j', async (answer, message, description) => {
	server.inject('submit', answer, 1);
	const { error } = await runMindee(server, {}, { items: [pdfItem()] });
	expect(error?.message).toMatch(message);
	expect(error?.description).toMatch(description);
	expect(server.requestsOf('submit')).toHaveLength(1);
});

test('HTML 502 pages from the gateway on a poll are retried, then reported as Mindee unavailable', async () => {
	server.inject(
		'queue',
		{ status: 502, fixture: 'errors/error_50x.html', contentType: 'text/html' },
		10,
	);
	const { error } = await runMindee(server, {}, { items: [pdfItem()] });
	expect(error?.message).toMatch(/^Mindee is unavailable \(502\)/);
	expect(server.requestsOf('queue')).toHaveLength(4);
	expect(server.requestsOf('submit')).toHaveLength(1);
});

test('429 with Retry-After is waited out, then the document is parsed', async () => {
	server.inject(
		'submit',
		{
			status: 429,
			fixture: 'errors/error_429_too_many_requests.json',
			headers: { 'retry-after': '1' },
		},
		1,
	);
	const { items } = await runMindee(server, {}, { items: [pdfItem()] });
	expect(items[0].json.invoice_number).toBe('1547854214');
	expect(server.requestsOf('submit').map((request) => request.status)).toEqual([429, 202]);
});

test("a failed job becomes an error item with Mindee's detail and the job id", async () => {
	const local = await startMindeeServer({
		jobOutcome: (job: Record<string, unknown>) =>
			job.fileName === 'broken.pdf' ? 'failed' : 'completed',
	});
	try {
		const { items } = await runMindee(
			local,
			{},
			{ items: [pdfItem('fine.pdf'), pdfItem('broken.pdf')], continueOnFail: true },
		);
		const brokenJobId = local
			.requestsOf('submit')
			.find((request) => request.upload?.fileName === 'broken.pdf')?.jobId;
		expect(items[0].json._filename).toBe('fine.pdf');
		expect(items[1].json).toMatchObject({
			error: 'Mindee could not process the document: An error occurred (item 2, "broken.pdf")',
			error_api_code: 'ServerError',
			error_job_id: brokenJobId,
		});
		expect(items[1].json.error_description).toContain(`Job ID: ${brokenJobId}`);
	} finally {
		await local.close();
	}
});

test('malformed JSON from Mindee is a clear error, never undefined fields', async () => {
	server.inject('document', { status: 200, body: '{"document": {"id": ' }, 1);
	const { error, items } = await runMindee(server, {}, { items: [pdfItem()] });
	expect(items).toHaveLength(0);
	expect(error?.message).toMatch(/Mindee sent a document that is not JSON/);
});

test('a document whose shape drifted names the fields', async () => {
	server.inject(
		'document',
		{
			status: 200,
			body: {
				document: {
					id: 'x',
					name: 'a.pdf',
					n_pages: '1',
					inference: { pages: [], product: { name: 'p', version: '1' } },
				},
			},
		},
		1,
	);
	const { error } = await runMindee(server, {}, { items: [pdfItem()] });
	expect(error?.message).toMatch(
		/Mindee sent a document of an unexpected shape \(document\.n_pages: Expected number, received string; document\.inference\.prediction: Required\)/,
	);
});

test('a redirect naming another host: its document route is read under the base URL, the token never sent there', async () => {
	server.inject('queue', 'redirect-elsewhere', 1);
	const { error, items } = await runMindee(server, {}, { items: [pdfItem()] });
	expect(error).toBeUndefined();
	expect(items).toHaveLength(1);
	expect(server.requestsOf('document')).toHaveLength(1);
	expect(server.requests.filter((request) => request.host?.startsWith('localhost'))).toHaveLength(
		0,
	);
});

test('cancelling the execution stops polling at once, as cancelled, with no error items', async () => {
	const local = await startMindeeServer({ processingMs: 60_000 });
	try {
		let cancelledAt = 0;
		const result = await runMindee(
			local,
			{ options: { pollInterval: 1 } },
			{
				items: [pdfItem()],
				continueOnFail: true,
				onStarted: (cancel) => {
					const timer = setInterval(() => {
						if (local.requestsOf('queue').length >= 2) {
							clearInterval(timer);
							cancelledAt = Date.now();
							cancel();
						}
					}, 20);
				},
			},
		);
		expect(result.run.status).toBe('canceled');
		const pollsAtCancel = local.requestsOf('queue').length;
		await new Promise((resolve) => setTimeout(resolve, 1000));
		expect(local.requestsOf('queue').length).toBeLessThanOrEqual(pollsAtCancel);
		expect(local.requests.every((request) => request.time <= cancelledAt + 50)).toBe(true);
	} finally {
		await local.close();
	}
});
