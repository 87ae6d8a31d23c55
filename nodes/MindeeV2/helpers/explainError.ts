import type { DocparseError } from '../../shared/errors';
import type { Explanation } from '../../shared/n8nErrors';
import { problemSchema } from '../transport/schemas';

const FILE_RULES =
	'Mindee accepts PDF, JPEG, PNG, WEBP, HEIC and TIFF files up to 20 MB, not password-protected.';

const UPLOAD_ANSWERED_5XX =
	'The upload was sent once and not again: behind this error the document may have been received and enqueued by Mindee. Check the jobs on the Mindee platform (or the Mindee V2 Trigger) before sending it again, or it may be processed and billed twice.';

const UPLOAD_UNCERTAIN =
	'The document may have reached Mindee, so it was not sent again: a second upload could be processed and billed twice. Check the jobs on the Mindee platform, then run this item again if needed.';

/** Mindee V2's problem objects (`status`, `title`, `detail`, `code`, `errors[]`) in a form a user can act on. */
export function explainMindeeV2Error(error: DocparseError): Explanation {
	const explanation = explain(error);
	const jobId = error.context.jobId;
	// A failure after the enqueue (while waiting): the document is with Mindee already.
	if (
		typeof jobId === 'string' &&
		error.code !== 'DOCPARSE_JOB_FAILED' &&
		error.code !== 'DOCPARSE_MAX_WAIT'
	) {
		explanation.description = joinSentences(
			explanation.description,
			`The document was enqueued as job ${jobId}: get its result later with the Get Result operation and this job ID instead of sending it again.`,
		);
	}
	return explanation;
}

function explain(error: DocparseError): Explanation {
	if (error.code === 'DOCPARSE_JOB_FAILED') {
		const problem = readProblem((error.body as { job?: { error?: unknown } })?.job?.error);
		return {
			message: `Mindee could not process the document: ${problem.summary ?? 'the job failed'}`,
			description: joinSentences(
				problem.details,
				`Job ID: ${String(error.context.jobId)}. ${problem.status === 422 ? 'Check the model ID and the options (e.g. the data schema), then send the document again.' : 'Check the file and the model, then send it again.'}`,
			),
			apiCode: problem.code,
		};
	}
	const sentUpload = String(error.context.request ?? '').startsWith('POST');
	if (
		sentUpload &&
		['DOCPARSE_CONNECTION_LOST', 'DOCPARSE_TIMEOUT', 'DOCPARSE_INVALID_RESPONSE'].includes(
			error.code,
		)
	)
		return { message: error.message, description: UPLOAD_UNCERTAIN };
	if (error.code !== 'DOCPARSE_HTTP_STATUS')
		return { message: error.message, description: describeTransport(error) };

	const status = error.status ?? 0;
	const problem = readProblem(error.body);
	const said = problem.summary ? `: ${problem.summary}` : '';
	const apiCode = problem.code;
	if (status === 401) {
		return {
			message: `Mindee refused the API key (401 Unauthorized)${said}`,
			description: joinSentences(
				problem.details,
				'Check the API key in the "Mindee V2 (Docparse) API" credential: it must be a V2 key from app.mindee.com (API Keys); V1 keys are refused here.',
			),
			apiCode,
		};
	}
	if (status === 403) {
		return {
			message: `Mindee refused the request (403 Forbidden)${said}`,
			description: joinSentences(
				problem.details,
				"The key does not give access to this model, or the plan's quota is used up: check both on the Mindee platform.",
			),
			apiCode,
		};
	}
	if (status === 404) {
		return {
			message: `Mindee does not know this model, job or result (404)${said}`,
			description: joinSentences(
				problem.details,
				'Check the model ID (pick it from the list to be sure it belongs to this account and matches the operation), or the job / inference ID.',
			),
			apiCode,
		};
	}
	if (status === 400 || status === 413 || status === 415 || status === 422) {
		return {
			message: `Mindee refused the request (${status})${said}`,
			description: joinSentences(
				problem.details,
				status === 422
					? 'One of the fields sent is invalid: check the model ID, the options and the data schema.'
					: FILE_RULES,
			),
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
			message: `Mindee is unavailable (${status})${said}`,
			description: UPLOAD_ANSWERED_5XX,
			apiCode,
		};
	}
	if (status >= 500) {
		return {
			message: `Mindee is unavailable (${status})${said}`,
			description:
				"Mindee's servers did not process the request, even after retries. Try again in a few minutes.",
			apiCode,
		};
	}
	return { message: `Mindee answered ${status}${said}`, description: problem.details, apiCode };
}

function describeTransport(error: DocparseError): string | undefined {
	switch (error.code) {
		case 'DOCPARSE_INVALID_RESPONSE':
			return "The answer did not match Mindee V2's documented format: a proxy may have answered instead of Mindee, or the base URL points to another API (V1 is https://api.mindee.net, V2 https://api-v2.mindee.net).";
		case 'DOCPARSE_TIMEOUT':
			return 'Raise the Request Timeout option, or try again later.';
		case 'DOCPARSE_REDIRECT_REFUSED':
			return 'Mindee pointed to another host (polling_url, result_url or a redirect); nothing was sent there. Check the base URL in the credential.';
		default:
			return undefined;
	}
}

/** The problem object as text: "title (detail)" and the per-field errors. */
export function readProblem(body: unknown): {
	status?: number;
	code?: string;
	summary?: string;
	details?: string;
} {
	const parsed = problemSchema.safeParse(body ?? {});
	if (!parsed.success) return typeof body === 'string' && body ? { details: body } : {};
	const { status, title, detail, code, errors } = parsed.data;
	const summary = [title, detail].filter(Boolean).join(': ') || undefined;
	const fieldErrors = (errors ?? [])
		.map((entry) => [entry.pointer, entry.detail].filter(Boolean).join(' '))
		.filter(Boolean);
	return {
		status: status ?? undefined,
		code: code ?? undefined,
		summary,
		details: fieldErrors.length > 0 ? `Fields: ${fieldErrors.join('; ')}` : undefined,
	};
}

function joinSentences(...parts: Array<string | undefined>) {
	return parts
		.filter((part): part is string => Boolean(part))
		.map((part) => (/[.!?]$/.test(part) ? part : `${part}.`))
		.join(' ');
}
