/**
 * The Mindee V2 node and trigger in a real n8n, against the fake Mindee V2 API on 127.0.0.1 that serves
 * recorded real responses: the example workflow and variations of it run with `n8n execute`; then, in a
 * started n8n, the Model list as the editor loads it, and signed / unsigned / repeated deliveries to a
 * published V2 trigger workflow. The editor itself is driven by Chromium in test/browser/editor.test.ts.
 */
import * as crypto from 'node:crypto';

import {
	INSTALL_TIMEOUT_MS,
	credentialIdOf,
	expectSucceeded,
	N8nHarness,
	OwnerSession,
	exampleVariant,
	mindeeV2FixtureBytes,
	nodeItems,
	readExample,
	submitThenGetResult,
	type RunningN8n,
	type Workflow,
} from './harness';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startSandbox } = require('../../scripts/sandbox');

const EXAMPLE = 'mindee-v2-extract.json';
const NODE = 'Mindee V2: extract invoice';
const KEEP_NODE = 'Keep the main fields';
const WRONG_KEY = 'wrong-v2-key-51c0e9a2';
const SECRET = 'e2e-v2-webhook-secret';
const OWNER = { email: 'e2e-v2@example.com', password: 'E2e-v2-pass-1' };
const TRIGGER_WORKFLOW = 'dpE2eV2Trigger01';
const TRIGGER_WEBHOOK_ID = '3f1d2c4b-5a6e-4f70-9b81-0c2d3e4f5a6b';

const extractionBody = mindeeV2FixtureBytes('products/extraction/financial_document/complete.json');
const sign = (bytes: Buffer, secret: string) =>
	crypto.createHmac('sha256', secret).update(bytes).digest('hex');

const variant = (id: string, name: string, edit: (workflow: Workflow) => void) =>
	exampleVariant(EXAMPLE, id, name, edit);
const nodeOf = (workflow: Workflow, name = NODE) => workflow.nodes.find((n) => n.name === name)!;

jest.setTimeout(180_000);

