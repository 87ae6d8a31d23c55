/**
 * The client-side limiter on a simulated clock (jest's fake timers, which also drive Date.now): which
 * requests it lets go and when, in simulated time; nothing depends on this machine's speed.
 */
import { RateLimiter } from '../../nodes/shared/limits';

beforeEach(() => jest.useFakeTimers({ now: 0 }));
afterEach(() => jest.useRealTimers());

/** Asks for `count` requests at once and records the simulated time at which each one was let go. */
function ask(limiter: RateLimiter, count: number, signal?: AbortSignal) {
	const grants: number[] = [];
	const outcomes = Array.from({ length: count }, (_, index) =>
		limiter.acquire(signal).then(
			() => {
				grants[index] = Date.now();
			},
			(error: Error) => error,
		),
	);
	return { grants, outcomes };
}

/** The most grants that fall inside any window of this length. */
function busiest(grants: number[], windowMs: number) {
	return Math.max(
		...grants.map(
			(start) => grants.filter((time) => time >= start && time < start + windowMs).length,
		),
	);
}

test('per-minute budget: 75 requests in the first minute, the 76th waits until the minute has passed', async () => {
	const limiter = new RateLimiter({ perSecond: 0, perMinute: 75 });
	const { grants } = ask(limiter, 76);
	await jest.advanceTimersByTimeAsync(59_000);
	expect(grants.filter((time) => time !== undefined)).toHaveLength(75);
	expect(grants[75]).toBeUndefined();

	await jest.advanceTimersByTimeAsync(3_000);
	expect(grants[75]).toBeGreaterThanOrEqual(60_000);
});

test('Mindee v1 defaults (4/s, 75/min) over 200 requests: 3 per second in the first seconds (one left free for other processes starting with it), the whole plan until a minute of budget is spent, then 3 per second again (the minute binds); no minute above 75, and no idle budget', async () => {
	const limiter = new RateLimiter({ perSecond: 4, perMinute: 75 });
	const { grants } = ask(limiter, 200);
	await jest.advanceTimersByTimeAsync(10 * 60_000);
	expect(grants.filter((time) => time !== undefined)).toHaveLength(200);
	expect(busiest(grants.slice(0, 12), 1_000)).toBe(3);
	expect(busiest(grants.slice(0, 75), 1_000)).toBe(4);
	expect(busiest(grants.slice(75), 1_000)).toBe(3);
	expect(busiest(grants, 60_000)).toBeLessThanOrEqual(75);
	// The minute's budget is used as it comes: the first 75 within the first 21 s (the plan's own bound:
	// 18 s), request 151 in the third minute.
	expect(grants[74]).toBeLessThan(21_000);
	expect(grants[150]).toBeLessThan(2 * 60_000 + 5_000);
});

test('requests are let go in the order they asked (first come, first served)', async () => {
	const limiter = new RateLimiter({ perSecond: 2, perMinute: 0 });
	const order: number[] = [];
	const all = Array.from({ length: 7 }, (_, index) =>
		limiter.acquire().then(() => order.push(index)),
	);
	await jest.advanceTimersByTimeAsync(10_000);
	await Promise.all(all);
	expect(order).toEqual([0, 1, 2, 3, 4, 5, 6]);
});

test('a 429 with Retry-After pauses every request of the run for that long, then the budget applies again', async () => {
	const limiter = new RateLimiter({ perSecond: 10, perMinute: 0 });
	await limiter.acquire();
	limiter.pauseFor(5_000);
	const { grants } = ask(limiter, 3);
	await jest.advanceTimersByTimeAsync(4_900);
	expect(grants.filter((time) => time !== undefined)).toEqual([]);
	await jest.advanceTimersByTimeAsync(1_000);
	expect(grants).toHaveLength(3);
	expect(Math.min(...grants)).toBeGreaterThanOrEqual(5_000);
});

test('after a 429 the limiter keeps further inside the windows (the API counted differently than it did)', async () => {
	const limiter = new RateLimiter({ perSecond: 4, perMinute: 0 });
	const before = ask(limiter, 8);
	await jest.advanceTimersByTimeAsync(5_000);
	const firstGap = before.grants[4] - before.grants[0];

	limiter.pauseFor(0);
	const start = Date.now();
	const after = ask(limiter, 8);
	await jest.advanceTimersByTimeAsync(5_000);
	expect(after.grants[4] - after.grants[0]).toBeGreaterThan(firstGap);
	expect(Math.min(...after.grants)).toBeGreaterThanOrEqual(start);
});

test("a 1 s limit without a minute limit is the plan's pace: all of each second is used", async () => {
	const limiter = new RateLimiter({ perSecond: 4, perMinute: 0 });
	const { grants } = ask(limiter, 40);
	await jest.advanceTimersByTimeAsync(20_000);
	expect(busiest(grants, 1_000)).toBe(4);
	expect(grants[39]).toBeLessThan(10_000);
});

test('no limits (0): everything goes at once', async () => {
	const limiter = new RateLimiter({ perSecond: 0, perMinute: 0 });
	const { grants } = ask(limiter, 500);
	await jest.advanceTimersByTimeAsync(0);
	expect(new Set(grants)).toEqual(new Set([0]));
});

test('a cancelled request stops waiting at once and does not hold back the ones behind it', async () => {
	const limiter = new RateLimiter({ perSecond: 1, perMinute: 0 });
	await limiter.acquire();
	const controller = new AbortController();
	const cancelled = limiter.acquire(controller.signal).then(
		() => 'granted',
		() => 'cancelled',
	);
	const next = limiter.acquire().then(() => Date.now());
	controller.abort(new Error('stop'));
	await jest.advanceTimersByTimeAsync(0);
	expect(await cancelled).toBe('cancelled');
	await jest.advanceTimersByTimeAsync(2_000);
	// The cancelled request used no budget: the next one went as soon as the first second had passed.
	expect(await next).toBeLessThan(1_100);
});
