/**
 * A fake Mindee V2 API on 127.0.0.1 that answers with the real response bodies in shared/fixtures/mindee-v2:
 * model search, multipart enqueue (file or url) to the five products → job (Processing, then Processed with
 * its result_url, or Failed with its problem object) → result; 401 problem objects for a missing or wrong
 * key; per-second/per-minute limits (429 + Retry-After); injectable faults. Used by the tests, the
 * `npm start` sandbox and the benchmark.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';

import { readMindeeV2Fixture } from './fixtures';
import { parseMultipart } from './multipart';
import type { Limits, RequestRecord } from './server';
import {
	applyFault,
	fakeCore,
	faultLabel,
	isoWithoutZone,
	readBody,
	retryAfter,
	send,
	sha256,
} from './server';

/** The recorded result served for each product unless a model has its own. */
const RESULTS: Record<string, string> = {
	extraction: 'products/extraction/financial_document/complete.json',
	classification: 'products/classification/default_sample.json',
	crop: 'products/crop/crop_single.json',
	ocr: 'products/ocr/ocr_single.json',
	split: 'products/split/split_single.json',
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ENQUEUE = /^\/v2\/products\/([a-z]+)\/enqueue$/;
const RESULT = /^\/v2\/products\/([a-z]+)\/results\/([^/]+)$/;
const INFERENCE = /^\/v2\/inferences\/([^/]+)$/;
const JOB = /^\/v2\/jobs\/([^/]+)$/;

/** An enqueued document. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type MindeeV2Job = Record<string, any> & {
	id: string;
	inferenceId: string;
	submittedAt: number;
	completesAt: number;
	/** When a job check first saw it done. */
	seenAt?: number;
};

interface MindeeV2ServerOptions {
	port?: number;
	host?: string;
	/** the only key accepted (sent as the whole Authorization header) */
	apiKey?: string;
	/** time from enqueue to Processed */
	processingMs?: number;
	/** answer from this folder (layout of fixtures/mindee-v2), not the shared one */
	responsesDir?: string;
	/** 0/absent: unlimited */
	limits?: Limits;
	/** model id, file name or product slug → result fixture (its path, or the body itself) */
	results?: Record<string, string | object>;
	jobOutcome?: (job: MindeeV2Job) => 'processed' | 'failed' | 'never';
	/** The origin the job answers' polling_url and result_url name (default: the host asked), as Mindee behind a gateway names https://api-v2.mindee.net */
	publicOrigin?: string;
	/** records also keep the uploaded bytes (`received.data`), for tests that read what was sent */
	keepUploads?: boolean;
}

