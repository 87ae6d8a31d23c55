'use strict';
/**
 * A fake Mindee V2 API on 127.0.0.1 that answers with the real response bodies in shared/fixtures/mindee-v2:
 * model search, multipart enqueue (file or url) to the five products → job (Processing, then Processed with
 * its result_url, or Failed with its problem object) → result; 401 problem objects for a missing or wrong
 * key; per-second/per-minute limits (429 + Retry-After); injectable faults. Plain CommonJS so that tests,
 * `npm start` and the benchmark can all use it.
 */
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const { readMindeeV2Fixture } = require('./fixtures');
const { listen } = require('./listen');
const { parseMultipart } = require('./multipart');

/** The recorded result served for each product unless a model has its own. */
const RESULTS = {
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

/** A body by its path under fixtures/mindee-v2, or under `responsesDir` (same layout) when given. */
function fixtureJson(relative, responsesDir) {
	if (responsesDir) return JSON.parse(fs.readFileSync(path.join(responsesDir, relative), 'utf8'));
	return JSON.parse(readMindeeV2Fixture(relative));
}

function isoWithoutZone(ms) {
	return new Date(ms).toISOString().replace('Z', '');
}

/**
 * @param {object} [options]
 * @param {number} [options.port]
 * @param {string} [options.host]
 * @param {string} [options.apiKey] the only key accepted (sent as the whole Authorization header)
 * @param {number} [options.processingMs] time from enqueue to Processed
 * @param {string} [options.responsesDir] answer from this folder (layout of fixtures/mindee-v2), not the shared one
 * @param {{perSecond?: number, perMinute?: number}} [options.limits] 0/absent: unlimited
 * @param {Record<string, string>} [options.results] model id or product slug → result fixture
 * @param {(job: Record<string, any>) => 'processed' | 'failed' | 'never'} [options.jobOutcome]
 */
async function startMindeeV2Server(options = {}) {
	const apiKey = options.apiKey ?? 'test-mindee-v2-key';
	const limits = { perSecond: 0, perMinute: 0, ...options.limits };
	const state = {
		/** every request, in arrival order @type {Array<Record<string, any>>} */
		requests: [],
		/** job id → job @type {Map<string, Record<string, any>>} */
		jobs: new Map(),
		/** inference id → job @type {Map<string, Record<string, any>>} */
		inferences: new Map(),
		/** @type {Array<{on: string, action: any, times: number}>} */
		faults: [],
		/** @type {number[]} */
		granted: [],
		rejected429: 0,
		/** TCP connections accepted: shows keep-alive reuse */
		connections: 0,
		processingMs: options.processingMs ?? 0,
	};

	function takeFault(kind) {
		const index = state.faults.findIndex((fault) => fault.on === kind || fault.on === 'any');
		if (index < 0) return undefined;
		const fault = state.faults[index];
		if (--fault.times <= 0) state.faults.splice(index, 1);
		return fault;
	}

	function rateLimitDelay(now) {
		state.granted = state.granted.filter((time) => time > now - 60_000);
		let wait = 0;
		if (limits.perSecond > 0) {
			const lastSecond = state.granted.filter((time) => time > now - 1_000);
			if (lastSecond.length >= limits.perSecond)
				wait = Math.max(wait, lastSecond[lastSecond.length - limits.perSecond] + 1_000 - now);
		}
		if (limits.perMinute > 0 && state.granted.length >= limits.perMinute)
			wait = Math.max(wait, state.granted[state.granted.length - limits.perMinute] + 60_000 - now);
		return wait;
	}

	function send(res, status, body, headers = {}) {
		const text = typeof body === 'string' ? body : JSON.stringify(body);
		res.writeHead(status, {
			'content-type': 'application/json',
			'content-length': Buffer.byteLength(text),
			...headers,
		});
		res.end(text);
	}

	function problem(res, record, status, title, detail, code, errors = []) {
		record.status = status;
		send(res, status, { status, detail, title, code, errors });
	}

	function jobState(job, now) {
		if (job.outcome === 'never' || now < job.completesAt) return 'Processing';
		return job.outcome === 'failed' ? 'Failed' : 'Processed';
	}

	function jobBody(job, origin, now) {
		const status = jobState(job, now);
		const body = fixtureJson(
			status === 'Failed'
				? 'job/fail_422.json'
				: status === 'Processed'
					? 'job/ok_processed_webhooks_ok.json'
					: 'job/ok_processing.json',
			options.responsesDir,
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

	function resultBody(job) {
		const body = fixtureJson(job.fixture, options.responsesDir);
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

	async function readBody(req) {
		const chunks = [];
		for await (const chunk of req) chunks.push(chunk);
		return Buffer.concat(chunks);
	}

	async function handle(req, res) {
		const now = Date.now();
		const url = new URL(req.url, `http://${req.headers.host}`);
		const origin = `http://${req.headers.host}`;
		const body = await readBody(req);
		const record = {
			time: now,
			method: req.method,
			path: url.pathname,
			query: Object.fromEntries(url.searchParams),
			authorization: req.headers.authorization,
			headers: req.headers,
			bodySize: body.length,
			kind: 'other',
		};
		state.requests.push(record);
		res.on('close', () => {
			record.closedAt = Date.now();
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
						}
					: fields.url
						? { kind: 'url', url: fields.url }
						: undefined;
			} catch {}
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

		const fault = takeFault(record.kind);
		if (fault) {
			record.fault = fault.action.kind ?? fault.action;
			if (applyFault(fault.action, req, res, record)) return;
		}

		const wait = rateLimitDelay(now);
		if (wait > 0) {
			state.rejected429++;
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
				{ 'retry-after': String(Math.max(1, Math.ceil(wait / 1000))) },
			);
		}
		state.granted.push(now);

		if (record.kind === 'search' && req.method === 'GET') {
			const models = fixtureJson('search/models.json', options.responsesDir);
			const name = (url.searchParams.get('name') ?? '').toLowerCase();
			const type = url.searchParams.get('model_type');
			models.models = models.models.filter(
				(model) =>
					(!name || model.name.toLowerCase().includes(name)) &&
					(!type || model.model_type === type),
			);
			models.pagination.total_items = models.models.length;
			record.status = 200;
			return send(res, 200, models);
		}
		if (record.kind === 'enqueue' && req.method === 'POST') {
			const slug = enqueueMatch[1];
			if (!RESULTS[slug])
				return problem(res, record, 404, 'Not found', `No product ${slug}.`, '404-001');
			const fields = record.fields;
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
			const job = {
				id: crypto.randomUUID(),
				inferenceId: crypto.randomUUID(),
				slug,
				modelId: fields.model_id,
				fileName: record.received.fileName ?? record.received.url?.split('/').pop() ?? 'document',
				alias: fields.alias,
				fields,
				fixture: options.results?.[fields.model_id] ?? options.results?.[slug] ?? RESULTS[slug],
				submittedAt,
				completesAt: submittedAt + state.processingMs,
			};
			job.outcome = options.jobOutcome?.(job) ?? 'processed';
			state.jobs.set(job.id, job);
			state.inferences.set(job.inferenceId, job);
			record.jobId = job.id;
			if (record.fault === 'reset-after-accept') return req.socket.destroy();
			record.status = 202;
			// The enqueue answer is always Processing, as Mindee's is, even when the job completes at once.
			return send(res, 202, jobBody(job, origin, submittedAt - 1));
		}
		if (record.kind === 'job' && req.method === 'GET') {
			const job = state.jobs.get(jobMatch[1]);
			if (!job)
				return problem(res, record, 404, 'Job not found', `No job ${jobMatch[1]}.`, '404-002');
			record.jobId = job.id;
			record.jobStatus = jobState(job, now);
			// When a check first saw the job done: the slack after completion, for the benchmark.
			if (record.jobStatus !== 'Processing') job.seenAt ??= now;
			record.status = 200;
			return send(res, 200, jobBody(job, origin, now));
		}
		if (record.kind === 'result' && req.method === 'GET') {
			const id = resultMatch[2] ?? resultMatch[1];
			const job = state.inferences.get(id);
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

	/** Returns true when the fault answered (or deliberately did not answer) the request. */
	function applyFault(action, req, res, record) {
		if (action === 'reset') {
			req.socket.destroy();
			return true;
		}
		if (action === 'reset-after-accept') return false;
		if (action === 'stall-headers') return true;
		if (action === 'stall-body') {
			res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
			res.write('{"job": {');
			return true;
		}
		if (typeof action === 'object') {
			record.status = action.status;
			// `body` and `headers` may be functions of the request record, computed when it arrives.
			const bodyValue = typeof action.body === 'function' ? action.body(record) : action.body;
			const headers =
				typeof action.headers === 'function' ? action.headers(record) : action.headers;
			const text = action.fixture
				? readMindeeV2Fixture(action.fixture)
				: typeof bodyValue === 'string'
					? bodyValue
					: JSON.stringify(bodyValue ?? {});
			res.writeHead(action.status, {
				'content-type': action.contentType ?? 'application/json',
				...headers,
			});
			res.end(text);
			return true;
		}
		return false;
	}

	const listener = await listen(handle, {
		port: options.port,
		host: options.host,
		onConnection: () => state.connections++,
		errorBody: (error) => ({
			status: 500,
			title: 'Server error',
			detail: String(error),
			code: '500-000',
			errors: [],
		}),
	});

	return {
		url: listener.url,
		port: listener.port,
		apiKey,
		requests: state.requests,
		jobs: state.jobs,
		/** Requests of one kind: 'search' | 'enqueue' | 'job' | 'result' | 'other'. */
		requestsOf: (kind) => state.requests.filter((request) => request.kind === kind),
		get rateLimited() {
			return state.rejected429;
		},
		/** How many TCP connections clients opened so far (keep-alive reuses them). */
		get connections() {
			return state.connections;
		},
		setProcessingMs(ms) {
			state.processingMs = ms;
		},
		/**
		 * Makes the next `times` requests of a kind misbehave: 'reset', 'reset-after-accept' (enqueue: create
		 * the job, then close without answering), 'stall-headers', 'stall-body', or
		 * { status, body | fixture, headers }.
		 */
		inject(on, action, times = 1) {
			state.faults.push({ on, action, times });
		},
		close: listener.close,
	};
}

function sha256(data) {
	return crypto.createHash('sha256').update(data).digest('hex');
}

module.exports = { startMindeeV2Server, RESULTS };
