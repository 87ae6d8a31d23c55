import type { TriggerEndpoint } from '../harness/webhook';
import { TRIGGER_NODE } from '../harness/webhook';
import { fixtureBytes, signedHeaders, startTrigger } from './setup';

const COMPLETED = 'async/get_completed.json';
const JOB_ID = 'b6caf9e8-9bcc-4412-bcb7-f5b416678f0d';

let trigger: TriggerEndpoint | undefined;
afterEach(async () => {
	await trigger?.close();
	trigger = undefined;
});

function rememberedJobs(endpoint: TriggerEndpoint): unknown {
	return (endpoint.staticData[`node:${TRIGGER_NODE}`] as { recentJobs?: unknown } | undefined)
		?.recentJobs;
}

describe('Mindee delivering the same job again (a retry)', () => {
	test('is acknowledged with 200 and starts no second execution', async () => {
		trigger = await startTrigger();
		const body = fixtureBytes(COMPLETED);

		const first = await trigger.post(body, signedHeaders(body));
		const retry = await trigger.post(body, signedHeaders(body));

		expect(first.status).toBe(200);
		expect(retry).toMatchObject({
			status: 200,
			json: { message: `Job ${JOB_ID} was already received; nothing started` },
		});
		expect(trigger.executions).toHaveLength(1);
		expect(rememberedJobs(trigger)).toEqual([{ id: JOB_ID, at: expect.any(Number) }]);
	});

	test('other jobs each start their own execution', async () => {
		trigger = await startTrigger();
		for (const fixture of [
			COMPLETED,
			'async/get_completed_empty.json',
			'async/get_failed_job_error.json',
		]) {
			const body = fixtureBytes(fixture);
			expect((await trigger.post(body, signedHeaders(body))).status).toBe(200);
		}
		expect(trigger.executions).toHaveLength(3);
	});

	test('a refused delivery is not remembered: the genuine one after it still starts', async () => {
		trigger = await startTrigger();
		const body = fixtureBytes(COMPLETED);

		expect((await trigger.post(body, signedHeaders(body, 'whsec_someone_else'))).status).toBe(401);
		expect((await trigger.post(body, signedHeaders(body))).status).toBe(200);
		expect(trigger.executions).toHaveLength(1);
	});

	test('with Duplicate Window 0, every delivery starts an execution and nothing is stored', async () => {
		trigger = await startTrigger({ parameters: { options: { duplicateWindow: 0 } } });
		const body = fixtureBytes(COMPLETED);

		await trigger.post(body, signedHeaders(body));
		await trigger.post(body, signedHeaders(body));

		expect(trigger.executions).toHaveLength(2);
		expect(trigger.staticData).toEqual({});
	});
});
