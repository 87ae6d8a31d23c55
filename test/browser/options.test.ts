/**
 * The node panels' parameters in a real n8n editor (Chromium), issue #24 points 2, 3, 5 and 9: the Mindee
 * V2 subtitle names the operation and the model; each operation offers only its own Output modes and models;
 * a model of another type and an option out of range are refused with a message that names them.
 */
import type { Page } from 'playwright-core';

import { readExample } from '../e2e/harness';
import { see } from './browser';
import { useEditorSession } from './editorSession';

jest.setTimeout(240_000);

const OWNER = { email: 'options@example.com', password: 'Options-test-pass-1' };
const EXTRACT = readExample('mindee-v2-extract.json');
const NODE = 'Mindee V2: extract invoice';

/** The extract example with its Mindee V2 node's parameters changed, as another saved workflow. */
function variant(id: string, name: string, parameters: Record<string, unknown>) {
	const workflow = JSON.parse(JSON.stringify(EXTRACT)) as typeof EXTRACT;
	const node = workflow.nodes.find((n) => n.name === NODE)!;
	Object.assign(node.parameters, parameters);
	return { ...workflow, id, name };
}
const WRONG_TYPE = variant('dpOptionsWrongType', 'Options: model of another type', {
	operation: 'classify',
});
const OUT_OF_RANGE = variant('dpOptionsRange', 'Options: concurrency out of range', {
	options: { rateLimits: { settings: { concurrency: '={{ 0 }}' } } },
});

describe('Node panel parameters in the n8n editor (Chromium)', () => {
	const session = useEditorSession({
		owner: OWNER,
		credentials: [{ node: NODE, api: 'mindeeV2' }],
		workflows: [EXTRACT, WRONG_TYPE, OUT_OF_RANGE],
	});
	let page: Page;
	beforeAll(() => {
		page = session.page;
	});

	const openWorkflow = async (id: string) => await session.openWorkflow(id);
	const canvasNode = (text: string) =>
		page.locator('[data-test-id="canvas-node"]', { hasText: text }).first();
	const panel = () => page.locator('[data-test-id="ndv"]');
	/** The entries of the open dropdown list. */
	const dropdownEntry = (text: string) =>
		page.locator('.el-select-dropdown__item:visible, [role="option"]:visible', { hasText: text });
	const openDropdown = async (parameter: string) => {
		await panel().locator(`[data-test-id="parameter-input-${parameter}"]`).first().click();
	};
	const closePanel = async () => {
		await page.locator('[data-test-id="ndv-close-button"]').first().click();
		await panel().waitFor({ state: 'hidden' });
	};

	test('9. the canvas subtitle names the operation and the model', async () => {
		await openWorkflow(EXTRACT.id);
		await see(
			canvasNode('Extract Data · Supplier invoices'),
			'the subtitle "Extract Data · Supplier invoices"',
		);
	});

	test('3 and 2. each operation offers only its own Output modes and models', async () => {
		await openWorkflow(EXTRACT.id);
		await canvasNode(NODE).dblclick();
		await openDropdown('output');
		await see(dropdownEntry('Line Items (Extraction)'), 'Line Items on Extract Data');
		await page.keyboard.press('Escape');

		await openDropdown('operation');
		await dropdownEntry('Read Text (OCR)').first().click();
		await openDropdown('output');
		await see(dropdownEntry('Simplified'), 'the Output list of Read Text (OCR)');
		expect(await dropdownEntry('Line Items (Extraction)').count()).toBe(0);
		await page.keyboard.press('Escape');

		await panel().locator('[data-test-id="rlc-input"]').click();
		await see(page.getByText('Full-text OCR', { exact: true }), 'the OCR model in the Model list');
		expect(await page.getByText('Expense receipts', { exact: true }).count()).toBe(0);
		await page.keyboard.press('Escape');
		await closePanel();
	});

	test('2. a model of another type is refused, naming the model, its type and the operation', async () => {
		await openWorkflow(WRONG_TYPE.id);
		await see(canvasNode('Classify · Supplier invoices'), 'the subtitle of the Classify node');
		await page.locator('[data-test-id="execute-workflow-button"]').click();
		await see(
			page.getByText(/is an extraction model, but Classify sends to classification models/).first(),
			'the model type error',
		);
	});

	test('5. an option out of range is refused with its name and range; the groups are in the Options list', async () => {
		await openWorkflow(OUT_OF_RANGE.id);
		await page.locator('[data-test-id="execute-workflow-button"]').click();
		await see(
			page
				.getByText(/Rate Limits → Concurrency is 0: it must be a whole number from 1 to 200/)
				.first(),
			'the range error',
		);
		await openWorkflow(EXTRACT.id);
		await canvasNode(NODE).dblclick();
		await panel()
			.locator('input[placeholder="Add Option"], :text-is("Add Option")')
			.first()
			.click();
		for (const option of ['Polling', 'Rate Limits', 'Request Timeout'])
			await see(page.getByText(option, { exact: true }), `the option "${option}"`);
		await page.keyboard.press('Escape');
		await closePanel();
	});
});
