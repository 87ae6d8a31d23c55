import { sleep } from 'n8n-workflow';
import type { IncomingHttpHeaders } from 'node:http';
import { Readable } from 'node:stream';
import { Agent, request } from 'undici';

import { DocparseError, isCancellation } from './errors';
import type { RateLimiter } from './rateLimiter';
import { parseRetryAfter } from './retryAfter';
import { USER_AGENT } from './userAgent';

export type RequestBody = string | Buffer | Readable | AsyncIterable<Uint8Array>;

export interface RequestSpec {
	method: 'GET' | 'POST';
	/** Absolute URL, or a path resolved against the client's base URL. */
	url: string;
	headers?: Record<string, string>;
	/** Builds the body for each attempt (a stream can be sent only once). */
	body?: () => Promise<RequestBody> | RequestBody;
	/**
	 * May this request be repeated when the connection breaks after it was sent? True for reads.
	 * Never for a submit: the API may have received it, and a second one would be processed (and billed)
	 * again. Connect failures and 429/503 answers are retried either way: the API provably did not take it.
	 */
	idempotent: boolean;
	/** Send the credential's headers (default true). Only ever to the base URL's origin. */
	authenticated?: boolean;
	signal?: AbortSignal;
	/** Overrides the client's per-request timeout. */
	timeoutMs?: number;
}

export interface HttpResponse {
	status: number;
	headers: IncomingHttpHeaders;
	/** The body as text (bodies of redirects included). */
	text: string;
	url: string;
}

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

export interface HttpClientOptions {
	/** The API's name in messages ("Mindee", "Biros"). */
	service: string;
	baseUrl: string;
	/** The credential's headers; sent only to the base URL's origin. */
	authHeaders: Record<string, string>;
	timeoutMs: number;
	limiter?: RateLimiter;
	retry?: Partial<RetryPolicy>;
	/** Largest response body accepted, in bytes. */
	maxResponseBytes?: number;
}

/** Control characters (line breaks…) and anything beyond Latin-1: undici refuses such header values. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what this finds
const INVALID_HEADER_VALUE = /[\x00-\x08\x0a-\x1f\x7f]|[^\x00-\xff]/;

/** A credential's text value as pasted, without the spaces and line breaks copying often adds around it. */
export function credentialText(value: unknown): string {
	return typeof value === 'string' ? value.trim() : '';
}

/** Errors that only arise before a connection exists (name lookup, connect timeout): nothing reached the API. */
const NEVER_CONNECTED_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_CONNECT_TIMEOUT']);

/**
 * OS errors that mean "no connection" when raised by connect(), but can also break a connection that is
 * open and sending (a route vanishing): only the connect call's own failure proves nothing was sent.
 */
const CONNECT_CALL_CODES = new Set([
	'ECONNREFUSED',
	'EHOSTUNREACH',
	'ENETUNREACH',
	'EHOSTDOWN',
	'ENETDOWN',
	'EADDRNOTAVAIL',
]);

/**
 * The Retry-After floor: a "0" or a date already past would make every attempt at once. Such waits grow
 * like the backoff from here, never shorter.
 */
const MIN_RETRY_AFTER_MS = 1_000;

const TIMEOUT_ERROR_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

/**
 * The one HTTP client of the package: a keep-alive connection pool for the duration of one node run,
 * per-request timeouts, the execution's cancel signal, the credential's rate limiter, bounded retries that never
 * repeat a submit the API may have received, and redirects that are returned to the caller (never
 * followed blindly, so a credential cannot leak to another host).
 */
export class HttpClient {
	readonly baseUrl: URL;

	private readonly agent = new Agent({
		keepAliveTimeout: 4_000,
		connections: 64,
		connect: { timeout: 10_000 },
	});

	private readonly retry: RetryPolicy;

	private readonly maxResponseBytes: number;

	/** Set once the run stopped submitting (an item failed): uploads are no longer sent. */
	private submissionsStopped = false;

	/** Set when a credential header cannot be sent: every request fails with it, before anything is sent. */
	private readonly credentialProblem?: DocparseError;

	constructor(private readonly options: HttpClientOptions) {
		this.baseUrl = parseBaseUrl(options.baseUrl, options.service);
		if (Object.values(options.authHeaders).some((value) => INVALID_HEADER_VALUE.test(value))) {
			this.credentialProblem = new DocparseError(
				'DOCPARSE_CREDENTIAL',
				`The ${options.service} credential's API key contains a line break or another character that cannot be sent in an HTTP header; nothing was sent. Copy the API key again into the credential.`,
			);
		}
		this.retry = { ...DEFAULT_RETRY_POLICY, ...options.retry };
		this.maxResponseBytes = options.maxResponseBytes ?? 64 * 1024 * 1024;
	}

	/**
	 * From now on, requests that submit a document (not idempotent) fail without being sent, retries
	 * included; reads go on, so documents already submitted can still be waited for.
	 */
	stopSubmissions() {
		this.submissionsStopped = true;
	}

	async close() {
		await this.agent.close();
	}

