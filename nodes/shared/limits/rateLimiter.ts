import { sleep } from '../compat';

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
 * A 429 despite this (jitter larger than the margin) doubles them, up to the maximum, for the limiter's life.
 */
const MARGIN_MS = { second: 50, minute: 1_000 };
const MAX_MARGIN_MS = { second: 400, minute: 5_000 };
/**
 * How far the API's clock may place a request from its grant on ours (its delays in this process and on the
 * way), per window: judging a 429, this process's requests that the API may have counted in the window that
 * refused are those granted from the window's length and this much before the refused one to this much after.
 */
const COUNTING_SKEW_MS = { second: 2 * MAX_MARGIN_MS.second, minute: 2 * MAX_MARGIN_MS.minute };

/**
 * Sharing the plan with other processes (n8n queue-mode workers, each with a limiter of its own): 429s
 * mean that together they send more than the plan allows, so this process cuts its share of the plan
 * multiplicatively, then wins it back additively while the API accepts everything. Several processes doing
 * this converge on the plan's limit between them (AIMD, as TCP shares a link), without knowing of each other.
 *
 * Whether a 429 means sharing is read from this process's own requests: when they could not have filled the
 * API's window that refused, somebody else's requests are in it, and the share is cut at once. Otherwise a
 * lone 429 is more often the API's clock and ours disagreeing at a window's edge (a loaded machine sends a
 * window's requests late and bunched), or a passing hiccup: that one only widens the margins, unless a
 * second one follows within REFUSALS_WINDOW_MS for a request granted after the first.
 */
const REFUSALS_WINDOW_MS = 60_000;
const SHARE_CUT = 0.5;
const MIN_SHARE = 0.1;
/**
 * After a cut the share stays put for a whole minute: the API's minute window still holds what every process
 * sent before the cut, and growing into it at once is what brings the next 429.
 */
const HOLD_AFTER_CUT_MS = 60_000;
/**
 * Then it grows back, by this share of the plan per second: half the plan in 50 s. The hold has let the
 * minute window empty of the burst that caused the cut, so the growth shows in the API's answers within a
 * minute; slower, a worker cut low is still crawling when the others are done. Tuned on a simulated clock
 * (test/throughput/sharedPlan.test.ts) and measured in `npm run bench`.
 */
const SHARE_RECOVERY_PER_SECOND = 0.01;
/** While the share grows, a long wait is re-planned this often, so a grown budget is used at once. */
const REPLAN_MS = 1_000;
/**
 * How long a burst (its first request after 80 s without any, and all that follow) leaves one request of each
 * second free before it has seen others spend the plan: long enough for processes handed a burst together to
 * collide and cut (see perSecondShare). Tuned on the simulated clock, 20 runs of two workers: with 2 s, a
 * worker never refused took the plan and the other crawled (4.6 % of 429s, 1.27 × the minute-rate bound);
 * with 4 s or 6 s, as with a request left free throughout (3.4 %, 1.20 ×).
 */
const DISCOVERY_MS = 4_000;

/**
 * Client-side limiter over sliding 1 s and 60 s windows. One per credential per process (see
 * credentialBudget.ts): every request of every execution using the credential goes through it (submits,
 * polls and downloads alike). Callers are served first come, first served.
 *
 * A window's budget may be spent at once (all of it but one request of each second while others may spend
 * the plan too, see perSecondShare): spacing requests evenly would keep the same rate but make every request
 * wait its turn, and a finished job's check would then be seen later.
 */
export class RateLimiter {
	/** Start times of the requests granted in the last minute and a little more, oldest first. */
	private readonly granted: number[] = [];

	/** Start times of those the API refused (it did not count them), oldest first. */
	private readonly refused: number[] = [];

	private pausedUntil = 0;

	private queue: Promise<void> = Promise.resolve();

	private readonly margin = { ...MARGIN_MS };

	/** This process's share of the plan right after the last cut, and when that cut was. */
	private shareAtCut = 1;

	private cutAt = Number.NEGATIVE_INFINITY;

	/** When this process's current burst began: its first request after it had kept none (80 s idle). */
	private burstStartedAt = Number.NEGATIVE_INFINITY;

	/** Requests granted in the current burst. */
	private burstGrants = 0;

	/** When the API last refused a request; requests granted before then belong to that burst. */
	private lastRefusalAt = Number.NEGATIVE_INFINITY;

	constructor(
		private limits: RateLimits,
		private readonly now: () => number = Date.now,
	) {}

