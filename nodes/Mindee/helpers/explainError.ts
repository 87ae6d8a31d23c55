import type {
	DocparseError,
	ApiErrorReading,
	ApiErrorTable,
	Explanation,
	KeyOrigin,
} from '../../shared/errors';
import { explainApiError, joinClauses, joinSentences, refusedKey } from '../../shared/errors';
import { apiErrorSchema } from '../transport/schemas';

const FILE_RULES =
	'Mindee accepts PDF, JPEG, PNG, WEBP, HEIC and TIFF files, up to 20 MB and 20 pages in asynchronous mode or 10 MB in synchronous mode, not password-protected.';

const UPLOAD_UNCERTAIN =
	'The document may have reached Mindee, so it was not sent again: a second upload could be processed and billed twice. Check the Mindee platform, then run this item again if needed.';

const INVALID_RESPONSE =
	"The answer did not match Mindee's documented format: a proxy may have answered instead of Mindee, or the API changed. The raw details are attached to this error.";

/** Where Mindee V1 keys come from (the node's errors and the credential's Test button). */
export const MINDEE_V1_KEYS: KeyOrigin = {
	service: 'Mindee',
	credential: 'Mindee (Docparse) API',
	needed: 'a Mindee V1 key, made on platform.mindee.com (API Keys)',
	lookAlike: 'A key from app.mindee.com is a Mindee V2 key: it works only with the Mindee V2 node',
	platform: 'platform.mindee.com',
};

/** Mindee V1's texts, its error envelope (`api_request.error`, or `error` of a failed job), and its statuses. */
const MINDEE_V1: ApiErrorTable = {
	service: 'Mindee',
	readBody: (body) => {
		const apiError = readApiError(body);
		const text = joinClauses(apiError.message, apiError.details);
		return {
			apiCode: apiError.code,
			text,
			said: text ? `: ${text}` : '',
			saidWhenUnavailable: apiError.message ? `: ${apiError.message}` : '',
		};
	},
	jobFailed: (error) => {
		const jobError = readApiError(error.body);
		return {
			message: `Mindee could not process the document: ${jobError.message ?? 'the job failed'}`,
			description: joinSentences(
				jobError.details,
				`Job ID: ${String(error.context.jobId)}. Check the file, then submit it again.`,
			),
			apiCode: jobError.code,
		};
	},
	status: explainStatus,
	submittedAs: (jobId) =>
		`The document was submitted as job ${jobId}: get its result later with the Get Result operation and this job ID instead of submitting it again.`,
	uploadUncertain: UPLOAD_UNCERTAIN,
	invalidAnswerToUpload: joinSentences(INVALID_RESPONSE, UPLOAD_UNCERTAIN),
	uploadAnswered5xx:
		'The upload was sent once and not again: behind this error the document may have been received and queued by Mindee. Check the Mindee platform (or the Mindee Trigger) before sending it again, or it may be processed and billed twice.',
	unavailable: (status) =>
		status === 503
			? "Mindee's servers did not process the request, even after retries. Try again in a few minutes."
			: 'Mindee failed to answer this request. Try again in a few minutes.',
	transport: {
		DOCPARSE_INVALID_RESPONSE: INVALID_RESPONSE,
		DOCPARSE_TIMEOUT: 'Raise the Request Timeout option, or try again later.',
		DOCPARSE_REDIRECT_REFUSED:
			'Mindee only redirects within its own API. Check the base URL in the credential.',
	},
};

/** Mindee's error envelope (`api_request.error`, or `error` of a failed job) in a form a user can act on. */
export function explainMindeeError(error: DocparseError): Explanation {
	return explainApiError(error, MINDEE_V1);
}

function explainStatus(status: number, reading: ApiErrorReading): Explanation | undefined {
	const { apiCode, text, said } = reading;
	if (status === 401) {
		const { message, advice } = refusedKey(MINDEE_V1_KEYS, status, 'node');
		return { message, description: joinSentences(text, advice), apiCode };
	}
	if (status === 403 || apiCode === 'PlanLimitReached') {
		const mode = /asynchronous/i.test(text)
			? 'async'
			: /synchronous/i.test(text)
				? 'sync'
				: undefined;
		return {
			message: `Mindee refused the request (${status} Forbidden)${said}`,
			description: mode
				? `This API does not support ${mode === 'async' ? 'asynchronous' : 'synchronous'} mode: set the Mode option to Auto or ${mode === 'async' ? 'Sync' : 'Async'}.`
				: "Your plan or API key does not allow this request: check the plan's page quota on the Mindee platform, and that the key belongs to the account that owns this API.",
			apiCode,
		};
	}
	if (status === 404) {
		return {
			message: `Mindee does not know this API or document (404)${said}`,
			description:
				'Check the product and its version; for a custom API, the account name, endpoint name and version exactly as the Mindee platform shows them; for Get Result, the job or document ID.',
			apiCode,
		};
	}
	if (status === 400 || status === 413 || status === 415 || status === 422) {
		return {
			message: `Mindee could not read the file (${status})${said}`,
			description: FILE_RULES,
			apiCode,
		};
	}
	return undefined;
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