	/** The absolute URL for a path, or for a Location header; refuses other origins than the base URL's. */
	resolveOwnUrl(pathOrUrl: string): URL {
		const url = new URL(pathOrUrl, this.baseUrl);
		if (url.origin !== this.baseUrl.origin) {
			throw new DocparseError(
				'DOCPARSE_REDIRECT_REFUSED',
				`${this.options.service} pointed to another host (${url.origin}); the request was not sent there so your API key stays private`,
				{ context: { location: `${url.origin}${url.pathname}` } },
			);
		}
		return url;
	}

	/**
	 * Sends the request, retrying what is safe to retry, and resolves with any 2xx or 3xx response.
	 * Rejects with a DocparseError for 4xx/5xx answers (after retries) and transport failures, or with
	 * the abort reason when the signal fires.
	 */
	async send(spec: RequestSpec): Promise<HttpResponse> {
		if (this.credentialProblem) throw this.credentialProblem;
		const url =
			spec.authenticated === false ? new URL(spec.url, this.baseUrl) : this.resolveOwnUrl(spec.url);
		let transientFailures = 0;
		let rateLimited = 0;
		for (;;) {
			this.refuseStoppedSubmission(spec);
			const grantedAt = await this.options.limiter?.acquire(spec.signal);
			this.refuseStoppedSubmission(spec);
			let response: HttpResponse;
			try {
				response = await this.attempt(url, spec);
			} catch (error) {
				if (isCancellation(error, spec.signal)) throw spec.signal?.reason ?? error;
				const failure = this.transportError(error, spec, url);
				const retryable =
					failure.code === 'DOCPARSE_CONNECT' ||
					(spec.idempotent &&
						(failure.code === 'DOCPARSE_TIMEOUT' || failure.code === 'DOCPARSE_CONNECTION_LOST'));
				if (!retryable || ++transientFailures >= this.retry.transientAttempts) throw failure;
				await sleep(this.backoff(transientFailures), spec.signal);
				continue;
			}
			if (response.status < 400) return response;

			const retryAfterMs = parseRetryAfter(response.headers['retry-after']);
			const error = this.statusError(spec, response, retryAfterMs);
			// A Retry-After beyond the longest wait fails at once (waiting minutes per item would look hung).
			const refuseWait = () =>
				this.statusError(spec, response, retryAfterMs, {
					retryAfterSeconds: Math.ceil(retryAfterMs! / 1000),
					maxWaitSeconds: Math.round(this.retry.maxWaitMs / 1000),
				});
			if (response.status === 429) {
				const wait = this.retryWait(retryAfterMs, rateLimited + 1);
				if (wait > this.retry.maxWaitMs) throw refuseWait();
				if (++rateLimited >= this.retry.rateLimitAttempts) throw error;
				this.options.limiter?.pauseFor(wait, grantedAt);
				await sleep(wait, spec.signal);
				continue;
			}
			const transient =
				response.status === 503 || (spec.idempotent && [502, 504].includes(response.status));
			if (!transient || ++transientFailures >= this.retry.transientAttempts) throw error;
			if (retryAfterMs !== undefined && retryAfterMs > this.retry.maxWaitMs) throw refuseWait();
			await sleep(this.retryWait(retryAfterMs, transientFailures), spec.signal);
		}
	}

	private refuseStoppedSubmission(spec: RequestSpec) {
		if (this.submissionsStopped && !spec.idempotent) {
			throw new DocparseError(
				'DOCPARSE_NOT_SUBMITTED',
				`Not sent to ${this.options.service}: another item failed, so this run submits no new document`,
			);
		}
	}

	private async attempt(url: URL, spec: RequestSpec): Promise<HttpResponse> {
		const body = spec.body ? await spec.body() : undefined;
		const own = url.origin === this.baseUrl.origin && spec.authenticated !== false;
		const timeout = spec.timeoutMs ?? this.options.timeoutMs;
		try {
			const response = await request(url, {
				method: spec.method,
				headers: {
					'user-agent': USER_AGENT,
					...spec.headers,
					...(own ? this.options.authHeaders : {}),
				},
				body: body as never,
				dispatcher: this.agent,
				signal: spec.signal,
				headersTimeout: timeout,
				bodyTimeout: timeout,
			});
			// undici's bodyTimeout bounds each pause between chunks; a body trickling a byte at a time would
			// never hit it, so the whole body must also arrive within the timeout.
			const where = `${spec.method} ${url.pathname}`;
			const tooSlow = () =>
				response.body.destroy(
					new DocparseError(
						'DOCPARSE_TIMEOUT',
						`${this.options.service} did not finish answering ${where} within ${formatSeconds(timeout)}`,
						{
							context: { request: where, sent: true },
						},
					),
				);
			const deadline = AbortSignal.timeout(timeout);
			deadline.addEventListener('abort', tooSlow, { once: true });
			try {
				const text = await readCapped(response.body, this.maxResponseBytes, this.options.service);
				return {
					status: response.statusCode,
					headers: response.headers,
					text,
					url: url.toString(),
				};
			} finally {
				deadline.removeEventListener('abort', tooSlow);
			}
		} finally {
			if (body instanceof Readable && !body.readableEnded) body.destroy();
		}
	}

