/**
 * Error messages as a user meets them in the editor (issue #24, points 1 and 6), in a real n8n driven by
 * Chromium against the sandbox's fake Mindee: Get Result of an unknown job says which field to check and
 * gives no advice about a document it never submitted; an item without the chosen binary field names its
 * item once, counted from 1 as the panels count, and the binary field it does have.
 */
import { exampleVariant, type Workflow } from '../e2e/harness';
import { see, UI_TIMEOUT_MS } from './browser';
import { useEditorSession } from './editorSession';

jest.setTimeout(240_000);

const OWNER = { email: 'errors@example.com', password: 'Errors-test-pass-1' };
const EXAMPLE = 'mindee-parse-invoice.json';
const MINDEE_NODE = 'Mindee: parse invoice';

/** The invoice example with its Mindee node getting the result of a job Mindee never had. */
const UNKNOWN_JOB: Workflow = exampleVariant(
	EXAMPLE,
	'dpErrorsUnknownJob1',
	'Errors: Get Result of an unknown job',
	(workflow) => {
		Object.assign(workflow.nodes.find((node) => node.name === MINDEE_NODE)!.parameters, {
			operation: 'getResult',
			lookupBy: 'jobId',
			jobId: 'no-such-job-4711',
			waitForCompletion: true,
		});
	},
);

/** The invoice example with the PDF made a file in binary field `data`, and the node reading `file`. */
const WRONG_FIELD: Workflow = exampleVariant(
	EXAMPLE,
	'dpErrorsBinaryField1',
	'Errors: the wrong binary field',
	(workflow) => {
		const sample = 'Sample invoice (PDF as base64)';
		workflow.nodes.push({
			id: 'to-file',
			name: 'PDF to file',
			type: 'n8n-nodes-base.convertToFile',
			typeVersion: 1.1,
			position: [330, 160],
			parameters: { operation: 'toBinary', sourceProperty: 'pdfBase64', options: {} },
		});
		workflow.connections[sample] = {
			main: [[{ node: 'PDF to file', type: 'main', index: 0 }]],
		};
		workflow.connections['PDF to file'] = {
			main: [[{ node: MINDEE_NODE, type: 'main', index: 0 }]],
		};
		Object.assign(workflow.nodes.find((node) => node.name === MINDEE_NODE)!.parameters, {
			inputType: 'binary',
			binaryPropertyName: 'file',
		});
	},
);

describe('error messages in the n8n editor (Chromium)', () => {
	const session = useEditorSession({
		owner: OWNER,
		credentials: [{ node: MINDEE_NODE, api: 'mindee' }],
		workflows: [UNKNOWN_JOB, WRONG_FIELD],
	});

	/** Opens a workflow, runs it from the editor and opens the Mindee node's panel on its error. */
	const runAndOpenMindeeNode = async (workflow: Workflow) => {
		const { page, base } = session;
		await page.goto(`${base}/workflow/${workflow.id}`);
		// The first canvas of a fresh n8n loads every node type: slow on a loaded machine.
		await see(
			page.locator('[data-test-id="canvas-node"]'),
			`the nodes of ${workflow.name}`,
			3 * UI_TIMEOUT_MS,
		);
		await page.locator('[data-test-id="execute-workflow-button"]').click();
		await page.locator('[data-test-id="canvas-node"]', { hasText: MINDEE_NODE }).first().dblclick();
		const output = page.locator('[data-test-id="output-panel"]');
		await see(output, 'the output panel');
		return output;
	};

	test('Get Result of an unknown job: which field to check, and no advice about submitting', async () => {
		const output = await runAndOpenMindeeNode(UNKNOWN_JOB);
		await see(
			output.getByText(
				"No job no-such-job-4711: check the Job ID (Submit's `job_id`) and that Product is the one it was submitted to (item 1)",
			),
			'the unknown-job message',
		);
		const shown = await output.innerText();
		expect(shown).not.toMatch(/submitted as job|instead of submitting it again/);
	});

	test('an item without the binary field: its number once, from 1, and the field it has', async () => {
		const output = await runAndOpenMindeeNode(WRONG_FIELD);
		await see(
			output.getByText("The item has no binary field 'file'; it has: data (item 1)"),
			'the missing-field message',
		);
		const shown = await output.innerText();
		expect(shown).not.toMatch(/\[item \d\]|\(item 0\)/);
	});
});
