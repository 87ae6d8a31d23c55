/**
 * The Mindee node in a real n8n: the example workflow and variations of it, imported with
 * `n8n import:workflow` and run with `n8n execute`, against the fake Mindee API on 127.0.0.1 that serves
 * recorded real responses. Asserts the items a user would see in the editor.
 */

import {
	INSTALL_TIMEOUT_MS,
	credentialIdOf,
	expectSucceeded,
	N8nHarness,
	exampleVariant,
	nodeItems,
	nodeParameters,
	readExample,
	readMindeeFixture,
	type Workflow,
} from './harness';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startSandbox, SANDBOX } = require('../../scripts/sandbox');

const EXAMPLE = 'mindee-parse-invoice.json';
const PARSE_NODE = 'Mindee: parse invoice';
const KEEP_NODE = 'Keep the main fields';
const WRONG_KEY = 'wrong-key-3f9a1c7e5b';

type Prediction = Record<string, { value?: unknown } | unknown[]>;
const invoiceFixture = readMindeeFixture('products/invoices/response_v4/complete.json') as {
	document: { id: string; n_pages: number; inference: { prediction: Prediction } };
};
const prediction = invoiceFixture.document.inference.prediction;
const valueOf = (name: string) => (prediction[name] as { value?: unknown }).value;

/** A copy of the example workflow under another id and name, with its Mindee node changed by `edit`. */
const variant = (
	id: string,
	name: string,
	edit: (parameters: Record<string, unknown>, workflow: Workflow) => void,
) =>
	exampleVariant(EXAMPLE, id, name, (workflow) =>
		edit(nodeParameters(workflow, PARSE_NODE), workflow),
	);

jest.setTimeout(180_000);

