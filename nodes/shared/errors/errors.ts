/**
 * The package's own errors, raised below the node layer (HTTP, polling, input checks), each with a stable
 * `code`. ./n8nErrors turns them into n8n's NodeApiError / NodeOperationError, naming the item.
 */
export type DocparseErrorCode =
	/** The API answered with a non-2xx status. */
	| 'DOCPARSE_HTTP_STATUS'
	/** No connection could be made; nothing reached the API. */
	| 'DOCPARSE_CONNECT'
	/** The connection broke after the request was sent: the API may have received it. */
	| 'DOCPARSE_CONNECTION_LOST'
	/** The response did not start, or stopped, within the per-request timeout. */
	| 'DOCPARSE_TIMEOUT'
	/** A redirect pointed at a host other than the credential's base URL. */
	| 'DOCPARSE_REDIRECT_REFUSED'
	/** The response body was not JSON, or not of the expected shape. */
	| 'DOCPARSE_INVALID_RESPONSE'
	/** The credential holds a value that cannot be sent (a line break inside the API key…); nothing was sent. */
	| 'DOCPARSE_CREDENTIAL'
	/** Not sent: another item failed (without Continue On Fail), so the run submits no new document. */
	| 'DOCPARSE_NOT_SUBMITTED'
	/** The document given to the node cannot be sent (empty, too large, wrong type, bad URL…). */
	| 'DOCPARSE_INPUT'
	/** A number option (typed, from an expression or a saved workflow) is outside its allowed range. */
	| 'DOCPARSE_OPTION_RANGE'
	/** The API reported that processing the document failed. */
	| 'DOCPARSE_JOB_FAILED'
	/** The job did not complete within the maximum wait. */
	| 'DOCPARSE_MAX_WAIT'
	/** The API's result arrived but could not be turned into items; it stays with the API (fetch it again). */
	| 'DOCPARSE_OUTPUT'
	/** Get Result: the API has no job, document or inference of the ID given (404). */
	| 'DOCPARSE_UNKNOWN_ID';

interface DocparseErrorDetails {
	status?: number;
	/** The API's error envelope or body (never request headers, so never a secret). */
	body?: unknown;
	/** Extra facts for the user, e.g. the job id to fetch later. */
	context?: Record<string, unknown>;
	/** Milliseconds the API asked us to wait (Retry-After). */
	retryAfterMs?: number;
	cause?: unknown;
}

/** What Get Result looks up: an ID the user gave, not a document this run submitted. */
export interface LookedUpId {
	/** "job", "document", "inference". */
	kind: string;
	id: string;
	/** What to check when the API does not know it, e.g. "the Job ID (Submit's `job_id`)". */
	check: string;
}

export class DocparseError extends Error {
	readonly status?: number;

	/** Set by Get Result: the error is about an ID the user gave, so no "submitted as" advice applies. */
	lookup?: LookedUpId;

	readonly body?: unknown;

	readonly context: Record<string, unknown>;

	readonly retryAfterMs?: number;

	constructor(
		readonly code: DocparseErrorCode,
		message: string,
		details: DocparseErrorDetails = {},
	) {
		super(message, details.cause === undefined ? undefined : { cause: details.cause });
		this.name = 'DocparseError';
		this.status = details.status;
		this.body = details.body;
		this.context = details.context ?? {};
		this.retryAfterMs = details.retryAfterMs;
	}
}

/** True when the error is the execution being cancelled (by the user or a timeout), not a failure. */
export function isCancellation(error: unknown, signal?: AbortSignal): boolean {
	if (signal?.aborted) return true;
	const name = (error as Error | undefined)?.name;
	return name === 'AbortError' || name === 'CancelError';
}

/**
 * Runs the wait for a submitted job and puts the job's ID on any DocparseError: the document is with the
 * API, so its result can be fetched later instead of submitting (and paying for) it again.
 */
export async function withJobId<T>(jobId: string, wait: () => Promise<T>): Promise<T> {
	try {
		return await wait();
	} catch (error) {
		if (error instanceof DocparseError) error.context.jobId ??= jobId;
		throw error;
	}
}

/** Runs a request for one document and puts its file name on any DocparseError, so messages name it. */
export async function withFileName<T>(fileName: string, send: () => Promise<T>): Promise<T> {
	try {
		return await send();
	} catch (error) {
		if (error instanceof DocparseError) error.context.fileName ??= fileName;
		throw error;
	}
}

/**
 * Runs Get Result for an ID the user gave. An unknown ID (404) becomes DOCPARSE_UNKNOWN_ID saying which
 * field to check; any other failure is marked as a lookup, so it is not explained as a document this run
 * submitted.
 */
export async function lookingUp<T>(lookup: LookedUpId, work: () => Promise<T>): Promise<T> {
	try {
		return await work();
	} catch (error) {
		if (!(error instanceof DocparseError)) throw error;
		if (error.code === 'DOCPARSE_HTTP_STATUS' && error.status === 404) {
			const unknown = new DocparseError(
				'DOCPARSE_UNKNOWN_ID',
				`No ${lookup.kind} ${lookup.id}: check ${lookup.check}`,
				{ status: 404, body: error.body, context: error.context, cause: error },
			);
			unknown.lookup = lookup;
			throw unknown;
		}
		error.lookup = lookup;
		throw error;
	}
}
