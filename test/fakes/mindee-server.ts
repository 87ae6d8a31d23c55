/**
 * A fake Mindee v1 API on 127.0.0.1 that answers with the real response bodies in shared/fixtures/mindee:
 * token check, multipart and JSON uploads, predict_async → queue (200 waiting/processing, then 302 to the
 * document) → document, synchronous predict, per-second/per-minute rate limits (429 + Retry-After), and
 * injectable faults. Used by the tests, the `npm start` sandbox and the benchmark.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';

import { readMindeeFixture } from './fixtures';
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

interface Product {
	modes: string[];
	fixture: string;
}

/** Off-the-shelf products: the modes Mindee serves them in, and the recorded body served for them. */
const PRODUCTS: Record<string, Product> = {
	'mindee/invoices/4': {
		modes: ['async', 'sync'],
		fixture: 'products/invoices/response_v4/complete.json',
	},
	'mindee/expense_receipts/5': {
		modes: ['async', 'sync'],
		fixture: 'products/expense_receipts/response_v5/complete.json',
	},
	'mindee/financial_document/1': {
		modes: ['async', 'sync'],
		fixture: 'products/financial_document/response_v1/complete_invoice.json',
	},
	'mindee/driver_license/1': {
		modes: ['async'],
		fixture: 'products/driver_license/response_v1/complete.json',
	},
	'mindee/international_id/2': {
		modes: ['async'],
		fixture: 'products/international_id/response_v2/complete.json',
	},
	'mindee/invoice_splitter/1': {
		modes: ['async'],
		fixture: 'products/invoice_splitter/response_v1/complete.json',
	},
	'mindee/resume/1': { modes: ['async'], fixture: 'products/resume/response_v1/complete.json' },
	'mindee/passport/1': { modes: ['sync'], fixture: 'products/passport/response_v1/complete.json' },
};
/** Accounts other than `mindee` are custom (docTI) or generated APIs. */
const CUSTOM_PRODUCT: Product = {
	modes: ['async', 'sync'],
	fixture: 'products/custom/response_v1/complete.json',
};

const PRODUCT_PATH =
	/^\/v1\/products\/([^/]+)\/([^/]+)\/v([^/]+)\/(predict_async|predict|documents\/queue\/([^/]+)|documents\/([^/]+))$/;
const WORKFLOW_PATH = /^\/v1\/workflows\/([^/]+)\/predict_async$/;

/** A submitted (async) or predicted (sync) document. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type MindeeJob = Record<string, any> & {
	id: string;
	documentId: string;
	mode: 'async';
	submittedAt: number;
	completesAt: number;
	/** When a queue check first answered 302 for this job. */
	seenAt?: number;
};

/** A synchronous prediction: its document, kept for a later GET of it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type SyncPrediction = Record<string, any> & { id: string; documentId: string; mode: 'sync' };

interface MindeeServerOptions {
	port?: number;
	host?: string;
	/** the only token accepted */
	apiKey?: string;
	/** time from submit to completed */
	processingMs?: number;
	/** 0/absent: unlimited */
	limits?: Limits;
	/** "account/name/version" → fixture (relative to shared/fixtures/mindee, or an absolute path to a project-written body) */
	products?: Record<string, string | { fixture: string; modes?: string[] }>;
	jobOutcome?: (job: MindeeJob) => string;
	/** synchronous predict also takes processingMs before answering (as the real API does) */
	syncProcessing?: boolean;
	/**
	 * answer from this folder (same layout as shared/fixtures/mindee) instead of the recorded responses;
	 * products without a response there answer 404 (the `npm start` sandbox)
	 */
	responsesDir?: string;
	/** records also keep the uploaded bytes (`received.data`), for tests that read what was sent */
	keepUploads?: boolean;
}

