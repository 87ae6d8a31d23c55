/**
 * Route for Review in a real n8n: the example workflow (two sample invoices → Mindee V2 Extract with
 * routing → Success: accounting spreadsheet / Needs Review: a review message) runs with `n8n execute`
 * against the `npm start` sandbox, whose two invoices go one each way; the Mindee node routes too. This
 * also proves n8n computes the outputs expression (the second output exists and is connected).
 */
import {
	credentialIdOf,
	exampleVariant,
	expectSucceeded,
	INSTALL_TIMEOUT_MS,
	N8nHarness,
	nodeItems,
	readExample,
} from './harness';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startSandbox } = require('../../scripts/sandbox');

const EXAMPLE = 'mindee-v2-review.json';
const NODE = 'Mindee V2: extract, route for review';
const V1_EXAMPLE = 'mindee-parse-invoice.json';
const V1_NODE = 'Mindee: parse invoice';

jest.setTimeout(180_000);

describe('Route for Review in a running n8n', () => {
	let harness: N8nHarness;
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	let sandbox: any;

	beforeAll(async () => {
		[harness, sandbox] = await Promise.all([N8nHarness.create(), startSandbox({ biros: false })]);
		const v1Example = readExample(V1_EXAMPLE);
		await harness.importCredentials([
			{
				id: credentialIdOf(readExample(EXAMPLE), NODE),
				name: 'Mindee V2 account',
				type: 'docparseMindeeV2Api',
				data: { apiKey: sandbox.mindeeV2.apiKey, baseUrl: sandbox.mindeeV2.url },
			},
			{
				id: credentialIdOf(v1Example, V1_NODE),
				name: 'Mindee account',
				type: 'docparseMindeeApi',
				data: { apiKey: sandbox.mindee.apiKey, baseUrl: sandbox.mindee.url },
			},
		]);
		await harness.importWorkflows([
			readExample(EXAMPLE),
			exampleVariant(V1_EXAMPLE, 'dpE2eV1Review001', 'V1 route for review', (workflow) => {
				const node = workflow.nodes.find((n) => n.name === V1_NODE)!;
				Object.assign(node.parameters, {
					routeForReview: true,
					reviewRequiredFields: 'invoice_number, supplier_iban',
				});
			}),
		]);
	}, INSTALL_TIMEOUT_MS);

	afterAll(async () => {
		await Promise.allSettled([harness?.close(), sandbox?.close()]);
	}, 60_000);

	test('the example: the clear invoice reaches the spreadsheet, the blurred one the review message', async () => {
		const { run, result } = await harness.execute(readExample(EXAMPLE).id);
		expectSucceeded(run, result);
		expect(nodeItems(run, NODE, 0).map((item) => item.json.invoice_number)).toEqual([
			'INV-2025-00417',
		]);
		const review = nodeItems(run, NODE, 1);
		expect(review.map((item) => item.json._filename)).toEqual(['blurred-invoice.pdf']);
		expect(review[0].json._review).toEqual([
			expect.objectContaining({ field: 'line_items.2.unit_price', confidence: 'Medium' }),
			expect.objectContaining({
				field: 'total_amount',
				value: 2042.04,
				confidence: 'Low',
				rule: 'minConfidence',
			}),
		]);
		expect(nodeItems(run, 'Accounting row').map((item) => item.json)).toEqual([
			{
				invoice_number: 'INV-2025-00417',
				supplier_name: 'NORDWERK OFFICE GMBH',
				date: '2025-03-14',
				total_amount: 2042.04,
				currency: 'EUR',
			},
		]);
		expect(nodeItems(run, 'Accounting spreadsheet')[0].binary).toHaveProperty('data');
		expect(nodeItems(run, 'Review message')[0].json.text).toBe(
			'Invoice INV-2025-00418 (blurred-invoice.pdf) needs a look:\n' +
				'• line_items.2.unit_price: confidence Medium is below High\n' +
				'• total_amount: confidence Low is below High',
		);
		expect(sandbox.mindeeV2.requestsOf('enqueue').map((r: { fields: object }) => r.fields)).toEqual(
			[
				expect.objectContaining({ confidence: 'true' }),
				expect.objectContaining({ confidence: 'true' }),
			],
		);
	});

	test('the Mindee node routes a document missing a required field', async () => {
		const { run, result } = await harness.execute('dpE2eV1Review001');
		expectSucceeded(run, result);
		expect(nodeItems(run, V1_NODE, 0)).toEqual([]);
		const [item] = nodeItems(run, V1_NODE, 1);
		expect(item.json.invoice_number).toBe('INV-2025-00417');
		expect(item.json._review).toEqual([
			expect.objectContaining({ field: 'supplier_iban', rule: 'required', value: null }),
		]);
	});
});
