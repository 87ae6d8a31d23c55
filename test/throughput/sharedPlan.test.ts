/**
 * Several processes (n8n queue-mode workers), each with its own limiter set to the whole plan, against one
 * API that enforces the plan over sliding windows, on a simulated clock (test/harness/simulatedPlan.ts). A 429
 * that the process's own requests cannot explain cuts its share of the plan; the share holds for a minute,
 * then grows back while the API accepts everything. A process alone spends the whole plan.
 *
 * The multi-process targets are those set for queue mode, against the plan's steady pace (paceBound:
 * 3N/75 min + P); the exact bound (planBound) is what one process alone is held to.
 */
import { RateLimiter } from '../../nodes/shared/limits';
import { planBound } from '../harness/planBound';
import { PLAN, simulate } from '../harness/simulatedPlan';

beforeEach(() => jest.useFakeTimers({ now: 0 }));
afterEach(() => jest.useRealTimers());

/** As in the real queue-mode runs: executions reach the workers over a second, requests take up to 20 ms. */
const AS_IN_QUEUE_MODE = { arrivalSpreadMs: 1_000, latencyMs: 20 };
const SEEDS = Array.from({ length: 20 }, (_, index) => index + 1);

test("the plan's bound: the requests as early as both sliding windows allow, plus P", () => {
	// 4 a second until the minute's 75 are spent, the next 75 a minute after the first ones.
	expect(planBound(72, PLAN, 2_000)).toBe(19_000);
	expect(planBound(75, PLAN, 2_000)).toBe(20_000);
	expect(planBound(76, PLAN, 2_000)).toBe(62_000);
	expect(planBound(144, PLAN, 2_000)).toBe(79_000);
	expect(planBound(300, PLAN, 2_000)).toBe(200_000);
	expect(planBound(300, { perSecond: 50, perMinute: 0 }, 2_000)).toBe(7_000);
	expect(planBound(10, { perSecond: 0, perMinute: 0 }, 2_000)).toBe(2_000);
});

test('one process alone, 24 documents: the whole plan, within 1.15 × the exact bound of its 72 requests, no 429', async () => {
	const { refused, finished, bound } = await simulate({
		workers: 1,
		executions: 24,
		...AS_IN_QUEUE_MODE,
	});
	// 72 requests fit in the minute's 75: 4 a second, the last at 17 s, plus P = 19 s. Leaving one request of
	// every second free, they took 24 s (1.28 ×).
	expect(bound).toBe(19_000);
	expect(refused).toBe(0);
	expect(finished).toBeLessThanOrEqual(1.15 * bound);
});

test('two processes on one plan converge on it: in every one of 20 runs, 429s under 5 % of requests and the end near the bound', async () => {
	const runs = [];
	for (const seed of SEEDS) {
		jest.setSystemTime(0);
		const run = await simulate({ workers: 2, executions: 48, ...AS_IN_QUEUE_MODE, seed });
		runs.push({ seed, ...run, refusedShare: run.refused / run.requests });
	}
	// The first seconds are a burst from both (each believes it has the plan), and a probe is refused when
	// the shares grow back.
	expect(runs.filter((run) => run.refusedShare > 0.05).map(({ seed }) => seed)).toEqual([]);
	expect(runs.filter((run) => run.finished > 1.3 * run.paceBound).map(({ seed }) => seed)).toEqual(
		[],
	);
	for (const { api, limiters } of runs) {
		// Between them, never more than the plan: the API refused what went beyond.
		expect(busiest(api.accepted, 60_000)).toBeLessThanOrEqual(PLAN.perMinute);
		// Each took its share back after the last 429 (nobody is left starving at the floor).
		for (const limiter of limiters) expect(limiter.share()).toBeGreaterThan(0.4);
	}
});

test('three processes: the same convergence, with more refusals in the first burst', async () => {
	for (const seed of SEEDS.slice(0, 5)) {
		jest.setSystemTime(0);
		const { refused, finished, requests, paceBound } = await simulate({
			workers: 3,
			executions: 72,
			...AS_IN_QUEUE_MODE,
			seed,
		});
		expect(refused / requests).toBeLessThanOrEqual(0.1);
		expect(finished).toBeLessThanOrEqual(1.3 * paceBound);
	}
});

