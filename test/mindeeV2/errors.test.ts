import { pdfItem } from '../harness/files';
import type { FakeMindeeV2 } from './setup';
import { mindeeV2Credentials, runMindeeV2, startMindeeV2Server } from './setup';

let server: FakeMindeeV2;
afterEach(async () => await server.close());

describe('errors name the item, the file and what to do', () => {
	test('a refused key: 401 says so, and the key appears nowhere', async () => {
		server = await startMindeeV2Server();
		const wrongKey = 'wrong-v2-key-9d8c7b6a';
		const { error } = await runMindeeV2(
			server,
			{},
			{ items: [pdfItem('a.pdf')], credentials: mindeeV2Credentials(server, wrongKey) },
		);
		expect(error?.message).toBe(
			'Mindee refused the API key (401 Unauthorized): Invalid API key: The provided API key is invalid. (item 1, "a.pdf")',
		);
		expect(error?.description).toMatch(/needs a Mindee V2 key, made on app\.mindee\.com/);
		expect(JSON.stringify(error)).not.toContain(wrongKey);
	});

	test('a failed job: its problem object, the job ID, and nothing sent twice', async () => {
		server = await startMindeeV2Server({ jobOutcome: () => 'failed' });
		const { error } = await runMindeeV2(server, {}, { items: [pdfItem('bad.pdf')] });
		const jobId = server.requestsOf('enqueue')[0].jobId;
		expect(error?.message).toBe(
			'Mindee could not process the document: Invalid fields in form: One or more fields failed validation. (item 1, "bad.pdf")',
		);
		expect(error?.description).toContain('Fields: #/model_id model_id must be a valid UUID format');
		expect(error?.description).toContain(`Job ID: ${jobId}`);
		expect(server.requestsOf('enqueue')).toHaveLength(1);
		expect(server.requestsOf('result')).toHaveLength(0);
	});

	test('Continue On Fail: one error item per failed input, the others processed, in order', async () => {
		server = await startMindeeV2Server({
			jobOutcome: (job) => (job.fileName === 'bad.pdf' ? 'failed' : 'processed'),
		});
		const { items, error } = await runMindeeV2(
			server,
			{},
			{
				items: [pdfItem('good-1.pdf'), pdfItem('bad.pdf'), pdfItem('good-2.pdf')],
				continueOnFail: true,
			},
		);
		expect(error).toBeUndefined();
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		expect(items[0].json.invoice_number).toBe('INT-001');
		expect(items[1].json).toMatchObject({
			error: expect.stringContaining('Mindee could not process the document'),
			error_api_code: '422-001',
			error_job_id: server.requestsOf('enqueue').find((r) => r.received.fileName === 'bad.pdf')!
				.jobId,
		});
		expect(items[2].json.invoice_number).toBe('INT-001');
	});

	test('an API problem object at enqueue: title, detail and field errors', async () => {
		server = await startMindeeV2Server();
		server.inject('enqueue', {
			status: 422,
			body: {
				status: 422,
				title: 'Invalid fields in form',
				detail: 'One or more fields failed validation.',
				code: '422-001',
				errors: [{ pointer: '#/data_schema', detail: 'unknown field type' }],
			},
		});
		const { error } = await runMindeeV2(server, {}, { items: [pdfItem('x.pdf')] });
		expect(error?.message).toBe(
			'Mindee refused the request (422): Invalid fields in form: One or more fields failed validation. (item 1, "x.pdf")',
		);
		expect(error?.description).toMatch(/#\/data_schema unknown field type/);
	});

	test.each([400, 413, 415])(
		'a file refused at enqueue (%i): the description gives V2 own limits, 100 MB and 200 pages',
		async (status) => {
			server = await startMindeeV2Server();
			server.inject('enqueue', {
				status,
				body: {
					status,
					title: 'Invalid file',
					detail: 'The file was refused.',
					code: `${status}-001`,
				},
			});
			const { error } = await runMindeeV2(server, {}, { items: [pdfItem('x.pdf')] });
			expect(error?.description).toMatch(/up to 100 MB and 200 pages/);
			expect(error?.description).not.toMatch(/20 MB/);
		},
	);

	test('a data schema that is not valid is refused before sending', async () => {
		server = await startMindeeV2Server();
		const broken = await runMindeeV2(
			server,
			{ options: { dataSchema: '{"replace": {' } },
			{ items: [pdfItem()] },
		);
		expect(broken.error?.message).toMatch(/^The Data Schema option is not valid JSON/);
		const incomplete = await runMindeeV2(
			server,
			{ options: { dataSchema: '{"replace": {"fields": [{"name": "total"}]}}' } },
			{ items: [pdfItem()] },
		);
		expect(incomplete.error?.message).toBe(
			'Data Schema field 0 ("total") lacks title, type, is_array (item 1)',
		);
		expect(server.requests).toHaveLength(0);
	});

	test('a model ID that is not a UUID is refused before sending: by n8n when typed, by the node when computed', async () => {
		server = await startMindeeV2Server();
		await expect(
			runMindeeV2(
				server,
				{ modelId: { __rl: true, mode: 'id', value: 'my-model' } },
				{ items: [pdfItem()] },
			),
		).rejects.toThrow(/Not a model ID \(a UUID\)/);
		const { error } = await runMindeeV2(
			server,
			{ modelId: { __rl: true, mode: 'id', value: '={{ "my-" + "model" }}' } },
			{ items: [pdfItem()] },
		);
		expect(error?.message).toBe('"my-model" is not a Mindee model ID (a UUID) (item 1)');
		expect(server.requests).toHaveLength(0);
	});

	test.each([
		['the job route', '/v2/jobs/9f0c1d2e-0000-4000-8000-000000000001', 'job'],
		['another path', '/steal', undefined],
	])(
		'a polling_url on another host is never followed: %s is taken under the base URL, or refused',
		async (_name, path, checked) => {
			server = await startMindeeV2Server();
			const elsewhere = await startMindeeV2Server();
			server.inject('enqueue', {
				status: 202,
				body: () => ({
					job: {
						id: '9f0c1d2e-0000-4000-8000-000000000001',
						status: 'Processing',
						polling_url: `${elsewhere.url}${path}`,
					},
				}),
			});
			const { error } = await runMindeeV2(server, {}, { items: [pdfItem()] });
			await elsewhere.close();
			// The fake knows no such job: its 404 shows the check went to the credential's own server.
			expect(error?.message).toMatch(
				checked
					? /^Mindee does not know this model, job or result \(404\)/
					: /Mindee pointed to another host/,
			);
			expect(error?.description).toMatch(/job 9f0c1d2e-0000-4000-8000-000000000001/);
			expect(server.requestsOf('job').map((request) => request.path)).toEqual(
				checked ? [path] : [],
			);
			expect(elsewhere.requests).toHaveLength(0);
		},
	);

	test('Max Wait: fails with the job ID to fetch later', async () => {
		server = await startMindeeV2Server({ jobOutcome: () => 'never' });
		const { error } = await runMindeeV2(
			server,
			{ options: { maxWait: 1 } },
			{ items: [pdfItem()] },
		);
		const jobId = server.requestsOf('enqueue')[0].jobId;
		expect(error?.message).toBe(
			`Mindee job ${jobId} was not done after 1 s; fetch it later with the Get Result operation and this job ID (item 1, "invoice.pdf")`,
		);
	});

	test('cancelling the execution stops the waits at once and sends nothing more', async () => {
		server = await startMindeeV2Server({ processingMs: 60_000 });
		const run = runMindeeV2(
			server,
			{},
			{
				items: [pdfItem('a.pdf'), pdfItem('b.pdf')],
				onStarted: (cancel) => {
					const timer = setInterval(() => {
						if (server.requestsOf('enqueue').length === 2) {
							clearInterval(timer);
							cancel();
						}
					}, 20);
				},
			},
		);
		const started = Date.now();
		const { run: result } = await run;
		expect(result.status).toBe('canceled');
		expect(Date.now() - started).toBeLessThan(5_000);
		const count = server.requests.length;
		await new Promise((resolve) => setTimeout(resolve, 600));
		expect(server.requests.length).toBe(count);
		expect(server.requestsOf('enqueue')).toHaveLength(2);
	});
});
