/**
 * The `npm start` sandbox on a clone with nothing beside it: the Mindee node parses each product the sandbox
 * ships a response for, through n8n's engine, and gets plausible values (no "string" / "XXX" placeholders);
 * a product without a shipped response gets a clear 404; and the webhook delivery the script sends is a
 * completed job in the shape the Mindee Trigger accepts. The same for Mindee V2: its shipped bodies parse through
 * the node's schemas, each operation yields items with plausible values, and `--v2` sends an extraction result.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { webhookPayloadSchema } from '../../nodes/Mindee/transport/schemas';
import {
	inferenceResponseSchema,
	jobResponseSchema,
	modelsResponseSchema,
	problemSchema,
} from '../../nodes/MindeeV2/transport/schemas';
import { pdfItem } from '../harness/files';
import { FAST_POLLING, mindeeCredentials, runMindee } from '../mindee/setup';
import { runMindeeV2 } from '../mindeeV2/setup';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const {
	startSandbox,
	SANDBOX_RESPONSES_DIR,
	SANDBOX_V2_RESPONSES_DIR,
} = require('../../scripts/sandbox');

const PRODUCTS = [
	{
		product: 'invoices',
		expect: { invoice_number: 'INV-2025-00417', supplier_name: 'NORDWERK OFFICE GMBH' },
	},
	{ product: 'expense_receipts', expect: { supplier_name: 'CORNER BEAN CAFE', time: '08:42' } },
	{ product: 'financial_document', expect: { invoice_number: 'INV-2025-00417' } },
	{ product: 'passport', expect: { surname: 'HARTLEY', given_names: ['ELEANOR', 'MAY'] } },
	{
		product: 'custom',
		customAccount: 'my-organization',
		customEndpoint: 'delivery_notes',
		expect: { delivery_note_number: 'DN-48213', carrier: 'DHL' },
	},
];

// eslint-disable-next-line @typescript-eslint/no-explicit-any
let sandbox: any;
beforeAll(async () => {
	sandbox = await startSandbox({ biros: false });
});
afterAll(async () => {
	await sandbox?.close();
});

const run = async (parameters: Record<string, unknown>) =>
	await runMindee(
		sandbox.mindee,
		{ output: 'simplified', ...parameters, options: FAST_POLLING },
		{
			items: [pdfItem('invoice.pdf')],
			credentials: mindeeCredentials(sandbox.mindee),
			continueOnFail: true,
		},
	);

test.each(PRODUCTS)(
	'$product: parsed from the shipped response, with plausible values',
	async ({ expect: fields, ...parameters }) => {
		const { items } = await run(parameters);
		expect(items).toHaveLength(1);
		expect(items[0].json).toMatchObject(fields);
		expect(JSON.stringify(items[0].json)).not.toMatch(/"string"|"XXX+"|undefined/);
	},
);

test('a product the sandbox has no response for: a 404 that says so', async () => {
	const { items } = await run({ product: 'resume' });
	expect(items).toHaveLength(1);
	expect(JSON.stringify(items[0].json)).toMatch(/sandbox has no response for mindee\/resume v1/);
});

test("the webhook script's delivery is a completed invoice job the trigger accepts", () => {
	const body = JSON.parse(
		fs.readFileSync(path.join(SANDBOX_RESPONSES_DIR, 'async', 'get_completed.json'), 'utf8'),
	);
	expect(webhookPayloadSchema.safeParse(body).success).toBe(true);
	expect(body.job.status).toBe('completed');
	expect(body.document.inference.prediction.invoice_number.value).toBe('INV-2025-00417');
});

describe('Mindee V2', () => {
	const v2Body = (relative: string) =>
		JSON.parse(fs.readFileSync(path.join(SANDBOX_V2_RESPONSES_DIR, relative), 'utf8'));
	const v2Files = (dir: string): string[] =>
		fs
			.readdirSync(path.join(SANDBOX_V2_RESPONSES_DIR, dir), { withFileTypes: true })
			.flatMap((entry) =>
				entry.isDirectory() ? v2Files(path.join(dir, entry.name)) : [path.join(dir, entry.name)],
			);

	test('every shipped body parses through the node’s schemas, with no placeholder values', () => {
		const schemaOf = (file: string) =>
			file.startsWith('search')
				? modelsResponseSchema
				: file.startsWith('job')
					? jobResponseSchema
					: file.startsWith('errors')
						? problemSchema
						: inferenceResponseSchema;
		const files = v2Files('.');
		expect(files).toHaveLength(12);
		for (const file of files) {
			const text = fs.readFileSync(path.join(SANDBOX_V2_RESPONSES_DIR, file), 'utf8');
			expect({ file, ok: schemaOf(file).safeParse(JSON.parse(text)).success }).toEqual({
				file,
				ok: true,
			});
			expect(text).not.toMatch(/"string"|"XXX+"/);
		}
		const models = v2Body('search/models.json').models as Array<{ model_type: string }>;
		expect(new Set(models.map((model) => model.model_type))).toEqual(
			new Set(['extraction', 'classification', 'crop', 'ocr', 'split']),
		);
	});

	const run = async (parameters: { operation: string }) =>
		await runMindeeV2(sandbox.mindeeV2, parameters, {
			items: [pdfItem('sample-invoice.pdf')],
			credentials: {
				docparseMindeeV2Api: {
					apiKey: sandbox.mindeeV2.apiKey,
					baseUrl: sandbox.mindeeV2.url,
					webhookSecret: sandbox.mindeeV2.webhookSecret,
				},
			},
			continueOnFail: true,
		});

	test('extract: the invoice of the V1 sandbox, as plain values', async () => {
		const { items } = await run({ operation: 'extract' });
		expect(items).toHaveLength(1);
		expect(items[0].json).toMatchObject({
			invoice_number: 'INV-2025-00417',
			supplier_name: 'NORDWERK OFFICE GMBH',
			date: '2025-03-14',
			total_amount: 2042.04,
			locale: { currency: 'EUR' },
		});
		expect(items[0].json.line_items).toHaveLength(3);
	});

	test('Route for Review: of the two sample invoices, the blurred one needs review for a Medium unit price and a Low total', async () => {
		const { run: result } = await runMindeeV2(
			sandbox.mindeeV2,
			{ operation: 'extract', routeForReview: true, reviewCheckSum: true },
			{
				items: [pdfItem('sample-invoice.pdf'), pdfItem('blurred-invoice.pdf')],
				credentials: {
					docparseMindeeV2Api: { apiKey: sandbox.mindeeV2.apiKey, baseUrl: sandbox.mindeeV2.url },
				},
			},
		);
		const [success, review] = result.data.resultData.runData['Node Under Test'][0].data!.main;
		expect(success!.map((item) => item.json.invoice_number)).toEqual(['INV-2025-00417']);
		expect(review!.map((item) => [item.json.invoice_number, item.json._review])).toEqual([
			[
				'INV-2025-00418',
				[
					expect.objectContaining({ field: 'line_items.2.unit_price', confidence: 'Medium' }),
					expect.objectContaining({ field: 'total_amount', confidence: 'Low' }),
				],
			],
		]);
	});

	test.each([
		{ operation: 'classify', expect: [{ document_type: 'invoice' }] },
		{
			operation: 'crop',
			expect: [
				{ object_type: 'receipt', page: 0 },
				{ object_type: 'receipt', page: 0 },
			],
		},
		{
			operation: 'split',
			expect: [
				{ page_range: [0, 1], document_type: 'invoice' },
				{ page_range: [2, 2], document_type: 'receipt' },
			],
		},
		{
			operation: 'ocr',
			expect: [{ page: 0, text: expect.stringMatching(/^INVOICE INV-2025-00417/) }],
		},
	])('$operation: one item per result entry', async ({ operation, expect: wanted }) => {
		const { items } = await run({ operation });
		expect(items.map((item) => item.json)).toEqual(
			wanted.map((fields) => expect.objectContaining(fields)),
		);
	});

	test("the webhook script's --v2 delivery is the extraction result of the sample invoice", () => {
		const body = v2Body('products/extraction/financial_document/complete.json');
		expect(inferenceResponseSchema.safeParse(body).success).toBe(true);
		expect(body.inference.result.fields.invoice_number.value).toBe('INV-2025-00417');
	});
});