test('a 429 its own requests explain only widens the margins; a repeat within a minute cuts the share', async () => {
	const limiter = new RateLimiter(PLAN);
	// A second's 3 requests (one of the 4 stays free), and a second later 2 more, the 2nd refused: the API's
	// clock counted one of the first 3 late, in the same second as the 4th. This process alone can have
	// filled that second (its clock and the API's disagree at the window's edge).
	const edgeRefusal = async () => {
		await Promise.all(Array.from({ length: 3 }, async () => await limiter.acquire()));
		await jest.advanceTimersByTimeAsync(1_500);
		await limiter.acquire();
		limiter.pauseFor(1_000, await limiter.acquire(), 1_000);
	};
	await edgeRefusal();
	expect(limiter.share()).toBe(1);
	// The same again within the minute, for requests sent after the first refusal: the plan is shared. Cut.
	await jest.advanceTimersByTimeAsync(2_000);
	await edgeRefusal();
	expect(limiter.share()).toBe(0.5);
});

test('a 429 whose answer comes back late (a loaded machine) is judged by the requests around the refused one', async () => {
	const limiter = new RateLimiter(PLAN);
	// The edge refusal of the test above, but its answer is handled 2 s later, the process stalled meanwhile:
	// the second before the answer holds none of its requests, the second around the refused one does.
	await Promise.all(Array.from({ length: 3 }, async () => await limiter.acquire()));
	await jest.advanceTimersByTimeAsync(1_500);
	await limiter.acquire();
	const refused = await limiter.acquire();
	await jest.advanceTimersByTimeAsync(2_000);
	limiter.pauseFor(1_000, refused, 1_000);
	expect(limiter.share()).toBe(1);
});

test('a 429 in a second where its own requests were fewer than the limit cuts at once (others filled it)', async () => {
	const limiter = new RateLimiter(PLAN);
	// 3 requests accepted as executions reach the worker one by one, and a 4th refused: 3 could not fill
	// the API's second (4), not even counted late and bunched.
	for (let i = 0; i < 3; i++) {
		await limiter.acquire();
		await jest.advanceTimersByTimeAsync(300);
	}
	const fourth = limiter.acquire();
	await jest.advanceTimersByTimeAsync(500);
	limiter.pauseFor(1_000, await fourth, 1_000);
	expect(limiter.share()).toBe(0.5);
});

test("a 429 whose wait rules out the 1 s window: the minute is others' when its own requests could not fill it", async () => {
	// 40 requests at the full pace of 3 a second, then one refused with Retry-After 5 s: only the minute
	// waits that long, and 40 of 75 could not fill it. The 1 s window alone would have blamed this process.
	const spend = async (limiter: RateLimiter, count: number) => {
		const granted = Promise.all(Array.from({ length: count }, async () => await limiter.acquire()));
		await jest.advanceTimersByTimeAsync(count * 400);
		return await granted;
	};
	const sharing = new RateLimiter(PLAN);
	await spend(sharing, 40);
	sharing.pauseFor(5_000, (await spend(sharing, 1))[0], 5_000);
	expect(sharing.share()).toBe(0.5);
	// With its whole minute spent, and 3 more as the first ones leave its window, the same refusal is the
	// clocks disagreeing at the minute's edge: no cut.
	const alone = new RateLimiter(PLAN);
	await spend(alone, 75);
	const more = Promise.all(Array.from({ length: 3 }, async () => await alone.acquire()));
	await jest.advanceTimersByTimeAsync(33_000);
	alone.pauseFor(5_000, (await more)[2], 5_000);
	expect(alone.share()).toBe(1);
});

test('a 429 its own requests cannot explain cuts at once; one burst cuts once; the share holds a minute, then grows', async () => {
	const limiter = new RateLimiter(PLAN);
	const refuse = async (count: number) => {
		await jest.advanceTimersByTimeAsync(1);
		const granted = Promise.all(Array.from({ length: count }, async () => await limiter.acquire()));
		await jest.advanceTimersByTimeAsync(2_000);
		// The refusals arrive after the grants (the requests' round trip).
		for (const grantedAt of await granted) limiter.pauseFor(0, grantedAt);
	};
	// 3 requests, all refused: this process did not fill the API's second, somebody else did.
	await refuse(3);
	expect(limiter.share()).toBe(0.5);
	// In the minute after a cut, the API's window still holds what everybody sent before it: one more burst
	// of refusals is forgiven, a second one cuts again.
	await refuse(1);
	expect(limiter.share()).toBe(0.5);
	await refuse(1);
	expect(limiter.share()).toBe(0.25);
	// Nothing refused from then on: the share holds for a minute, then comes back, half the plan in 50 s.
	await jest.advanceTimersByTimeAsync(60_000);
	expect(limiter.share()).toBeCloseTo(0.25, 3);
	await jest.advanceTimersByTimeAsync(50_000);
	expect(limiter.share()).toBeCloseTo(0.75, 3);
});

