import { sleep } from 'n8n-workflow';

import { DocparseError } from './errors';

export interface PollingOptions {
	/** Wait before the first check while the batch has no completed job to learn from. */
	initialDelayMs: number;
	/** Longest wait between two checks. */
	intervalMs: number;
	/** Give up this long after the submit. */
	maxWaitMs: number;
	/**
	 * The job was submitted at some unknown earlier time (Get Result): check it at once, and do not time
	 * its checks from the batch's processing times, which are counted from a submit.
	 */
	submittedEarlier?: boolean;
}

export type PollResult<T> =
	| {
			done: true;
			value: T;
			/** server-measured processing time, when the API tells it */ processingMs?: number;
	  }
	| {
			done: false;
			/** the API's own estimate of when the result is available */ availableInMs?: number;
	  };

/** Shortest wait between two checks of one job: below this a poll costs quota and gains nothing. */
const MIN_INTERVAL_MS = 250;
/** A check this long after the expected completion catches most jobs on the first try. */
const EXPECTED_MARGIN_MS = 120;
/**
 * While no job of the batch has finished, another job's "still pending" answer postpones a job's first
 * check, but never past the initial delay plus this many intervals: one slow document must not hold
 * back the first checks of the others for long.
 */
const MAX_DEFER_INTERVALS = 4;

/** The median is taken over this many of the latest processing times: the API's speed changes over a day. */
const MAX_SAMPLES = 50;

/**
 * What has been learned about how long one kind of job takes, so that later jobs are checked when they are
 * likely done instead of on a fixed schedule. Shared by the executions of a process that use the same
 * credential (see credentialBudget.ts): soft state, only the timing of checks depends on it.
 *
 * - Processing times of recently finished jobs (their median times every later first check).
 * - Until one job has finished: the longest time after its submit at which a job was still pending. A job
 *   submitted at about the same moment is then pending too, so it need not spend a request to find out.
 * - Until one job has finished, at most one check is under way at a time (the probe): the others wait for
 *   its answer instead of all asking the same question at once.
 */
export class ProcessingTimes {
	private readonly samples: number[] = [];

	private pendingAge = 0;

	private probe: Promise<void> | undefined;

	private news = deferred();

	record(ms: number) {
		if (!Number.isFinite(ms) || ms < 0) return;
		this.samples.push(ms);
		if (this.samples.length > MAX_SAMPLES) this.samples.shift();
		// A first or shorter processing time can bring waiting checks forward: wake them up.
		const { resolve } = this.news;
		this.news = deferred();
		resolve();
	}

	/** The median time seen so far, if any. */
	expected(): number | undefined {
		if (this.samples.length === 0) return undefined;
		const sorted = [...this.samples].sort((a, b) => a - b);
		return sorted[Math.floor(sorted.length / 2)];
	}

	/** A job was still pending this long after its submit. */
	notePending(ageMs: number) {
		this.pendingAge = Math.max(this.pendingAge, ageMs);
	}

	/** The longest time after its submit at which a job of the batch was seen pending (0: never). */
	longestPending() {
		return this.pendingAge;
	}

	/** The check under way while nothing is known yet, if any: settles when it has answered. */
	currentProbe(): Promise<void> | undefined {
		return this.probe;
	}

	/** Runs a check as the batch's probe. */
	async asProbe<T>(check: () => Promise<T>): Promise<T> {
		const answer = check();
		const settled: Promise<void> = answer.then(
			() => this.endProbe(settled),
			() => this.endProbe(settled),
		);
		this.probe = settled;
		return await answer;
	}

	/** Resolves at the next processing time learned, after `ms` at the latest; rejects when the signal aborts. */
	async waitForNews(ms: number, signal?: AbortSignal): Promise<void> {
		await raceAbortable([this.news.promise], ms, signal);
	}

	private endProbe(probe: Promise<void>) {
		if (this.probe === probe) this.probe = undefined;
	}
}

/**
 * Checks a job until it is done: the first check when the job is likely finished (the API's estimate,
 * else the batch's median processing time, else the initial delay, postponed while other jobs submitted
 * as long ago are still pending), then checks spaced by a fraction of the expected time (at least
 * 250 ms, at most the interval) to keep the slack after completion small. Waits abort at once with the
 * signal. Past the maximum wait, fails with the job id in the message.
 */
