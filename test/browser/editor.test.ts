/**
 * The package as a user meets it: a real Chromium drives the editor of a real n8n (the one the e2e tests
 * start) with the package installed through the Community Nodes path, the example workflows and credentials
 * of `npm start`, and the local sandbox API answering with the sample responses the project ships. Every
 * assertion is on what the page shows. The same run writes the README's screenshots (docs/screenshots/).
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

import type { Page } from 'playwright-core';

import {
	INSTALL_TIMEOUT_MS,
	N8nHarness,
	readExample,
	type Credential,
	type RunningN8n,
} from '../e2e/harness';
import { launchBrowser, screenshot, see, type Browser } from './browser';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startSandbox, SANDBOX, SANDBOX_RESPONSES_DIR } = require('../../scripts/sandbox');

jest.setTimeout(240_000);

const OWNER = { email: 'browser@example.com', password: 'Browser-test-pass-1' };
const INVOICE = readExample('mindee-parse-invoice.json');
const WEBHOOK = readExample('mindee-webhook-trigger.json');
const BIROS = readExample('biros-predict.json');
const MINDEE_V2 = readExample('mindee-v2-extract.json');
const SPLIT = readExample('mindee-v2-split-extract.json');
/** The invoice number of the sandbox's sample invoice. */
const INVOICE_NUMBER = 'INV-2025-00417';

const delivery = fs.readFileSync(path.join(SANDBOX_RESPONSES_DIR, 'async', 'get_completed.json'));
const sign = (body: Buffer, secret: string) =>
	crypto.createHmac('sha256', secret).update(body).digest('hex');

function credentialOf(workflow: typeof INVOICE, type: string, data: Record<string, unknown>) {
	const node = workflow.nodes.find(
		(n) => n.type === `n8n-nodes-docparse.${type.replace(/Api$/, '')}`,
	);
	const credential = Object.values(node!.credentials ?? {})[0]!;
	return { id: credential.id, name: credential.name, type, data } as Credential;
}

