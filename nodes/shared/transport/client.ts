import { sleep } from '../compat';
import { Readable } from 'node:stream';
import { Agent, request } from 'undici';

import { DocparseError, isCancellation } from '../errors';
import type { RateLimiter } from '../limits';
import { unsendableCredential } from './auth';
import { readAnswer } from './body';
import { slowBodyFailure, statusFailure, transportFailure } from './failures';
import { apiUrl, followOwnUrl, parseBaseUrl, requestUrl } from './origin';
import type { HttpResponse, RequestSpec } from './request';
import type { RetryPolicy } from './retry';
import {
	backoff,
	DEFAULT_RETRY_POLICY,
	mayRetryFailure,
	mayRetryStatus,
	parseRetryAfter,
	retryWait,
} from './retry';
import { USER_AGENT } from './userAgent';

interface HttpClientOptions {
	/** The API's name in messages ("Mindee", "Biros"). */
	service: string;
	baseUrl: string;
	/** The credential's headers; sent only under the base URL (path included). */
	authHeaders: Record<string, string>;
	timeoutMs: number;
	limiter?: RateLimiter;
	retry?: Partial<RetryPolicy>;
}

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

	/** Set once the run stopped submitting (an item failed): uploads are no longer sent. */
	private submissionsStopped = false;

	/** Set when a credential header cannot be sent: every request fails with it, before anything is sent. */
	readonly credentialProblem?: DocparseError;

	constructor(private readonly options: HttpClientOptions) {
		this.baseUrl = parseBaseUrl(options.baseUrl, options.service);
		this.credentialProblem = unsendableCredential(options.authHeaders, options.service);
		this.retry = { ...DEFAULT_RETRY_POLICY, ...options.retry };
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

	/** An API path ("/v2/jobs/…") under the base URL, as a request sends it (and items show it). */
	apiUrl(path: string): URL {
		return apiUrl(path, this.baseUrl);
	}

	/**
	 * A URL an answer named (Location, polling or result URL), resolved against the request it answered:
	 * kept when under the base URL, one of `routes` on another host taken under the base URL, else refused.
	 */
	followOwnUrl(reference: string, options: { relativeTo?: string; routes?: RegExp[] } = {}): URL {
		return followOwnUrl(reference, this.baseUrl, this.options.service, options);
	}

	/**
	 * Sends the request, retrying what is safe to retry, and resolves with any 2xx or 3xx response.
	 * Rejects with a DocparseError for 4xx/5xx answers (after retries) and transport failures, or with
	 * the abort reason when the signal fires.
	 */
	async send(spec: RequestSpec): Promise<HttpResponse> {
		if (this.credentialProblem) throw this.credentialProblem;
		const { service, timeoutMs, limiter } = this.options;
		const url = requestUrl(spec.url, this.baseUrl, service);
		let transientFailures = 0;
		let rateLimited = 0;
		for (;;) {
			this.refuseStoppedSubmission(spec);
			const grantedAt = await limiter?.acquire(spec.signal);
			this.refuseStoppedSubmission(spec);
			let response: HttpResponse;
			try {
				response = await this.attempt(url, spec);
			} catch (error) {
				if (isCancellation(error, spec.signal)) throw spec.signal?.reason ?? error;
				const failure = transportFailure(error, spec, url, service, timeoutMs);
				if (
					!mayRetryFailure(failure.code, spec.idempotent) ||
					++transientFailures >= this.retry.transientAttempts
				)
					throw failure;
				await sleep(backoff(this.retry, transientFailures), spec.signal);
				continue;
			}
			if (response.status < 400) return response;

			const retryAfterMs = parseRetryAfter(response.headers['retry-after']);
			const error = statusFailure(spec, response, service, retryAfterMs);
			// A Retry-After beyond the longest wait fails at once (waiting minutes per item would look hung).
			const refuseWait = () =>
				statusFailure(spec, response, service, retryAfterMs, {
					retryAfterSeconds: Math.ceil(retryAfterMs! / 1000),
					maxWaitSeconds: Math.round(this.retry.maxWaitMs / 1000),
				});
			if (response.status === 429) {
				const wait = retryWait(this.retry, retryAfterMs, rateLimited + 1);
				if (wait > this.retry.maxWaitMs) throw refuseWait();
				if (++rateLimited >= this.retry.rateLimitAttempts) throw error;
				limiter?.pauseFor(wait, grantedAt, retryAfterMs);
				await sleep(wait, spec.signal);
				continue;
			}
			if (
				!mayRetryStatus(response.status, spec.idempotent) ||
				++transientFailures >= this.retry.transientAttempts
			)
				throw error;
			if (retryAfterMs !== undefined && retryAfterMs > this.retry.maxWaitMs) throw refuseWait();
			await sleep(retryWait(this.retry, retryAfterMs, transientFailures), spec.signal);
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

	/** One attempt; the URL lies under the base URL (requestUrl), so the credential's headers go along. */
	private async attempt(url: URL, spec: RequestSpec): Promise<HttpResponse> {
		const { service, timeoutMs, authHeaders } = this.options;
		const body = spec.body ? await spec.body() : undefined;
		try {
			const response = await request(url, {
				method: spec.method,
				headers: { 'user-agent': USER_AGENT, ...spec.headers, ...authHeaders },
				body: body as never,
				dispatcher: this.agent,
				signal: spec.signal,
				headersTimeout: timeoutMs,
				bodyTimeout: timeoutMs,
			});
			const text = await readAnswer(response.body, service, timeoutMs, () =>
				slowBodyFailure(spec, url, service, timeoutMs),
			);
			return { status: response.statusCode, headers: response.headers, text, url: url.toString() };
		} finally {
			if (body instanceof Readable && !body.readableEnded) body.destroy();
		}
	}
}
