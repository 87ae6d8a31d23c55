/**
 * A hostile PDF in a real n8n: 8 MB of object headers without an end (`1 0 obj 1 0 obj …`), posted as
 * base64 to a published workflow (Webhook → Mindee V2 Extract Data, Base64 input), while n8n is asked for
 * /healthz all along. The execution completes normally: the page count is unknown, so the file is sent
 * once and Mindee decides. And n8n keeps answering: counting this file's pages used to hold its event loop
 * for 16-20 s, every webhook, the editor and every other execution with it.
 */
import * as crypto from 'node:crypto';

import { HOSTILE_PDFS } from '../harness/pdfShapes';
import { samplePdf } from '../harness/files';
import {
	INSTALL_TIMEOUT_MS,
	N8nHarness,
	type RunningN8n,
	type Workflow,
	webhookNode,
} from './harness';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startSandbox } = require('../../scripts/sandbox');

jest.setTimeout(180_000);

const CREDENTIAL = { id: 'dpHostilePdfV2', name: 'Mindee V2 account' };
const EXTRACTION_MODEL = 'b3274545-bb22-bb22-991e-9ca0639829a3';
const WEBHOOK_PATH = 'docparse-hostile-pdf';
/** Above what answering /healthz took here on a busy machine (up to 1.1 s), far below the 16-90 s stall it was. */
const RESPONSIVE_MS = 5_000;

const sha256 = (bytes: Buffer) => crypto.createHash('sha256').update(bytes).digest('hex');

/** Webhook (JSON body { name, content }) → Mindee V2 Extract Data of the base64 content; answers with its items. */
const workflow: Workflow = {
	id: 'dpHostilePdf0001',
	name: 'Hostile PDF through Mindee V2',
	nodes: [
		webhookNode(WEBHOOK_PATH),
		{
			id: crypto.randomUUID(),
			name: 'Mindee V2',
			type: 'n8n-nodes-docparse.docparseMindeeV2',
			typeVersion: 1,
			position: [220, 0],
			parameters: {
				operation: 'extract',
				modelId: { __rl: true, mode: 'id', value: EXTRACTION_MODEL },
				inputType: 'base64',
				base64Content: '={{ $json.body.content }}',
				fileName: '={{ $json.body.name }}',
				output: 'simplified',
				options: {},
			},
			credentials: { docparseMindeeV2Api: CREDENTIAL },
		},
	],
	connections: { Webhook: { main: [[{ node: 'Mindee V2', type: 'main', index: 0 }]] } },
	settings: { executionOrder: 'v1' },
};

describe('a hostile PDF in a running n8n', () => {
	let harness: N8nHarness;
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	let sandbox: any;
	let n8n: RunningN8n;
	const base = () => `http://127.0.0.1:${n8n.port}`;
	const post = async (name: string, bytes: Buffer) => {
		const response = await fetch(`${base()}/webhook/${WEBHOOK_PATH}`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ name, content: bytes.toString('base64') }),
		});
		return { status: response.status, text: await response.text() };
	};

	beforeAll(async () => {
		[harness, sandbox] = await Promise.all([
			N8nHarness.create(),
			startSandbox({ mindee: false, biros: false, recorded: true }),
		]);
		await harness.importCredentials([
			{
				...CREDENTIAL,
				type: 'docparseMindeeV2Api',
				data: { apiKey: sandbox.mindeeV2.apiKey, baseUrl: sandbox.mindeeV2.url },
			},
		]);
		await harness.importWorkflow(workflow);
		await harness.publishWorkflow(workflow.id);
		n8n = await harness.start();
		// Production webhooks are registered a moment after the editor is up: until then, 404.
		const deadline = Date.now() + 60_000;
		while ((await post('warm-up.pdf', samplePdf(1))).status === 404) {
			if (Date.now() > deadline) throw new Error(`${WEBHOOK_PATH} was not registered within 60 s`);
			await new Promise((resolve) => setTimeout(resolve, 500));
		}
	}, INSTALL_TIMEOUT_MS);

	afterAll(async () => {
		await Promise.allSettled([harness?.close(), sandbox?.close()]);
	}, 60_000);

	test('8 MB of object headers: the execution completes, Mindee receives the file once, and n8n answers /healthz throughout', async () => {
		const hostile = HOSTILE_PDFS['object headers without an end'](8 * 1024 * 1024);
		const enqueuesBefore = sandbox.mindeeV2.requestsOf('enqueue').length;

		let done = false;
		const healthLatencies: number[] = [];
		const probing = (async () => {
			while (!done) {
				const started = Date.now();
				expect((await fetch(`${base()}/healthz`)).status).toBe(200);
				healthLatencies.push(Date.now() - started);
				await new Promise((resolve) => setTimeout(resolve, 100));
			}
		})();
		const answer = await post('hostile.pdf', hostile).finally(() => (done = true));
		await probing;

		expect(answer.status).toBe(200);
		const items = JSON.parse(answer.text) as Array<Record<string, unknown>>;
		expect(items).toEqual([
			expect.objectContaining({ _filename: 'hostile.pdf', invoice_number: 'INT-001' }),
		]);
		const enqueues = sandbox.mindeeV2.requestsOf('enqueue').slice(enqueuesBefore);
		expect(enqueues.map((request: { received: object }) => request.received)).toEqual([
			expect.objectContaining({ fileName: 'hostile.pdf', sha256: sha256(hostile) }),
		]);
		expect(healthLatencies.length).toBeGreaterThan(0);
		expect(Math.max(...healthLatencies)).toBeLessThan(RESPONSIVE_MS);
	});
});
