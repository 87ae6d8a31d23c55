import type { DocparseError, Explanation, KeyOrigin } from '../../shared/errors';
import { refusedKey } from '../../shared/errors';
import { errorBodySchema } from '../transport/schemas';

const SERVICE_PATH = /\/inference\/service\/([^/]+)\/(async-predict|predicted-documents\/([^/]+))$/;

/** Where Biros keys come from (the node's errors and the credential's Test button). */
export const BIROS_KEYS: KeyOrigin = {
	service: 'Biros',
	credential: 'Biros (Docparse) API',
	needed:
		'a key of the Biros account that owns the service, made on the Biros platform (platform.mybiros.com)',
	platform: 'the Biros platform (platform.mybiros.com)',
};

/** A Biros error (status, transport, shape) in a form a user can act on, naming the service and document. */
export function explainBirosError(error: DocparseError): Explanation {
	const explanation = explain(error);
	const status = error.code === 'DOCPARSE_HTTP_STATUS' ? (error.status ?? 0) : 0;
	if (status >= 500 && status !== 503 && String(error.context.request).startsWith('POST')) {
		// Sent once: a gateway error may hide a document Biros accepted, so it was not sent again.
		explanation.description =
			'The upload was sent once and not again: behind this error the document may have been received by Biros. Check the service on the Biros platform before sending it again, or it may be processed and billed twice.';
	}
	const documentId = error.context.documentId;
	// A failure while waiting for the result: the document is with Biros already. Not for Get Result: it
	// submitted nothing, and the user gave the document ID.
	if (typeof documentId === 'string' && !error.lookup && error.code !== 'DOCPARSE_MAX_WAIT') {
		explanation.description = [
			explanation.description,
			`The document was submitted as document ${documentId}: get its result later with the Get Result operation and this document ID instead of submitting it again.`,
		]
			.filter(Boolean)
			.join(' ');
	}
	return explanation;
}

function explain(error: DocparseError): Explanation {
	const request = String(error.context.request ?? '');
	const sentUpload = request.startsWith('POST');
	if (
		(error.code === 'DOCPARSE_CONNECTION_LOST' || error.code === 'DOCPARSE_TIMEOUT') &&
		sentUpload
	) {
		return {
			message: error.message,
			description:
				'The document may have reached Biros, so it was not sent again: a second upload could be processed and billed twice. Check the service on the Biros platform, then run this item again if needed.',
		};
	}
	if (error.code !== 'DOCPARSE_HTTP_STATUS')
		return { message: error.message, description: describeOther(error) };

	const status = error.status ?? 0;
	const target = targetOf(request);
	const detail = detailOf(error.body);
	const said = detail ? `: ${detail}` : '';
	switch (status) {
		case 401: {
			const { message, advice } = refusedKey(BIROS_KEYS, status, 'node');
			return { message, description: advice };
		}
		case 403:
			return {
				message: `Biros refused the request (403 Forbidden)${said}`,
				description:
					"The API key is valid but not allowed to do this, usually because the usage quota of the plan is used up. Check the service's usage on the Biros platform.",
			};
		case 404:
			return target.document
				? {
						message: `Biros has no predicted document "${target.document}" for service "${target.service}" (404 Not Found)${said}`,
						description:
							'Check the Document ID (the document_id output by Submit) and the Service ID it was submitted to.',
					}
				: {
						message: `Biros has no service "${target.service ?? ''}" (404 Not Found)${said}`,
						description:
							'Check the Service ID: it is the identifier of one of your services on the Biros platform. Also check the base URL in the credential.',
					};
		case 422:
			return {
				message: `Biros could not process the request (422 Unprocessable Content)${said}`,
				description:
					'Check the parameters: Push Result on Platform must be never, always or only_review, and the file must be a document type Biros supports.',
			};
		case 429:
			return {
				message:
					"Biros' rate limit was still reached after waiting and retrying (429 Too Many Requests)",
				description:
					"Set the Requests Per Second / Per Minute options to your plan's limits, lower Concurrency, or run this item again later.",
			};
		case 500:
			return {
				message: `Biros had an internal error (500 Internal Server Error)${said}`,
				description:
					"The failure is on Biros' side. Try again later; if it persists, contact Biros support with the service ID and the file.",
			};
		case 503:
			return {
				message: 'Biros is unavailable (503 Service Unavailable), probably under maintenance',
				description:
					'Biros still answered 503 after several retries with growing waits. Try again in a few minutes.',
			};
		default:
			return { message: `Biros answered ${status}${said}` };
	}
}

function describeOther(error: DocparseError): string | undefined {
	switch (error.code) {
		case 'DOCPARSE_INVALID_RESPONSE':
			return "The answer did not match the format of Biros' documentation: a proxy may have answered instead of Biros, or the API changed. The details are attached to this error.";
		case 'DOCPARSE_TIMEOUT':
			return 'Raise the Request Timeout option, or try again later.';
		case 'DOCPARSE_CONNECT':
			return 'Check the base URL in the "Biros (Docparse) API" credential and that n8n can reach it.';
		case 'DOCPARSE_REDIRECT_REFUSED':
			return 'Biros is not expected to redirect elsewhere. Check the base URL in the credential.';
		case 'DOCPARSE_MAX_WAIT':
			return 'Raise the Max Wait option, or get the result later with the Get Result operation.';
		default:
			return undefined;
	}
}

/** The service and document of a request path, for messages. */
function targetOf(request: string): { service?: string; document?: string } {
	const match = SERVICE_PATH.exec(request.replace(/^[A-Z]+ /, ''));
	if (!match) return {};
	return {
		service: decode(match[1]),
		document: match[3] === undefined ? undefined : decode(match[3]),
	};
}

/** Biros' explanation: `detail` as text, or the `loc: msg` pairs of a validation error. */
function detailOf(body: unknown): string | undefined {
	if (typeof body === 'string') return body.trim() || undefined;
	const parsed = errorBodySchema.safeParse(body);
	if (!parsed.success) return undefined;
	const { detail, message } = parsed.data;
	if (typeof detail === 'string') return detail;
	if (Array.isArray(detail)) {
		return detail
			.map((entry) => {
				const where = (entry.loc ?? []).filter((part) => part !== 'body').join('.');
				return where ? `${where}: ${entry.msg ?? 'invalid'}` : (entry.msg ?? JSON.stringify(entry));
			})
			.join('; ');
	}
	if (detail) return JSON.stringify(detail);
	return message;
}

function decode(value: string) {
	try {
		return decodeURIComponent(value);
	} catch {
		return value;
	}
}
