/**
 * The Biros node in a running n8n: the example workflow (and variations) imported with
 * `n8n import:workflow` and run with `n8n execute` against the fake Biros API on 127.0.0.1.
 */
import {
	INSTALL_TIMEOUT_MS,
	credentialIdOf,
	expectSucceeded,
	N8nHarness,
	birosInvoiceText,
	exampleVariant,
	nodeItems,
	nodeParameters,
	readExample,
	type Workflow,
} from './harness';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startSandbox } = require('../../scripts/sandbox');

jest.setTimeout(180_000);

const EXAMPLE = 'biros-predict.json';
const PREDICT_NODE = 'Biros: extract invoice';
const KEEP_NODE = 'Keep the main fields';
const WRONG_KEY = 'wrong-biros-key-7d2e9b';

/** A copy of the example under another id and name, with its Biros node changed by `edit`. */
const variant = (
	id: string,
	name: string,
	edit: (parameters: Record<string, unknown>, workflow: Workflow) => void,
) =>
	exampleVariant(EXAMPLE, id, name, (workflow) =>
		edit(nodeParameters(workflow, PREDICT_NODE), workflow),
	);

describe('Biros node in a running n8n (n8n execute against the sandbox API)', () => {
	let harness: N8nHarness;
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	let sandbox: any;

	beforeAll(async () => {
		[harness, sandbox] = await Promise.all([N8nHarness.create(), startSandbox({ mindee: false })]);
		const example = readExample(EXAMPLE);
		const credentialId = credentialIdOf(example, PREDICT_NODE);
		await harness.importCredentials([
			{
				id: credentialId,
				name: 'Biros account',
				type: 'docparseBirosApi',
				data: { apiKey: sandbox.biros.apiKey, baseUrl: sandbox.biros.url },
			},
			{
				id: 'dpBirosWrongKey01',
				name: 'Biros (wrong key)',
				type: 'docparseBirosApi',
				data: { apiKey: WRONG_KEY, baseUrl: sandbox.biros.url },
			},
		]);
		const workflows: Workflow[] = [
			example,
			variant('dpE2eBirosEntity1', 'Entities', (p) => {
				p.output = 'entities';
			}),
			variant('dpE2eBirosNoSvc01', 'Unknown service', (p) => {
				p.serviceId = 'svc-does-not-exist';
			}),
			variant('dpE2eBirosWrongK1', 'Wrong key', (_p, wf) => {
				wf.nodes.find((n) => n.name === PREDICT_NODE)!.credentials = {
					docparseBirosApi: { id: 'dpBirosWrongKey01', name: 'Biros (wrong key)' },
				};
			}),
		];
		await harness.importWorkflows(workflows);
	}, INSTALL_TIMEOUT_MS);

	afterAll(async () => {
		await Promise.allSettled([harness?.close(), sandbox?.close()]);
	}, 60_000);

	test('the example workflow extracts the sample invoice: one item with the service fields under their aliases', async () => {
		const before = sandbox.biros.requests.length;
		const { run, result } = await harness.execute(readExample(EXAMPLE).id);
		expectSucceeded(run, result);

		const items = nodeItems(run, PREDICT_NODE);
		expect(items).toHaveLength(1);
		expect(items[0].json).toMatchObject({
			SupplierName: birosInvoiceText('SupplierName'),
			InvoiceNumber: birosInvoiceText('InvoiceNumber'),
			InvoiceDate: birosInvoiceText('InvoiceDate'),
		});
		expect(Array.isArray(items[0].json.LineDescription)).toBe(true);

		expect(nodeItems(run, KEEP_NODE).map((item) => item.json)).toEqual([
			{
				supplier: birosInvoiceText('SupplierName'),
				invoice_number: birosInvoiceText('InvoiceNumber'),
				invoice_date: birosInvoiceText('InvoiceDate'),
				iban: birosInvoiceText('Iban'),
			},
		]);

		// What n8n sent: one upload of the PDF to the service, with the credential's key.
		const sent = sandbox.biros.requests
			.slice(before)
			.filter((r: { kind: string }) => r.kind !== 'other');
		expect(sent).toHaveLength(1);
		expect(sent[0]).toMatchObject({ serviceId: 'svc-invoices', apiKey: sandbox.biros.apiKey });
		expect(sent[0].upload).toMatchObject({ fileName: 'sample-invoice.pdf' });
	});

	test('entities output: one item per value found, with field, page and confidence', async () => {
		const { run, result } = await harness.execute('dpE2eBirosEntity1');
		expectSucceeded(run, result);
		const items = nodeItems(run, PREDICT_NODE);
		expect(items.length).toBeGreaterThan(3);
		expect(items.map((item) => item.json.alias)).toEqual(
			expect.arrayContaining(['SupplierName', 'InvoiceNumber']),
		);
		const supplier = items.find((item) => item.json.alias === 'SupplierName')!;
		expect(supplier.json).toMatchObject({ text: birosInvoiceText('SupplierName'), page_index: 0 });
		expect(typeof supplier.json.confidence).toBe('number');
	});

	test('an unknown service fails the execution with a message naming it', async () => {
		const { run, result } = await harness.execute('dpE2eBirosNoSvc01');
		expect(result.code).not.toBe(0);
		expect(run?.data.resultData.lastNodeExecuted).toBe(PREDICT_NODE);
		expect(
			`${run?.data.resultData.error?.message} ${run?.data.resultData.error?.description}`,
		).toMatch(/svc-does-not-exist|not found|404/i);
	});

	test('a wrong API key fails the execution with a clear message, and the key is not printed', async () => {
		const { run, result } = await harness.execute('dpE2eBirosWrongK1');
		expect(result.code).not.toBe(0);
		expect(
			`${run?.data.resultData.error?.message} ${run?.data.resultData.error?.description}`,
		).toMatch(/401|403|API key/i);
		const output = `${result.stdout}\n${result.stderr}`;
		expect(output).not.toContain(WRONG_KEY);
		expect(output).not.toContain(sandbox.biros.apiKey);
	});
});
