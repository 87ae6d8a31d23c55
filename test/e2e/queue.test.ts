/**
 * The package in n8n's queue mode: Redis (Debian's redis-server, throw-away), `n8n start` with
 * EXECUTIONS_MODE=queue and two `n8n worker` processes, one SQLite user folder, the package installed where
 * the Community Nodes panel installs it (scripts/lib/queue.js). Executions are started the way production
 * starts them: the main process receives a webhook and puts the execution on the queue; a worker runs it.
 *
 *   - the example workflows, their manual trigger swapped for a Webhook node that answers with the last node's items;
 *   - a Mindee parse batch: several documents in one execution, and many executions at once;
 *   - the Mindee Trigger: published, a signed delivery starts exactly one execution, a repeat starts none.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

import {
	INSTALL_TIMEOUT_MS,
	N8nHarness,
	OwnerSession,
	birosInvoiceText,
	mindeeFixturesDir,
	readExample,
	readMindeeFixture,
	type QueueMode,
	type Workflow,
	webhookNode,
} from './harness';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startSandbox, SANDBOX } = require('../../scripts/sandbox');

jest.setTimeout(180_000);

const OWNER = { email: 'e2e-queue@example.com', password: 'E2e-queue-pass-1' };
const MINDEE_EXAMPLE = 'mindee-parse-invoice.json';
const BIROS_EXAMPLE = 'biros-predict.json';
const TRIGGER_EXAMPLE = 'mindee-webhook-trigger.json';
const BATCH = { id: 'dpQueueBatch0001', path: 'docparse-queue-batch' };

const invoice = readMindeeFixture('products/invoices/response_v4/complete.json') as {
	document: { inference: { prediction: Record<string, { value?: unknown }> } };
};
const valueOf = (name: string) => invoice.document.inference.prediction[name].value;

/** An example workflow with its manual trigger replaced by a Webhook node (same connections). */
function viaWebhook(file: string, webhookPath: string): Workflow {
	const workflow = readExample(file);
	const manual = workflow.nodes.find((node) => node.type === 'n8n-nodes-base.manualTrigger')!;
	workflow.nodes = workflow.nodes.map((node) =>
		node === manual ? webhookNode(webhookPath) : node,
	);
	const connections = workflow.connections as Record<string, unknown>;
	connections.Webhook = connections[manual.name];
	delete connections[manual.name];
	return workflow;
}

