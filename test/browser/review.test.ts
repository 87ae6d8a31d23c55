/**
 * Route for Review in the editor, as a user meets it: in a real n8n driven by Chromium, turning the option
 * on in the Mindee V2 node's panel makes the second output, Needs Review, appear on the canvas beside
 * Success; the review example, run from the editor, sends one sample invoice down each. Writes the README's
 * screenshot of the two outputs (docs/screenshots/route-for-review.png).
 */
import type { Page } from 'playwright-core';

import { readExample } from '../e2e/harness';
import { screenshot, see } from './browser';
import { useEditorSession } from './editorSession';

jest.setTimeout(240_000);

const OWNER = { email: 'review@example.com', password: 'Review-test-pass-1' };
const EXTRACT = readExample('mindee-v2-extract.json');
const REVIEW = readExample('mindee-v2-review.json');
/** The review example's Mindee V2 node. */
const REVIEW_NODE = REVIEW.nodes.find((n) => n.type.endsWith('docparseMindeeV2'))!.name;

describe('Route for Review in the n8n editor (Chromium)', () => {
	const session = useEditorSession({
		owner: OWNER,
		credentials: [{ node: REVIEW_NODE, api: 'mindeeV2' }],
		workflows: [EXTRACT, REVIEW],
	});
	let page: Page;
	beforeAll(() => {
		page = session.page;
	});

	const openWorkflow = async (id: string) => await session.openWorkflow(id);
	const canvas = () => page.locator('[data-test-id="canvas"]').first();

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
