import type { DocparseError, DocparseErrorCode } from './errors';
import type { Explanation } from './n8nErrors';

/** What an API's error body says, read by that API's own reader. */
export interface ApiErrorReading {
	apiCode?: string;
	/** What the API said, as text ("" when nothing). */
	text: string;
	/** The same, ready to end a message: ": …", or "". */
	said: string;
	/** What the API said, for the messages of its 5xx answers: ": …", or "". */
	saidWhenUnavailable: string;
	/** More than the message holds (per-field errors…), for the description. */
	details?: string;
}

/**
 * What differs between the APIs that explain their errors alike (Mindee V1 and V2): the texts, how
 * the error body is read, and the statuses only they explain. The rest (uploads that may have reached
 * the API, rate limits, unavailability, the job to fetch later) is the same and lives in explainApiError.
 */
export interface ApiErrorTable {
	service: string;
	readBody(body: unknown): ApiErrorReading;
	jobFailed(error: DocparseError): Explanation;
	/** The explanation of 401, 403, 404, 4xx… as this API words them; undefined for the common ones. */
	status(status: number, reading: ApiErrorReading): Explanation | undefined;
	/** After a failure while waiting: the document is with the API, here is how to get its result. */
	submittedAs(jobId: string): string;
	/** The connection broke or timed out after an upload was sent. */
	uploadUncertain: string;
	/** The API answered an upload with a body that was not its format. */
	invalidAnswerToUpload: string;
	/** A 5xx (not 503) answered an upload, sent once. */
	uploadAnswered5xx: string;
	/** The advice on a 5xx answer that was not about an upload. */
	unavailable(status: number): string;
	/** The advice on a failure before any answer, by code. */
	transport: Partial<Record<DocparseErrorCode, string>>;
	/** The description of an answer no other rule explains. */
	otherStatus?(reading: ApiErrorReading): string | undefined;
}

/** An API error in a form a user can act on, and, once the document is with the API, how to get its result. */
export function explainApiError(error: DocparseError, api: ApiErrorTable): Explanation {
	const explanation = explain(error, api);
	const jobId = error.context.jobId;
	// A failure after the submit (while waiting for the result): the document is with the API already.
	// Not for Get Result: it submitted nothing, and the user gave the job ID.
	if (
		typeof jobId === 'string' &&
		!error.lookup &&
		error.code !== 'DOCPARSE_JOB_FAILED' &&
		error.code !== 'DOCPARSE_MAX_WAIT'
	) {
		explanation.description = joinSentences(explanation.description, api.submittedAs(jobId));
	}
	return explanation;
}

function explain(error: DocparseError, api: ApiErrorTable): Explanation {
	if (error.code === 'DOCPARSE_JOB_FAILED') return api.jobFailed(error);
	const sentUpload = String(error.context.request ?? '').startsWith('POST');
	if (
		(error.code === 'DOCPARSE_CONNECTION_LOST' || error.code === 'DOCPARSE_TIMEOUT') &&
		sentUpload
	) {
		return { message: error.message, description: api.uploadUncertain };
	}
	if (error.code === 'DOCPARSE_INVALID_RESPONSE' && sentUpload) {
		// The API answered the upload, so it probably took the document: sending it again could bill it twice.
		return { message: error.message, description: api.invalidAnswerToUpload };
	}
	if (error.code !== 'DOCPARSE_HTTP_STATUS')
		return { message: error.message, description: api.transport[error.code] };

	const status = error.status ?? 0;
	const reading = api.readBody(error.body);
	const { apiCode } = reading;
	const own = api.status(status, reading);
	if (own) return own;
	const { service } = api;
	if (status === 429 && error.context.maxWaitSeconds !== undefined) {
		return {
			message: `${service} asked to wait ${String(error.context.retryAfterSeconds)} s before the next request (429 Too Many Requests), longer than the node waits (${String(error.context.maxWaitSeconds)} s)`,
			description: `The document was not processed. Run this item again later, or check your plan's limits on the ${service} platform.`,
			apiCode,
		};
	}
	if (status === 429) {
		return {
			message: `${service}'s rate limit was still reached after waiting and retrying (429 Too Many Requests)`,
			description:
				"Set the Requests Per Second / Per Minute options to your plan's limits, lower Concurrency, or run this item again later.",
			apiCode,
		};
	}
	if (status >= 500 && error.context.maxWaitSeconds !== undefined) {
		return {
			message: `${service} is unavailable (${status}) and asked to retry in ${String(error.context.retryAfterSeconds)} s, longer than the node waits (${String(error.context.maxWaitSeconds)} s)`,
			description: `${service} did not process the request. Run this item again later.`,
			apiCode,
		};
	}
	if (status >= 500 && sentUpload && status !== 503) {
		// Sent once: a gateway error may hide a document the API accepted, so it was not sent again.
		return {
			message: `${service} is unavailable (${status})${reading.saidWhenUnavailable}`,
			description: api.uploadAnswered5xx,
			apiCode,
		};
	}
	if (status >= 500) {
		return {
			message: `${service} is unavailable (${status})${reading.saidWhenUnavailable}`,
			description: api.unavailable(status),
			apiCode,
		};
	}
	return {
		message: `${service} answered ${status}${reading.said}`,
		description: api.otherStatus?.(reading),
		apiCode,
	};
}

/** An API's title and detail joined as "title: detail", the title without its own full stop. */
export function joinClauses(...parts: Array<string | undefined>) {
	const present = parts.filter((part): part is string => Boolean(part));
	return present
		.map((part, index) => (index < present.length - 1 ? part.replace(/\.+$/, '') : part))
		.join(': ');
}

/** Sentences joined with a space, each ending with a full stop. */
export function joinSentences(...parts: Array<string | undefined>) {
	return parts
		.filter((part): part is string => Boolean(part))
		.map((part) => (/[.!?]$/.test(part) ? part : `${part}.`))
		.join(' ');
}

/** An explanation as one text, where only a message shows (the editor's list errors). */
export function explanationText({ message, description }: Explanation): string {
	return joinSentences(message, description);
}