/** Webhook (JSON body { documents: [{ fileName, pdfBase64 }] }) → one item per document → the example's Mindee node. */
function batchWorkflow(): Workflow {
	const example = readExample(MINDEE_EXAMPLE);
	const mindee = example.nodes.find((node) => node.type === 'n8n-nodes-docparse.docparseMindee')!;
	return {
		id: BATCH.id,
		name: 'Queue mode: Mindee parse batch',
		nodes: [
			webhookNode(BATCH.path),
			{
				id: crypto.randomUUID(),
				name: 'One item per document',
				type: 'n8n-nodes-base.splitOut',
				typeVersion: 1,
				position: [200, 0],
				parameters: { fieldToSplitOut: 'body.documents', options: {} },
			},
			{ ...mindee, position: [400, 0] },
		],
		connections: {
			Webhook: { main: [[{ node: 'One item per document', type: 'main', index: 0 }]] },
			'One item per document': { main: [[{ node: mindee.name, type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
	};
}

const samplePdfBase64 = () => {
	const example = readExample(MINDEE_EXAMPLE);
	const set = example.nodes.find((node) => node.name === 'Sample invoice (PDF as base64)')!;
	const assignments = (
		set.parameters.assignments as { assignments: Array<{ name: string; value: string }> }
	).assignments;
	return assignments.find((assignment) => assignment.name === 'pdfBase64')!.value;
};

describe('queue mode: Redis, a main process and two workers', () => {
	let harness: N8nHarness;
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	let sandbox: any;
	let queue: QueueMode;
	let owner: OwnerSession;
	const base = () => `http://127.0.0.1:${queue.main.port}`;

	const postJson = async (url: string, body: unknown, headers: Record<string, string> = {}) => {
		const response = await fetch(url, {
			method: 'POST',
			headers: { 'content-type': 'application/json', ...headers },
			body: typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body),
		});
		const text = await response.text();
		let json: unknown;
		try {
			json = JSON.parse(text);
		} catch {
			json = undefined;
		}
		return { status: response.status, text, json };
	};

	/** The workflow's executions once none is still running, newest first. */
	const settledExecutions = async (workflowId: string, atLeast: number) => {
		const deadline = Date.now() + 60_000;
		for (;;) {
			const executions = await owner.executions(workflowId);
			const settled = executions.every((e) => !['new', 'running', 'waiting'].includes(e.status));
			if ((executions.length >= atLeast && settled) || Date.now() > deadline) return executions;
			await new Promise((resolve) => setTimeout(resolve, 500));
		}
	};

	const ranOnWorkers = (ids: string[]) => {
		const byExecution = N8nHarness.executionsByWorker(queue);
		return ids.map((id) => byExecution.get(id));
	};

	beforeAll(async () => {
		[harness, sandbox] = await Promise.all([
			N8nHarness.create(),
			startSandbox({ processingMs: 600, recorded: true }),
		]);
		const mindeeCredential = Object.values(
			readExample(MINDEE_EXAMPLE).nodes.find((n) => n.credentials)!.credentials!,
		)[0]!;
		const birosCredential = Object.values(
			readExample(BIROS_EXAMPLE).nodes.find((n) => n.credentials)!.credentials!,
		)[0]!;
		await harness.importCredentials([
			{
				id: mindeeCredential.id,
				name: mindeeCredential.name,
				type: 'docparseMindeeApi',
				data: {
					apiKey: sandbox.mindee.apiKey,
					baseUrl: sandbox.mindee.url,
					webhookSecret: SANDBOX.mindeeWebhookSecret,
				},
			},
			{
				id: birosCredential.id,
				name: birosCredential.name,
				type: 'docparseBirosApi',
				data: { apiKey: sandbox.biros.apiKey, baseUrl: sandbox.biros.url },
			},
		]);
		const workflows = [
			viaWebhook(MINDEE_EXAMPLE, 'docparse-queue-mindee'),
			viaWebhook(BIROS_EXAMPLE, 'docparse-queue-biros'),
			batchWorkflow(),
			readExample(TRIGGER_EXAMPLE),
		];
		await harness.importWorkflows(workflows);
		for (const workflow of workflows) await harness.publishWorkflow(workflow.id);
		queue = await harness.startQueue(harness.ownerEnv(OWNER.email, OWNER.password), {
			workers: 2,
			concurrency: 5,
		});
		owner = await OwnerSession.login(queue.main, OWNER.email, OWNER.password);

		// Production webhooks are registered a moment after the editor is up: until then, 404. An unsigned
		// delivery to the trigger is refused (401) and starts nothing, so it is safe to repeat.
		const trigger = readExample(TRIGGER_EXAMPLE).nodes.find((n) => n.webhookId)!;
		const deadline = Date.now() + 60_000;
		for (;;) {
			const { status } = await postJson(
				`${base()}/webhook/${trigger.webhookId as string}/mindee`,
				'{}',
			);
			if (status !== 404) break;
			if (Date.now() > deadline)
				throw new Error(`webhooks not registered within 60 s\n${queue.main.output().slice(-4000)}`);
			await new Promise((resolve) => setTimeout(resolve, 500));
		}
	}, INSTALL_TIMEOUT_MS);

	afterAll(async () => {
		await Promise.allSettled([harness?.close(), sandbox?.close()]);
	}, 60_000);

	test('main and both workers run in queue mode and load the package without error', () => {
		for (const n8n of [queue.main, ...queue.workers]) {
			expect(n8n.output()).not.toMatch(/Failed to load package "n8n-nodes-docparse"/);
			expect(n8n.output()).not.toMatch(/There was a problem activating/i);
		}
		for (const worker of queue.workers) expect(worker.output()).toMatch(/Concurrency: 5/);
	});

	test('the Mindee example, started by a webhook, runs on a worker and answers with the parsed invoice', async () => {
		const submitsBefore = sandbox.mindee.requestsOf('submit').length;
		const response = await postJson(`${base()}/webhook/docparse-queue-mindee`, {});
		expect(response.status).toBe(200);
		const items = response.json as Array<Record<string, unknown>>;
		expect(items).toEqual([
			{
				invoice_number: valueOf('invoice_number'),
				supplier_name: valueOf('supplier_name'),
				date: valueOf('date'),
				total_amount: valueOf('total_amount'),
				document_id: expect.any(String),
			},
		]);
		expect(sandbox.mindee.requestsOf('submit').slice(submitsBefore)).toHaveLength(1);

		const workflowId = readExample(MINDEE_EXAMPLE).id;
		const executions = await settledExecutions(workflowId, 1);
		expect(executions.map((e) => e.status)).toEqual(['success']);
		expect(ranOnWorkers(executions.map((e) => e.id))).toEqual([expect.any(Number)]);
	});

	test('the Biros example, started by a webhook, runs on a worker and answers with the extracted fields', async () => {
		const response = await postJson(`${base()}/webhook/docparse-queue-biros`, {});
		expect(response.status).toBe(200);
		expect(response.json).toEqual([
			{
				supplier: birosInvoiceText('SupplierName'),
				invoice_number: birosInvoiceText('InvoiceNumber'),
				invoice_date: birosInvoiceText('InvoiceDate'),
				iban: birosInvoiceText('Iban'),
			},
		]);
		const executions = await settledExecutions(readExample(BIROS_EXAMPLE).id, 1);
		expect(executions.map((e) => e.status)).toEqual(['success']);
		expect(ranOnWorkers(executions.map((e) => e.id))).toEqual([expect.any(Number)]);
	});

	test('a Mindee parse batch: 6 documents in one execution, and 10 executions at once on both workers; each document submitted once', async () => {
		const pdf = samplePdfBase64();
		const submitsBefore = sandbox.mindee.requestsOf('submit').length;
		const documents = (prefix: string, count: number) =>
			Array.from({ length: count }, (_, index) => ({
				fileName: `${prefix}-${index}.pdf`,
				pdfBase64: pdf,
			}));

		const batch = await postJson(`${base()}/webhook/${BATCH.path}`, {
			documents: documents('batch', 6),
		});
		expect(batch.status).toBe(200);
		expect((batch.json as Array<Record<string, unknown>>).map((item) => item._filename)).toEqual(
			documents('batch', 6).map((document) => document.fileName),
		);

		// Ten executions at once: more than one worker's concurrency (5), so both take some.
		const singles = await Promise.all(
			Array.from(
				{ length: 10 },
				async (_, index) =>
					await postJson(`${base()}/webhook/${BATCH.path}`, {
						documents: documents(`single-${index}`, 1),
					}),
			),
		);
		expect(singles.map((single) => single.status)).toEqual(Array(10).fill(200));
		expect(
			singles.map((single) => (single.json as Array<Record<string, unknown>>)[0]._filename),
		).toEqual(Array.from({ length: 10 }, (_, index) => `single-${index}-0.pdf`));
		expect(
			singles.every((single) =>
				(single.json as Array<Record<string, unknown>>).every(
					(item) => item.invoice_number === valueOf('invoice_number') && !item.error,
				),
			),
		).toBe(true);

		// Every document reached Mindee exactly once.
		const submitted = sandbox.mindee
			.requestsOf('submit')
			.slice(submitsBefore)
			.map((request: { received: { fileName: string } }) => request.received.fileName)
			.sort();
		expect(submitted).toEqual(
			[
				...documents('batch', 6),
				...Array.from({ length: 10 }, (_, index) => documents(`single-${index}`, 1)[0]),
			]
				.map((document) => document.fileName)
				.sort(),
		);

		const executions = await settledExecutions(BATCH.id, 11);
		expect(executions.map((e) => e.status)).toEqual(Array(11).fill('success'));
		const workers = ranOnWorkers(executions.map((e) => e.id));
		expect(workers.every((worker) => worker !== undefined)).toBe(true);
		expect(new Set(workers).size).toBe(2);
	});

	test('the Mindee Trigger (published): a signed delivery starts exactly one execution, on a worker; the same delivery again starts none', async () => {
		const trigger = readExample(TRIGGER_EXAMPLE);
		const node = trigger.nodes.find((n) => n.type === 'n8n-nodes-docparse.docparseMindeeTrigger')!;
		const url = `${base()}/webhook/${node.webhookId as string}/mindee`;
		const body = fs.readFileSync(path.join(mindeeFixturesDir, 'async', 'get_completed.json'));
		const jobId = (JSON.parse(body.toString('utf8')) as { job: { id: string } }).job.id;
		const signature = crypto
			.createHmac('sha256', SANDBOX.mindeeWebhookSecret)
			.update(body)
			.digest('hex');

		expect((await postJson(url, body)).status).toBe(401);
		const first = await postJson(url, body, { 'X-Mindee-Hmac-Signature': signature });
		expect(first.status).toBe(200);
		const executions = await settledExecutions(trigger.id, 1);
		expect(executions.map((e) => ({ status: e.status, mode: e.mode }))).toEqual([
			{ status: 'success', mode: 'webhook' },
		]);
		expect(ranOnWorkers([executions[0].id])).toEqual([expect.any(Number)]);

		const repeat = await postJson(url, body, { 'X-Mindee-Hmac-Signature': signature });
		expect(repeat).toMatchObject({
			status: 200,
			json: { message: `Job ${jobId} was already received; nothing started` },
		});
		// Give a (wrongly) queued execution time to show up.
		await new Promise((resolve) => setTimeout(resolve, 3_000));
		expect(await settledExecutions(trigger.id, 1)).toHaveLength(1);
	});
});
