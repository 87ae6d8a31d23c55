import { sleep } from 'n8n-workflow';

export interface RateLimits {
	/** Requests allowed in any 1-second window; 0 or less: no limit. */
	perSecond: number;
	/** Requests allowed in any 60-second window; 0 or less: no limit. */
	perMinute: number;
}

/**
 * The API counts a request when it arrives, the limiter when it lets it go: two requests' network delays
 * differ, so the API's windows are not quite ours. Stay this far inside them: a little on the 1 s window,
 * where every millisecond is throughput, a full second on the 60 s window, where it costs under 2 %.
 * A 429 despite this (jitter larger than the margin) doubles them, up to the maximum, for the rest of the run.
 */
const MARGIN_MS = { second: 50, minute: 1_000 };
const MAX_MARGIN_MS = { second: 400, minute: 5_000 };

/**
 * Client-side limiter over sliding 1 s and 60 s windows, shared by every request one node run makes
 * with one credential (submits, polls and downloads alike). Callers are served first come, first served.
 * It lives only as long as the node's execute() call: nothing is kept in module state.
 *
 * A window's whole budget may be spent at once: spacing requests evenly would keep the same rate but make
 * every request wait its turn, and a finished job's check would then be seen later.
 */
export class RateLimiter {
	/** Start times of the requests granted in the last minute, oldest first. */
	private readonly granted: number[] = [];

	private pausedUntil = 0;

	private queue: Promise<void> = Promise.resolve();

	private readonly margin = { ...MARGIN_MS };

	constructor(
		private readonly limits: RateLimits,
		private readonly now: () => number = Date.now,
	) {}

	/** Waits until one more request fits both budgets, then counts it. Rejects when the signal aborts. */
	async acquire(signal?: AbortSignal): Promise<void> {
		const turn = this.queue.then(async () => await this.waitForSlot(signal));
		// A cancelled waiter must not block the ones behind it.
		this.queue = turn.catch(() => undefined);
		await turn;
	}

	/** The API said to slow down (429 + Retry-After): nobody sends before then, and the windows get wider margins. */
	pauseFor(ms: number) {
		this.pausedUntil = Math.max(this.pausedUntil, this.now() + ms);
		this.margin.second = Math.min(MAX_MARGIN_MS.second, this.margin.second * 2);
		this.margin.minute = Math.min(MAX_MARGIN_MS.minute, this.margin.minute * 2);
	}

	private async waitForSlot(signal?: AbortSignal) {
		for (;;) {
			signal?.throwIfAborted();
			const wait = this.delayBeforeNext();
			if (wait <= 0) break;
			await sleep(wait, signal);
		}
		this.granted.push(this.now());
	}

	private delayBeforeNext(): number {
		const now = this.now();
		while (this.granted.length > 0 && this.granted[0] <= now - 60_000 - MAX_MARGIN_MS.minute)
			this.granted.shift();
		let wait = this.pausedUntil - now;
		wait = Math.max(wait, this.windowDelay(now, 1_000 + this.margin.second, this.limits.perSecond));
		wait = Math.max(
			wait,
			this.windowDelay(now, 60_000 + this.margin.minute, this.limits.perMinute),
		);
		return wait;
	}

	/** How long until fewer than `limit` grants fall inside the window (margin included) ending now. */
	private windowDelay(now: number, windowMs: number, limit: number): number {
		if (limit <= 0 || this.granted.length < limit) return 0;
		// The grant that must leave the window before one more fits.
		const blocking = this.granted[this.granted.length - limit];
		return blocking + windowMs - now;
	}
}
