import { Workflow } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';

import { DocparseMindeeV2 } from '../../nodes/MindeeV2/DocparseMindeeV2.node';
import { PackageNodeTypes } from '../harness/engine';
import { pdfItem } from '../harness/files';
import type { FakeMindeeV2 } from '../mindeeV2/setup';
import { runMindeeV2, startMindeeV2Server } from '../mindeeV2/setup';
import { confidentV2Invoice } from './confidentFixture';
import { outputsOf } from './outputs';

let server: FakeMindeeV2;
afterEach(async () => await server?.close());

/** clear.pdf: every value Certain; unclear.pdf: one line item's price only Medium. */
async function startServer() {
	server = await startMindeeV2Server({
		results: {
			'clear.pdf': confidentV2Invoice(),
			'unclear.pdf': confidentV2Invoice({ 'line_items.1.total_price': 'Medium' }),
		},
	});
}

const ROUTING = { routeForReview: true, reviewMinConfidence: 'high' };

describe('Mindee V2 node: Route for Review', () => {
	test('off: one output, as before; on: Success and Needs Review, named, for Extract and Get Result only', () => {
		const nodeType = new DocparseMindeeV2();
		const nodeTypes = new PackageNodeTypes();
		nodeTypes.register('docparseMindeeV2', nodeType);
		const outputs = (parameters: Record<string, unknown>) => {
			const node = {
				id: 'n',
				name: 'Mindee V2',
				type: 'docparseMindeeV2',
				typeVersion: 1,
				position: [0, 0] as [number, number],
				parameters: parameters as never,
			};
			const workflow = new Workflow({ nodes: [node], connections: {}, active: false, nodeTypes });
			return NodeHelpers.getNodeOutputs(workflow, node, nodeType.description);
		};
		expect(outputs({ operation: 'extract', routeForReview: false })).toEqual(['main']);
		expect(outputs({ operation: 'extract', routeForReview: true })).toEqual([
			{ type: 'main', displayName: 'Success' },
			{ type: 'main', displayName: 'Needs Review' },
		]);
		expect(outputs({ operation: 'getResult', routeForReview: true })).toHaveLength(2);
		expect(outputs({ operation: 'classify', routeForReview: true })).toEqual(['main']);
	});

	test('one document each way, in input order per output, with pairedItem; Mindee is asked for confidence', async () => {
		await startServer();
		const result = await runMindeeV2(server, ROUTING, {
			items: [pdfItem('unclear.pdf'), pdfItem('clear.pdf')],
		});
		expect(result.error).toBeUndefined();
		const [success, review] = outputsOf(result);
		expect(success.map((item) => [item.json._filename, item.pairedItem])).toEqual([
			['clear.pdf', { item: 1 }],
		]);
		expect(success[0].json).not.toHaveProperty('_review');
		expect(review.map((item) => [item.json._filename, item.pairedItem])).toEqual([
			['unclear.pdf', { item: 0 }],
		]);
		expect(review[0].json._review).toEqual([
			{
				field: 'line_items.1.total_price',
				value: 50,
				confidence: 'Medium',
				rule: 'minConfidence',
				message: 'line_items.1.total_price: confidence Medium is below High',
			},
		]);
		// Routing needs confidence: asked for although the Confidence option is not set.
		expect(server.requestsOf('enqueue').map((request) => request.fields.confidence)).toEqual([
			'true',
			'true',
		]);
		// What Mindee returned reaches the item: the confidences it was asked for, in the usual tree.
		expect(review[0].json).toHaveProperty(
			['_confidence', 'line_items', 1, 'total_price'],
			'Medium',
		);
	});

	test('off: one output and no _review, whatever the confidence', async () => {
		await startServer();
		const result = await runMindeeV2(server, {}, { items: [pdfItem('unclear.pdf')] });
		const outputs = outputsOf(result);
		expect(outputs).toHaveLength(1);
		expect(outputs[0][0].json).not.toHaveProperty('_review');
		expect(server.requestsOf('enqueue')[0].fields).not.toHaveProperty('confidence');
	});

	test("Line Items: a line item goes to review on its own fields and the document's", async () => {
		await startServer();
		const result = await runMindeeV2(
			server,
			{
				...ROUTING,
				output: 'lineItems',
				reviewRequiredFields: 'receipt_number',
			},
			{ items: [pdfItem('unclear.pdf')] },
		);
		const [success, review] = outputsOf(result);
		expect(success).toEqual([]);
		expect(
			review.map((item) => [
				item.json._line_index,
				(item.json._review as Array<{ field: string }>).map((reason) => reason.field),
				item.pairedItem,
			]),
		).toEqual([
			[0, ['receipt_number'], { item: 0 }],
			[1, ['line_items.1.total_price', 'receipt_number'], { item: 0 }],
			[2, ['receipt_number'], { item: 0 }],
		]);
	});

	test('Line Items: only the unsure line item needs review', async () => {
		await startServer();
		const [success, review] = outputsOf(
			await runMindeeV2(
				server,
				{ ...ROUTING, output: 'lineItems' },
				{ items: [pdfItem('unclear.pdf')] },
			),
		);
		expect(success.map((item) => item.json._line_index)).toEqual([0, 2]);
		expect(review.map((item) => item.json._line_index)).toEqual([1]);
	});

	test('Continue On Fail: a failed document stays on Success as its error item', async () => {
		server = await startMindeeV2Server({
			results: { 'unclear.pdf': confidentV2Invoice({ date: 'Low' }) },
			jobOutcome: (job) => (job.fileName === 'bad.pdf' ? 'failed' : 'processed'),
		});
		const [success, review] = outputsOf(
			await runMindeeV2(server, ROUTING, {
				items: [pdfItem('bad.pdf'), pdfItem('unclear.pdf')],
				continueOnFail: true,
			}),
		);
		expect(success).toHaveLength(1);
		expect(success[0].json.error).toEqual(
			expect.stringContaining('Mindee could not process the document'),
		);
		expect(success[0].pairedItem).toEqual({ item: 0 });
		expect(review.map((item) => item.pairedItem)).toEqual([{ item: 1 }]);
	});

	test('Get Result of a document sent without confidence: the reason says so', async () => {
		server = await startMindeeV2Server();
		await runMindeeV2(server, {}, { items: [pdfItem('old.pdf')] });
		const jobId = server.requestsOf('enqueue')[0].jobId;
		const [success, review] = outputsOf(
			await runMindeeV2(server, { ...ROUTING, operation: 'getResult', jobId }),
		);
		expect(success).toEqual([]);
		expect(review[0].json._review).toEqual([
			expect.objectContaining({ field: null, rule: 'minConfidence', confidence: null }),
		]);
	});

	test('a bad rule fails its item with a clear error', async () => {
		await startServer();
		const { error } = await runMindeeV2(
			server,
			{ ...ROUTING, reviewCheckSum: true, reviewSumTolerance: -2 },
			{ items: [pdfItem('clear.pdf')] },
		);
		expect(error?.message).toContain('Tolerance must be a number from 0; it is "-2"');
		expect(server.requestsOf('enqueue')).toHaveLength(0);
	});
});
