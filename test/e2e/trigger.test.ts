/**
 * The Mindee Trigger in a running n8n: the example webhook workflow is published (`n8n publish:workflow`; on
 * n8n 1.x activated),
 * `n8n start` registers its production webhook, and a delivery signed like Mindee signs it (hex
 * HMAC-SHA256 of the raw body with the webhook secret, header X-Mindee-Hmac-Signature) starts exactly one
 * execution; unsigned or wrongly signed deliveries get 401 and start nothing. A delivery whose items cannot
 * be built gets 500 and is not remembered: Mindee's retry starts it once the trigger is fixed. The Mindee V2
 * Trigger turns a failed-inference body into an item and acknowledges a job-status body.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

import {
	exampleVariant,
	INSTALL_TIMEOUT_MS,
	mindeeV2FixtureBytes,
	N8nHarness,
	OwnerSession,
	mindeeFixturesDir,
	nodeItems,
	readExample,
	type RunningN8n,
} from './harness';

jest.setTimeout(120_000);

const EXAMPLE = 'mindee-webhook-trigger.json';
const TRIGGER_NODE = 'Mindee Trigger';
/** The same trigger with its Output read from an environment variable, which n8n forbids by default. */
const BROKEN = { id: 'dpE2eTrigBroken1', webhookId: '6c1e9f0a-2b3d-4e5f-8a7b-1c2d3e4f5a6b' };
const V2_EXAMPLE = 'mindee-v2-webhook-trigger.json';
const V2_TRIGGER_NODE = 'Mindee V2 Trigger';
const SECRET = 'e2e-webhook-signing-secret';
const OWNER = { email: 'e2e-trigger@example.com', password: 'E2e-trigger-pass-1' };

const body = fs.readFileSync(path.join(mindeeFixturesDir, 'async', 'get_completed.json'));
const delivery = JSON.parse(body.toString('utf8')) as {
	document: {
		id: string;
		name: string;
		n_pages: number;
		inference: { prediction: Record<string, unknown> };
	};
	job: { id: string; status: string };
};
const sign = (bytes: Buffer, secret: string) =>
	crypto.createHmac('sha256', secret).update(bytes).digest('hex');

