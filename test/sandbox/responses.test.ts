/**
 * The `npm start` sandbox on a clone with nothing beside it: the Mindee node parses each product the sandbox
 * ships a response for, through n8n's engine, and gets plausible values (no "string" / "XXX" placeholders);
 * a product without a shipped response gets a clear 404; and the webhook delivery the script sends is a
 * completed job in the shape the Mindee Trigger accepts.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { webhookPayloadSchema } from '../../nodes/Mindee/transport/schemas';
import { pdfItem } from '../harness/files';
import { FAST_POLLING, mindeeCredentials, runMindee } from '../mindee/setup';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startSandbox, SANDBOX_RESPONSES_DIR } = require('../../scripts/sandbox');

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
