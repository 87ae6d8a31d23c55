import type { DocumentSource } from '../../shared/documents';
import { DocparseError } from '../../shared/errors';
import type { HttpClient, HttpResponse, RequestSpec } from '../../shared/transport';
import { multipartUpload } from '../../shared/transport';
import { parseResponse } from '../../shared/json';
import type { Endpoint } from '../products';
import type { MindeeDocumentResponse, MindeeJob } from './schemas';
import { documentResponseSchema, jobResponseSchema } from './schemas';

export interface PredictOptions {
	cropper?: boolean;
	fullTextOcr?: boolean;
	/** include_mvision: every word found on the pages (a form field, as Mindee's SDK sends it). */
	allWords?: boolean;
	/** Run through a Mindee workflow instead of the product's own queue. */
	workflowId?: string;
	/** Ask the workflow for retrieval-augmented generation (`rag=true`). */
	rag?: boolean;
}

type JobCheck =
	| { state: 'pending'; job: MindeeJob }
	| { state: 'failed'; job: MindeeJob }
	| { state: 'completed'; job?: MindeeJob; documentUrl?: URL; document?: MindeeDocumentResponse };

const SERVICE = 'Mindee';

/**
 * The document route a finished queue check redirects to, as the tail of a path. Mindee names its public
 * host (https://api.mindee.net/v1/…) even behind a proxy or gateway: the same route is then taken under
 * the credential's base URL, never followed there with the key.
 */
const DOCUMENT_ROUTE = /\/v1\/products\/[\w.-]+\/[\w.-]+\/v[\w.]+\/documents\/[\w-]+$/;

/** Mindee v1 products API: enqueue, queue checks (200 while pending, 302 when done), documents, synchronous predict. */
export class MindeeClient {
	constructor(private readonly http: HttpClient) {}

	async enqueue(
		endpoint: Endpoint,
		source: DocumentSource,
		options: PredictOptions,
		signal: AbortSignal,
	): Promise<MindeeJob> {
		const path = options.workflowId
			? `/v1/workflows/${encodeURIComponent(options.workflowId)}/predict_async`
			: `${productPath(endpoint)}/predict_async`;
		const response = await this.upload(path + queryOf(options), source, options, signal);
		return answerToUpload(
			response,
			() =>
				parseResponse(response.text, jobResponseSchema, {
					service: SERVICE,
					response: 'submit answer',
				}).job,
		);
	}

	async predict(
		endpoint: Endpoint,
		source: DocumentSource,
		options: PredictOptions,
		signal: AbortSignal,
	): Promise<MindeeDocumentResponse> {
		const url = `${productPath(endpoint)}/predict${queryOf(options)}`;
		const response = await this.upload(url, source, options, signal);
		return answerToUpload(response, () => parseDocument(response));
	}

	async checkJob(endpoint: Endpoint, jobId: string, signal: AbortSignal): Promise<JobCheck> {
		const response = await this.http.send({
			method: 'GET',
			url: `${productPath(endpoint)}/documents/queue/${encodeURIComponent(jobId)}`,
			idempotent: true,
			signal,
		});
		if (response.status >= 300) {
			const location = response.headers.location;
			if (response.status !== 302 && response.status !== 303) {
				throw new DocparseError(
					'DOCPARSE_INVALID_RESPONSE',
					`Mindee answered the queue check with ${response.status}`,
					{ status: response.status },
				);
			}
			if (typeof location !== 'string' || location.length === 0) {
				throw new DocparseError(
					'DOCPARSE_INVALID_RESPONSE',
					'Mindee answered the queue check with a redirect without a Location',
				);
			}
			return {
				state: 'completed',
				documentUrl: this.http.followOwnUrl(location, {
					relativeTo: response.url,
					routes: [DOCUMENT_ROUTE],
				}),
			};
		}
		const body = parseResponse(
			response.text,
			documentResponseSchema
				.partial({ document: true })
				.extend({ job: jobResponseSchema.shape.job }),
			{
				service: SERVICE,
				response: 'queue answer',
			},
		);
		const { job } = body;
		if (job.status === 'failed') return { state: 'failed', job };
		if (job.status !== 'completed') return { state: 'pending', job };
		// Some gateways answer the completed job inline instead of redirecting.
		if (body.document) return { state: 'completed', job, document: body as MindeeDocumentResponse };
		throw new DocparseError(
			'DOCPARSE_INVALID_RESPONSE',
			`Mindee reported job ${job.id} completed without the document or its location`,
		);
	}

	async getDocument(
		target: URL | { endpoint: Endpoint; documentId: string },
		signal: AbortSignal,
	): Promise<MindeeDocumentResponse> {
		const url =
			target instanceof URL
				? target.toString()
				: `${productPath(target.endpoint)}/documents/${encodeURIComponent(target.documentId)}`;
		const response = await this.http.send({ method: 'GET', url, idempotent: true, signal });
		return parseDocument(response);
	}

	/** A cheap authenticated request: Mindee answers 401/403 for a refused key, 404 for this made-up job. */
	async probeKey(signal?: AbortSignal): Promise<HttpResponse> {
		return await this.http.send({
			method: 'GET',
			url: '/v1/products/mindee/invoices/v4/documents/queue/00000000-0000-0000-0000-000000000000',
			idempotent: true,
			signal,
		});
	}

	/** A document upload: never repeated by itself, since Mindee may already have taken the document. */
	private async upload(
		url: string,
		source: DocumentSource,
		options: PredictOptions,
		signal: AbortSignal,
	): Promise<HttpResponse> {
		return await this.http.send({
			method: 'POST',
			url,
			idempotent: false,
			signal,
			...uploadOf(source, options),
		});
	}
}

export function productPath(endpoint: Endpoint) {
	return `/v1/products/${encodeURIComponent(endpoint.account)}/${encodeURIComponent(endpoint.name)}/v${encodeURIComponent(endpoint.version)}`;
}

function parseDocument(response: HttpResponse) {
	return parseResponse(response.text, documentResponseSchema, {
		service: SERVICE,
		response: 'document',
	});
}

/** Parses the answer to an upload; an unreadable one is marked as such (the document may be with Mindee). */
function answerToUpload<T>(response: HttpResponse, parse: () => T): T {
	try {
		return parse();
	} catch (error) {
		if (error instanceof DocparseError)
			error.context.request ??= `POST ${new URL(response.url).pathname}`;
		throw error;
	}
}

/** The query as Mindee's SDK builds it: cropper, rag and full_text_ocr (include_mvision goes in the body). */
function queryOf(options: PredictOptions) {
	const params = new URLSearchParams();
	if (options.cropper) params.set('cropper', 'true');
	if (options.rag) params.set('rag', 'true');
	if (options.fullTextOcr) params.set('full_text_ocr', 'true');
	const query = params.toString();
	return query ? `?${query}` : '';
}

function uploadOf(
	source: DocumentSource,
	options: PredictOptions,
): Pick<RequestSpec, 'headers' | 'body'> {
	if (source.kind === 'url') {
		const body = JSON.stringify({
			document: source.url,
			...(options.allWords ? { include_mvision: true } : {}),
		});
		return {
			headers: { 'content-type': 'application/json', accept: 'application/json' },
			body: () => body,
		};
	}
	const fields: Record<string, string> = options.allWords ? { include_mvision: 'true' } : {};
	const upload = multipartUpload(fields, 'document', source.file);
	return { headers: { ...upload.headers, accept: 'application/json' }, body: upload.body };
}
