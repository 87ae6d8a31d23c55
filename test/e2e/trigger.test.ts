/**
 * The Mindee Trigger in a running n8n: the example webhook workflow is published (`n8n publish:workflow`),
 * `n8n start` registers its production webhook, and a delivery signed like Mindee signs it (hex
 * HMAC-SHA256 of the raw body with the webhook secret, header X-Mindee-Hmac-Signature) starts exactly one
 * execution; unsigned or wrongly signed deliveries get 401 and start nothing.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

import {
	INSTALL_TIMEOUT_MS,
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

	const post = async (headers: Record<string, string>, payload: Buffer = body) => {
		const response = await fetch(webhookUrl, {
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
			// The trigger never calls the API: the base URL points nowhere on purpose.
			{
				id: credential.id,
				name: credential.name,
				type: 'docparseMindeeApi',
				data: { apiKey: 'unused', baseUrl: 'http://127.0.0.1:9', webhookSecret: SECRET },
			},
		]);
		await harness.importWorkflow(workflow);
		const published = await harness.cli(['publish:workflow', `--id=${workflow.id}`]);
		expect({ code: published.code, output: `${published.stdout}${published.stderr}` }).toEqual({
			code: 0,
			output: expect.stringContaining(`Publishing workflow with ID: ${workflow.id}`),
		});

		n8n = await harness.start(harness.ownerEnv(OWNER.email, OWNER.password));
		owner = await OwnerSession.login(n8n, OWNER.email, OWNER.password);
		webhookUrl = `http://127.0.0.1:${n8n.port}/webhook/${trigger.webhookId as string}/mindee`;

		// n8n registers the webhooks of published workflows a moment after the editor is up: until then the URL
		// answers 404. An unsigned POST is safe to repeat (it is refused and starts nothing).
		const deadline = Date.now() + 60_000;
		for (;;) {
			const { status } = await post({});
			if (status !== 404) break;
			if (Date.now() > deadline)
				throw new Error(
					`the webhook ${webhookUrl} was not registered within 60s\n${n8n.output().slice(-4000)}`,
				);
			await new Promise((resolve) => setTimeout(resolve, 500));
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
});
