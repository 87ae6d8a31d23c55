import type {
	DocparseError,
	ApiErrorReading,
	ApiErrorTable,
	Explanation,
	KeyOrigin,
} from '../../shared/errors';
import { explainApiError, joinClauses, joinSentences, refusedKey } from '../../shared/errors';
import { problemSchema } from '../transport/schemas';

/** V2's own limits, the ones helpers/input.ts checks before sending (V1's are 20 MB). */
const FILE_RULES =
	'Mindee V2 accepts PDF, JPEG, PNG, WEBP, HEIC and TIFF files up to 100 MB and 200 pages, not password-protected.';

const UPLOAD_UNCERTAIN =
	'The document may have reached Mindee, so it was not sent again: a second upload could be processed and billed twice. Check the jobs on the Mindee platform, then run this item again if needed.';

/** Where Mindee V2 keys come from (the node's errors and the credential's Test button). */
export const MINDEE_V2_KEYS: KeyOrigin = {
	service: 'Mindee',
	credential: 'Mindee V2 (Docparse) API',
	needed: 'a Mindee V2 key, made on app.mindee.com (Settings, API Keys)',
	lookAlike:
		'A key from platform.mindee.com is a Mindee V1 key: it works only with the Mindee node',
	platform: 'app.mindee.com',
};

/** Mindee V2's texts, its problem objects (`status`, `title`, `detail`, `code`, `errors[]`), and its statuses. */
const MINDEE_V2: ApiErrorTable = {
	service: 'Mindee',
	readBody: (body) => {
		const problem = readProblem(body);
		const said = problem.summary ? `: ${problem.summary}` : '';
		return {
			apiCode: problem.code,
			text: problem.summary ?? '',
			said,
			saidWhenUnavailable: said,
			details: problem.details,
		};
	},
	jobFailed: (error) => {
		const problem = readProblem((error.body as { job?: { error?: unknown } })?.job?.error);
		return {
			message: `Mindee could not process the document: ${problem.summary ?? 'the job failed'}`,
			description: joinSentences(
				problem.details,
				`Job ID: ${String(error.context.jobId)}. ${problem.status === 422 ? 'Check the model ID and the options (e.g. the data schema), then send the document again.' : 'Check the file and the model, then send it again.'}`,
			),
			apiCode: problem.code,
		};
	},
	status: explainStatus,
	submittedAs: (jobId) =>
		`The document was enqueued as job ${jobId}: get its result later with the Get Result operation and this job ID instead of sending it again.`,
	uploadUncertain: UPLOAD_UNCERTAIN,
	invalidAnswerToUpload: UPLOAD_UNCERTAIN,
	uploadAnswered5xx:
		'The upload was sent once and not again: behind this error the document may have been received and enqueued by Mindee. Check the jobs on the Mindee platform (or the Mindee V2 Trigger) before sending it again, or it may be processed and billed twice.',
	unavailable: () =>
		"Mindee's servers did not process the request, even after retries. Try again in a few minutes.",
	transport: {
		DOCPARSE_INVALID_RESPONSE:
			"The answer did not match Mindee V2's documented format: a proxy may have answered instead of Mindee, or the base URL points to another API (V1 is https://api.mindee.net, V2 https://api-v2.mindee.net).",
		DOCPARSE_TIMEOUT: 'Raise the Request Timeout option, or try again later.',
		DOCPARSE_REDIRECT_REFUSED:
			"Mindee pointed outside the credential's base URL (polling_url, result_url or a redirect) to something other than its job and result routes; nothing was sent there. Check the base URL in the credential.",
	},
	otherStatus: (reading) => reading.details,
};

/** Mindee V2's problem objects in a form a user can act on. */
export function explainMindeeV2Error(error: DocparseError): Explanation {
	return explainApiError(error, MINDEE_V2);
}

function explainStatus(status: number, reading: ApiErrorReading): Explanation | undefined {
	const { apiCode, said, details } = reading;
	if (status === 401) {
		const { message, advice } = refusedKey(MINDEE_V2_KEYS, status, 'node');
		return { message: `${message}${said}`, description: joinSentences(details, advice), apiCode };
	}
	if (status === 403) {
		return {
			message: `Mindee refused the request (403 Forbidden)${said}`,
			description: joinSentences(
				details,
				"The key does not give access to this model, or the plan's quota is used up: check both on the Mindee platform.",
			),
			apiCode,
		};
	}
	if (status === 404) {
		return {
			message: `Mindee does not know this model, job or result (404)${said}`,
			description: joinSentences(
				details,
				'Check the model ID (pick it from the list to be sure it belongs to this account and matches the operation), or the job / inference ID.',
			),
			apiCode,
		};
	}
	if (status === 400 || status === 413 || status === 415 || status === 422) {
		return {
			message: `Mindee refused the request (${status})${said}`,
			description: joinSentences(
				details,
				status === 422
					? 'One of the fields sent is invalid: check the model ID, the options and the data schema.'
					: FILE_RULES,
			),
			apiCode,
		};
	}
	return undefined;
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
	const summary = joinClauses(title ?? undefined, detail ?? undefined) || undefined;
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
