/** What may be tried again, and after how long: the policy, the backoff and the API's Retry-After. */
export interface RetryPolicy {
	/** Attempts for transient failures: connect errors, 503, and 502/504 or broken connections on reads. */
	transientAttempts: number;
	/** Attempts while the API answers 429 (each one waits as long as Retry-After says). */
	rateLimitAttempts: number;
	/** First backoff delay; doubled on each attempt, with jitter. */
	backoffMs: number;
	/** Longest single wait, backoff or Retry-After; a longer Retry-After fails the request instead. */
	maxWaitMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
	transientAttempts: 4,
	rateLimitAttempts: 12,
	backoffMs: 500,
	maxWaitMs: 120_000,
};

/**
 * The Retry-After floor: a "0" or a date already past would make every attempt at once. Such waits grow
 * like the backoff from here, never shorter.
 */
const MIN_RETRY_AFTER_MS = 1_000;

/**
 * Whether a failure with this code may be tried again: a connect failure always (nothing reached the API);
 * a timeout or a broken connection only for a read, since a submit may have been received.
 */
export function mayRetryFailure(code: string, idempotent: boolean): boolean {
	return (
		code === 'DOCPARSE_CONNECT' ||
		(idempotent && (code === 'DOCPARSE_TIMEOUT' || code === 'DOCPARSE_CONNECTION_LOST'))
	);
}

/** Whether an error status is transient: 503 (not taken), or a gateway's 502/504 on a read. */
export function mayRetryStatus(status: number, idempotent: boolean): boolean {
	return status === 503 || (idempotent && (status === 502 || status === 504));
}

/** The wait before attempt number `attempt` + 1: exponential, with jitter, at most `maxWaitMs`. */
export function backoff(policy: RetryPolicy, attempt: number): number {
	const exponential = policy.backoffMs * 2 ** (attempt - 1);
	return Math.min(policy.maxWaitMs, Math.round(exponential * (0.75 + Math.random() * 0.5)));
}

/** What Retry-After asked, floored (a 0 or a past date grows like the backoff, from 1 s); else the backoff. */
export function retryWait(
	policy: RetryPolicy,
	retryAfterMs: number | undefined,
	attempt: number,
): number {
	if (retryAfterMs === undefined) return backoff(policy, attempt);
	if (retryAfterMs >= MIN_RETRY_AFTER_MS) return retryAfterMs;
	return Math.min(policy.maxWaitMs, Math.max(MIN_RETRY_AFTER_MS, backoff(policy, attempt)));
}

/** Parses a Retry-After header (delta-seconds or HTTP-date) into milliseconds from `now`. */
export function parseRetryAfter(
	header: string | string[] | undefined,
	now = Date.now(),
): number | undefined {
	const value = Array.isArray(header) ? header[0] : header;
	if (!value) return undefined;
	const trimmed = value.trim();
	if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.round(Number(trimmed) * 1000);
	const date = Date.parse(trimmed);
	if (Number.isNaN(date)) return undefined;
	return Math.max(0, date - now);
}