export async function startMindeeV2Server(options: MindeeV2ServerOptions = {}) {
	const apiKey = options.apiKey ?? 'test-mindee-v2-key';
	const fake = fakeCore(options);
	/** job id → job */
	const jobs = new Map<string, MindeeV2Job>();
	/** inference id → job */
	const inferences = new Map<string, MindeeV2Job>();

	/** A body by its path under fixtures/mindee-v2, or under `responsesDir` (same layout) when given. */
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	function fixtureJson(relative: string): any {
		if (options.responsesDir)
			return JSON.parse(fs.readFileSync(path.join(options.responsesDir, relative), 'utf8'));
		return JSON.parse(readMindeeV2Fixture(relative));
	}

	function problem(
		res: ServerResponse,
		record: RequestRecord,
		status: number,
		title: string,
		detail: string,
		code: string,
		errors: Array<{ pointer: string; detail: string }> = [],
	) {
		record.status = status;
		send(res, status, { status, detail, title, code, errors });
	}

	function jobState(job: MindeeV2Job, now: number) {
		if (job.outcome === 'never' || now < job.completesAt) return 'Processing';
		return job.outcome === 'failed' ? 'Failed' : 'Processed';
	}

	function jobBody(job: MindeeV2Job, origin: string, now: number) {
		const status = jobState(job, now);
		const body = fixtureJson(
			status === 'Failed'
				? 'job/fail_422.json'
				: status === 'Processed'
					? 'job/ok_processed_webhooks_ok.json'
					: 'job/ok_processing.json',
		);
		Object.assign(body.job, {
			id: job.id,
			model_id: job.modelId,
			filename: job.fileName,
			alias: job.alias ?? null,
			created_at: isoWithoutZone(job.submittedAt),
			completed_at: status === 'Processing' ? null : isoWithoutZone(job.completesAt),
			polling_url: `${origin}/v2/jobs/${job.id}`,
			result_url:
				status === 'Processed'
					? `${origin}/v2/products/${job.slug}/results/${job.inferenceId}`
					: null,
			webhooks: status === 'Processing' ? [] : body.job.webhooks,
		});
		return body;
	}

	function resultBody(job: MindeeV2Job) {
		const body =
			typeof job.fixture === 'string' ? fixtureJson(job.fixture) : structuredClone(job.fixture);
		body.inference.id = job.inferenceId;
		body.inference.job = { id: job.id };
		body.inference.model = { id: job.modelId };
		body.inference.file = {
			...body.inference.file,
			name: job.fileName ?? body.inference.file?.name,
			alias: job.alias ?? null,
		};
		return body;
	}

	async function handle(req: IncomingMessage, res: ServerResponse) {
		const now = Date.now();
		const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
		const origin = options.publicOrigin ?? `http://${req.headers.host}`;
		const body = await readBody(req);
		const record = fake.record(req, res, url, body, now, {
			query: Object.fromEntries(url.searchParams),
			authorization: req.headers.authorization,
		});

		const enqueueMatch = ENQUEUE.exec(url.pathname);
		const resultMatch = RESULT.exec(url.pathname) ?? INFERENCE.exec(url.pathname);
		const jobMatch = JOB.exec(url.pathname);
		if (url.pathname === '/v2/search/models') record.kind = 'search';
		else if (enqueueMatch) record.kind = 'enqueue';
		else if (jobMatch) record.kind = 'job';
		else if (resultMatch) record.kind = 'result';

		if (record.kind === 'enqueue') {
			try {
				const { fields, files } = parseMultipart(body, req.headers['content-type']);
				const file = files.file;
				record.fields = fields;
				record.received = file
					? {
							kind: 'file',
							fileName: file.fileName,
							contentType: file.contentType,
							size: file.data.length,
							sha256: sha256(file.data),
							...(options.keepUploads ? { data: file.data } : {}),
						}
					: fields.url
						? { kind: 'url', url: fields.url }
						: undefined;
			} catch {
				/* not multipart: the answer below says so */
			}
		}

		if (!req.headers.authorization)
			return problem(
				res,
				record,
				401,
				'Missing credentials',
				'Credentials are required.',
				'401-008',
			);
		if (req.headers.authorization !== apiKey)
			return problem(
				res,
				record,
				401,
				'Invalid API key',
				'The provided API key is invalid.',
				'401-001',
			);

		const fault = fake.faults.take(record.kind);
		if (fault) {
			record.fault = faultLabel(fault.action, 'kind');
			if (
				applyFault(fault.action, req, res, record, {
					stallBodyStart: '{"job": {',
					readFixture: readMindeeV2Fixture,
				})
			)
				return;
		}

		const wait = fake.rate.delay(now);
		if (wait > 0) {
			record.status = 429;
			return send(
				res,
				429,
				{
					status: 429,
					title: 'Too many requests',
					detail: 'Rate limit exceeded.',
					code: '429-001',
					errors: [],
				},
				retryAfter(wait),
			);
		}

		if (record.kind === 'search' && req.method === 'GET') {
			const models = fixtureJson('search/models.json');
			const name = (url.searchParams.get('name') ?? '').toLowerCase();
			const type = url.searchParams.get('model_type');
			models.models = models.models.filter(
				(model: { name: string; model_type: string }) =>
					(!name || model.name.toLowerCase().includes(name)) &&
					(!type || model.model_type === type),
			);
			models.pagination.total_items = models.models.length;
			record.status = 200;
			return send(res, 200, models);
		}
		if (enqueueMatch && req.method === 'POST') {
			const slug = enqueueMatch[1];
			if (!RESULTS[slug])
				return problem(res, record, 404, 'Not found', `No product ${slug}.`, '404-001');
			const fields = record.fields as Record<string, string> | undefined;
			if (!fields)
				return problem(
					res,
					record,
					400,
					'Invalid request',
					'The body is not multipart/form-data.',
					'400-001',
				);
			if (!fields.model_id || !UUID.test(fields.model_id))
				return problem(
					res,
					record,
					422,
					'Invalid fields in form',
					'One or more fields failed validation.',
					'422-001',
					[{ pointer: '#/model_id', detail: 'model_id must be a valid UUID format' }],
				);
			if (!record.received)
				return problem(
					res,
					record,
					422,
					'Invalid fields in form',
					'One or more fields failed validation.',
					'422-001',
					[{ pointer: '#/file', detail: 'a file or a url is required' }],
				);
			const submittedAt = Date.now();
			const job: MindeeV2Job = {
				id: crypto.randomUUID(),
				inferenceId: crypto.randomUUID(),
				slug,
				modelId: fields.model_id,
				fileName: record.received.fileName ?? record.received.url?.split('/').pop() ?? 'document',
				alias: fields.alias,
				fields,
				fixture:
					options.results?.[fields.model_id] ??
					options.results?.[record.received.fileName ?? ''] ??
					options.results?.[slug] ??
					RESULTS[slug],
				submittedAt,
				completesAt: submittedAt + fake.processingMs,
			};
			job.outcome = options.jobOutcome?.(job) ?? 'processed';
			jobs.set(job.id, job);
			inferences.set(job.inferenceId, job);
			record.jobId = job.id;
			if (record.fault === 'reset-after-accept') return req.socket.destroy();
			record.status = 202;
			// The enqueue answer is always Processing, as Mindee's is, even when the job completes at once.
			return send(res, 202, jobBody(job, origin, submittedAt - 1));
		}
		if (jobMatch && req.method === 'GET') {
			const job = jobs.get(jobMatch[1]);
			if (!job)
				return problem(res, record, 404, 'Job not found', `No job ${jobMatch[1]}.`, '404-002');
			record.jobId = job.id;
			record.jobStatus = jobState(job, now);
			// When a check first saw the job done: the slack after completion, for the benchmark.
			if (record.jobStatus !== 'Processing') job.seenAt ??= now;
			record.status = 200;
			return send(res, 200, jobBody(job, origin, now));
		}
		if (resultMatch && record.kind === 'result' && req.method === 'GET') {
			const id = resultMatch[2] ?? resultMatch[1];
			const job = inferences.get(id);
			if (!job || jobState(job, now) !== 'Processed')
				return problem(res, record, 404, 'Inference not found', `No inference ${id}.`, '404-003');
			record.jobId = job.id;
			record.status = 200;
			return send(res, 200, resultBody(job));
		}
		return problem(
			res,
			record,
			404,
			'Not found',
			`No route for ${req.method} ${url.pathname}.`,
			'404-000',
		);
	}

	const listener = await fake.listen(handle, {
		port: options.port,
		host: options.host,
		errorBody: (error) => ({
			status: 500,
			title: 'Server error',
			detail: String(error),
			code: '500-000',
			errors: [],
		}),
	});

	/**
	 * Faults (inject): 'reset', 'reset-after-accept' (enqueue: create the job, then close without answering),
	 * 'stall-headers', 'stall-body', or { status, body | fixture, headers }. Kinds: 'search' | 'enqueue' |
	 * 'job' | 'result' | 'other'.
	 */
	return fake.controls(listener, apiKey, { jobs });
}