	/** New limits for the requests still to come (the grants already made stay counted). */
	setLimits(limits: RateLimits) {
		this.limits = { ...limits };
	}

	/**
	 * Waits until one more request fits both budgets, then counts it, and resolves with the time it was
	 * granted (to hand back to pauseFor if the API refuses it). Rejects when the signal aborts.
	 */
	async acquire(signal?: AbortSignal): Promise<number> {
		const turn = this.queue.then(async () => await this.waitForSlot(signal));
		// A cancelled waiter must not block the ones behind it.
		this.queue = turn.then(
			() => undefined,
			() => undefined,
		);
		return await turn;
	}

	/**
	 * The API said to slow down (429, wait `ms`): nobody sends before then, and the windows get wider
	 * margins. `grantedAt` is the refused request's grant; `retryAfterMs` the wait the API asked for itself,
	 * when it said (Retry-After). A request granted before the last refusal was sent under the old pacing, so
	 * one burst of refusals cuts this process's share of the plan once at most; its later refusals only add
	 * to the evidence that others spend the plan. When a refusal cuts: see "Sharing the plan" above.
	 */
	pauseFor(ms: number, grantedAt?: number, retryAfterMs?: number) {
		const now = this.now();
		this.pausedUntil = Math.max(this.pausedUntil, now + ms);
		this.margin.second = Math.min(MAX_MARGIN_MS.second, this.margin.second * 2);
		this.margin.minute = Math.min(MAX_MARGIN_MS.minute, this.margin.minute * 2);
		if (grantedAt === undefined) return;
		// Answers come back in any order; the list stays sorted for countBetween.
		this.refused.splice(countUntil(this.refused, grantedAt), 0, grantedAt);
		const holding = now - this.cutAt < HOLD_AFTER_CUT_MS;
		// A wait of more than a second cannot be the 1 s window's: the minute refused.
		const minuteRefused = retryAfterMs !== undefined && retryAfterMs > 1_000;
		if (grantedAt <= this.lastRefusalAt) {
			if (!holding && this.othersFilledTheWindow(grantedAt, minuteRefused)) this.cut(now);
			return;
		}
		const repeated = now - this.lastRefusalAt <= REFUSALS_WINDOW_MS;
		if (
			holding
				? this.lastRefusalAt > this.cutAt
				: repeated || this.othersFilledTheWindow(grantedAt, minuteRefused)
		)
			this.cut(now);
		this.lastRefusalAt = now;
	}

	/** The fraction of the configured limits this process uses now (1 until the API refuses a request). */
	share(now = this.now()): number {
		const growing = Math.max(0, now - this.cutAt - HOLD_AFTER_CUT_MS);
		return Math.min(1, this.shareAtCut + (SHARE_RECOVERY_PER_SECOND * growing) / 1_000);
	}

	private cut(now: number) {
		this.shareAtCut = Math.max(MIN_SHARE, this.share(now) * SHARE_CUT);
		this.cutAt = now;
	}

	/**
	 * Does this burst leave one request of each second free (on a plan with a minute limit)? In its first
	 * DISCOVERY_MS, where others started with it would collide with it; once a cut in it (a 429 its own
	 * requests cannot explain, or a repeat) said that others spend the plan; and once it has spent a minute's
	 * budget: the minute binds it from then on, so the whole second would only bring its refusals at a
	 * window's edge sooner (a loaded machine sends a second's requests late and bunched), for next to no gain.
	 */
	private keepsOneFree(now: number): boolean {
		const cutInThisBurst =
			this.cutAt > Number.NEGATIVE_INFINITY && this.cutAt >= this.burstStartedAt;
		return (
			now - this.burstStartedAt < DISCOVERY_MS ||
			cutInThisBurst ||
			(this.limits.perMinute > 0 && this.burstGrants >= this.limits.perMinute)
		);
	}

	/**
	 * Did somebody else clearly spend the plan? Yes when this process's own accepted requests could not have
	 * filled the window that refused the request granted at `refusedGrant`: fewer than its limit, counted
	 * around that grant wide enough (COUNTING_SKEW_MS) that requests the API counted late and bunched into
	 * its window still count as this process's, however late the answer came back. Both windows unless the
	 * API's wait ruled the 1 s one out. (A refusal with less evidence, such as one at a window's edge, is
	 * left to the repeat rule.)
	 */
	private othersFilledTheWindow(refusedGrant: number, minuteRefused: boolean): boolean {
		const { perSecond, perMinute } = this.limits;
		const couldNotFill = (windowMs: number, skewMs: number, limit: number) => {
			if (limit <= 0) return true;
			const from = refusedGrant - windowMs - skewMs;
			const to = refusedGrant + skewMs;
			return countBetween(this.granted, from, to) - countBetween(this.refused, from, to) < limit;
		};
		const minute = couldNotFill(60_000, COUNTING_SKEW_MS.minute, perMinute);
		if (minuteRefused) return perMinute > 0 && minute;
		return (
			(perSecond > 0 || perMinute > 0) &&
			minute &&
			couldNotFill(1_000, COUNTING_SKEW_MS.second, perSecond)
		);
	}

