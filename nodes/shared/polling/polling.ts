import { sleep } from '../compat';

import { DocparseError } from '../errors';

export interface PollingOptions {
	/** Wait before the first check while the batch has no completed job to learn from. */
	initialDelayMs: number;
	/** Wait between two checks of one job (never less than a second). */
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

/**
 * Shortest wait between two checks of one job, whatever the options say: Mindee's SDK refuses less, and on
 * Mindee V1 every check spends the account's request budget that submissions need.
 */
const MIN_INTERVAL_MS = 1_000;
/** A check this long after the expected completion catches most jobs on the first try. */
const EXPECTED_MARGIN_MS = 120;
/**
 * While no job of the batch has finished, another job's "still pending" answer may postpone a job's first
 * check by this many intervals at most: later, a job submitted as long ago could be done unseen for longer
 * than an interval (when processing times differ).
 */
const MAX_DEFER_INTERVALS = 1;

/** Only this many of the latest processing times count: the API's speed changes over a day. */
const MAX_SAMPLES = 50;

/**
 * What has been learned about how long one kind of job takes, so that later jobs skip the checks that would
 * only hear "pending". Shared by the executions of a process that use the same credential (see
 * credentialBudget.ts): soft state, only the timing of checks depends on it, and it only ever postpones them.
 *
 * - Processing times of recently finished jobs (the shortest of them times every later first check: a job
 *   is rarely done sooner, and one that is still gets seen no later than on the default schedule).
 * - Until one job has finished: the longest time after its submit at which a job was still pending. A job
 *   submitted at about the same moment is then likely pending too, so its first check can wait a little.
 * - Until one job has finished, at most one first check is under way at a time (the probe): the others
 *   wait for its answer instead of all asking the same question at once.
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
		// A first or shorter processing time can end a wait for another job's answer: wake the waiting checks.
		const { resolve } = this.news;
		this.news = deferred();
		resolve();
	}

	/** The shortest recent processing time, if any. */
	shortest(): number | undefined {
		return this.samples.length === 0 ? undefined : Math.min(...this.samples);
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
 * Checks a job until it is done, on the schedule of Mindee's SDK (with its defaults: the first check 2 s
 * after the submit, then one every 1.5 s) that what the batch learned may only postpone: the first check
 * waits for the shortest processing time seen lately (or the API's estimate), and while nothing is known
 * yet, up to one interval more while another job submitted as long ago still answers "pending". So a job
 * costs no more checks than the SDK spends on it, two checks are never closer than the interval (nor under
 * a second), and a finished job is seen at most an interval after it is done (or after the initial delay),
 * unless it was faster than every job of its kind lately. Waits abort at once with the signal.
 * Past the maximum wait, fails with the job id in the message.
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
	// The batch's knowledge is shared only by jobs whose submit time is known; a job with no initial delay
	// (0 means: check at once) waits for no other job's answer.
	const learns = !options.submittedEarlier;
	const step = Math.max(MIN_INTERVAL_MS, options.intervalMs);
	// Until then, while the batch knows nothing, the job's first check may wait for other jobs' answers.
	const deferUntil = submittedAt + options.initialDelayMs + MAX_DEFER_INTERVALS * step;
	let lastPending: { at: number; availableInMs?: number } | undefined;
	/** Whether the job's next check may be spared by another job's answer. */
	const defers = () =>
		learns &&
		options.initialDelayMs > 0 &&
		!lastPending &&
		times.shortest() === undefined &&
		now() < deferUntil;

	/** When to check next, from what this job and the batch know now. */
	const plan = (): number => {
		const shortest = learns ? times.shortest() : undefined;
		let at: number;
		if (!lastPending) {
			if (args.availableAt !== undefined) at = args.availableAt;
			else if (!learns) at = submittedAt;
			else at = submittedAt + options.initialDelayMs;
		} else {
			at = lastPending.at + Math.max(step, lastPending.availableInMs ?? 0);
		}
		// Not before a job of its kind is likely done.
		if (shortest !== undefined) at = Math.max(at, submittedAt + shortest + EXPECTED_MARGIN_MS);
		// Another job submitted as long ago is still pending: this one likely is too.
		if (defers() && times.longestPending() > 0) {
			at = Math.max(at, Math.min(submittedAt + times.longestPending() + step, deferUntil));
		}
		// One last check at the maximum wait, still a second after the previous one.
		return Math.min(at, Math.max(deadline, (lastPending?.at ?? 0) + MIN_INTERVAL_MS));
	};

	for (;;) {
		const wait = plan() - now();
		if (wait > 0) {
			// Wakes early when the batch learns a processing time, then plans again.
			await times.waitForNews(wait, signal);
			continue;
		}
		const probing = defers();
		const probe = probing ? times.currentProbe() : undefined;
		if (probe) {
			// Another job is asking; its answer may spare this one a request.
			await raceAbortable([probe], deferUntil - now(), signal);
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