describe('Mindee V2 in a running n8n', () => {
	let harness: N8nHarness;
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	let sandbox: any;
	const credentialId = credentialIdOf(readExample(EXAMPLE), NODE);

	beforeAll(async () => {
		[harness, sandbox] = await Promise.all([
			N8nHarness.create(),
			startSandbox({ mindee: false, biros: false, recorded: true }),
		]);
		await harness.importCredentials([
			{
				id: credentialId,
				name: 'Mindee V2 account',
				type: 'docparseMindeeV2Api',
				data: {
					apiKey: sandbox.mindeeV2.apiKey,
					baseUrl: sandbox.mindeeV2.url,
					webhookSecret: SECRET,
				},
			},
			{
				id: 'dpMindeeV2Wrong01',
				name: 'Mindee V2 (wrong key)',
				type: 'docparseMindeeV2Api',
				data: { apiKey: WRONG_KEY, baseUrl: sandbox.mindeeV2.url },
			},
		]);
		const trigger: Workflow = {
			id: TRIGGER_WORKFLOW,
			name: 'Mindee V2 trigger',
			nodes: [
				{
					id: '9e8d7c6b-0000-4000-8000-000000000001',
					name: 'Mindee V2 Trigger',
					type: 'n8n-nodes-docparse.docparseMindeeV2Trigger',
					typeVersion: 1,
					position: [0, 0],
					webhookId: TRIGGER_WEBHOOK_ID,
					parameters: { output: 'simplified', failedJobs: 'emit', options: {} },
					credentials: { docparseMindeeV2Api: { id: credentialId, name: 'Mindee V2 account' } },
				},
			],
			connections: {},
			settings: { executionOrder: 'v1' },
			active: false,
		};
		await harness.importWorkflows([
			readExample(EXAMPLE),
			variant('dpE2eV2Crop00001', 'V2 crop', (wf) => {
				Object.assign(nodeOf(wf).parameters, {
					operation: 'crop',
					modelId: { __rl: true, mode: 'id', value: 'd7f3c637-dd44-dd44-8bb0-72ad9d6ea514' },
				});
			}),
			variant('dpE2eV2WrongKey1', 'V2 wrong key', (wf) => {
				nodeOf(wf).credentials = {
					docparseMindeeV2Api: { id: 'dpMindeeV2Wrong01', name: 'Mindee V2 (wrong key)' },
				};
			}),
			submitThenGetResult(
				EXAMPLE,
				'dpE2eV2SubmitGet',
				'V2 submit then get result',
				{ submitNode: NODE, resultNode: KEEP_NODE },
				{
					submit: { operation: 'submit', modelType: 'extraction' },
					getResult: { output: 'lineItems', lineItemsField: 'line_items' },
				},
			),
			trigger,
		]);
	}, INSTALL_TIMEOUT_MS);

	afterAll(async () => {
		await Promise.allSettled([harness?.close(), sandbox?.close()]);
	}, 60_000);

	test('the example workflow extracts the sample invoice: the fields as plain values, the node keys starting with _', async () => {
		const enqueuesBefore = sandbox.mindeeV2.requestsOf('enqueue').length;
		const { run, result } = await harness.execute(readExample(EXAMPLE).id);
		expectSucceeded(run, result);
		const items = nodeItems(run, NODE);
		expect(items).toHaveLength(1);
		expect(items[0].json).toMatchObject({
			invoice_number: 'INT-001',
			supplier_name: 'John Smith',
			total_amount: 204.75,
			locale: { country: 'FR', currency: 'EUR', language: 'fr' },
			_filename: 'sample-invoice.pdf',
			_model_id: 'b3274545-bb22-bb22-991e-9ca0639829a3',
			_product: 'extraction',
		});
		expect(nodeItems(run, KEEP_NODE).map((item) => item.json)).toEqual([
			{
				invoice_number: 'INT-001',
				supplier_name: 'John Smith',
				date: '2019-11-02',
				total_amount: 204.75,
				line_item_count: 3,
				inference_id: items[0].json._inference_id,
			},
		]);
		const enqueues = sandbox.mindeeV2.requestsOf('enqueue').slice(enqueuesBefore);
		expect(enqueues).toHaveLength(1);
		expect(enqueues[0]).toMatchObject({
			path: '/v2/products/extraction/enqueue',
			authorization: sandbox.mindeeV2.apiKey,
			received: { kind: 'file', fileName: 'sample-invoice.pdf', contentType: 'application/pdf' },
		});
	});

	test('crop: one item per crop', async () => {
		const { run, result } = await harness.execute('dpE2eV2Crop00001');
		expect(result.code).toBe(0);
		expect(nodeItems(run, NODE).map((item) => item.json.object_type)).toEqual(['invoice']);
	});

	test('submit, then get the result by job ID as line items', async () => {
		const { run, result } = await harness.execute('dpE2eV2SubmitGet');
		expectSucceeded(run, result);
		const [job] = nodeItems(run, NODE);
		expect(job.json).toMatchObject({ status: 'Processing', model_type: 'extraction' });
		const items = nodeItems(run, KEEP_NODE);
		expect(items.map((item) => item.json._line_item_description)).toEqual([
			'Front and rear brake cables',
			'New set of pedal arms',
			'Labor 3hrs',
		]);
		expect(items[0].json).toMatchObject({ _job_id: job.json.job_id, _line_index: 0 });
	});

	test('a wrong API key fails with a clear message, and no key is printed', async () => {
		const { run, result } = await harness.execute('dpE2eV2WrongKey1');
		expect(result.code).not.toBe(0);
		expect(run?.data.resultData.error?.message).toMatch(
			/^Mindee refused the API key \(401 Unauthorized\): Invalid API key/,
		);
		const output = `${result.stdout}\n${result.stderr}`;
		expect(output).not.toContain(WRONG_KEY);
		expect(output).not.toContain(sandbox.mindeeV2.apiKey);
	});

	describe('in a started n8n', () => {
		let n8n: RunningN8n;
		let owner: OwnerSession;
		let webhookUrl: string;
		const post = async (headers: Record<string, string>, body: Buffer = extractionBody) => {
			const response = await fetch(webhookUrl, {
				method: 'POST',
				headers: { 'content-type': 'application/json', ...headers },
				body,
			});
			return { status: response.status, text: await response.text() };
		};

		beforeAll(async () => {
			await harness.publishWorkflow(TRIGGER_WORKFLOW);
			n8n = await harness.start(harness.ownerEnv(OWNER.email, OWNER.password));
			owner = await OwnerSession.login(n8n, OWNER.email, OWNER.password);
			webhookUrl = `http://127.0.0.1:${n8n.port}/webhook/${TRIGGER_WEBHOOK_ID}/mindee-v2`;
			const deadline = Date.now() + 60_000;
			while ((await post({})).status === 404) {
				if (Date.now() > deadline) throw new Error(`${webhookUrl} was not registered within 60s`);
				await new Promise((resolve) => setTimeout(resolve, 500));
			}
		}, 180_000);

		test('the Model list shows the account’s models of the operation’s type, by name', async () => {
			const list = async (operation: string, filter?: string) => {
				const response = await owner.post(
					'/rest/dynamic-node-parameters/resource-locator-results',
					{
						path: 'modelId',
						methodName: 'searchModels',
						nodeTypeAndVersion: { name: 'n8n-nodes-docparse.docparseMindeeV2', version: 1 },
						currentNodeParameters: { operation, modelId: { __rl: true, mode: 'list', value: '' } },
						credentials: { docparseMindeeV2Api: { id: credentialId, name: 'Mindee V2 account' } },
						filter,
					},
				);
				expect(response.status).toBe(200);
				return response
					.json<{ data: { results: Array<{ name: string; value: string }> } }>()
					.data.results.map((result) => `${result.name} ${result.value}`);
			};
			expect(await list('extract')).toEqual([
				'Extraction With Webhooks afde5151-aa11-aa11-9289-fa04e50ca3b9',
				'Extraction Without Webhooks b3274545-bb22-bb22-991e-9ca0639829a3',
				'Extraction Without Webhooks Key e14e0923-ee55-ee55-a335-8d2110917d7b',
			]);
			expect(await list('split')).toEqual([
				'Split Without Webhooks c88c19ba-cc33-cc33-ae83-80253fb7c27d',
			]);
			expect(await list('extract', 'key')).toEqual([
				'Extraction Without Webhooks Key e14e0923-ee55-ee55-a335-8d2110917d7b',
			]);
		});

		test('webhook deliveries: unsigned and wrongly signed get 401, a signed one starts one execution, a repeat none', async () => {
			expect((await post({})).status).toBe(401);
			expect(
				(await post({ 'X-Mindee-Hmac-Signature': sign(extractionBody, 'not-it') })).status,
			).toBe(401);
			expect(await owner.executions(TRIGGER_WORKFLOW)).toEqual([]);

			const signed = { 'X-Mindee-Hmac-Signature': sign(extractionBody, SECRET) };
			expect((await post(signed)).status).toBe(200);
			const repeat = await post(signed);
			expect(repeat.status).toBe(200);
			expect(repeat.text).toMatch(/already received/);

			let executions: Awaited<ReturnType<OwnerSession['executions']>> = [];
			const deadline = Date.now() + 30_000;
			while (Date.now() < deadline) {
				executions = await owner.executions(TRIGGER_WORKFLOW);
				if (
					executions.length > 0 &&
					executions.every((e) => !['running', 'new'].includes(e.status))
				)
					break;
				await new Promise((resolve) => setTimeout(resolve, 500));
			}
			expect(executions.map((e) => ({ status: e.status, mode: e.mode }))).toEqual([
				{ status: 'success', mode: 'webhook' },
			]);
			const items = nodeItems(await owner.execution(executions[0].id), 'Mindee V2 Trigger');
			expect(items).toHaveLength(1);
			expect(items[0].json).toMatchObject({
				invoice_number: 'INT-001',
				_job_id: '12345678-1234-1234-1234-jobid1234567',
				_product: 'extraction',
			});
		});
	});
});