	private async waitForSlot(signal?: AbortSignal): Promise<number> {
		for (;;) {
			signal?.throwIfAborted();
			const wait = this.delayBeforeNext();
			if (wait <= 0) break;
			await sleep(this.replanAfter(wait), signal);
		}
		const grantedAt = this.now();
		// No request of its own left in what it keeps (delayBeforeNext dropped them): a new burst.
		if (this.granted.length === 0) {
			this.burstStartedAt = grantedAt;
			this.burstGrants = 0;
		}
		this.burstGrants++;
		this.granted.push(grantedAt);
		return grantedAt;
	}

	/**
	 * How long to sleep on a wait: all of it while the share is whole or held (nothing shortens it but the
	 * hold's end), and at most REPLAN_MS while the share grows, so that a grown budget is used at once.
	 */
	private replanAfter(wait: number): number {
		const now = this.now();
		if (this.share(now) >= 1) return wait;
		const holdLeft = this.cutAt + HOLD_AFTER_CUT_MS - now;
		return Math.min(wait, holdLeft > 0 ? holdLeft : REPLAN_MS);
	}

	private delayBeforeNext(): number {
		const now = this.now();
		// Kept long enough to judge a refusal whose answer comes back late.
		const oldest = now - 60_000 - 2 * COUNTING_SKEW_MS.minute;
		while (this.granted.length > 0 && this.granted[0] <= oldest) this.granted.shift();
		while (this.refused.length > 0 && this.refused[0] <= oldest) this.refused.shift();
		const share = this.share(now);
		let wait = this.pausedUntil - now;
		wait = Math.max(
			wait,
			this.windowDelay(
				now,
				1_000 + this.margin.second,
				perSecondShare(this.limits, share, this.keepsOneFree(now)),
			),
		);
		wait = Math.max(
			wait,
			this.windowDelay(now, 60_000 + this.margin.minute, scaled(this.limits.perMinute, share)),
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

/** How many of these times, oldest first, are later than `from` and at or before `to`. */
function countBetween(times: number[], from: number, to: number): number {
	return countUntil(times, to) - countUntil(times, from);
}

/** How many of these times, oldest first, are at or before `time`. */
function countUntil(times: number[], time: number): number {
	let count = times.length;
	while (count > 0 && times[count - 1] > time) count--;
	return count;
}

/**
 * The 1 s limit leaves one request of it free while the process may be sharing the plan: while its share is
 * cut, and on a plan with a minute limit, in a burst's first seconds and after a cut in it (keepsOneFree,
 * which also keeps it free once the minute binds).
 * The others' requests reach the API with network delays of their own, and a second filled to its last
 * request by one process is what they overflow, again and again, while that process never sees a 429.
 * Processes handed a burst together collide in its first seconds, and their cuts tell them they share.
 * (Simulated, test/harness/simulatedPlan.ts, 20 runs of two workers, 48 executions: filling whole seconds
 * from the first request, up to 5.3 % of 429s and an end at 1.30 × the plan's minute-rate bound; leaving one
 * free in the first seconds and after a cut, at most 3.4 % and 1.20 ×.) A process alone spends the whole
 * plan past those seconds until the minute binds: on the default plan (4/s, 75/min) its first 72 requests
 * take about 19 s, not 24 s. Without a minute limit the 1 s limit is the plan's pace, and only a cut share
 * leaves one free.
 */
function perSecondShare(
	{ perSecond, perMinute }: RateLimits,
	share: number,
	burstKeepsOneFree: boolean,
): number {
	const leaveOneFree = perSecond > 0 && (share < 1 || (perMinute > 0 && burstKeepsOneFree));
	return leaveOneFree ? Math.max(1, scaled(perSecond, share) - 1) : scaled(perSecond, share);
}

/** A limit times this process's share, at least one request per window (0: no limit stays no limit). */
function scaled(limit: number, share: number): number {
	return limit <= 0 ? limit : Math.max(1, Math.floor(limit * share));
}
