/**
 * Route for Review in the editor, as a user meets it: in a real n8n driven by Chromium, turning the option
 * on in the Mindee V2 node's panel makes the second output, Needs Review, appear on the canvas beside
 * Success; the review example, run from the editor, sends one sample invoice down each. Writes the README's
 * screenshot of the two outputs (docs/screenshots/route-for-review.png).
 */
import type { Page } from 'playwright-core';

import { INSTALL_TIMEOUT_MS, N8nHarness, readExample } from '../e2e/harness';
import { screenshot, see, startSignedIn, type Browser } from './browser';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startSandbox } = require('../../scripts/sandbox');

jest.setTimeout(240_000);

const OWNER = { email: 'review@example.com', password: 'Review-test-pass-1' };
const EXTRACT = readExample('mindee-v2-extract.json');
const REVIEW = readExample('mindee-v2-review.json');

describe('Route for Review in the n8n editor (Chromium)', () => {
	/** What beforeAll starts and afterAll stops. */
	const started: {
		harness?: N8nHarness;
		browser?: Browser;
		// eslint-disable-next-line @typescript-eslint/no-explicit-any
		sandbox?: any;
	} = {};
	let page: Page;
	let base: string;

	const openWorkflow = async (id: string) => {
		await page.goto(`${base}/workflow/${id}`);
		await see(page.locator('[data-test-id="canvas-node"]'), `the nodes of workflow ${id}`);
	};
	const canvas = () => page.locator('[data-test-id="canvas"]').first();

	beforeAll(async () => {
		const [harness, sandbox] = await Promise.all([
			N8nHarness.create(),
			startSandbox({ mindee: false, biros: false }),
		]);
		Object.assign(started, { harness, sandbox });
		const node = REVIEW.nodes.find((n) => n.type.endsWith('docparseMindeeV2'))!;
		const credential = Object.values(node.credentials ?? {})[0]!;
		await harness.importCredentials([
			{
				id: credential.id,
				name: credential.name,
				type: 'docparseMindeeV2Api',
				data: { apiKey: sandbox.mindeeV2.apiKey, baseUrl: sandbox.mindeeV2.url },
			},
		]);
		await harness.importWorkflows([EXTRACT, REVIEW]);
		({ page, base } = await startSignedIn(harness, OWNER, (browser) => {
			started.browser = browser;
		}));
	}, INSTALL_TIMEOUT_MS);

	afterAll(async () => {
		const { browser, harness, sandbox } = started;
		await Promise.allSettled([browser?.close(), harness?.close(), sandbox?.close()]);
	}, 60_000);

	test('the review example runs from the editor: one invoice down Success, one down Needs Review', async () => {
		await openWorkflow(REVIEW.id);
		await see(canvas().getByText('Needs Review', { exact: true }), 'the Needs Review output');
		await see(canvas().getByText('Success', { exact: true }), 'the Success output');
		await page.locator('[data-test-id="execute-workflow-button"]').click();
		await see(page.getByText(/Workflow executed successfully/i), 'the success message');
		await see(
			page.locator('[data-test-id="canvas-node"]', { hasText: 'Accounting spreadsheet' }),
			'the spreadsheet node',
		);
		// The picture once the run has settled: the button back to its label, the canvas's edges drawn.
		await see(
			page.locator('[data-test-id="execute-workflow-button"]', { hasText: 'Execute workflow' }),
			'the Execute workflow button again',
		);
		await page.waitForTimeout(1500);
		await screenshot(page, 'route-for-review');
	});

	test('turning Route for Review on adds the Needs Review output on the canvas', async () => {
		await openWorkflow(EXTRACT.id);
		expect(await canvas().getByText('Needs Review', { exact: true }).count()).toBe(0);
		await page
			.locator('[data-test-id="canvas-node"]', { hasText: 'Mindee V2: extract invoice' })
			.first()
			.dblclick();
		const panel = page.locator('[data-test-id="ndv"]');
		const toggle = panel.locator('[data-test-id="parameter-input-routeForReview"]').first();
		await see(toggle, 'the Route for Review parameter');
		await toggle.locator('.el-switch, [role="switch"], input').first().click();
		await see(panel.getByText('Minimum Confidence', { exact: true }), 'the rules once it is on');
		await page.locator('[data-test-id="ndv-close-button"]').first().click();
		await page.locator('[data-test-id="ndv"]').waitFor({ state: 'hidden' });
		await see(canvas().getByText('Needs Review', { exact: true }), 'the Needs Review output');
		await see(canvas().getByText('Success', { exact: true }), 'the Success output');
	});
});