test('a process sharing the plan keeps one request of its part of each second free', async () => {
	const limiter = new RateLimiter(PLAN);
	limiter.pauseFor(0, await limiter.acquire());
	expect(limiter.share()).toBe(0.5);
	// Half of 4 per second is 2; one of them stays free for the others' delayed bursts.
	await jest.advanceTimersByTimeAsync(2_000);
	const grants: number[] = [];
	void (async () => {
		for (let i = 0; i < 3; i++) grants.push(await limiter.acquire());
	})();
	await jest.advanceTimersByTimeAsync(3_000);
	expect(grants).toHaveLength(3);
	expect(grants[1] - grants[0]).toBeGreaterThanOrEqual(1_000);
	expect(grants[2] - grants[1]).toBeGreaterThanOrEqual(1_000);
});

test('a burst that has seen others keeps one request of each second free, its share grown back or not; the next burst starts afresh', async () => {
	const limiter = new RateLimiter(PLAN);
	const askAll = async (count: number, forMs: number) => {
		const granted = Promise.all(Array.from({ length: count }, async () => await limiter.acquire()));
		await jest.advanceTimersByTimeAsync(forMs);
		return await granted;
	};
	// A 429 its own request cannot explain: the share is cut.
	limiter.pauseFor(0, (await askAll(1, 0))[0]);
	expect(limiter.share()).toBe(0.5);
	// A request every 20 s keeps the burst going while the share holds, then grows back.
	for (let i = 0; i < 6; i++) await askAll(1, 20_000);
	expect(limiter.share()).toBe(1);
	expect(busiest(await askAll(12, 5_000), 1_000)).toBe(3);
	// 90 s without a request (more than it keeps to judge refusals: the minute and 20 s): the next burst
	// leaves a request free only in its first seconds, where processes started together find each other.
	await jest.advanceTimersByTimeAsync(90_000);
	const alone = await askAll(40, 15_000);
	expect(
		busiest(
			alone.filter((time) => time < alone[0] + 4_000),
			1_000,
		),
	).toBe(3);
	expect(busiest(alone, 1_000)).toBe(4);
});

test('held after a cut, a request waiting on the minute window sleeps until the hold ends, then goes as the share grows', async () => {
	const clockReads: number[] = [];
	const limiter = new RateLimiter(PLAN, () => {
		clockReads.push(Date.now());
		return Date.now();
	});
	limiter.pauseFor(0, await limiter.acquire());
	expect(limiter.share()).toBe(0.5);
	// Half of 75 per minute is 37 requests, the first one included, one per second (and its margin): the
	// 37th of these waits past the minute, until the share grows after the hold.
	const grants: number[] = [];
	void (async () => {
		for (let i = 0; i < 37; i++) grants.push(await limiter.acquire());
	})();
	await jest.advanceTimersByTimeAsync(45_000);
	expect(grants).toHaveLength(36);
	clockReads.length = 0;
	await jest.advanceTimersByTimeAsync(14_000);
	// Nothing can change while the share is held: the waiter is not woken once in those 14 s.
	expect(clockReads).toEqual([]);
	await jest.advanceTimersByTimeAsync(3_000);
	expect(grants).toHaveLength(37);
	expect(grants[36]).toBeGreaterThanOrEqual(60_000);
	expect(grants[36]).toBeLessThanOrEqual(61_000);
});

test('refusals its own requests explain, more than a minute apart, never cut (a loaded machine now and then)', async () => {
	const limiter = new RateLimiter(PLAN);
	for (let i = 0; i < 3; i++) {
		await Promise.all(Array.from({ length: 3 }, async () => await limiter.acquire()));
		// Past the second and its widest margin: the next two are let go at once, and the 2nd is refused.
		await jest.advanceTimersByTimeAsync(1_500);
		await limiter.acquire();
		limiter.pauseFor(1_000, await limiter.acquire(), 1_000);
		await jest.advanceTimersByTimeAsync(61_000);
	}
	expect(limiter.share()).toBe(1);
});

test('without limits set there is no plan to share: a 429 never cuts, and nothing is paced', async () => {
	const limiter = new RateLimiter({ perSecond: 0, perMinute: 0 });
	const granted = Promise.all(Array.from({ length: 20 }, async () => await limiter.acquire()));
	await jest.advanceTimersByTimeAsync(0);
	for (const grantedAt of await granted) limiter.pauseFor(0, grantedAt);
	expect(limiter.share()).toBe(1);
	const again = Promise.all(Array.from({ length: 20 }, async () => await limiter.acquire()));
	await jest.advanceTimersByTimeAsync(0);
	expect(await again).toHaveLength(20);
});

/** The most grants that fall inside any window of this length. */
function busiest(times: number[], windowMs: number) {
	return Math.max(
		...times.map(
			(start) => times.filter((time) => time >= start && time < start + windowMs).length,
		),
	);
}