export async function pollUntilDone<T>(args: {
	check: () => Promise<PollResult<T>>;
	options: PollingOptions;
	times: ProcessingTimes;
	/** When the job was submitted (Date.now() scale). */
	submittedAt: number;
	/** When the API said the result would be available (Date.now() scale), if it did. */
	availableAt?: number;
	jobId: string;
	service: string;
	signal?: AbortSignal;
	now?: () => number;
}): Promise<T> {
	const { options, times, submittedAt, signal } = args;
	const now = args.now ?? Date.now;
	const deadline = submittedAt + options.maxWaitMs;
	// The batch's knowledge is shared only by jobs whose submit time is known, and with an initial delay
	// to work with (0 means: check at once).
	const learns = !options.submittedEarlier;
	const defers = learns && options.initialDelayMs > 0;
	let lastPending: { at: number; availableInMs?: number } | undefined;

	/** When to check next, from what this job and the batch know now. */
	const plan = (): number => {
		const expected = learns ? times.expected() : undefined;
		const step = Math.min(
			options.intervalMs,
			Math.max(MIN_INTERVAL_MS, (expected ?? options.intervalMs) / 5),
		);
		let at: number;
		if (!lastPending) {
			if (args.availableAt !== undefined) at = args.availableAt;
			else if (!learns) at = submittedAt;
			else if (expected !== undefined) at = submittedAt + expected + EXPECTED_MARGIN_MS;
			else at = submittedAt + options.initialDelayMs;
		} else if (lastPending.availableInMs !== undefined) {
			at = lastPending.at + Math.max(MIN_INTERVAL_MS, lastPending.availableInMs);
		} else {
			at = lastPending.at + step;
			// Pending at a check made early, before the batch knew better: wait for the likely completion.
			if (expected !== undefined) at = Math.max(at, submittedAt + expected + EXPECTED_MARGIN_MS);
		}
		if (defers && expected === undefined && times.longestPending() > 0) {
			const cap = options.initialDelayMs + MAX_DEFER_INTERVALS * options.intervalMs;
			at = Math.max(at, submittedAt + Math.min(times.longestPending() + step, cap));
		}
		return Math.min(at, deadline);
	};

	for (;;) {
		const wait = plan() - now();
		if (wait > 0) {
			// Wakes early when the batch learns a processing time, then plans again.
			await times.waitForNews(wait, signal);
			continue;
		}
		const probing = defers && times.expected() === undefined;
		const probe = probing ? times.currentProbe() : undefined;
		if (probe && now() < deadline) {
			// Another job is asking; its answer may spare this one a request.
			await raceAbortable([probe], deadline - now(), signal);
			continue;
		}
		const result = probing ? await times.asProbe(args.check) : await args.check();
		if (result.done) {
			if (learns) times.record(result.processingMs ?? now() - submittedAt);
			return result.value;
		}
		if (now() >= deadline) {
			throw new DocparseError(
				'DOCPARSE_MAX_WAIT',
				`${args.service} job ${args.jobId} was not done after ${Math.round(options.maxWaitMs / 1000)} s; fetch it later with the Get Result operation and this job ID`,
				{ context: { jobId: args.jobId } },
			);
		}
		lastPending = { at: now(), availableInMs: result.availableInMs };
		if (learns) times.notePending(lastPending.at - submittedAt);
	}
}

/**
 * How long the API says it took, from its own timestamps (ISO, "Z" assumed when no offset is given), when
 * plausible: it cannot exceed the time since we submitted, so one bogus timestamp cannot make the rest of
 * the batch wait until the maximum before their first check.
 */
export function reportedProcessingMs(
	start: string | null | undefined,
	end: string | null | undefined,
	submittedAt: number,
): number | undefined {
	if (!start || !end) return undefined;
	const parse = (value: string) =>
		Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value}Z`);
	const ms = parse(end) - parse(start);
	return Number.isFinite(ms) && ms <= Date.now() - submittedAt ? ms : undefined;
}

function deferred() {
	let resolve!: () => void;
	const promise = new Promise<void>((done) => (resolve = done));
	return { promise, resolve };
}

/**
 * Waits for the first of the promises or `ms`, with n8n's sleep on the execution's cancel signal (rejects
 * with its reason when the execution is cancelled). The sleep is stopped once another promise won.
 */
async function raceAbortable(
	promises: Array<Promise<unknown>>,
	ms: number,
	signal?: AbortSignal,
): Promise<void> {
	signal?.throwIfAborted();
	const stop = new AbortController();
	const sleeping = sleep(
		Math.max(0, ms),
		signal ? AbortSignal.any([signal, stop.signal]) : stop.signal,
	);
	// Once stopped below, the sleep's rejection is expected: nothing must treat it as unhandled.
	sleeping.catch(() => undefined);
	try {
		await Promise.race([...promises, sleeping]);
	} finally {
		stop.abort();
	}
}