	private transportError(error: unknown, spec: RequestSpec, url: URL): DocparseError {
		if (error instanceof DocparseError) return error;
		const code = errorCode(error);
		const where = `${spec.method} ${url.pathname}`;
		const service = this.options.service;
		if (code && neverConnected(error, code)) {
			return new DocparseError(
				'DOCPARSE_CONNECT',
				`Could not connect to ${service} at ${url.origin} (${code}); check the base URL in the credential and your network`,
				{ cause: error, context: { request: where } },
			);
		}
		if (code && TIMEOUT_ERROR_CODES.has(code)) {
			const answer = code === 'UND_ERR_BODY_TIMEOUT' ? 'finish answering' : 'answer';
			return new DocparseError(
				'DOCPARSE_TIMEOUT',
				`${service} did not ${answer} ${where} within ${formatSeconds(spec.timeoutMs ?? this.options.timeoutMs)}`,
				{ cause: error, context: { request: where, sent: true } },
			);
		}
		return new DocparseError(
			'DOCPARSE_CONNECTION_LOST',
			`The connection to ${service} broke during ${where} (${code ?? (error as Error).message})`,
			{ cause: error, context: { request: where, sent: true } },
		);
	}

	private statusError(
		spec: RequestSpec,
		response: HttpResponse,
		retryAfterMs: number | undefined,
		context: Record<string, unknown> = {},
	): DocparseError {
		return new DocparseError(
			'DOCPARSE_HTTP_STATUS',
			`${this.options.service} answered ${response.status}`,
			{
				status: response.status,
				body: parseBodyForError(response),
				retryAfterMs,
				context: { request: `${spec.method} ${new URL(response.url).pathname}`, ...context },
			},
		);
	}

	/** What Retry-After asked, floored (a 0 or a past date grows like the backoff, from 1 s); else the backoff. */
	private retryWait(retryAfterMs: number | undefined, attempt: number): number {
		if (retryAfterMs === undefined) return this.backoff(attempt);
		if (retryAfterMs >= MIN_RETRY_AFTER_MS) return retryAfterMs;
		return Math.min(this.retry.maxWaitMs, Math.max(MIN_RETRY_AFTER_MS, this.backoff(attempt)));
	}

	private backoff(attempt: number): number {
		const exponential = this.retry.backoffMs * 2 ** (attempt - 1);
		return Math.min(this.retry.maxWaitMs, Math.round(exponential * (0.75 + Math.random() * 0.5)));
	}
}

/** JSON body if it parses, else a short text excerpt (HTML gateway pages). */
export function parseBodyForError(response: Pick<HttpResponse, 'text' | 'headers'>): unknown {
	try {
		return JSON.parse(response.text);
	} catch {
		const text = response.text
			.replace(/<[^>]*>/g, ' ')
			.replace(/\s+/g, ' ')
			.trim();
		return text.length > 300 ? `${text.slice(0, 300)}…` : text;
	}
}

/** "120 s", "1.5 s", "0.3 s". */
function formatSeconds(ms: number) {
	const seconds = ms / 1000;
	return `${seconds >= 10 ? Math.round(seconds) : Number(seconds.toFixed(1))} s`;
}

function parseBaseUrl(baseUrl: string, service: string): URL {
	try {
		const url = new URL(baseUrl);
		if (url.protocol === 'http:' || url.protocol === 'https:') return url;
	} catch {
		// Not a URL at all: the same error as for another scheme, below.
	}
	throw new DocparseError(
		'DOCPARSE_INPUT',
		`The ${service} credential's base URL "${baseUrl}" is not an http(s) URL`,
	);
}

/** Whether the error proves that no connection existed, so nothing of the request reached the API. */
function neverConnected(error: unknown, code: string): boolean {
	if (NEVER_CONNECTED_CODES.has(code)) return true;
	if (!CONNECT_CALL_CODES.has(code)) return false;
	const err = error as { syscall?: string; cause?: { syscall?: string } };
	return (err?.syscall ?? err?.cause?.syscall) === 'connect';
}

/** The most specific code: undici's generic socket error carries the OS error (ECONNRESET…) as its cause. */
function errorCode(error: unknown): string | undefined {
	const err = error as { code?: string; cause?: { code?: string } };
	return err?.code && err.code !== 'UND_ERR_SOCKET' ? err.code : (err?.cause?.code ?? err?.code);
}

async function readCapped(
	body: AsyncIterable<Buffer>,
	maxBytes: number,
	service: string,
): Promise<string> {
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of body) {
		size += chunk.length;
		if (size > maxBytes) {
			throw new DocparseError(
				'DOCPARSE_INVALID_RESPONSE',
				`${service} sent a response larger than ${maxBytes} bytes`,
			);
		}
		chunks.push(chunk);
	}
	return Buffer.concat(chunks).toString('utf8');
}
