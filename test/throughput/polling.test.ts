/**
 * Polling that wastes neither time nor quota, on a simulated clock (jest's fake timers): which checks a
 * batch of jobs makes, not how long anything takes on this machine.
 */
import type { PollingOptions, PollResult } from '../../nodes/shared/polling';
import { pollUntilDone, ProcessingTimes } from '../../nodes/shared/polling';

const OPTIONS: PollingOptions = { initialDelayMs: 1_500, intervalMs: 1_000, maxWaitMs: 60_000 };

beforeEach(() => jest.useFakeTimers({ now: 0 }));
afterEach(() => jest.useRealTimers());

interface Job {
	name: string;
	submittedAt: number;
	processingMs: number;
	/** Simulated times of this job's checks, and what they answered. */
	checks: Array<{ at: number; done: boolean }>;
}

function job(name: string, submittedAt: number, processingMs: number): Job {
	return { name, submittedAt, processingMs, checks: [] };
}

/** Polls the job as the Mindee node does; the API reports the processing time it measured. */
function poll(
	target: Job,
	times: ProcessingTimes,
	options: PollingOptions = OPTIONS,
	signal?: AbortSignal,
) {
	return pollUntilDone<string>({
		check: async (): Promise<PollResult<string>> => {
			const at = Date.now();
			const done = at >= target.submittedAt + target.processingMs;
			target.checks.push({ at, done });
			return done
				? { done: true, value: target.name, processingMs: target.processingMs }
				: { done: false };
		},
		options,
		times,
		submittedAt: target.submittedAt,
		jobId: target.name,
		service: 'Test',
		signal,
	});
}

/** Submits each job at its time (simulated), polls them all, and runs the clock until they are done. */
async function runBatch(jobs: Job[], times = new ProcessingTimes(), options = OPTIONS) {
	const results = jobs.map(async (target) => {
		await new Promise((resolve) => setTimeout(resolve, target.submittedAt - Date.now()));
		return await poll(target, times, options);
	});
	await jest.advanceTimersByTimeAsync(120_000);
	return await Promise.all(results);
}

const pending = (jobs: Job[]) =>
	jobs.flatMap((target) => target.checks.filter((check) => !check.done));
const seenAfter = (target: Job) =>
	target.checks.find((check) => check.done)!.at - (target.submittedAt + target.processingMs);

test('a first wave submitted together: one job asks while nothing is known, the others learn from its answers', async () => {
	// Ten jobs submitted within 90 ms, 2 s of processing each, nothing learned yet.
	const jobs = Array.from({ length: 10 }, (_, index) => job(`job-${index}`, index * 10, 2_000));
	expect(await runBatch(jobs)).toEqual(jobs.map((target) => target.name));

	// Only the probe heard "pending" (at 1.5 s, then 1.75 s); the nine others were checked once, when done.
	expect(pending(jobs).length).toBeLessThanOrEqual(2);
	for (const target of jobs.slice(1)) expect(target.checks).toHaveLength(1);
	// And none of them was seen late: at most one step (250 ms) after completion on the simulated clock.
	for (const target of jobs) expect(seenAfter(target)).toBeLessThanOrEqual(250);
});

test('once the batch knows the processing time, a new job is checked first when it is likely done: one request', async () => {
	const times = new ProcessingTimes();
	await runBatch([job('first', 0, 3_000)], times);

	const later = job('later', Date.now() + 1_000, 3_000);
	await runBatch([later], times);
	expect(later.checks).toEqual([{ at: later.submittedAt + 3_000 + 120, done: true }]);
});

test('the median of the batch times the first check, so one slow document does not delay the others', async () => {
	const times = new ProcessingTimes();
	for (const ms of [2_000, 2_000, 30_000]) times.record(ms);
	const next = job('next', 0, 2_000);
	await runBatch([next], times);
	expect(next.checks).toHaveLength(1);
});

