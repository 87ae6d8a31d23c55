/**
 * Several processes (n8n queue-mode workers), each with a RateLimiter set to the whole plan, against one API
 * that enforces the plan over sliding windows, on jest's simulated clock. Call with fake timers on.
 *
 * As in a real queue-mode run (bench, `try.js queue`): executions reach the workers one by one over the
 * first moments, each request takes a few ms each way, the API counts a request when it arrives, and its
 * 429 says Retry-After in whole seconds.
 */
import { sleep } from 'n8n-workflow';

import { RateLimiter } from '../../nodes/shared/limits';
import { rateWindow, retryAfter } from '../fakes/server';
import { paceBound, planBound } from './planBound';
import { seededRng } from './seededRng';

export const PLAN = { perSecond: 4, perMinute: 75 };
/** How long a job takes: a document is a submit, a check after this, and the result. */
export const PROCESSING_MS = 2_000;
/** A document's requests: the submit, one check after PROCESSING_MS, and the result. */
const REQUESTS_PER_DOCUMENT = 3;

export interface SimulationOptions {
	workers: number;
	/** Executions in all, spread over the workers at random. */
	executions: number;
	/** They reach the workers over this long, at random (0: all at the same instant). */
	arrivalSpreadMs?: number;
	/** Each way of a request takes up to this long, at random (0: none). */
	latencyMs?: number;
	/** The seed of the run's randomness: a run is repeatable. */
	seed?: number;
}

/** The fake API's sliding windows (those of the fakes the bench runs), keeping what they accepted and refused. */
function fakeApi() {
	const window = rateWindow(PLAN);
	const accepted: number[] = [];
	const refusedAt: number[] = [];
	return {
		accepted,
		refusedAt,
		/** 0 when the request is accepted, else the wait the API asks for (its Retry-After, in ms). */
		ask(now: number): number {
			const wait = window.delay(now);
			if (wait <= 0) {
				accepted.push(now);
				return 0;
			}
			refusedAt.push(now);
			return Number(retryAfter(wait)['retry-after']) * 1_000;
		},
	};
}

/**
 * Runs the executions to the end (20 simulated minutes at most): what the API accepted and refused, each
 * worker's limiter, when the last document was done, and the plan's bounds for their requests (exact, and
 * the steady pace's that the queue-mode target was set against: test/harness/planBound.ts).
 */
export async function simulate({
	workers,
	executions,
	arrivalSpreadMs = 0,
	latencyMs = 0,
	seed = 1,
}: SimulationOptions) {
	const random = seededRng(seed);
	const api = fakeApi();
	const limiters = Array.from({ length: workers }, () => new RateLimiter(PLAN));
	const oneWay = async () => {
		if (latencyMs > 0) await sleep(Math.round(random() * latencyMs));
	};
	const request = async (limiter: RateLimiter) => {
		for (;;) {
			const grantedAt = await limiter.acquire();
			await oneWay();
			const retryAfterMs = api.ask(Date.now());
			await oneWay();
			if (retryAfterMs === 0) return;
			limiter.pauseFor(retryAfterMs, grantedAt, retryAfterMs);
			await sleep(retryAfterMs);
		}
	};
	let finished = 0;
	const all = Promise.all(
		Array.from({ length: executions }, async () => {
			const limiter = limiters[Math.floor(random() * workers)];
			const arrival = Math.round(random() * arrivalSpreadMs);
			if (arrival > 0) await sleep(arrival);
			await request(limiter);
			await sleep(PROCESSING_MS);
			await request(limiter);
			await request(limiter);
			finished = Math.max(finished, Date.now());
		}),
	);
	await jest.advanceTimersByTimeAsync(20 * 60_000);
	await all;
	const requests = api.accepted.length + api.refusedAt.length;
	return {
		api,
		limiters,
		finished,
		requests,
		refused: api.refusedAt.length,
		bound: planBound(REQUESTS_PER_DOCUMENT * executions, PLAN, PROCESSING_MS),
		paceBound: paceBound(REQUESTS_PER_DOCUMENT * executions, PLAN, PROCESSING_MS),
	};
}
