import { lockedKeyCount } from '../../nodes/shared/limits';
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

/** The completed-job fixture with another job id, as Mindee would deliver another job. */
function deliveryOfJob(jobId: string): Buffer {
	const json = JSON.parse(fixtureBytes(COMPLETED).toString('utf8')) as { job: { id: string } };
	json.job.id = jobId;
	return Buffer.from(JSON.stringify(json));
}

async function postAll(endpoint: TriggerEndpoint, bodies: Buffer[]) {
	return await Promise.all(
		bodies.map(async (body) => await endpoint.post(body, signedHeaders(body))),
	);
}

describe('deliveries arriving at the same time (Mindee retrying, a proxy duplicating)', () => {
	// n8n reads the credential from its database (a few ms): every delivery loaded the stored list before
	// any of them saved it back.
	const slowCredentials = { credentialReadMs: 5 };

	test('the same job posted 6 times at once starts one execution', async () => {
		trigger = await startTrigger(slowCredentials);
		const body = fixtureBytes(COMPLETED);

		const answers = await postAll(
			trigger,
			Array.from({ length: 6 }, () => body),
		);

		expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200, 200]);
		expect(trigger.executions).toHaveLength(1);
		expect(
			answers.filter((answer) => /already received/.test(String(answer.json?.message))),
		).toHaveLength(5);
		expect(rememberedJobs(trigger)).toEqual([{ id: JOB_ID, at: expect.any(Number) }]);
		// The lock leaves nothing behind once the deliveries are answered.
		expect(lockedKeyCount()).toBe(0);
	});

	test('10 jobs posted at once start 10 executions, all remembered: posting them again starts none', async () => {
		trigger = await startTrigger(slowCredentials);
		const bodies = Array.from({ length: 10 }, (_, index) =>
			deliveryOfJob(`00000000-0000-4000-8000-00000000000${index}`),
		);

		await postAll(trigger, bodies);
		expect(trigger.executions).toHaveLength(10);
		expect(rememberedJobs(trigger)).toHaveLength(10);

		const again = await postAll(trigger, bodies);
		expect(again.map((answer) => answer.json?.message)).toEqual(
			bodies.map((_, index) => expect.stringMatching(new RegExp(`0${index} was already received`))),
		);
		expect(trigger.executions).toHaveLength(10);
	});
});

describe('a delivery that fails is not remembered: Mindee’s retry starts the execution', () => {
	test('building the items fails (500); once the trigger is fixed, the retry starts one execution', async () => {
		// A realistic mistake: the Output read from an environment variable, which n8n forbids by default.
		trigger = await startTrigger({ parameters: { output: '={{ $env.DOCPARSE_OUTPUT }}' } });
		const body = fixtureBytes(COMPLETED);

		const failed = await trigger.post(body, signedHeaders(body));
		expect(failed.status).toBe(500);
		expect(trigger.webhookErrors.map((error) => error.message)).toEqual([
			expect.stringMatching(/access to env vars denied/),
		]);
		expect(trigger.executions).toHaveLength(0);

		trigger.setParameters({ output: 'simplified', failedJobs: 'emit', options: {} });
		const retry = await trigger.post(body, signedHeaders(body));

		expect(retry).toMatchObject({
			status: 200,
			json: { message: `Job ${JOB_ID} received; workflow started` },
		});
		expect(trigger.executions).toHaveLength(1);
		expect(rememberedJobs(trigger)).toEqual([{ id: JOB_ID, at: expect.any(Number) }]);
		expect((await trigger.post(body, signedHeaders(body))).json?.message).toMatch(
			/already received/,
		);
	});

	test('n8n cannot start the execution (500): the retry starts it', async () => {
		trigger = await startTrigger();
		const body = fixtureBytes(COMPLETED);
		trigger.executionStartFails = () => true;

		expect((await trigger.post(body, signedHeaders(body))).status).toBe(500);
		expect(trigger.executions).toHaveLength(0);

		trigger.executionStartFails = () => false;
		expect((await trigger.post(body, signedHeaders(body))).json?.message).toBe(
			`Job ${JOB_ID} received; workflow started`,
		);
		expect(trigger.executions).toHaveLength(1);
	});

	test('a failed delivery among others arriving at once: another one’s save does not keep it, its retry starts', async () => {
		trigger = await startTrigger({ credentialReadMs: 5 });
		const failing = deliveryOfJob('33333333-3333-4333-8333-000000000000');
		const others = Array.from({ length: 5 }, (_, index) =>
			deliveryOfJob(`33333333-3333-4333-8333-00000000000${index + 1}`),
		);
		// n8n gives up starting that one only after the others started and saved their static data.
		trigger.executionStartFails = async (items) => {
			if (items[0][0].json._job_id !== FAILING_JOB) return false;
			while (trigger!.executions.length < others.length)
				await new Promise((resolve) => setTimeout(resolve, 5));
			return true;
		};

		const answers = await postAll(trigger, [failing, ...others]);
		expect(answers.map((answer) => answer.status)).toEqual([500, 200, 200, 200, 200, 200]);
		expect(trigger.executions).toHaveLength(5);
		// Saved by the others while it was still claimed: the retry must not take it for a repeat.
		expect(rememberedJobs(trigger)).toContainEqual({ id: FAILING_JOB, at: expect.any(Number) });

		trigger.executionStartFails = () => false;
		const retry = await trigger.post(failing, signedHeaders(failing));
		expect(retry.json?.message).toBe(`Job ${FAILING_JOB} received; workflow started`);
		expect(trigger.executions).toHaveLength(6);
		expect(rememberedJobs(trigger)).toHaveLength(6);
	});
});

const FAILING_JOB = '33333333-3333-4333-8333-000000000000';
