import { createHash } from 'node:crypto';

import { ProcessingTimes } from '../polling';
import type { RateLimits } from './rateLimiter';
import { RateLimiter } from './rateLimiter';

/** Who the API counts requests against: the service, its base URL and the API key. */
export interface CredentialIdentity {
	/** The API's name ("Mindee", "Mindee V2", "Biros"): two APIs never share a budget. */
	service: string;
	baseUrl: string;
	apiKey: string;
}

/**
 * What every execution in this process that uses one credential shares while it runs: one rate limiter
 * (the plan is the account's, not the execution's) and what was learned about processing times.
 */
export interface CredentialBudget {
	limiter: RateLimiter;
	/** Learned processing times of one kind of job (a product, a model, a service): receipts are not invoices. */
	timesFor(kind: string): ProcessingTimes;
	/** This execution is done with the budget: its limits stop applying. Call once, in a finally. */
	release(): void;
}

/** An entry nobody has used for this long is dropped at the next lookup: soft state, rebuilt on demand. */
const IDLE_MS = 10 * 60_000;

interface Entry {
	limiter: RateLimiter;
	times: Map<string, ProcessingTimes>;
	/** The limits of the executions using the entry now. */
	users: Set<RateLimits>;
	lastReleased: number;
}

/**
 * Soft per-process state (like the triggers' in-process duplicate list and lock), keyed by a SHA-256 of the
 * credential (never the key itself). Nothing depends on it for correctness: a lost entry only means requests are paced and
 * jobs are checked as if for the first time. It keeps no timer: idle entries are dropped lazily.
 */
const entries = new Map<string, Entry>();

/**
 * Joins the budget of a credential with this execution's limits. While several executions use it, the
 * strictest limits apply to all of them: one plan cannot allow both, and the stricter setting is the one
 * that keeps the account out of trouble.
 */
export function joinBudget(
	identity: CredentialIdentity,
	limits: RateLimits,
	now: () => number = Date.now,
): CredentialBudget {
	dropIdle(now());
	const key = budgetKey(identity);
	let entry = entries.get(key);
	if (!entry) {
		entry = {
			limiter: new RateLimiter(limits, now),
			times: new Map(),
			users: new Set(),
			lastReleased: now(),
		};
		entries.set(key, entry);
	}
	const own: RateLimits = { ...limits };
	const joined = entry;
	joined.users.add(own);
	joined.limiter.setLimits(strictest(joined.users));
	let released = false;
	return {
		limiter: joined.limiter,
		timesFor(kind) {
			let times = joined.times.get(kind);
			if (!times) joined.times.set(kind, (times = new ProcessingTimes()));
			return times;
		},
		release() {
			if (released) return;
			released = true;
			joined.users.delete(own);
			joined.lastReleased = now();
			if (joined.users.size > 0) joined.limiter.setLimits(strictest(joined.users));
		},
	};
}

/** How many credentials have a budget in this process now (for tests). */
export function budgetCount(now = Date.now()): number {
	dropIdle(now);
	return entries.size;
}

function budgetKey({ service, baseUrl, apiKey }: CredentialIdentity): string {
	return createHash('sha256')
		.update(`${service}\n${baseUrl.replace(/\/+$/, '')}\n${apiKey}`)
		.digest('hex');
}

function dropIdle(now: number) {
	for (const [key, entry] of entries) {
		if (entry.users.size === 0 && now - entry.lastReleased > IDLE_MS) entries.delete(key);
	}
}

/** The lowest limit of each window among the users; 0 (no limit) only when nobody sets one. */
function strictest(users: Iterable<RateLimits>): RateLimits {
	const lowest = (values: number[]) => {
		const set = values.filter((value) => value > 0);
		return set.length ? Math.min(...set) : 0;
	};
	const all = [...users];
	return {
		perSecond: lowest(all.map((limits) => limits.perSecond)),
		perMinute: lowest(all.map((limits) => limits.perMinute)),
	};
}
