/**
 * A Base URL with a path: a gateway that routes by path prefix (https://gateway.example/mindee) sends
 * anything outside its prefix to another backend. Every request, URL check and redirect check stays under
 * the Base URL's path, for all three credentials; Mindee's job answers, which name its public host
 * (https://api-v2.mindee.net/v2/jobs/…) even behind a gateway, are read by the same routes under the Base
 * URL; a URL outside the prefix is refused, naming the job.
 */
import type { FakeGateway } from '../fakes/gateway';
import { startGateway } from '../fakes/gateway';
import { pdfItem } from '../harness/files';
import type { FakeMindeeV2 } from '../mindeeV2/setup';
import { startMindeeV2Server, v2Fixture } from '../mindeeV2/setup';
import { API_KEY, documents, expectNoSecrets } from './helpers';
import { MINDEE, MINDEE_V2, SERVICES } from './services';
import type { FakeServer } from './services';

const PREFIX = '/mindee';
const MINDEE_V2_HOST = 'https://api-v2.mindee.net';

describe.each(SERVICES)('$name behind a gateway at a path', (service) => {
	let server: FakeServer;
	let gateway: FakeGateway;
	beforeEach(async () => {
		server = await service.start({ processingMs: 0 });
		gateway = await startGateway(PREFIX, server.url);
	});
	afterEach(async () => await Promise.all([gateway.close(), server.close()]));

	const credentials = (baseUrl = gateway.url) => ({
		[service.credentialType]: { apiKey: server.apiKey, baseUrl },
	});

	test('submit and wait: every request goes under the prefix, and each document is read', async () => {
		const result = await service.run(server, service.submitAndWait, {
			items: documents(2),
			continueOnFail: true,
			credentials: credentials(),
		});
		expect(result.items.map((item) => item.json.error)).toEqual([undefined, undefined]);
		for (const item of result.items) expect(item.json).toMatchObject(service.documentFields);
		expect(gateway.misrouted()).toEqual([]);
		// Submit, a check at least, and (Mindee) the document or result, for each item: all through the prefix.
		expect(server.requests.length).toBeGreaterThanOrEqual(4);
		expect(gateway.requests).toHaveLength(server.requests.length);
	});

	test.each([
		['', 'the Base URL'],
		['/', 'the Base URL with a trailing slash'],
	])('the credential test probes under the prefix (%j: %s)', async (suffix) => {
		const result = await service.testCredential({
			apiKey: server.apiKey,
			baseUrl: `${gateway.url}${suffix}`,
		});
		expect(result.status).toBe('OK');
		expect(gateway.requests.length).toBeGreaterThan(0);
		expect(gateway.misrouted()).toEqual([]);
	});
});

test('Mindee and Biros Submit output the URL to check under the prefix', async () => {
	for (const [service, field] of [
		[MINDEE, 'queue_url'],
		[SERVICES.find((entry) => entry.name === 'Biros')!, 'result_url'],
	] as const) {
		const server = await service.start();
		const gateway = await startGateway(PREFIX, server.url);
		try {
			const result = await service.run(server, service.submitOnly, {
				items: documents(1),
				credentials: { [service.credentialType]: { apiKey: server.apiKey, baseUrl: gateway.url } },
			});
			expect(String(result.items[0].json[field])).toMatch(new RegExp(`^${gateway.url}/(v1|api)/`));
		} finally {
			await Promise.all([gateway.close(), server.close()]);
		}
	}
});

test("Mindee: a redirect outside the Base URL's path is refused, naming the job; nothing reaches the gateway outside the prefix", async () => {
	const server = await MINDEE.start({ processingMs: 0 });
	const gateway = await startGateway(PREFIX, server.url);
	try {
		server.inject('queue', { status: 302, headers: { location: '/admin/export' }, body: {} });
		const result = await MINDEE.run(server, MINDEE.submitAndWait, {
			items: documents(1),
			continueOnFail: true,
			credentials: { docparseMindeeApi: { apiKey: server.apiKey, baseUrl: gateway.url } },
		});
		expect(result.items[0].json).toMatchObject({
			error: expect.stringMatching(
				/^Mindee pointed outside the credential's base URL \(to http:\/\/127\.0\.0\.1:\d+\/admin\/export\); the request was not sent there/,
			),
			error_code: 'DOCPARSE_REDIRECT_REFUSED',
			error_job_id: expect.any(String),
		});
		expect(gateway.misrouted()).toEqual([]);
	} finally {
		await Promise.all([gateway.close(), server.close()]);
	}
});