test('while a slow first job is still pending, the others are not held back past the initial delay plus four intervals', async () => {
	const slow = job('slow', 0, 50_000);
	const quick = Array.from({ length: 5 }, (_, index) => job(`quick-${index}`, 5 + index, 2_000));
	await runBatch([slow, ...quick]);
	// Quick jobs are done at about 2 s; they were asked by 1.5 s + 4 × 1 s at the latest.
	for (const target of quick)
		expect(target.checks.find((check) => check.done)!.at - target.submittedAt).toBeLessThanOrEqual(
			5_500 + 250,
		);
	// Their processing time was learned: the slow job is then checked on the learned step, not every 250 ms.
	const slowChecksAfterLearning = slow.checks.filter((check) => check.at > 6_000);
	expect(slowChecksAfterLearning.length).toBeLessThanOrEqual(Math.ceil((50_000 - 6_000) / 400) + 1);
});

test('a job that is slower than the batch is checked again on a short step, so it is still seen soon after it is done', async () => {
	const times = new ProcessingTimes();
	times.record(2_000);
	const slower = job('slower', 0, 3_100);
	await runBatch([slower], times);
	// First at 2.12 s (likely done, but it is not), then every 400 ms (a fifth of the expected time).
	expect(slower.checks.map((check) => check.at)).toEqual([2_120, 2_520, 2_920, 3_320]);
	expect(seenAfter(slower)).toBeLessThanOrEqual(400);
});

test('a job submitted earlier (Get Result) is checked at once, whatever the batch learned', async () => {
	const times = new ProcessingTimes();
	times.record(5_000);
	// Submitted a minute ago, done long since; Get Result only knows when it started asking.
	const earlier = job('earlier', -60_000, 1_000);
	const result = pollUntilDone<string>({
		check: async () => {
			earlier.checks.push({ at: Date.now(), done: true });
			return { done: true, value: 'ok' };
		},
		options: { ...OPTIONS, initialDelayMs: 0, submittedEarlier: true },
		times,
		submittedAt: Date.now(),
		jobId: 'earlier',
		service: 'Test',
	});
	await jest.advanceTimersByTimeAsync(0);
	expect(await result).toBe('ok');
	expect(earlier.checks).toEqual([{ at: 0, done: true }]);
});

test("the API's own estimate (available_at) times the first check", async () => {
	const times = new ProcessingTimes();
	const target = job('estimated', 0, 4_000);
	const result = pollUntilDone<string>({
		check: async () => {
			target.checks.push({ at: Date.now(), done: Date.now() >= 4_000 });
			return Date.now() >= 4_000 ? { done: true, value: 'ok' } : { done: false };
		},
		options: OPTIONS,
		times,
		submittedAt: 0,
		availableAt: 4_000,
		jobId: 'estimated',
		service: 'Test',
	});
	await jest.advanceTimersByTimeAsync(10_000);
	expect(await result).toBe('ok');
	expect(target.checks).toEqual([{ at: 4_000, done: true }]);
});

test('past the maximum wait: fails with the job id, after a last check at the deadline', async () => {
	const never = job('job-42', 0, Infinity);
	const result = poll(never, new ProcessingTimes(), { ...OPTIONS, maxWaitMs: 5_000 });
	const failure = expect(result).rejects.toMatchObject({
		code: 'DOCPARSE_MAX_WAIT',
		message: expect.stringContaining('job-42'),
	});
	await jest.advanceTimersByTimeAsync(10_000);
	await failure;
	expect(never.checks.at(-1)!.at).toBe(5_000);
});

test("cancelled while waiting, or while waiting for another job's answer: stops at once", async () => {
	const times = new ProcessingTimes();
	const controller = new AbortController();
	const first = poll(job('a', 0, 10_000), times, OPTIONS, controller.signal);
	const second = poll(job('b', 0, 10_000), times, OPTIONS, controller.signal);
	const outcomes = Promise.allSettled([first, second]);
	await jest.advanceTimersByTimeAsync(1_000);
	controller.abort(new Error('cancelled'));
	await jest.advanceTimersByTimeAsync(0);
	expect((await outcomes).map((outcome) => outcome.status)).toEqual(['rejected', 'rejected']);
});
