/**
 * What the editor shows of points 8 and 13 of issue #24, in a real n8n: the triggers' panels say what sends a
 * delivery (in n8n 2.x's words, "publish"), and the node panels use one vocabulary (docs/vocabulary.md).
 */
import type { Page } from 'playwright-core';

import { INSTALL_TIMEOUT_MS, N8nHarness, readExample } from '../e2e/harness';
import { see, startSignedIn, type Browser } from './browser';

jest.setTimeout(240_000);

const OWNER = { email: 'vocabulary@example.com', password: 'Vocabulary-pass-1' };
const WEBHOOK = readExample('mindee-webhook-trigger.json');
const WEBHOOK_V2 = readExample('mindee-v2-webhook-trigger.json');
const BIROS = readExample('biros-predict.json');

describe('one vocabulary, and trigger panels that say what sends a delivery (Chromium)', () => {
	let harness: N8nHarness;
	let browser: Browser;
	let page: Page;
	let base: string;

	const openNode = async (workflowId: string, nodeName: string) => {
		await page.goto(`${base}/workflow/${workflowId}`);
		const node = page.locator('[data-test-id="canvas-node"]', { hasText: nodeName }).first();
		await see(node, `the node "${nodeName}"`);
		await node.dblclick();
		const panel = page.locator('[data-test-id="ndv"]');
		await see(panel, `the panel of "${nodeName}"`);
		return panel;
	};

	beforeAll(async () => {
		harness = await N8nHarness.create();
		// The panels need no credential: the examples' references stay unresolved, which the editor shows.
		await harness.importWorkflows([WEBHOOK, WEBHOOK_V2, BIROS]);
		({ page, base } = await startSignedIn(harness, OWNER, (started) => {
			browser = started;
		}));
	}, INSTALL_TIMEOUT_MS);

	afterAll(async () => {
		await Promise.allSettled([browser?.close(), harness?.close()]);
	}, 60_000);

	test.each([
		[WEBHOOK.id, 'Mindee Trigger', 'node scripts/send-mindee-webhook.js <test URL>'],
		[WEBHOOK_V2.id, 'Mindee V2 Trigger', 'node scripts/send-mindee-webhook.js --v2 <test URL>'],
	])('workflow %s, %s: the panel names what sends a delivery', async (id, name, command) => {
		const panel = await openNode(id, name);
		await see(
			panel.getByText('Listen for a result delivered by Mindee'),
			'the trigger panel header',
		);
		await see(panel.getByText(/publish it: every result Mindee delivers/), 'the activation hint');
		await see(panel.getByText(/Then publish the workflow/), 'the setup notice');
		// n8n's default texts name a place that does not exist.
		expect(await panel.getByText(/Pull in events from/).count()).toBe(0);
		expect(await panel.getByText(/\bactivate the workflow\b/i).count()).toBe(0);
		await panel
			.getByText(/More info/i)
			.first()
			.click();
		await see(panel.getByText(command, { exact: false }), `the command "${command}"`);
		await see(panel.getByText(/Submit Document/).first(), 'the Submit Document operation');
		await page.locator('[data-test-id="ndv-close-button"]').first().click();
	});

	test('the Biros node panel: Confidence, Submit Document, Wait Until Done', async () => {
		const panel = await openNode(BIROS.id, 'Biros: extract invoice');
		// The example's includeConfidence option, saved under its old label, shows the new one.
		await see(panel.getByText('Confidence', { exact: true }), 'the Confidence option');
		expect(await panel.getByText('Include Confidence', { exact: true }).count()).toBe(0);
		const operation = panel.locator('[data-test-id="parameter-input-operation"]').first();
		await operation.click();
		await see(page.getByText('Submit Document', { exact: true }), 'the Submit Document operation');
		await page.getByText('Get Result', { exact: true }).first().click();
		await see(panel.getByText('Wait Until Done', { exact: true }), 'the Wait Until Done toggle');
		expect(await panel.getByText('Wait Until Ready', { exact: true }).count()).toBe(0);
	});
});