describe(`Mindee V2 behind a gateway, its job answers naming ${MINDEE_V2_HOST}`, () => {
	let server: FakeMindeeV2;
	let gateway: FakeGateway;
	beforeEach(async () => {
		server = await startMindeeV2Server({
			apiKey: API_KEY,
			processingMs: 0,
			publicOrigin: MINDEE_V2_HOST,
		});
		gateway = await startGateway(PREFIX, server.url);
	});
	afterEach(async () => await Promise.all([gateway.close(), server.close()]));

	const run = async (parameters: Record<string, unknown>, count = 1) =>
		await MINDEE_V2.run(server as never, parameters as never, {
			items: documents(count),
			continueOnFail: true,
			credentials: { docparseMindeeV2Api: { apiKey: server.apiKey, baseUrl: gateway.url } },
		});

	/** The job answers as the fixture has them: the result_url names /v2/inferences/<id> on Mindee's host. */
	const answerJobsAsTheFixture = () =>
		server.inject(
			'job',
			{
				status: 200,
				body: (record: { path: string }) => {
					const job = server.jobs.get(record.path.split('/').pop()!)!;
					const body = v2Fixture<{ job: Record<string, unknown> }>(
						'job/ok_processed_webhooks_ok.json',
					);
					Object.assign(body.job, {
						id: job.id,
						model_id: job.modelId,
						polling_url: `${MINDEE_V2_HOST}/v2/jobs/${job.id}`,
						result_url: `${MINDEE_V2_HOST}/v2/inferences/${job.inferenceId}`,
					});
					return body;
				},
			},
			10,
		);

	test('extract: the job and its result are read by the same routes under the Base URL', async () => {
		const result = await run({ operation: 'extract' }, 2);
		expect(result.items.map((item) => item.json.error)).toEqual([undefined, undefined]);
		expect(result.items[0].json).toMatchObject(MINDEE_V2.documentFields);
		const jobs = server.requestsOf('job');
		expect(jobs.length).toBeGreaterThanOrEqual(2);
		for (const request of jobs) expect(request.path).toMatch(/^\/v2\/jobs\/[\w-]+$/);
		expect(server.requestsOf('result').map((request) => request.path)).toEqual([
			expect.stringMatching(/^\/v2\/products\/extraction\/results\/[\w-]+$/),
			expect.stringMatching(/^\/v2\/products\/extraction\/results\/[\w-]+$/),
		]);
		expect(gateway.misrouted()).toEqual([]);
		expect(gateway.requests).toHaveLength(server.requests.length);
		expectNoSecrets(result.items);
	});

	test.each([true, false])(
		"Get Result by job ID (Wait Until Done: %s) reads the fixture's result_url (/v2/inferences/<id>) under the Base URL",
		async (waitForCompletion) => {
			const submitted = await run({ operation: 'submit', modelType: 'extraction' });
			const jobId = submitted.items[0].json.job_id as string;
			expect(jobId).toEqual(expect.any(String));
			answerJobsAsTheFixture();
			const result = await MINDEE_V2.run(
				server as never,
				{ operation: 'getResult', lookupBy: 'jobId', jobId, waitForCompletion },
				{
					items: [pdfItem()],
					continueOnFail: true,
					credentials: { docparseMindeeV2Api: { apiKey: server.apiKey, baseUrl: gateway.url } },
				},
			);
			expect(result.items[0].json.error).toBeUndefined();
			expect(result.items[0].json).toMatchObject({ _job_id: jobId });
			expect(server.requestsOf('result').map((request) => request.path)).toEqual([
				`/v2/inferences/${server.jobs.get(jobId)!.inferenceId}`,
			]);
			expect(gateway.misrouted()).toEqual([]);
		},
	);

	test.each([
		['another path', '/admin/export'],
		['a path that only starts like the prefix', `${PREFIX}-admin/export`],
		['an encoded slash climbing out of the prefix', `${PREFIX}/v2/..%2F..%2Fadmin`],
	])(
		"a result_url on the gateway itself outside the Base URL's path (%s) is refused, naming the job",
		async (_name, path) => {
			server.inject(
				'job',
				{
					status: 200,
					body: (record: { path: string }) => ({
						job: {
							id: record.path.split('/').pop(),
							status: 'Processed',
							polling_url: null,
							result_url: `${gateway.origin}${path}`,
						},
					}),
				},
				10,
			);
			const result = await run({ operation: 'extract' });
			expect(result.items[0].json).toMatchObject({
				error: `Mindee pointed outside the credential's base URL (to ${gateway.origin}${path}); the request was not sent there so your API key stays private (item 1, "invoice-0.pdf")`,
				error_code: 'DOCPARSE_REDIRECT_REFUSED',
				error_job_id: server.requestsOf('enqueue')[0].jobId,
			});
			expect(server.requestsOf('result')).toEqual([]);
			expect(gateway.misrouted()).toEqual([]);
		},
	);
});
