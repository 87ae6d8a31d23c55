import { pdfItem } from '../harness/files';
import type { FakeMindee } from '../mindee/setup';
import { runMindee, startMindeeServer } from '../mindee/setup';
import { outputsOf } from './outputs';

let server: FakeMindee;
beforeEach(async () => {
	server = await startMindeeServer({ processingMs: 200 });
});
afterEach(async () => await server.close());

// The recorded invoice: every confidence 0.99; its one line item (20.5) does not add up to total_net.
describe('Mindee node: Route for Review', () => {
	test('Parse: a preset level that 0.99 meets sends it to Success; a custom score above it to Needs Review', async () => {
		const high = outputsOf(
			await runMindee(
				server,
				{ routeForReview: true, reviewMinConfidence: 'certain' },
				{ items: [pdfItem('a.pdf'), pdfItem('b.pdf')] },
			),
		);
		expect(high.map((items) => items.map((item) => item.pairedItem))).toEqual([
			[{ item: 0 }, { item: 1 }],
			[],
		]);

		const strict = outputsOf(
			await runMindee(
				server,
				{
					routeForReview: true,
					reviewMinConfidence: 'score',
					reviewMinScore: 0.995,
					reviewFields: 'listed',
					reviewFieldPaths: 'total_amount',
				},
				{ items: [pdfItem('a.pdf')] },
			),
		);
		expect(strict[0]).toEqual([]);
		expect(strict[1][0].json._review).toEqual([
			{
				field: 'total_amount',
				value: 335.18,
				confidence: 0.99,
				rule: 'minConfidence',
				message: 'total_amount: confidence 0.99 is below 0.995',
			},
		]);
		expect(strict[1][0].json.total_amount).toBe(335.18);
	});

	test("Line Items: each line item carries the document's reasons", async () => {
		const [success, review] = outputsOf(
			await runMindee(
				server,
				{ routeForReview: true, output: 'lineItems', reviewCheckSum: true },
				{ items: [pdfItem()] },
			),
		);
		expect(success).toEqual([]);
		expect(review.map((item) => [item.json._line_index, item.json._review])).toEqual([
			[
				0,
				[
					{
						field: 'total_net',
						value: 87.92,
						confidence: 0.99,
						rule: 'lineItemsSum',
						message:
							'total_net: line_items.*.total_amount add up to 20.5, not 87.92 (tolerance 0.01)',
					},
				],
			],
		]);
	});

	test('Get Result routes too; Submit has one output', async () => {
		const submitted = await runMindee(
			server,
			{ operation: 'submit', routeForReview: true },
			{ items: [pdfItem()] },
		);
		expect(outputsOf(submitted)).toHaveLength(1);
		const jobId = submitted.items[0].json.job_id as string;
		const [success, review] = outputsOf(
			await runMindee(server, {
				operation: 'getResult',
				lookupBy: 'jobId',
				jobId,
				routeForReview: true,
				reviewRequiredFields: 'invoice_number, supplier_iban',
			}),
		);
		expect(success).toEqual([]);
		expect(review[0].json._review).toEqual([
			expect.objectContaining({ field: 'supplier_iban', rule: 'required' }),
		]);
	});
});
