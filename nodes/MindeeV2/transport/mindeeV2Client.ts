import type { DocumentSource } from '../../shared/documents';
import { DocparseError } from '../../shared/errors';
import type { HttpClient, HttpResponse } from '../../shared/transport';
import { multipartFields, multipartUpload } from '../../shared/transport';
import { parseResponse } from '../../shared/json';
import type { ProductSlug } from '../products';
import type { MindeeV2Inference, MindeeV2Job, MindeeV2Model } from './schemas';
import { inferenceResponseSchema, jobResponseSchema, modelsResponseSchema } from './schemas';

/** The form fields of an enqueue besides the document (`model_id` first, as the SDK sends it). */
export interface EnqueueFields {
	modelId: string;
	alias?: string;
	webhookIds?: string[];
	/** Extraction only. */
	rag?: boolean;
	polygon?: boolean;
	confidence?: boolean;
	rawText?: boolean;
	textContext?: string;
	/** JSON text, checked before sending. */
	dataSchema?: string;
}

type JobCheck =
	| { state: 'pending'; job: MindeeV2Job }
	| { state: 'failed'; job: MindeeV2Job }
	| { state: 'processed'; job?: MindeeV2Job; resultUrl: URL };

const SERVICE = 'Mindee';

/**
 * The by-ID routes Mindee's job answers name (polling_url, result_url, a redirect to the result), as the
 * tail of a path. Behind a proxy or gateway those URLs still name Mindee's public host: the same route is
 * then taken under the credential's base URL, never followed there with the key.
 */
const JOB_ROUTE = /\/v2\/jobs\/[\w-]+$/;
const RESULT_ROUTES = [/\/v2\/inferences\/[\w-]+$/, /\/v2\/products\/[a-z_]+\/results\/[\w-]+$/];

/** Mindee V2: model search, enqueue, job checks (polling_url), results (result_url). */
export class MindeeV2Client {
	/** The account's models as one unfiltered search answered, asked once per client (one node run). */
	private modelList?: Promise<MindeeV2Model[]>;

	constructor(private readonly http: HttpClient) {}

	/** The first page of the account's models (Mindee lists 50 a page), asked once for the whole run. */
	async accountModels(signal?: AbortSignal): Promise<MindeeV2Model[]> {
		this.modelList ??= this.searchModels({}, signal);
		return await this.modelList;
	}

	async searchModels(
		filter: { name?: string; modelType?: string },
		signal?: AbortSignal,
	): Promise<MindeeV2Model[]> {
		const query = new URLSearchParams();
		if (filter.name) query.set('name', filter.name);
		if (filter.modelType) query.set('model_type', filter.modelType);
		const text = query.toString();
		const response = await this.get(`/v2/search/models${text ? `?${text}` : ''}`, signal);
		return parseResponse(response.text, modelsResponseSchema, {
			service: SERVICE,
			response: 'model list',
		}).models;
	}

	async enqueue(
		slug: ProductSlug,
		source: DocumentSource,
		fields: EnqueueFields,
		signal: AbortSignal,
	): Promise<MindeeV2Job> {
		const form = formFields(slug, fields);
		const upload =
			source.kind === 'file'
				? multipartUpload(form, 'file', source.file)
				: multipartFields({ ...form, url: source.url });
		const response = await this.http.send({
			method: 'POST',
			url: `/v2/products/${slug}/enqueue`,
			headers: { ...upload.headers, accept: 'application/json' },
			body: upload.body,
			idempotent: false,
			signal,
		});
		try {
			return parseResponse(response.text, jobResponseSchema, {
				service: SERVICE,
				response: 'enqueue answer',
			}).job;
		} catch (error) {
			// Mindee answered the upload, so it probably took the document: never send it again by itself.
			if (error instanceof DocparseError)
				error.context.request ??= `POST ${new URL(response.url).pathname}`;
			throw error;
		}
	}

	/** One check of a job, at its polling_url (only ever under the credential's base URL) or by id. */
	async checkJob(job: { id: string; polling_url?: string | null }, signal: AbortSignal) {
		const url = job.polling_url
			? this.http.followOwnUrl(job.polling_url, { routes: [JOB_ROUTE] })
			: `/v2/jobs/${encodeURIComponent(job.id)}`;
		return this.readJobCheck(await this.get(url.toString(), signal));
	}

	async getResult(
		target: URL | { slug: ProductSlug; inferenceId: string },
		signal: AbortSignal,
	): Promise<MindeeV2Inference> {
		const url =
			target instanceof URL
				? target.toString()
				: `/v2/products/${target.slug}/results/${encodeURIComponent(target.inferenceId)}`;
		const response = await this.get(url, signal);
		return parseResponse(response.text, inferenceResponseSchema, {
			service: SERVICE,
			response: 'result',
		}).inference;
	}

	/** A GET of JSON: safe to repeat. */
	private async get(url: string, signal?: AbortSignal): Promise<HttpResponse> {
		return await this.http.send({
			method: 'GET',
			url,
			headers: { accept: 'application/json' },
			idempotent: true,
			signal,
		});
	}

	private readJobCheck(response: HttpResponse): JobCheck {
		if (response.status >= 300) {
			// A job that is done may also answer with a redirect to its result.
			const location = response.headers.location;
			if (typeof location !== 'string' || location.length === 0) {
				throw new DocparseError(
					'DOCPARSE_INVALID_RESPONSE',
					`Mindee answered the job check with ${response.status} without a Location`,
					{ status: response.status },
				);
			}
			return {
				state: 'processed',
				resultUrl: this.http.followOwnUrl(location, {
					relativeTo: response.url,
					routes: RESULT_ROUTES,
				}),
			};
		}
		const { job } = parseResponse(response.text, jobResponseSchema, {
			service: SERVICE,
			response: 'job',
		});
		if (job.error || job.status === 'Failed') return { state: 'failed', job };
		if (job.status !== 'Processed') return { state: 'pending', job };
		if (!job.result_url) {
			throw new DocparseError(
				'DOCPARSE_INVALID_RESPONSE',
				`Mindee reported job ${job.id} processed without its result_url`,
				{ context: { jobId: job.id } },
			);
		}
		return {
			state: 'processed',
			job,
			resultUrl: this.http.followOwnUrl(job.result_url, { routes: RESULT_ROUTES }),
		};
	}
}

function formFields(slug: ProductSlug, fields: EnqueueFields): Record<string, string> {
	const form: Record<string, string> = { model_id: fields.modelId };
	if (fields.alias) form.alias = fields.alias;
	if (fields.webhookIds?.length) form.webhook_ids = fields.webhookIds.join(',');
	if (slug !== 'extraction') return form;
	for (const [name, value] of [
		['rag', fields.rag],
		['polygon', fields.polygon],
		['confidence', fields.confidence],
		['raw_text', fields.rawText],
	] as const) {
		if (value !== undefined) form[name] = String(value);
	}
	if (fields.textContext) form.text_context = fields.textContext;
	if (fields.dataSchema) form.data_schema = fields.dataSchema;
	return form;
}
