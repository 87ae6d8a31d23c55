/**
 * Several processes (n8n queue-mode workers), each with its own limiter set to the whole plan, against one
 * API that enforces the plan over sliding windows, on a simulated clock. A 429 that the process's own
 * requests cannot explain cuts its share of the plan; the share holds for a minute, then grows back while
 * the API accepts everything.
 */
import { sleep } from 'n8n-workflow';

import { RateLimiter } from '../../nodes/shared/rateLimiter';

beforeEach(() => jest.useFakeTimers({ now: 0 }));
afterEach(() => jest.useRealTimers());

const PLAN = { perSecond: 4, perMinute: 75 };
const P = 2_000;

/** The API's sliding windows: accepts a request, or says how long until one would fit. */
function fakeApi(plan = PLAN) {
	const accepted: number[] = [];
	let refused = 0;
	return {
		accepted,
		get refused() {
			return refused;
		},
		ask(now: number): number {
			const inSecond = accepted.filter((time) => time > now - 1_000);
			const inMinute = accepted.filter((time) => time > now - 60_000);
			let wait = 0;
			if (inSecond.length >= plan.perSecond)
				wait = inSecond[inSecond.length - plan.perSecond] + 1_000 - now;
			if (inMinute.length >= plan.perMinute)
				wait = Math.max(wait, inMinute[inMinute.length - plan.perMinute] + 60_000 - now);
			if (wait > 0) refused += 1;
			else accepted.push(now);
			return wait;
		},
	};
}

/** One document the way Parse Document spends requests: submit, a check after P, the result. */
async function document(limiter: RateLimiter, api: ReturnType<typeof fakeApi>) {
	const request = async () => {
		for (;;) {
			const grantedAt = await limiter.acquire();
			const wait = api.ask(Date.now());
			if (wait <= 0) return;
			limiter.pauseFor(wait, grantedAt);
			await sleep(wait);
		}
	};
	await request();
	await sleep(P);
	await request();
	await request();
}

async function runWorkers(workers: number, documentsEach: number) {
	const api = fakeApi();
	const limiters = Array.from({ length: workers }, () => new RateLimiter(PLAN));
	let finished = 0;
	const all = Promise.all(
		limiters.flatMap((limiter) =>
			Array.from({ length: documentsEach }, async () => {
				await document(limiter, api);
				finished = Math.max(finished, Date.now());
			}),
		),
	);
	await jest.advanceTimersByTimeAsync(20 * 60_000);
	await all;
	const requests = api.accepted.length + api.refused;
	const n = workers * documentsEach;
	const bound = (3 * n * 60_000) / PLAN.perMinute + P;
	return { api, limiters, finished, requests, bound, n };
}

test('one process alone on the plan: no 429 at all', async () => {
	const { api, finished, bound } = await runWorkers(1, 24);
	expect(api.refused).toBe(0);
	expect(finished).toBeLessThanOrEqual(bound);
});

test('two processes on one plan converge on it: 429s under 5 % of requests, the batch ends near the bound', async () => {
	const { api, limiters, finished, requests, bound } = await runWorkers(2, 24);
	// The first second is a burst from both (each believes it has the plan): 4 refused there, and a probe's
	// refusal when the shares grow back.
	expect(api.refused).toBeLessThanOrEqual(0.05 * requests);
	expect(finished).toBeLessThanOrEqual(1.3 * bound);
	// Between them, never more than the plan: the API refused what went beyond.
	expect(busiest(api.accepted, 60_000)).toBeLessThanOrEqual(PLAN.perMinute);
	// Each took its share back after the last 429 (nobody is left starving at the floor).
	for (const limiter of limiters) expect(limiter.share()).toBeGreaterThan(0.4);
});

test('three processes: the same convergence, with more refusals in the first burst', async () => {
	const { api, finished, requests, bound } = await runWorkers(3, 24);
	expect(api.refused).toBeLessThanOrEqual(0.1 * requests);
	expect(finished).toBeLessThanOrEqual(1.3 * bound);
});

test('a 429 its own requests explain only widens the margins; a repeat within a minute cuts the share', async () => {
	const limiter = new RateLimiter(PLAN);
	// The second's 4 requests, all accepted; one more a second later is refused: the API's clock counted one
	// of the 4 in its second (the clocks disagree at the window's edge). Nobody else needs to be there.
	await Promise.all(Array.from({ length: 4 }, async () => await limiter.acquire()));
	await jest.advanceTimersByTimeAsync(1_100);
	limiter.pauseFor(0, await limiter.acquire());
	expect(limiter.share()).toBe(1);
	// Refused again within the minute, for a request sent after the first refusal: the plan is shared. Cut.
	await jest.advanceTimersByTimeAsync(2_000);
	limiter.pauseFor(0, await limiter.acquire());
	expect(limiter.share()).toBe(0.5);
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
		await Promise.all(Array.from({ length: 4 }, async () => await limiter.acquire()));
		// Past the second and its widest margin: the next request is let go at once, and refused.
		await jest.advanceTimersByTimeAsync(1_500);
		limiter.pauseFor(0, await limiter.acquire());
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
