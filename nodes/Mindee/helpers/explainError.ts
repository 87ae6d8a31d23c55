import type { DocparseError } from '../../shared/errors';
import type { Explanation } from '../../shared/n8nErrors';
import { apiErrorSchema } from '../transport/schemas';

const FILE_RULES =
	'Mindee accepts PDF, JPEG, PNG, WEBP, HEIC and TIFF files, up to 20 MB and 20 pages in asynchronous mode or 10 MB in synchronous mode, not password-protected.';

const UPLOAD_UNCERTAIN =
	'The document may have reached Mindee, so it was not sent again: a second upload could be processed and billed twice. Check the Mindee platform, then run this item again if needed.';

const UPLOAD_ANSWERED_5XX =
	'The upload was sent once and not again: behind this error the document may have been received and queued by Mindee. Check the Mindee platform (or the Mindee Trigger) before sending it again, or it may be processed and billed twice.';

/** Mindee's error envelope (`api_request.error`, or `error` of a failed job) in a form a user can act on. */
export function explainMindeeError(error: DocparseError): Explanation {
	const explanation = explain(error);
	const jobId = error.context.jobId;
	// A failure after the submit (while waiting for the result): the document is with Mindee already.
	if (
		typeof jobId === 'string' &&
		error.code !== 'DOCPARSE_JOB_FAILED' &&
		error.code !== 'DOCPARSE_MAX_WAIT'
	) {
		explanation.description = joinSentences(
			explanation.description,
			`The document was submitted as job ${jobId}: get its result later with the Get Result operation and this job ID instead of submitting it again.`,
		);
	}
	return explanation;
}