export async function startMindeeServer(options: MindeeServerOptions = {}) {
	const { responsesDir } = options;
	const responsePath = (relative: string) =>
		path.isAbsolute(relative) || !responsesDir ? relative : path.join(responsesDir, relative);
	const readFixture = (relative: string) =>
		responsesDir ? fs.readFileSync(responsePath(relative), 'utf8') : readMindeeFixture(relative);
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	const fixtureJson = (relative: string): any => JSON.parse(readFixture(relative));
	const hasFixture = (relative: string) => !responsesDir || fs.existsSync(responsePath(relative));
	const apiKey = options.apiKey ?? 'test-mindee-key';
	const fake = fakeCore(options);
	/** job id → job */
	const jobs = new Map<string, MindeeJob>();
	/** document id → its job (async) or its synchronous prediction */
	const documents = new Map<string, MindeeJob | SyncPrediction>();

	function productFor(account: string, name: string, version: string): Product | undefined {
		const key = `${account}/${name}/${version}`;
		const override = options.products?.[key];
		if (override)
			return typeof override === 'string'
				? { modes: ['async', 'sync'], fixture: override }
				: { modes: ['async', 'sync'], ...override };
		if (account !== 'mindee') return CUSTOM_PRODUCT;
		return PRODUCTS[key];
	}

	function sendError(res: ServerResponse, status: number, fixture: string, requestUrl: string) {
		const body = fixtureJson(fixture);
		if (body.api_request) body.api_request.url = requestUrl;
		send(res, status, body);
	}

	function notFound(
		res: ServerResponse,
		record: RequestRecord,
		requestUrl: string,
		error: { code: string; message: string; details: string },
		status = 404,
	) {
		record.status = status;
		send(res, status, {
			api_request: { error, status: 'failure', status_code: status, url: requestUrl },
		});
	}

	function jobState(job: MindeeJob, now: number): string {
		if (job.outcome === 'never')
			return now - job.submittedAt < fake.processingMs / 3 ? 'waiting' : 'processing';
		if (now >= job.completesAt) return job.outcome;
		return now - job.submittedAt < fake.processingMs / 3 ? 'waiting' : 'processing';
	}

	function jobBody(job: MindeeJob, status: string) {
		return {
			issued_at: isoWithoutZone(job.submittedAt),
			available_at:
				status === 'completed' || status === 'failed' ? isoWithoutZone(job.completesAt) : null,
			id: job.id,
			status,
			error: {},
		};
	}

	function documentBody(job: MindeeJob | SyncPrediction, requestUrl: string) {
		const body = fixtureJson(job.fixture);
		body.api_request = {
			...(body.api_request ?? {}),
			error: {},
			status: 'success',
			status_code: 200,
			url: requestUrl,
		};
		body.document.id = job.documentId;
		if (job.fileName) body.document.name = job.fileName;
		if (job.mode === 'async') body.job = jobBody(job, 'completed');
		return body;
	}

	/** The uploaded document, from a multipart `document` file or a JSON `document` (URL or base64). */
	function readUpload(req: IncomingMessage, body: Buffer) {
		const type = req.headers['content-type'] ?? '';
		if (type.startsWith('multipart/form-data')) {
			const { fields, files } = parseMultipart(body, type);
			const file = files.document;
			if (!file) throw new Error('no document part');
			return {
				kind: 'file',
				fileName: file.fileName,
				contentType: file.contentType,
				size: file.data.length,
				sha256: sha256(file.data),
				...(options.keepUploads ? { data: file.data } : {}),
				fields,
			};
		}
		const json = JSON.parse(body.toString('utf8'));
		if (typeof json.document !== 'string' || json.document.length === 0)
			throw new Error('no document');
		const { document: _document, ...fields } = json;
		if (/^https?:\/\//.test(json.document))
			return {
				kind: 'url',
				url: json.document,
				sha256: sha256(Buffer.from(json.document)),
				fields,
			};
		const data = Buffer.from(json.document, 'base64');
		return {
			kind: 'base64',
			fileName: json.filename,
			size: data.length,
			sha256: sha256(data),
			fields,
		};
	}

	async function handle(req: IncomingMessage, res: ServerResponse) {
		const now = Date.now();
		const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
		const body = await readBody(req);
		const record = fake.record(req, res, url, body, now, {
			host: req.headers.host,
			query: Object.fromEntries(url.searchParams),
			authorization: req.headers.authorization,
		});
		const requestUrl = `https://api.mindee.net${url.pathname}`;

		if (req.headers.authorization !== `Token ${apiKey}`) {
			record.status = 401;
			return sendError(
				res,
				401,
				req.headers.authorization
					? 'errors/error_401_invalid_token.json'
					: 'errors/error_401_no_token.json',
				requestUrl,
			);
		}

		const productMatch = PRODUCT_PATH.exec(url.pathname);
		const workflowMatch = WORKFLOW_PATH.exec(url.pathname);
		if (productMatch) {
			const [, , , , action, queueJobId, documentId] = productMatch;
			record.kind = queueJobId
				? 'queue'
				: documentId
					? 'document'
					: action === 'predict'
						? 'predict'
						: 'submit';
		} else if (workflowMatch && req.method === 'POST') {
			record.kind = 'submit';
		}

		// What reached the API, whatever it answers (even a fault): counts double submissions.
		if (record.kind === 'submit' || record.kind === 'predict') {
			try {
				record.received = readUpload(req, body);
			} catch {
				/* not a readable upload: the answer below says so */
			}
		}

		const fault = fake.faults.take(record.kind);
		if (fault) {
			record.fault = faultLabel(fault.action, 'kind');
			if (
				applyFault(fault.action, req, res, record, {
					stallBodyStart: '{"api_request": {',
					readFixture,
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
				fixtureJson('errors/error_429_too_many_requests.json'),
				retryAfter(wait),
			);
		}

		if (workflowMatch && req.method === 'POST')
			return submit(req, res, record, body, { workflowId: workflowMatch[1] }, requestUrl);
		if (!productMatch)
			return notFound(res, record, requestUrl, {
				code: 'NotFound',
				message: 'Not found',
				details: `No route for ${url.pathname}`,
			});
		const [, account, name, version, action, queueJobId, documentId] = productMatch;
		const product = productFor(account, name, version);
		if (product && !hasFixture(product.fixture))
			return notFound(res, record, requestUrl, {
				code: 'NotFound',
				message: 'Not in the sandbox',
				details: `The local sandbox has no response for ${account}/${name} v${version}; set MINDEE_API_KEY to use the real API`,
			});
		if (!product)
			return notFound(res, record, requestUrl, {
				code: 'NotFound',
				message: 'Product not found',
				details: `${account}/${name} v${version} does not exist`,
			});

		if (req.method === 'POST' && action === 'predict_async') {
			if (!product.modes.includes('async')) {
				record.status = 403;
				return sendError(res, 403, 'errors/error_403_async_disallowed.json', requestUrl);
			}
			return submit(
				req,
				res,
				record,
				body,
				{ product, productPath: `${account}/${name}/v${version}` },
				requestUrl,
			);
		}
		if (req.method === 'POST' && action === 'predict') {
			if (!product.modes.includes('sync')) {
				record.status = 403;
				return sendError(res, 403, 'errors/error_403_sync_disallowed.json', requestUrl);
			}
			const upload = acceptUpload(req, res, record, body, requestUrl);
			if (!upload) return;
			if (options.syncProcessing && fake.processingMs > 0)
				await new Promise((resolve) => setTimeout(resolve, fake.processingMs));
			const job = {
				id: crypto.randomUUID(),
				documentId: crypto.randomUUID(),
				fixture: product.fixture,
				fileName: upload.fileName,
				mode: 'sync' as const,
			};
			documents.set(job.documentId, job);
			record.status = 201;
			return send(res, 201, documentBody(job, requestUrl));
		}
		if (req.method === 'GET' && queueJobId) {
			const job = jobs.get(queueJobId);
			if (!job)
				return notFound(res, record, requestUrl, {
					code: 'NotFound',
					message: 'Job not found',
					details: `No job ${queueJobId}`,
				});
			job.fixture ??= product.fixture;
			const status = jobState(job, now);
			if (status === 'completed') {
				job.seenAt ??= now;
				record.status = 302;
				const location =
					fault?.action === 'redirect-elsewhere'
						? `http://localhost:${listener.port}/v1/products/${account}/${name}/v${version}/documents/${job.documentId}`
						: `/v1/products/${account}/${name}/v${version}/documents/${job.documentId}`;
				res.writeHead(302, { location, 'content-type': 'application/json' });
				return res.end(
					JSON.stringify({
						api_request: { error: {}, status: 'success', status_code: 302, url: requestUrl },
						job: jobBody(job, status),
					}),
				);
			}
			if (status === 'failed') {
				const failed = fixtureJson('async/get_failed_job_error.json');
				failed.job = {
					...failed.job,
					id: job.id,
					issued_at: isoWithoutZone(job.submittedAt),
					available_at: isoWithoutZone(job.completesAt),
				};
				record.status = 200;
				return send(res, 200, failed);
			}
			const waiting = fixtureJson('async/get_processing.json');
			waiting.api_request.url = requestUrl;
			waiting.job = jobBody(job, status);
			record.status = 200;
			return send(res, 200, waiting);
		}
		if (req.method === 'GET' && documentId) {
			const job = documents.get(documentId);
			if (!job || (job.mode === 'async' && jobState(job, now) !== 'completed'))
				return notFound(res, record, requestUrl, {
					code: 'NotFound',
					message: 'Document not found',
					details: `No document ${documentId}`,
				});
			job.fixture ??= product.fixture;
			record.status = 200;
			return send(res, 200, documentBody(job, requestUrl));
		}
		return notFound(
			res,
			record,
			requestUrl,
			{ code: 'MethodNotAllowed', message: 'Method not allowed', details: String(req.method) },
			405,
		);
	}

	/** The upload, recorded; or, for a body Mindee could not read, its 400 answer and undefined. */
	function acceptUpload(
		req: IncomingMessage,
		res: ServerResponse,
		record: RequestRecord,
		body: Buffer,
		requestUrl: string,
	) {
		try {
			record.upload = readUpload(req, body);
			return record.upload as ReturnType<typeof readUpload>;
		} catch {
			record.status = 400;
			sendError(res, 400, 'errors/error_400_with_object_in_detail.json', requestUrl);
			return undefined;
		}
	}

	function submit(
		req: IncomingMessage,
		res: ServerResponse,
		record: RequestRecord,
		body: Buffer,
		target: { product?: Product; productPath?: string; workflowId?: string },
		requestUrl: string,
	) {
		const upload = acceptUpload(req, res, record, body, requestUrl);
		if (!upload) return;
		const submittedAt = Date.now();
		const job: MindeeJob = {
			id: crypto.randomUUID(),
			documentId: crypto.randomUUID(),
			fixture: target.product?.fixture,
			productPath: target.productPath,
			workflowId: target.workflowId,
			fileName: upload.fileName,
			upload,
			submittedAt,
			completesAt: submittedAt + fake.processingMs,
			mode: 'async',
		};
		job.outcome = options.jobOutcome?.(job) ?? 'completed';
		jobs.set(job.id, job);
		documents.set(job.documentId, job);
		record.jobId = job.id;
		const answer = fixtureJson('async/post_success.json');
		answer.api_request.url = requestUrl;
		answer.job = jobBody(job, 'waiting');
		if (record.fault === 'reset-after-accept') {
			req.socket.destroy();
			return;
		}
		record.status = 202;
		return send(res, 202, answer);
	}

	const listener = await fake.listen(handle, {
		port: options.port,
		host: options.host,
		errorBody: (error) => ({ error: String(error) }),
	});

	/**
	 * Faults (inject): 'reset' (close the socket without answering), 'reset-after-accept' (submit: create the
	 * job, then close without answering), 'stall-headers', 'stall-body', 'trickle-body' (headers, then a byte
	 * every 100 ms forever), 'redirect-elsewhere' (queue: 302 to another host), or { status, body | fixture,
	 * headers, contentType } for a canned answer (`body` and `headers` may be functions of the request record,
	 * called when it arrives). Kinds: 'submit' | 'queue' | 'document' | 'predict' | 'other'. Submit and predict
	 * records carry `received` (the upload that reached the server, faults included, with `fields`: the other
	 * form fields, or the other keys of a JSON upload).
	 */
	return fake.controls(listener, apiKey, { jobs });
}
