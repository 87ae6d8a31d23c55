/**
 * Polling that wastes neither time nor quota, on a simulated clock (jest's fake timers): which checks a
 * batch of jobs makes, not how long anything takes on this machine.
 */
import type { PollingOptions, PollResult } from '../../nodes/shared/polling';
import { pollUntilDone, ProcessingTimes } from '../../nodes/shared/polling';

/** The nodes' Mindee defaults, those of Mindee's SDK: the first check after 2 s, then every 1.5 s. */
const OPTIONS: PollingOptions = { initialDelayMs: 2_000, intervalMs: 1_500, maxWaitMs: 60_000 };

/** When Mindee's SDK sees a job done: its checks at 2 s, then every 1.5 s; and how many it makes. */
function sdkSchedule(processingMs: number) {
	const checks = 1 + Math.max(0, Math.ceil((processingMs - 2_000) / 1_500));
	return { checks, seenAt: 2_000 + (checks - 1) * 1_500 };
}

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

const seenAfter = (target: Job) =>
	target.checks.find((check) => check.done)!.at - (target.submittedAt + target.processingMs);

test("one job, nothing learned yet: Mindee SDK's checks, no more, no closer, and seen as soon", async () => {
	for (const processingMs of [2_000, 6_000, 9_100]) {
		const alone = job(`alone-${processingMs}`, Date.now(), processingMs);
		await runBatch([alone]);
		const sdk = sdkSchedule(processingMs);
		expect(alone.checks).toHaveLength(sdk.checks);
		expect(alone.checks.at(-1)!.at - alone.submittedAt).toBe(sdk.seenAt);
	}
});

test('a first wave submitted together: one job asks while nothing is known, the others learn from its answers', async () => {
	// Ten jobs submitted within 90 ms, 6 s of processing each, nothing learned yet.
	const jobs = Array.from({ length: 10 }, (_, index) => job(`job-${index}`, index * 10, 6_000));
	expect(await runBatch(jobs)).toEqual(jobs.map((target) => target.name));

	// The first job asked at 2 s, 3.5 s, 5 s and 6.5 s, as the SDK would; the others skipped their check at
	// 2 s, which its answer made pointless, and each found the batch's answer at 6.5 s: 31 checks where ten
	// SDK loops make 40, no job more than the SDK's 4.
	expect(jobs[0].checks.map((check) => check.at)).toEqual([2_000, 3_500, 5_000, 6_500]);
	for (const target of jobs.slice(1)) expect(target.checks).toHaveLength(3);
	// And none of them was seen later than the SDK sees it: at 6.5 s, half a second after completion.
	for (const target of jobs) expect(seenAfter(target)).toBeLessThanOrEqual(500);
});

test('once the batch knows the processing time, a new job is checked first when it is likely done: one request', async () => {
	const times = new ProcessingTimes();
	await runBatch([job('first', 0, 3_000)], times);

	const later = job('later', Date.now() + 1_000, 3_000);
	await runBatch([later], times);
	expect(later.checks).toEqual([{ at: later.submittedAt + 3_000 + 120, done: true }]);
});

test('the shortest recent processing time times the first check, so one slow document does not delay the others', async () => {
	const times = new ProcessingTimes();
	for (const ms of [2_000, 2_000, 30_000]) times.record(ms);
	const next = job('next', 0, 2_000);
	await runBatch([next], times);
	expect(next.checks).toHaveLength(1);
});

test('while a slow first job is still pending, the others are held back one interval at most, so still seen within an interval', async () => {
	const slow = job('slow', 0, 50_000);
	const quick = Array.from({ length: 5 }, (_, index) => job(`quick-${index}`, 5 + index, 2_000));
	await runBatch([slow, ...quick]);
	// Quick jobs are done at 2 s; they were checked by 2 s + 1.5 s, once.
	for (const target of quick) {
		expect(target.checks).toHaveLength(1);
		expect(seenAfter(target)).toBeLessThanOrEqual(OPTIONS.intervalMs);
	}
	// The slow job is checked on its own schedule: every 1.5 s, never closer.
	const gaps = slow.checks.slice(1).map((check, index) => check.at - slow.checks[index].at);
	expect(Math.min(...gaps)).toBeGreaterThanOrEqual(OPTIONS.intervalMs);
});

test('a job that is slower than the batch is checked again an interval later, so it is still seen within an interval', async () => {
	const times = new ProcessingTimes();
	times.record(2_000);
	const slower = job('slower', 0, 3_700);
	await runBatch([slower], times);
	// First at 2.12 s (likely done, but it is not), then every 1.5 s.
	expect(slower.checks.map((check) => check.at)).toEqual([2_120, 3_620, 5_120]);
	expect(seenAfter(slower)).toBeLessThanOrEqual(OPTIONS.intervalMs);
});

test('learned times only postpone checks: a fast batch never brings a check before the initial delay', async () => {
	const times = new ProcessingTimes();
	times.record(300);
	const next = job('next', 0, 2_500);
	await runBatch([next], times);
	expect(next.checks.map((check) => check.at)).toEqual([2_000, 3_500]);
});

test('two checks of one job are never closer than a second, whatever the options ask', async () => {
	const options = { initialDelayMs: 0, intervalMs: 250, maxWaitMs: 60_000 };
	const eager = job('eager', 0, 3_500);
	await runBatch([eager], new ProcessingTimes(), options);
	expect(eager.checks.map((check) => check.at)).toEqual([0, 1_000, 2_000, 3_000, 4_000]);
	// An API asking to come back sooner than the interval is not obeyed either.
	const hurried = job('hurried', Date.now(), 3_000);
	const checks: number[] = [];
	const result = pollUntilDone<string>({
		check: async () => {
			checks.push(Date.now() - hurried.submittedAt);
			return Date.now() - hurried.submittedAt >= 3_000
				? { done: true, value: 'ok' }
				: { done: false, availableInMs: 100 };
		},
		options: OPTIONS,
		times: new ProcessingTimes(),
		submittedAt: hurried.submittedAt,
		jobId: 'hurried',
		service: 'Test',
	});
	await jest.advanceTimersByTimeAsync(10_000);
	expect(await result).toBe('ok');
	expect(checks).toEqual([2_000, 3_500]);
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

test('past the maximum wait: fails with the job id, after a last check at the deadline, a second after the one before', async () => {
	const never = job('job-42', 0, Infinity);
	const result = poll(never, new ProcessingTimes(), { ...OPTIONS, maxWaitMs: 5_000 });
	const failure = expect(result).rejects.toMatchObject({
		code: 'DOCPARSE_MAX_WAIT',
		message: expect.stringContaining('job-42'),
	});
	await jest.advanceTimersByTimeAsync(10_000);
	await failure;
	expect(never.checks.map((check) => check.at)).toEqual([2_000, 3_500, 5_000]);

	// A deadline half a second after a check: the last check waits the second out.
	const late = job('job-43', Date.now(), Infinity);
	const lateResult = poll(late, new ProcessingTimes(), { ...OPTIONS, maxWaitMs: 4_000 });
	const lateFailure = expect(lateResult).rejects.toMatchObject({ code: 'DOCPARSE_MAX_WAIT' });
	await jest.advanceTimersByTimeAsync(10_000);
	await lateFailure;
	expect(late.checks.map((check) => check.at - late.submittedAt)).toEqual([2_000, 3_500, 4_500]);
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
