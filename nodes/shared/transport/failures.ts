import { DocparseError } from '../errors';
import type { HttpResponse, RequestSpec } from './request';
import { requestName } from './request';

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

const TIMEOUT_ERROR_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

/**
 * A failure without an answer, by what it proves: DOCPARSE_CONNECT (nothing was sent), DOCPARSE_TIMEOUT and
 * DOCPARSE_CONNECTION_LOST (the request may have reached the API). A DocparseError passes unchanged.
 */
export function transportFailure(
	error: unknown,
	spec: RequestSpec,
	url: URL,
	service: string,
	timeoutMs: number,
): DocparseError {
	if (error instanceof DocparseError) return error;
	const code = errorCode(error);
	const where = requestName(spec, url);
	if (code && neverConnected(error, code)) {
		return new DocparseError(
			'DOCPARSE_CONNECT',
			`Could not connect to ${service} at ${url.origin} (${code}); check the base URL in the credential and your network`,
			{ cause: error, context: { request: where } },
		);
	}
	if (code && TIMEOUT_ERROR_CODES.has(code)) {
		const answer = code === 'UND_ERR_BODY_TIMEOUT' ? 'finish answering' : 'answer';
		return timedOut(service, answer, where, timeoutMs, error);
	}
	return new DocparseError(
		'DOCPARSE_CONNECTION_LOST',
		`The connection to ${service} broke during ${where} (${code ?? (error as Error).message})`,
		{ cause: error, context: { request: where, sent: true } },
	);
}

/** A whole body that did not arrive within the timeout (a trickle that undici's pause timeout never sees). */
export function slowBodyFailure(
	spec: RequestSpec,
	url: URL,
	service: string,
	timeoutMs: number,
): DocparseError {
	return timedOut(service, 'finish answering', requestName(spec, url), timeoutMs);
}

/** A request sent that got no (whole) answer in time: it may have reached the API. */
function timedOut(
	service: string,
	answer: 'answer' | 'finish answering',
	where: string,
	timeoutMs: number,
	cause?: unknown,
): DocparseError {
	return new DocparseError(
		'DOCPARSE_TIMEOUT',
		`${service} did not ${answer} ${where} within ${formatSeconds(timeoutMs)}`,
		{ cause, context: { request: where, sent: true } },
	);
}

/** A 4xx/5xx answer, with its parsed body and Retry-After for the error explanation. */
export function statusFailure(
	spec: RequestSpec,
	response: HttpResponse,
	service: string,
	retryAfterMs: number | undefined,
	context: Record<string, unknown> = {},
): DocparseError {
	return new DocparseError('DOCPARSE_HTTP_STATUS', `${service} answered ${response.status}`, {
		status: response.status,
		body: parseBodyForError(response),
		retryAfterMs,
		context: { request: requestName(spec, new URL(response.url)), ...context },
	});
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