describe('Mindee node in a running n8n (n8n execute against the sandbox API)', () => {
	let harness: N8nHarness;
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	let sandbox: any;

	beforeAll(async () => {
		[harness, sandbox] = await Promise.all([
			N8nHarness.create(),
			startSandbox({ biros: false, recorded: true }),
		]);
		const example = readExample(EXAMPLE);
		const credentialId = credentialIdOf(example, PARSE_NODE);
		await harness.importCredentials([
			{
				id: credentialId,
				name: 'Mindee account',
				type: 'docparseMindeeApi',
				data: {
					apiKey: sandbox.mindee.apiKey,
					baseUrl: sandbox.mindee.url,
					webhookSecret: SANDBOX.mindeeWebhookSecret,
				},
			},
			{
				id: 'dpMindeeWrongKey1',
				name: 'Mindee (wrong key)',
				type: 'docparseMindeeApi',
				data: { apiKey: WRONG_KEY, baseUrl: sandbox.mindee.url },
			},
		]);

		const workflows: Workflow[] = [
			example,
			variant('dpE2eLineItems01', 'Line items', (p) => {
				p.output = 'lineItems';
			}),
			variant('dpE2eWrongKey001', 'Wrong key', (_p, wf) => {
				wf.nodes.find((n) => n.name === PARSE_NODE)!.credentials = {
					docparseMindeeApi: { id: 'dpMindeeWrongKey1', name: 'Mindee (wrong key)' },
				};
			}),
			variant('dpE2eSubmitGet01', 'Submit then get result', (p, wf) => {
				p.operation = 'submit';
				const parse = wf.nodes.find((n) => n.name === PARSE_NODE)!;
				parse.name = 'Submit';
				const keep = wf.nodes.find((n) => n.name === KEEP_NODE)!;
				keep.name = 'Get result';
				keep.type = parse.type;
				keep.typeVersion = parse.typeVersion;
				keep.credentials = parse.credentials;
				keep.parameters = {
					operation: 'getResult',
					product: 'invoices',
					lookupBy: 'jobId',
					jobId: '={{ $json.job_id }}',
					waitForCompletion: true,
					output: 'simplified',
					options: {},
				};
				wf.connections = {
					"When clicking 'Execute workflow'": {
						main: [[{ node: 'Sample invoice (PDF as base64)', type: 'main', index: 0 }]],
					},
					'Sample invoice (PDF as base64)': {
						main: [[{ node: 'Submit', type: 'main', index: 0 }]],
					},
					Submit: { main: [[{ node: 'Get result', type: 'main', index: 0 }]] },
				};
			}),
		];
		await harness.importWorkflows(workflows);
	}, INSTALL_TIMEOUT_MS);

	afterAll(async () => {
		await Promise.allSettled([harness?.close(), sandbox?.close()]);
	}, 60_000);

	test('the example workflow parses the sample invoice: one item with Mindee field names as plain values', async () => {
		const example = readExample(EXAMPLE);
		const submitsBefore = sandbox.mindee.requestsOf('submit').length;
		const { run, result } = await harness.execute(example.id);
		expectSucceeded(run, result);

		const parsed = nodeItems(run, PARSE_NODE);
		expect(parsed).toHaveLength(1);
		expect(parsed[0].json).toMatchObject({
			invoice_number: valueOf('invoice_number'),
			supplier_name: valueOf('supplier_name'),
			total_amount: valueOf('total_amount'),
			date: valueOf('date'),
			_filename: 'sample-invoice.pdf',
			_page_count: invoiceFixture.document.n_pages,
		});
		expect(typeof parsed[0].json._document_id).toBe('string');
		expect(typeof parsed[0].json._job_id).toBe('string');

		expect(nodeItems(run, KEEP_NODE).map((item) => item.json)).toEqual([
			{
				invoice_number: valueOf('invoice_number'),
				supplier_name: valueOf('supplier_name'),
				date: valueOf('date'),
				total_amount: valueOf('total_amount'),
				document_id: parsed[0].json._document_id,
			},
		]);

		// The request n8n sent: the invoice product, authenticated with the credential's key, with the PDF.
		const submits = sandbox.mindee.requestsOf('submit').slice(submitsBefore);
		expect(submits).toHaveLength(1);
		expect(submits[0].path).toBe('/v1/products/mindee/invoices/v4/predict_async');
		expect(submits[0].authorization).toBe(`Token ${sandbox.mindee.apiKey}`);
	});

	test('line items output: one item per line item, with the document fields copied onto each', async () => {
		const { run, result } = await harness.execute('dpE2eLineItems01');
		expectSucceeded(run, result);
		const items = nodeItems(run, PARSE_NODE);
		const lineItems = prediction.line_items as Array<Record<string, unknown>>;
		expect(items).toHaveLength(lineItems.length);
		expect(items[0].json).toMatchObject({ invoice_number: valueOf('invoice_number') });
		expect(typeof items[0].json._document_id).toBe('string');
		expect(JSON.stringify(items[0].json)).toContain(String(lineItems[0].unit_measure));
	});

	test('submit then get result by job id returns the parsed document', async () => {
		const { run, result } = await harness.execute('dpE2eSubmitGet01');
		expectSucceeded(run, result);
		const submitted = nodeItems(run, 'Submit');
		expect(submitted).toHaveLength(1);
		expect(typeof submitted[0].json.job_id).toBe('string');
		const items = nodeItems(run, 'Get result');
		expect(items).toHaveLength(1);
		expect(items[0].json).toMatchObject({
			invoice_number: valueOf('invoice_number'),
			_job_id: submitted[0].json.job_id,
		});
	});

	test('a wrong API key fails the execution with a clear message, and the key is not printed', async () => {
		const { run, result } = await harness.execute('dpE2eWrongKey001');
		expect(result.code).not.toBe(0);
		const output = `${result.stdout}\n${result.stderr}`;
		const error = run?.data.resultData.error;
		expect(error?.message).toMatch(/Mindee refused the API key \(401/);
		expect(error?.description).toMatch(/needs a Mindee V1 key, made on platform\.mindee\.com/);
		expect(run?.data.resultData.lastNodeExecuted).toBe(PARSE_NODE);
		expect(output).not.toContain(WRONG_KEY);
		expect(output).not.toContain(sandbox.mindee.apiKey);
	});
});
