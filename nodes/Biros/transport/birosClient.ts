import type { DocumentFile } from '../../shared/documents';
import { DocparseError } from '../../shared/errors';
import type { HttpClient, HttpResponse } from '../../shared/transport';
import type { PollResult } from '../../shared/polling';
import { multipartUpload, parseRetryAfter } from '../../shared/transport';
import { parseResponse } from '../../shared/json';
import type { BirosPrediction } from './schemas';
import { predictionSchema, submitAnswerSchema } from './schemas';

export const SERVICE = 'Biros';

/** The form fields sent with every document. */
export interface UploadSettings {
	/** never | always | only_review; passed as given, Biros validates it (422). */
	pushResultOnPlatform: string;
	includeValidationErrors: boolean;
}

interface SubmittedDocument {
	jobId: string;
	documentId: string;
}

/**
 * Biros' inference API: the synchronous predict of the reference page, and the v1 asynchronous pair
 * (submit, then predicted-documents answering 202 until the result is ready).
 */
export class BirosClient {
	constructor(private readonly http: HttpClient) {}

	/** POST /api/inference/service/<id>/async-predict: despite its name, answers with the full result. */
	async predict(
		serviceId: string,
		file: DocumentFile,
		settings: UploadSettings,
		signal: AbortSignal,
	): Promise<BirosPrediction> {
		const response = await this.upload(
			`/api/inference/service/${segment(serviceId)}/async-predict`,
			file,
			settings,
			signal,
		);
		expectStatus(response, [200], 'prediction');
		return parsePrediction(response);
	}

	/** POST /api/v1/inference/service/<id>/async-predict: answers `{ job, resource }` at once. */
	async submit(
		serviceId: string,
		file: DocumentFile,
		settings: UploadSettings,
		signal: AbortSignal,
	): Promise<SubmittedDocument> {
		const response = await this.upload(
			`/api/v1/inference/service/${segment(serviceId)}/async-predict`,
			file,
			settings,
			signal,
		);
		expectStatus(response, [200, 201, 202], 'submit answer');
		const answer = parseResponse(response.text, submitAnswerSchema, {
			service: SERVICE,
			response: 'submit answer',
		});
		return { jobId: String(answer.job), documentId: documentIdOf(answer.resource) };
	}

	/** GET /api/v1/inference/service/<id>/predicted-documents/<documentId>: 202 while not ready, then 200 with the result. */
	async checkResult(
		serviceId: string,
		documentId: string,
		signal: AbortSignal,
	): Promise<PollResult<BirosPrediction>> {
		const response = await this.http.send({
			method: 'GET',
			url: resultPath(serviceId, documentId),
			headers: { accept: 'application/json' },
			idempotent: true,
			signal,
		});
		expectStatus(response, [200, 202], 'predicted document');
		if (response.status === 202)
			return { done: false, availableInMs: parseRetryAfter(response.headers['retry-after']) };
		return { done: true, value: parsePrediction(response) };
	}

	/** A cheap read of a made-up document: 401/403 without a key or for a refused one, 404 for an accepted one. */
	async probeKey(signal?: AbortSignal): Promise<HttpResponse> {
		return await this.http.send({
			method: 'GET',
			url: resultPath('docparse-credential-test', '00000000-0000-0000-0000-000000000000'),
			headers: { accept: 'application/json' },
			idempotent: true,
			signal,
		});
	}

	private async upload(
		path: string,
		file: DocumentFile,
		settings: UploadSettings,
		signal: AbortSignal,
	) {
		const upload = multipartUpload(
			{
				push_result_on_platform: settings.pushResultOnPlatform,
				include_validation_errors: String(settings.includeValidationErrors),
			},
			'file',
			file,
		);
		return await this.http.send({
			method: 'POST',
			url: path,
			headers: { ...upload.headers, accept: 'application/json' },
			body: upload.body,
			// A document that may have reached Biros is never sent again: it would be processed (and billed) twice.
			idempotent: false,
			signal,
		});
	}
}

export function resultPath(serviceId: string, documentId: string) {
	return `/api/v1/inference/service/${segment(serviceId)}/predicted-documents/${segment(documentId)}`;
}

/** `resource` is the document id, or the path or URL of its predicted-documents resource. */
function documentIdOf(resource: string | number): string {
	const text = String(resource).trim();
	if (!text.includes('/')) return text;
	const path = text.split(/[?#]/)[0];
	const last = path.split('/').filter(Boolean).pop() ?? '';
	try {
		return decodeURIComponent(last);
	} catch {
		return last;
	}
}

function segment(value: string) {
	return encodeURIComponent(value.trim());
}

function parsePrediction(response: HttpResponse) {
	return parseResponse(response.text, predictionSchema, {
		service: SERVICE,
		response: 'prediction result',
	});
}

/** The client returns redirects to its caller; Biros is not documented to send any. */
function expectStatus(response: HttpResponse, expected: number[], what: string) {
	if (expected.includes(response.status)) return;
	throw new DocparseError(
		'DOCPARSE_INVALID_RESPONSE',
		`${SERVICE} answered the ${what} request with an unexpected ${response.status}`,
		{
			status: response.status,
			context: { request: new URL(response.url).pathname },
		},
	);
}