describe('the package in the n8n editor (Chromium)', () => {
	let harness: N8nHarness;
	let n8n: RunningN8n;
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	let sandbox: any;
	let browser: Browser;
	let page: Page;
	let base: string;
	let webhookUrl: string;

	const postDelivery = async (headers: Record<string, string>) => {
		const response = await fetch(webhookUrl, {
			method: 'POST',
			headers: { 'content-type': 'application/json', ...headers },
			body: delivery,
		});
		return response.status;
	};

	/** Opens a workflow and waits until its nodes are on the canvas. */
	const openWorkflow = async (id: string) => {
		await page.goto(`${base}/workflow/${id}`);
		await see(page.locator('[data-test-id="canvas-node"]'), `the nodes of workflow ${id}`);
	};

	const canvasNode = (name: string) =>
		page.locator('[data-test-id="canvas-node"]', { hasText: name }).first();

	const closePanel = async () => {
		await page.locator('[data-test-id="ndv-close-button"]').first().click();
		await page.locator('[data-test-id="ndv"]').waitFor({ state: 'hidden' });
	};

	beforeAll(async () => {
		[harness, sandbox] = await Promise.all([N8nHarness.create(), startSandbox()]);
		await harness.importCredentials([
			credentialOf(INVOICE, 'docparseMindeeApi', {
				apiKey: sandbox.mindee.apiKey,
				baseUrl: sandbox.mindee.url,
				webhookSecret: sandbox.mindee.webhookSecret,
			}),
			credentialOf(BIROS, 'docparseBirosApi', {
				apiKey: sandbox.biros.apiKey,
				baseUrl: sandbox.biros.url,
			}),
			credentialOf(MINDEE_V2, 'docparseMindeeV2Api', {
				apiKey: sandbox.mindeeV2.apiKey,
				baseUrl: sandbox.mindeeV2.url,
				webhookSecret: sandbox.mindeeV2.webhookSecret,
			}),
		]);
		await harness.importWorkflows([INVOICE, WEBHOOK, BIROS, MINDEE_V2, SPLIT]);
		await harness.publishWorkflow(WEBHOOK.id);

		[n8n, browser] = await Promise.all([
			harness.start(harness.ownerEnv(OWNER.email, OWNER.password)),
			launchBrowser(),
		]);
		page = browser.page;
		base = `http://127.0.0.1:${n8n.port}`;
		const trigger = WEBHOOK.nodes.find((n) => n.type.endsWith('docparseMindeeTrigger'))!;
		webhookUrl = `${base}/webhook/${trigger.webhookId as string}/mindee`;
		// n8n registers the published workflow's webhook a moment after the editor is up (404 until then). An
		// unsigned POST is refused and starts nothing, so it is safe to repeat.
		const deadline = Date.now() + 60_000;
		while ((await postDelivery({})) === 404) {
			if (Date.now() > deadline) throw new Error(`${webhookUrl} was not registered within 60s`);
			await new Promise((resolve) => setTimeout(resolve, 500));
		}
	}, INSTALL_TIMEOUT_MS);

	afterAll(async () => {
		await Promise.allSettled([browser?.close(), harness?.close(), sandbox?.close()]);
	}, 60_000);

	test('sign in: the Overview lists the example workflows', async () => {
		await page.goto(`${base}/signin`);
		await page.getByLabel(/email/i).fill(OWNER.email);
		await page.getByLabel(/password/i).fill(OWNER.password);
		await page.getByRole('button', { name: 'Sign in' }).click();
		await page.waitForURL(/\/home\//);
		await see(page.getByText(INVOICE.name), 'the invoice example on the Overview');
		await see(page.getByText(WEBHOOK.name), 'the webhook example on the Overview');
	});

	test('the node picker finds each node by its name and by the task', async () => {
		await openWorkflow(INVOICE.id);
		await page.locator('[data-test-id="node-creator-plus-button"]').click();
		const search = page.locator('[data-test-id="node-creator-search-bar"]');
		const result = (name: string) =>
			page.locator('[data-test-id="node-creator-item-name"]', { hasText: name });
		const searches: Array<[string, string]> = [
			['Mindee', 'Mindee (Docparse)'],
			['Docparse', 'Mindee (Docparse)'],
			['invoice', 'Mindee (Docparse)'],
			['receipt', 'Mindee (Docparse)'],
			['OCR', 'Mindee (Docparse)'],
			['passport', 'Mindee (Docparse)'],
			['ID card', 'Mindee (Docparse)'],
			['document', 'Mindee (Docparse)'],
			['Mindee V2', 'Mindee V2 (Docparse)'],
			['OCR', 'Mindee V2 (Docparse)'],
			['Biros', 'Biros'],
			['invoice', 'Biros'],
			['OCR', 'Biros'],
		];
		for (const [query, node] of searches) {
			await search.fill(query);
			await see(result(node), `"${node}" in the node picker's results for "${query}"`);
		}
		await search.fill('invoice');
		await see(result('Mindee (Docparse)'), 'the Mindee entry');
		await screenshot(page, 'node-picker');

		// The entry opens the node's operations (and its trigger): the action node itself is reachable.
		await result('Mindee (Docparse)').first().click();
		await see(page.getByText('Parse a document'), 'the Parse Document operation');
		await see(page.getByText('Submit a document'), 'the Submit Document operation');
	});

	test('the trigger picker finds the Mindee trigger', async () => {
		await page.goto(`${base}/workflow/new`);
		await page.locator('[data-test-id="canvas-add-button"]').click();
		await page.locator('[data-test-id="node-creator-search-bar"]').fill('Mindee');
		const entry = page.locator('[data-test-id="node-creator-item-name"]', {
			hasText: 'Mindee (Docparse)',
		});
		await see(entry, 'the Mindee trigger in the trigger picker');
		await entry.first().click();
		await see(page.getByText('On new Mindee (Docparse) event'), 'the trigger');
	});

	test('the Mindee node panel: display names, tooltips, docs link, options', async () => {
		await openWorkflow(INVOICE.id);
		await see(canvasNode('Parse · Invoice v4'), 'the subtitle "Parse · Invoice v4" on the canvas');
		await canvasNode('Mindee: parse invoice').dblclick();
		const panel = page.locator('[data-test-id="ndv"]');
		const value = (parameter: string) =>
			panel.locator(`[data-test-id="parameter-input-${parameter}"] input`).first();
		await see(value('product'), 'the product');
		expect(await value('operation').inputValue()).toBe('Parse Document');
		expect(await value('product').inputValue()).toBe('Invoice (v4)');
		const docs = panel.getByRole('link', { name: /Docs/ });
		await see(docs, 'the Docs link');
		expect(await docs.first().getAttribute('href')).toContain(
			'n8n-nodes-docparse/blob/main/docs/mindee.md',
		);
		// No placeholder shows the expression marker "=".
		expect(await panel.locator('input[placeholder^="="], textarea[placeholder^="="]').count()).toBe(
			0,
		);
		// The Options list open shows the option names too.
		await panel.locator('input[placeholder="Add Option"], :text-is("Add Option")').first().click();
		for (const option of [
			'Include All OCR Words',
			'Include Full OCR Text',
			'Include Document Crops',
			'Mindee Workflow ID',
			'RAG',
			'Mode',
			'Polling',
			'Rate Limits',
		])
			await see(page.getByText(option, { exact: true }), `the option "${option}"`);
		await screenshot(page, 'mindee-node-panel');
		await page.keyboard.press('Escape');
		await closePanel();
	});

	test('the invoice example runs from the editor and its output shows the invoice number', async () => {
		await openWorkflow(INVOICE.id);
		await page.locator('[data-test-id="execute-workflow-button"]').click();
		await see(page.getByText(/Workflow executed successfully/i), 'the success message');
		await canvasNode('Keep the main fields').dblclick();
		const output = page.locator('[data-test-id="output-panel"]');
		await see(
			output.getByText(INVOICE_NUMBER),
			`the invoice number ${INVOICE_NUMBER} in the output`,
		);
		await see(output.getByText('NORDWERK OFFICE GMBH'), 'the supplier in the output');
		await screenshot(page, 'execution-output');
		await closePanel();
	});

	test('Mindee V2: the Model list shows the extraction models by name; Execute step shows the fields', async () => {
		await openWorkflow(MINDEE_V2.id);
		await canvasNode('Mindee V2: extract invoice').dblclick();
		const panel = page.locator('[data-test-id="ndv"]');
		await panel.locator('[data-test-id="rlc-input"]').click();
		for (const name of ['Supplier invoices', 'Expense receipts'])
			await see(page.getByText(name, { exact: true }), `the model "${name}" in the Model list`);
		// Only the models of the operation's type: the classification model is not offered for Extract Data.
		expect(await page.getByText('Incoming mail sorter', { exact: true }).count()).toBe(0);
		await screenshot(page, 'mindee-v2-model-list');
		await page.keyboard.press('Escape');

		await panel.locator('[data-test-id="node-execute-button"]').click();
		const output = page.locator('[data-test-id="output-panel"]');
		await see(
			output.getByText(INVOICE_NUMBER),
			`the invoice number ${INVOICE_NUMBER} in the output`,
		);
		await page.getByText('JSON', { exact: true }).last().click();
		// n8n renders only the JSON lines in view, so look for a field near the top of the item.
		await see(output.getByText('"NORDWERK OFFICE GMBH"'), 'the supplier name in the JSON output');
		await screenshot(page, 'mindee-v2-output');
		await closePanel();
	});

	test('Mindee V2 Split: the binary tab of the output shows one PDF per document found', async () => {
		await openWorkflow(SPLIT.id);
		await page.locator('[data-test-id="execute-workflow-button"]').click();
		await see(page.getByText(/Workflow executed successfully/i), 'the success message');
		await canvasNode('Mindee V2: split the batch').dblclick();
		const output = page.locator('[data-test-id="output-panel"]');
		await output.getByText('Binary', { exact: true }).last().click();
		await see(output.getByText('scanned-batch_p1-2.pdf'), 'the first piece in the binary tab');
		await screenshot(page, 'mindee-v2-split-binary');
		await closePanel();
	});

	test('the trigger example, published: one signed delivery starts one execution, an unsigned one none', async () => {
		await openWorkflow(WEBHOOK.id);
		await see(canvasNode('When Mindee delivers a result'), "the trigger's subtitle");
		await see(page.getByText('Published', { exact: false }), 'the published state');
		await canvasNode('Mindee Trigger').dblclick();
		const panel = page.locator('[data-test-id="ndv"]');
		await see(panel.getByText(/Then publish the workflow/), 'the setup notice');
		await panel.getByText('Webhook URLs').click();
		await panel.locator('[data-test-id="radio-button-production"]').click();
		await see(
			panel.getByText(webhookUrl.replace(/^.*\/webhook\//, '/webhook/')),
			'the production URL',
		);
		await screenshot(page, 'trigger-panel');
		await closePanel();

		const executions = async () => {
			await page.goto(`${base}/workflow/${WEBHOOK.id}/executions`);
			await see(page.locator('[data-test-id="executions-sidebar"]'), 'the executions list');
			await page.waitForLoadState('networkidle');
			return page.locator(
				'[data-test-id="current-executions-list"] [data-test-id^="execution-details-"]',
			);
		};
		expect(await (await executions()).count()).toBe(0);

		expect(
			await postDelivery({
				'X-Mindee-Hmac-Signature': sign(delivery, SANDBOX.mindeeWebhookSecret),
			}),
		).toBe(200);
		let list = await executions();
		await see(list, 'the execution of the signed delivery');
		expect(await list.count()).toBe(1);

		expect(await postDelivery({})).toBe(401);
		list = await executions();
		await see(list, 'the executions list');
		expect(await list.count()).toBe(1);
	});

	test("the credentials' Test buttons answer", async () => {
		await page.goto(`${base}/home/credentials`);
		for (const name of ['Mindee account', 'Biros account']) {
			await page.getByText(name, { exact: true }).first().click();
			const modal = page.locator('[data-test-id="editCredential-modal"]');
			await see(modal.getByText('Connection tested successfully'), `the test of ${name}`);
			await modal.getByText('Retry').click();
			await see(modal.getByText('Connection tested successfully'), `the second test of ${name}`);
			await page.keyboard.press('Escape');
			await modal.waitFor({ state: 'hidden' });
		}
	});
});