describe('Mindee Trigger in a running n8n (published workflow, production webhook)', () => {
	let harness: N8nHarness;
	let n8n: RunningN8n;
	let owner: OwnerSession;
	let webhookUrl: string;
	const workflow = readExample(EXAMPLE);
	const broken = exampleVariant(EXAMPLE, BROKEN.id, 'Broken trigger', (variant) => {
		const trigger = variant.nodes.find((n) => n.name === TRIGGER_NODE)!;
		trigger.webhookId = BROKEN.webhookId;
		trigger.parameters.output = '={{ $env.DOCPARSE_OUTPUT }}';
	});
	const v2Workflow = readExample(V2_EXAMPLE);
	const v2Trigger = () => v2Workflow.nodes.find((n) => n.name === V2_TRIGGER_NODE)!;
	const urlOf = (path: string, webhookId: unknown) =>
		`http://127.0.0.1:${n8n.port}/webhook/${webhookId as string}/${path}`;

	const post = async (
		headers: Record<string, string>,
		payload: Buffer = body,
		url: string = webhookUrl,
	) => {
		const response = await fetch(url, {
			method: 'POST',
			headers: { 'content-type': 'application/json', ...headers },
			body: payload,
		});
		return { status: response.status, text: await response.text() };
	};

	beforeAll(async () => {
		harness = await N8nHarness.create();
		const trigger = workflow.nodes.find((n) => n.name === TRIGGER_NODE)!;
		const credential = Object.values(trigger.credentials ?? {})[0]!;
		await harness.importCredentials([
			// The triggers never call the API: the base URLs point nowhere on purpose.
			{
				id: credential.id,
				name: credential.name,
				type: 'docparseMindeeApi',
				data: { apiKey: 'unused', baseUrl: 'http://127.0.0.1:9', webhookSecret: SECRET },
			},
			{
				id: Object.values(v2Trigger().credentials ?? {})[0]!.id,
				name: 'Mindee V2 account',
				type: 'docparseMindeeV2Api',
				data: { apiKey: 'unused', baseUrl: 'http://127.0.0.1:9', webhookSecret: SECRET },
			},
		]);
		for (const each of [workflow, broken, v2Workflow]) {
			await harness.importWorkflow(each);
			await harness.publishWorkflow(each.id);
		}

		n8n = await harness.start(harness.ownerEnv(OWNER.email, OWNER.password));
		owner = await OwnerSession.login(n8n, OWNER.email, OWNER.password);
		webhookUrl = urlOf('mindee', trigger.webhookId);

		// n8n registers the webhooks of published workflows a moment after the editor is up: until then the URL
		// answers 404. An unsigned POST is safe to repeat (it is refused and starts nothing).
		const deadline = Date.now() + 60_000;
		for (const url of [
			webhookUrl,
			urlOf('mindee', BROKEN.webhookId),
			urlOf('mindee-v2', v2Trigger().webhookId),
		]) {
			for (;;) {
				const { status } = await post({}, body, url);
				if (status !== 404) break;
				if (Date.now() > deadline)
					throw new Error(
						`the webhook ${url} was not registered within 60s\n${n8n.output().slice(-4000)}`,
					);
				await new Promise((resolve) => setTimeout(resolve, 500));
			}
		}
	}, INSTALL_TIMEOUT_MS);

	afterAll(async () => {
		await harness?.close();
	}, 60_000);

	test('the package loaded and the workflow is active', () => {
		expect(n8n.output()).not.toMatch(/Failed to load package "n8n-nodes-docparse"/);
		expect(n8n.output()).not.toMatch(
			/There was a problem activating|Issue on initial workflow activation/i,
		);
	});

	test('an unsigned delivery gets 401', async () => {
		const response = await post({});
		expect(response.status).toBe(401);
		expect(response.text).toMatch(/X-Mindee-Hmac-Signature/);
	});

	test('a delivery signed with another secret gets 401', async () => {
		expect((await post({ 'X-Mindee-Hmac-Signature': sign(body, 'not-the-secret') })).status).toBe(
			401,
		);
	});

	test('a correctly signed body that was changed in transit gets 401', async () => {
		const altered = Buffer.from(
			body.toString('utf8').replace(delivery.job.id, '00000000-0000-0000-0000-000000000000'),
		);
		expect((await post({ 'X-Mindee-Hmac-Signature': sign(body, SECRET) }, altered)).status).toBe(
			401,
		);
	});

	test('refused deliveries started no execution', async () => {
		expect(await owner.executions(workflow.id)).toEqual([]);
	});

	test('a delivery signed with the webhook secret starts one successful execution with the document as items', async () => {
		const response = await post({ 'X-Mindee-Hmac-Signature': sign(body, SECRET) });
		expect(response.status).toBe(200);

		let executions: Awaited<ReturnType<OwnerSession['executions']>> = [];
		const deadline = Date.now() + 30_000;
		while (Date.now() < deadline) {
			executions = await owner.executions(workflow.id);
			if (
				executions.length > 0 &&
				executions.every((e) => e.status !== 'running' && e.status !== 'new')
			)
				break;
			await new Promise((resolve) => setTimeout(resolve, 500));
		}
		expect(executions.map((e) => ({ status: e.status, mode: e.mode }))).toEqual([
			{ status: 'success', mode: 'webhook' },
		]);

		const run = await owner.execution(executions[0].id);
		const items = nodeItems(run, TRIGGER_NODE);
		expect(items).toHaveLength(1);
		expect(items[0].json).toMatchObject({
			_job_id: delivery.job.id,
			_job_status: 'completed',
			_document_id: delivery.document.id,
			_filename: delivery.document.name,
			_page_count: delivery.document.n_pages,
		});
		expect(items[0].json).toHaveProperty('invoice_page_groups');
		expect(nodeItems(run, 'Keep the job and document').map((item) => item.json)).toEqual([
			{
				job_id: delivery.job.id,
				job_status: 'completed',
				document_id: delivery.document.id,
				filename: delivery.document.name,
				pages: delivery.document.n_pages,
			},
		]);
	});

	test('duplicates arriving at once start nothing more: one job posted 6 times at once, 10 jobs at once then again at once and one by one', async () => {
		const before = (await owner.executions(workflow.id)).length;
		const deliveryOf = (jobId: string) =>
			Buffer.from(body.toString('utf8').replace(delivery.job.id, jobId));
		const postSigned = async (payload: Buffer) =>
			await post({ 'X-Mindee-Hmac-Signature': sign(payload, SECRET) }, payload);

		const repeated = deliveryOf('11111111-1111-4111-8111-111111111111');
		const answers = await Promise.all(
			Array.from({ length: 6 }, async () => await postSigned(repeated)),
		);
		expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200, 200]);

		const jobs = Array.from({ length: 10 }, (_, index) =>
			deliveryOf(`22222222-2222-4222-8222-0000000000${String(index).padStart(2, '0')}`),
		);
		await Promise.all(jobs.map(async (payload) => await postSigned(payload)));
		await Promise.all(jobs.map(async (payload) => await postSigned(payload)));
		for (const payload of jobs) {
			const again = await postSigned(payload);
			expect(again.text).toMatch(/already received; nothing started/);
		}

		// Executions are listed once they finish; wait until 11 did, then a little longer for any extra one.
		const expected = before + 11;
		let executions: Awaited<ReturnType<OwnerSession['executions']>> = [];
		const deadline = Date.now() + 60_000;
		while (Date.now() < deadline) {
			executions = await owner.executions(workflow.id);
			const finished = executions.every((e) => e.status !== 'running' && e.status !== 'new');
			if (executions.length >= expected && finished) break;
			await new Promise((resolve) => setTimeout(resolve, 500));
		}
		await new Promise((resolve) => setTimeout(resolve, 2_000));
		executions = await owner.executions(workflow.id);
		expect(executions).toHaveLength(expected);
	});

	test('a delivery whose items cannot be built gets 500 and is not remembered: once the trigger is fixed and published again, Mindee’s retry starts one execution', async () => {
		const url = urlOf('mindee', BROKEN.webhookId);
		const signed = { 'X-Mindee-Hmac-Signature': sign(body, SECRET) };
		const failed = await post(signed, body, url);
		expect(failed.status).toBe(500);

		// The user reads the failed execution, sets Output to a fixed value and publishes the workflow.
		const current = (await owner.get(`/rest/workflows/${BROKEN.id}`)).json<{
			data: { versionId: string; nodes: typeof broken.nodes; connections: unknown };
		}>().data;
		current.nodes.find((n) => n.name === TRIGGER_NODE)!.parameters.output = 'simplified';
		const saved = await owner.post(
			`/rest/workflows/${BROKEN.id}`,
			{ nodes: current.nodes, connections: current.connections, versionId: current.versionId },
			'PATCH',
		);
		expect(saved.status).toBe(200);
		const published = await owner.activate(
			BROKEN.id,
			saved.json<{ data: { versionId: string } }>().data.versionId,
		);
		expect(published.status).toBe(200);
		// Mindee retries until a delivery succeeds; n8n serves the published version a moment after publishing
		// (until then a retry gets 404 while the webhook is registered again, or fails like the first and is
		// not remembered either).
		let retry = await post(signed, body, url);
		for (const deadline = Date.now() + 30_000; retry.status !== 200 && Date.now() < deadline;) {
			await new Promise((resolve) => setTimeout(resolve, 1000));
			retry = await post(signed, body, url);
		}
		expect(retry).toEqual({
			status: 200,
			text: expect.stringContaining(`Job ${delivery.job.id} received; workflow started`),
		});
		const executions = await finishedExecutions(BROKEN.id, 2);
		const succeeded = executions.filter((e) => e.status === 'success');
		expect(succeeded).toHaveLength(1);
		const items = nodeItems(await owner.execution(succeeded[0].id), TRIGGER_NODE);
		expect(items.map((item) => item.json._job_id)).toEqual([delivery.job.id]);
	});

	test('Mindee V2: a job-status body gets 200 and starts nothing; a failed inference starts one execution with its error and IDs', async () => {
		const url = urlOf('mindee-v2', v2Trigger().webhookId);
		const status = mindeeV2FixtureBytes('job/ok_processing.json');
		const statusAnswer = await post(
			{ 'X-Mindee-Hmac-Signature': sign(status, SECRET) },
			status,
			url,
		);
		expect(statusAnswer.status).toBe(200);
		expect(statusAnswer.text).toMatch(/is a job status, not a result; nothing started/);

		const failure = Buffer.from(
			JSON.stringify({
				inference_id: '7d0e3b1a-4c5f-4a6b-9c8d-2e1f0a3b4c5d',
				model_id: '87654321-4321-4321-4321-CBA987654321',
				file_name: 'scan.pdf',
				file_alias: null,
				error: {
					status: 422,
					title: 'Unprocessable document',
					detail: 'The file could not be read.',
					code: '422-004',
					errors: [],
				},
				created_at: '2026-04-20T18:27:58.974451',
			}),
		);
		const answer = await post({ 'X-Mindee-Hmac-Signature': sign(failure, SECRET) }, failure, url);
		expect(answer.status).toBe(200);

		const executions = await finishedExecutions(v2Workflow.id, 1);
		expect(executions.map((e) => e.status)).toEqual(['success']);
		const items = nodeItems(await owner.execution(executions[0].id), V2_TRIGGER_NODE);
		expect(items.map((item) => item.json)).toEqual([
			expect.objectContaining({
				_inference_id: '7d0e3b1a-4c5f-4a6b-9c8d-2e1f0a3b4c5d',
				_job_status: 'Failed',
				_model_id: '87654321-4321-4321-4321-CBA987654321',
				_filename: 'scan.pdf',
				_error: 'Unprocessable document: The file could not be read.',
				_error_code: '422-004',
			}),
		]);
	});

	/** The workflow's executions once at least `count` have finished. */
	async function finishedExecutions(workflowId: string, count: number) {
		let executions: Awaited<ReturnType<OwnerSession['executions']>> = [];
		const deadline = Date.now() + 30_000;
		while (Date.now() < deadline) {
			executions = await owner.executions(workflowId);
			const finished = executions.filter((e) => !['running', 'new'].includes(e.status));
			if (finished.length >= count && finished.length === executions.length) break;
			await new Promise((resolve) => setTimeout(resolve, 500));
		}
		return executions;
	}
});
