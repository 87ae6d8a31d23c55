import { createHmac } from 'node:crypto';
import type { INodeExecutionData } from 'n8n-workflow';

import { DocparseMindeeV2Trigger } from '../../nodes/MindeeV2Trigger/DocparseMindeeV2Trigger.node';
import { TRIGGER_NODE, TriggerEndpoint } from '../harness/webhook';
import { fixtureBytes, signedHeaders, startTrigger } from '../trigger/setup';
import { confidentV2Invoice } from './confidentFixture';

const INVOICE = 'products/invoices/response_v4/complete.json';
const V2_SECRET = 'whsec_v2_review_9d2e';

let trigger: TriggerEndpoint | undefined;
afterEach(async () => {
	await trigger?.close();
	trigger = undefined;
});

/** Every output of the trigger in execution `index`: [Success, Needs Review] when routing. */
async function outputs(index: number): Promise<INodeExecutionData[][]> {
	const run = await trigger!.executions[index];
	return (run.data.resultData.runData[TRIGGER_NODE]?.[0]?.data?.main ?? []).map(
		(items) => items ?? [],
	);
}

const names = (items: INodeExecutionData[]) => items.map((item) => item.json._job_id);

describe('Mindee Trigger: Route for Review', () => {
	test('a delivery that breaks the rules goes to Needs Review; off, one output', async () => {
		trigger = await startTrigger({
			parameters: { routeForReview: true, reviewMinConfidence: 'score', reviewMinScore: 0.995 },
		});
		const body = fixtureBytes(INVOICE);
		expect((await trigger.post(body, signedHeaders(body))).status).toBe(200);
		const [success, review] = await outputs(0);
		expect(success).toEqual([]);
		expect(review).toHaveLength(1);
		expect(review[0].json._review).toContainEqual({
			field: 'total_amount',
			value: 335.18,
			confidence: 0.99,
			rule: 'minConfidence',
			message: 'total_amount: confidence 0.99 is below 0.995',
		});
		await trigger.close();

		trigger = await startTrigger();
		expect((await trigger.post(body, signedHeaders(body))).status).toBe(200);
		const plain = await outputs(0);
		expect(plain).toHaveLength(1);
		expect(plain[0][0].json).not.toHaveProperty('_review');
	});

	test('a failed job stays on Success', async () => {
		trigger = await startTrigger({ parameters: { routeForReview: true } });
		const body = Buffer.from(
			JSON.stringify({
				job: { id: 'job-failed-1', status: 'failed', error: { code: 'ServerError' } },
			}),
		);
		expect((await trigger.post(body, signedHeaders(body))).status).toBe(200);
		const [success, review] = await outputs(0);
		expect(names(success)).toEqual(['job-failed-1']);
		expect(review).toEqual([]);
	});
});

describe('Mindee V2 Trigger: Route for Review', () => {
	const sign = (body: Buffer) => ({
		'x-mindee-hmac-signature': createHmac('sha256', V2_SECRET).update(body).digest('hex'),
	});

	test('one result each way; Line Items per line item', async () => {
		trigger = await TriggerEndpoint.start({
			type: 'docparseMindeeV2Trigger',
			nodeType: new DocparseMindeeV2Trigger(),
			parameters: {
				output: 'lineItems',
				failedJobs: 'emit',
				options: {},
				routeForReview: true,
				reviewMinConfidence: 'high',
			},
			credentials: { docparseMindeeV2Api: { apiKey: 'unused', webhookSecret: V2_SECRET } },
		});
		const clear = confidentV2Invoice();
		clear.inference.job.id = 'job-clear';
		const unclear = confidentV2Invoice({ 'line_items.2.quantity': 'Low' });
		unclear.inference.job.id = 'job-unclear';
		for (const body of [clear, unclear].map((json) => Buffer.from(JSON.stringify(json))))
			expect((await trigger.post(body, sign(body))).status).toBe(200);

		const [allClear, none] = await outputs(0);
		expect(allClear.map((item) => item.json._line_index)).toEqual([0, 1, 2]);
		expect(none).toEqual([]);
		const [success, review] = await outputs(1);
		expect(success.map((item) => item.json._line_index)).toEqual([0, 1]);
		expect(review.map((item) => [item.json._line_index, item.json._review])).toEqual([
			[
				2,
				[
					{
						field: 'line_items.2.quantity',
						value: 3,
						confidence: 'Low',
						rule: 'minConfidence',
						message: 'line_items.2.quantity: confidence Low is below High',
					},
				],
			],
		]);
	});
});
