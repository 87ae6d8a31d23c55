/**
 * Mindee V2 behind a gateway, in a real n8n: the credential's Base URL is a gateway that routes by path
 * prefix (http://127.0.0.1:<port>/mindee), in front of the fake V2 API whose job answers name Mindee's
 * public host (polling_url and result_url on https://api-v2.mindee.net, as the real ones do behind any
 * proxy). The example workflow and Submit → Get Result by job ID succeed; every request, the key's
 * included, goes through the gateway under its prefix, and none anywhere else (this machine has no route
 * to api-v2.mindee.net: a request there would fail the execution).
 */
import type { FakeGateway } from '../fakes/gateway';
import { startGateway } from '../fakes/gateway';
import { startMindeeV2Server } from '../fakes/mindee-v2-server';
import {
	INSTALL_TIMEOUT_MS,
	credentialIdOf,
	expectSucceeded,
	N8nHarness,
	nodeItems,
	readExample,
	submitThenGetResult,
} from './harness';

const EXAMPLE = 'mindee-v2-extract.json';
const NODE = 'Mindee V2: extract invoice';
const KEEP_NODE = 'Keep the main fields';
const PREFIX = '/mindee';
const MINDEE_V2_HOST = 'https://api-v2.mindee.net';

jest.setTimeout(180_000);

describe('Mindee V2 behind a gateway with a path prefix, in a running n8n', () => {
	let harness: N8nHarness;
	let server: Awaited<ReturnType<typeof startMindeeV2Server>>;
	let gateway: FakeGateway;

	beforeAll(async () => {
		[harness, server] = await Promise.all([
			N8nHarness.create(),
			startMindeeV2Server({ processingMs: 1_500, publicOrigin: MINDEE_V2_HOST }),
		]);
		gateway = await startGateway(PREFIX, server.url);
		await harness.importCredentials([
			{
				id: credentialIdOf(readExample(EXAMPLE), NODE),
				name: 'Mindee V2 account',
				type: 'docparseMindeeV2Api',
				data: { apiKey: server.apiKey, baseUrl: gateway.url },
			},
		]);
		await harness.importWorkflows([
			readExample(EXAMPLE),
			submitThenGetResult(
				EXAMPLE,
				'dpE2eGatewayGet1',
				'V2 gateway: submit, get result',
				{ submitNode: NODE, resultNode: KEEP_NODE },
				{ submit: { operation: 'submit', modelType: 'extraction' } },
			),
		]);
	}, INSTALL_TIMEOUT_MS);

	afterAll(async () => {
		await Promise.allSettled([harness?.close(), gateway?.close(), server?.close()]);
	}, 60_000);

	/** Everything the fake saw came through the gateway's prefix; nothing reached the gateway elsewhere. */
	const expectAllUnderThePrefix = () => {
		expect(gateway.misrouted()).toEqual([]);
		expect(gateway.requests).toHaveLength(server.requests.length);
		for (const request of gateway.requests) {
			expect(request.path.startsWith(`${PREFIX}/v2/`)).toBe(true);
			expect(request.headers.authorization).toBe(server.apiKey);
		}
	};

	test('the example workflow succeeds: the job and its result read under the Base URL, not on Mindee’s host', async () => {
		const { run, result } = await harness.execute(readExample(EXAMPLE).id);
		expectSucceeded(run, result);
		expect(nodeItems(run, NODE)[0].json).toMatchObject({
			invoice_number: 'INT-001',
			total_amount: 204.75,
			_filename: 'sample-invoice.pdf',
		});
		expect(server.requestsOf('enqueue')).toHaveLength(1);
		expect(server.requestsOf('job').length).toBeGreaterThanOrEqual(1);
		expect(server.requestsOf('result')).toHaveLength(1);
		expectAllUnderThePrefix();
	});

	test('Submit, then Get Result by job ID: the result read under the Base URL', async () => {
		const before = server.requests.length;
		const { run, result } = await harness.execute('dpE2eGatewayGet1');
		expectSucceeded(run, result);
		const [job] = nodeItems(run, NODE);
		expect(nodeItems(run, KEEP_NODE)[0].json).toMatchObject({
			_job_id: job.json.job_id,
			invoice_number: 'INT-001',
		});
		expect(
			server.requests
				.slice(before)
				.filter((request) => request.kind === 'result')
				.map((request) => request.path),
		).toEqual([expect.stringMatching(/^\/v2\/products\/extraction\/results\/[\w-]+$/)]);
		expectAllUnderThePrefix();
	});
});
