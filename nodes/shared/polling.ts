import { sleep } from 'n8n-workflow';

import { DocparseError } from './errors';

export interface PollingOptions {
	/** Wait before the first check while the batch has no completed job to learn from. */
	initialDelayMs: number;
	/** Longest wait between two checks. */
	intervalMs: number;
	/** Give up this long after the submit. */
	maxWaitMs: number;
}

export type PollResult<T> =
	| { done: true; value: T; /** server-measured processing time, when the API tells it */ processingMs?: number }
	| { done: false; /** the API's own estimate of when the result is available */ availableInMs?: number };

/** Shortest wait between two checks of one job: below this a poll costs quota and gains nothing. */
const MIN_INTERVAL_MS = 250;
/** A check this long after the expected completion catches most jobs on the first try. */
const EXPECTED_MARGIN_MS = 120;

/**
 * Processing times seen in one node run, so that later jobs of the batch are checked when they are likely
 * done instead of on a fixed schedule. One per execute() call; nothing outlives it.
 */
export class ProcessingTimes {
	private readonly samples: number[] = [];

	record(ms: number) {
		if (Number.isFinite(ms) && ms >= 0) this.samples.push(ms);
	}

	/** The median time seen so far, if any. */
	expected(): number | undefined {
		if (this.samples.length === 0) return undefined;
		const sorted = [...this.samples].sort((a, b) => a - b);
		return sorted[Math.floor(sorted.length / 2)];
	}
}

/**
 * Checks a job until it is done: the first check when the job is likely finished (the API's estimate,
 * else the batch's median processing time, else the initial delay), then checks spaced by a fraction
 * of the expected time (at least 250 ms, at most the interval) to keep the slack after completion small.
 * Waits abort at once with the signal. Past the maximum wait, fails with the job id in the message.
 */
export async function pollUntilDone<T>(args: {
	check: () => Promise<PollResult<T>>;
	options: PollingOptions;
	times: ProcessingTimes;
	/** When the job was submitted (Date.now() scale). */
	submittedAt: number;
	jobId: string;
	service: string;
	signal?: AbortSignal;
	now?: () => number;
}): Promise<T> {
	const { options, times, submittedAt, signal } = args;
	const now = args.now ?? Date.now;
	const deadline = submittedAt + options.maxWaitMs;
	const expected = times.expected();
	let wait = expected !== undefined ? submittedAt + expected + EXPECTED_MARGIN_MS - now() : options.initialDelayMs;
	for (;;) {
		const remaining = deadline - now();
		await sleep(Math.max(0, Math.min(wait, remaining)), signal);
		const result = await args.check();
		if (result.done) {
			times.record(result.processingMs ?? now() - submittedAt);
			return result.value;
		}
		if (now() >= deadline) {
			throw new DocparseError(
				'DOCPARSE_MAX_WAIT',
				`${args.service} job ${args.jobId} was not done after ${Math.round(options.maxWaitMs / 1000)} s; fetch it later with the Get Result operation and this job ID`,
				{ context: { jobId: args.jobId } },
			);
		}
		const learned = times.expected();
		const step = Math.min(options.intervalMs, Math.max(MIN_INTERVAL_MS, (learned ?? options.intervalMs) / 5));
		wait = result.availableInMs !== undefined ? Math.max(MIN_INTERVAL_MS, result.availableInMs) : step;
	}
}

/** Milliseconds between two API timestamps (ISO 8601, with or without a zone, both read alike). */
export function millisBetween(start: string | null | undefined, end: string | null | undefined): number | undefined {
	if (!start || !end) return undefined;
	const parse = (value: string) => Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value}Z`);
	const ms = parse(end) - parse(start);
	return Number.isFinite(ms) ? ms : undefined;
}