function explain(error: DocparseError): Explanation {
	if (error.code === 'DOCPARSE_JOB_FAILED') {
		const jobError = readApiError(error.body);
		return {
			message: `Mindee could not process the document: ${jobError.message ?? 'the job failed'}`,
			description: joinSentences(
				jobError.details,
				`Job ID: ${String(error.context.jobId)}. Check the file, then submit it again.`,
			),
			apiCode: jobError.code,
		};
	}
	const sentUpload = String(error.context.request ?? '').startsWith('POST');
	if (
		(error.code === 'DOCPARSE_CONNECTION_LOST' || error.code === 'DOCPARSE_TIMEOUT') &&
		sentUpload
	) {
		return { message: error.message, description: UPLOAD_UNCERTAIN };
	}
	if (error.code === 'DOCPARSE_INVALID_RESPONSE' && sentUpload) {
		// Mindee answered the upload, so it probably took the document: sending it again could bill it twice.
		return {
			message: error.message,
			description: joinSentences(describeTransport(error), UPLOAD_UNCERTAIN),
		};
	}
	if (error.code !== 'DOCPARSE_HTTP_STATUS')
		return { message: error.message, description: describeTransport(error) };

	const status = error.status ?? 0;
	const apiError = readApiError(error.body);
	const said = [apiError.message, apiError.details].filter(Boolean).join(': ');
	const apiCode = apiError.code;
	if (status === 401) {
		return {
			message: 'Mindee refused the API key (401 Unauthorized)',
			description: joinSentences(
				said,
				'Check the API key in the "Mindee (Docparse) API" credential; keys are listed on the Mindee platform under API Keys.',
			),
			apiCode,
		};
	}
	if (status === 403 || apiCode === 'PlanLimitReached') {
		const mode = /asynchronous/i.test(said)
			? 'async'
			: /synchronous/i.test(said)
				? 'sync'
				: undefined;
		return {
			message: `Mindee refused the request (${status} Forbidden)${said ? `: ${said}` : ''}`,
			description: mode
				? `This API does not support ${mode === 'async' ? 'asynchronous' : 'synchronous'} mode: set the Mode option to Auto or ${mode === 'async' ? 'Sync' : 'Async'}.`
				: "Your plan or API key does not allow this request: check the plan's page quota on the Mindee platform, and that the key belongs to the account that owns this API.",
			apiCode,
		};
	}
	if (status === 404) {
		return {
			message: `Mindee does not know this API or document (404)${said ? `: ${said}` : ''}`,
			description:
				'Check the product and its version; for a custom API, the account name, endpoint name and version exactly as the Mindee platform shows them; for Get Result, the job or document ID.',
			apiCode,
		};
	}
	if (status === 400 || status === 413 || status === 415 || status === 422) {
		return {
			message: `Mindee could not read the file (${status})${said ? `: ${said}` : ''}`,
			description: FILE_RULES,
			apiCode,
		};
	}
	if (status === 429 && error.context.maxWaitSeconds !== undefined) {
		return {
			message: `Mindee asked to wait ${String(error.context.retryAfterSeconds)} s before the next request (429 Too Many Requests), longer than the node waits (${String(error.context.maxWaitSeconds)} s)`,
			description:
				"The document was not processed. Run this item again later, or check your plan's limits on the Mindee platform.",
			apiCode,
		};
	}
	if (status === 429) {
		return {
			message:
				"Mindee's rate limit was still reached after waiting and retrying (429 Too Many Requests)",
			description:
				"Set the Requests Per Second / Per Minute options to your plan's limits, lower Concurrency, or run this item again later.",
			apiCode,
		};
	}
	if (status >= 500 && error.context.maxWaitSeconds !== undefined) {
		return {
			message: `Mindee is unavailable (${status}) and asked to retry in ${String(error.context.retryAfterSeconds)} s, longer than the node waits (${String(error.context.maxWaitSeconds)} s)`,
			description: 'Mindee did not process the request. Run this item again later.',
			apiCode,
		};
	}
	if (status >= 500 && sentUpload && status !== 503) {
		// Sent once: a gateway error may hide a document Mindee accepted, so it was not sent again.
		return {
			message: `Mindee is unavailable (${status})${apiError.message ? `: ${apiError.message}` : ''}`,
			description: UPLOAD_ANSWERED_5XX,
			apiCode,
		};
	}
	if (status >= 500) {
		return {
			message: `Mindee is unavailable (${status})${apiError.message ? `: ${apiError.message}` : ''}`,
			description:
				status === 503
					? "Mindee's servers did not process the request, even after retries. Try again in a few minutes."
					: 'Mindee failed to answer this request. Try again in a few minutes.',
			apiCode,
		};
	}
	return { message: `Mindee answered ${status}${said ? `: ${said}` : ''}`, apiCode };
}

function describeTransport(error: DocparseError): string | undefined {
	switch (error.code) {
		case 'DOCPARSE_INVALID_RESPONSE':
			return "The answer did not match Mindee's documented format: a proxy may have answered instead of Mindee, or the API changed. The raw details are attached to this error.";
		case 'DOCPARSE_TIMEOUT':
			return 'Raise the Request Timeout option, or try again later.';
		case 'DOCPARSE_REDIRECT_REFUSED':
			return 'Mindee only redirects within its own API. Check the base URL in the credential.';
		default:
			return undefined;
	}
}

/** The error object from an envelope (`api_request.error`) or a failed job (`job.error`), details as text. */
function readApiError(body: unknown): { code?: string; message?: string; details?: string } {
	const envelope = body as
		{ api_request?: { error?: unknown }; job?: { error?: unknown }; error?: unknown } | undefined;
	const parsed = apiErrorSchema.safeParse(
		envelope?.api_request?.error ?? envelope?.job?.error ?? envelope?.error ?? {},
	);
	if (!parsed.success) return typeof body === 'string' && body ? { details: body } : {};
	const { code, message, details } = parsed.data;
	const detailText =
		details === undefined || details === null
			? undefined
			: typeof details === 'string'
				? details
				: JSON.stringify(details);
	return { code, message, details: detailText && detailText !== message ? detailText : undefined };
}

function joinSentences(...parts: Array<string | undefined>) {
	return parts
		.filter((part): part is string => Boolean(part))
		.map((part) => (/[.!?]$/.test(part) ? part : `${part}.`))
		.join(' ');
}
