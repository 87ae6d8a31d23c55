'use strict';
/**
 * A fake Mindee v1 API on 127.0.0.1 that answers with the real response bodies in shared/fixtures/mindee:
 * token check, multipart and JSON uploads, predict_async → queue (200 waiting/processing, then 302 to the
 * document) → document, synchronous predict, per-second/per-minute rate limits (429 + Retry-After), and
 * injectable faults. Plain CommonJS so that tests, `npm start` and the benchmark can all use it.
 */
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const { readMindeeFixture } = require('./fixtures');
const { listen } = require('./listen');
const { parseMultipart } = require('./multipart');

/** Off-the-shelf products: the modes Mindee serves them in, and the recorded body served for them. */
const PRODUCTS = {
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
const CUSTOM_PRODUCT = {
	modes: ['async', 'sync'],
	fixture: 'products/custom/response_v1/complete.json',
};

const PRODUCT_PATH =
	/^\/v1\/products\/([^/]+)\/([^/]+)\/v([^/]+)\/(predict_async|predict|documents\/queue\/([^/]+)|documents\/([^/]+))$/;
const WORKFLOW_PATH = /^\/v1\/workflows\/([^/]+)\/predict_async$/;

function nowIso(ms) {
	return new Date(ms).toISOString().replace('Z', '');
}

/**
 * @param {object} [options]
 * @param {number} [options.port]
 * @param {string} [options.host]
 * @param {string} [options.apiKey] the only token accepted
 * @param {number} [options.processingMs] time from submit to completed
 * @param {{perSecond?: number, perMinute?: number}} [options.limits] 0/absent: unlimited
 * @param {Record<string, string | {fixture: string, modes?: string[]}>} [options.products] "account/name/version" → fixture (relative to shared/fixtures/mindee, or an absolute path to a project-written body)
 * @param {(job: Record<string, any>) => string} [options.jobOutcome]
 * @param {boolean} [options.syncProcessing] synchronous predict also takes processingMs before answering (as the real API does)
 * @param {string} [options.responsesDir] answer from this folder (same layout as shared/fixtures/mindee) instead of
 *   the recorded responses; products without a response there answer 404 (the `npm start` sandbox)
 */
async function startMindeeServer(options = {}) {
	const responsePath = (relative) =>
		path.isAbsolute(relative) ? relative : path.join(options.responsesDir, relative);
	const readFixture = (relative) =>
		options.responsesDir
			? fs.readFileSync(responsePath(relative), 'utf8')
			: readMindeeFixture(relative);
	const fixtureJson = (relative) => JSON.parse(readFixture(relative));
	const hasFixture = (relative) => !options.responsesDir || fs.existsSync(responsePath(relative));
	const apiKey = options.apiKey ?? 'test-mindee-key';
	const limits = { perSecond: 0, perMinute: 0, ...options.limits };
	const state = {
		/** every request, in arrival order @type {Array<Record<string, any>>} */
		requests: [],
		/** job id → job @type {Map<string, Record<string, any>>} */
		jobs: new Map(),
		/** document id → job @type {Map<string, Record<string, any>>} */
		documents: new Map(),
		/** @type {Array<{on: string, action: any, times: number}>} */
		faults: [],
		/** @type {number[]} */
		granted: [],
		rejected429: 0,
		/** TCP connections accepted: shows keep-alive reuse */
		connections: 0,
		processingMs: options.processingMs ?? 0,
	};

	function productFor(account, name, version) {
		const key = `${account}/${name}/${version}`;
		const override = options.products?.[key];
		if (override)
			return typeof override === 'string'
				? { modes: ['async', 'sync'], fixture: override }
				: { modes: ['async', 'sync'], ...override };
		if (account !== 'mindee') return CUSTOM_PRODUCT;
		return PRODUCTS[key];
	}

	function takeFault(kind) {
		const index = state.faults.findIndex((fault) => fault.on === kind || fault.on === 'any');
		if (index < 0) return undefined;
		const fault = state.faults[index];
		if (--fault.times <= 0) state.faults.splice(index, 1);
		return fault;
	}

	/** Sliding-window limits like the real API's published defaults; answers 429 with Retry-After when over. */
	function rateLimitDelay(now) {
		state.granted = state.granted.filter((time) => time > now - 60_000);
		let wait = 0;
		if (limits.perSecond > 0) {
			const lastSecond = state.granted.filter((time) => time > now - 1_000);
			if (lastSecond.length >= limits.perSecond)
				wait = Math.max(wait, lastSecond[lastSecond.length - limits.perSecond] + 1_000 - now);
		}
		if (limits.perMinute > 0 && state.granted.length >= limits.perMinute) {
			wait = Math.max(wait, state.granted[state.granted.length - limits.perMinute] + 60_000 - now);
		}
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

	function sendError(res, status, fixture, requestUrl) {
		const body = fixtureJson(fixture);
		if (body.api_request) body.api_request.url = requestUrl;
		send(res, status, body);
	}

	function jobState(job, now) {
		if (job.outcome === 'never')
			return now - job.submittedAt < state.processingMs / 3 ? 'waiting' : 'processing';
		if (now >= job.completesAt) return job.outcome;
		return now - job.submittedAt < state.processingMs / 3 ? 'waiting' : 'processing';
	}

	function jobBody(job, status) {
		return {
			issued_at: nowIso(job.submittedAt),
			available_at: status === 'completed' || status === 'failed' ? nowIso(job.completesAt) : null,
			id: job.id,
			status,
			error: {},
		};
	}

	function documentBody(job, requestUrl) {
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

	async function readBody(req) {
		const chunks = [];
		for await (const chunk of req) chunks.push(chunk);
		return Buffer.concat(chunks);
	}

	/** The uploaded document, from a multipart `document` file or a JSON `document` (URL or base64). */
	function readUpload(req, body) {
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

	async function handle(req, res) {
		const now = Date.now();
		const url = new URL(req.url, `http://${req.headers.host}`);
		const body = await readBody(req);
		const record = {
			time: now,
			method: req.method,
			host: req.headers.host,
			path: url.pathname,
			query: Object.fromEntries(url.searchParams),
			authorization: req.headers.authorization,
			headers: req.headers,
			bodySize: body.length,
			kind: 'other',
		};
		state.requests.push(record);
		// When the exchange ended (answered, or the socket closed by either side): shows aborted requests.
		res.on('close', () => {
			record.closedAt = Date.now();
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
			} catch {}
		}

		const fault = takeFault(record.kind);
		if (fault) {
			record.fault = fault.action.kind ?? fault.action;
			if (applyFault(fault.action, req, res, record, body)) return;
		}

		const wait = rateLimitDelay(now);
		if (wait > 0) {
			state.rejected429++;
			record.status = 429;
			const bodyJson = fixtureJson('errors/error_429_too_many_requests.json');
			return send(res, 429, bodyJson, {
				'retry-after': String(Math.max(1, Math.ceil(wait / 1000))),
			});
		}
		state.granted.push(now);

		if (workflowMatch && req.method === 'POST')
			return submit(req, res, record, body, { workflowId: workflowMatch[1] }, requestUrl);
		if (!productMatch) {
			record.status = 404;
			return send(res, 404, {
				api_request: {
					error: {
						code: 'NotFound',
						message: 'Not found',
						details: `No route for ${url.pathname}`,
					},
					status: 'failure',
					status_code: 404,
					url: requestUrl,
				},
			});
		}
		const [, account, name, version, action, queueJobId, documentId] = productMatch;
		const product = productFor(account, name, version);
		if (product && !hasFixture(product.fixture)) {
			record.status = 404;
			return send(res, 404, {
				api_request: {
					error: {
						code: 'NotFound',
						message: 'Not in the sandbox',
						details: `The local sandbox has no response for ${account}/${name} v${version}; set MINDEE_API_KEY to use the real API`,
					},
					status: 'failure',
					status_code: 404,
					url: requestUrl,
				},
			});
		}
		if (!product) {
			record.status = 404;
			return send(res, 404, {
				api_request: {
					error: {
						code: 'NotFound',
						message: 'Product not found',
						details: `${account}/${name} v${version} does not exist`,
					},
					status: 'failure',
					status_code: 404,
					url: requestUrl,
				},
			});
		}

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
			if (options.syncProcessing && state.processingMs > 0)
				await new Promise((resolve) => setTimeout(resolve, state.processingMs));
			const job = {
				id: crypto.randomUUID(),
				documentId: crypto.randomUUID(),
				fixture: product.fixture,
				fileName: upload.fileName,
				mode: 'sync',
			};
			state.documents.set(job.documentId, job);
			record.status = 201;
			return send(res, 201, documentBody(job, requestUrl));
		}
		if (req.method === 'GET' && queueJobId) {
			const job = state.jobs.get(queueJobId);
			if (!job) {
				record.status = 404;
				return send(res, 404, {
					api_request: {
						error: { code: 'NotFound', message: 'Job not found', details: `No job ${queueJobId}` },
						status: 'failure',
						status_code: 404,
						url: requestUrl,
					},
				});
			}
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
					issued_at: nowIso(job.submittedAt),
					available_at: nowIso(job.completesAt),
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
			const job = state.documents.get(documentId);
			if (!job || (job.mode === 'async' && jobState(job, now) !== 'completed')) {
				record.status = 404;
				return send(res, 404, {
					api_request: {
						error: {
							code: 'NotFound',
							message: 'Document not found',
							details: `No document ${documentId}`,
						},
						status: 'failure',
						status_code: 404,
						url: requestUrl,
					},
				});
			}
			job.fixture ??= product.fixture;
			record.status = 200;
			return send(res, 200, documentBody(job, requestUrl));
		}
		record.status = 405;
		return send(res, 405, {
			api_request: {
				error: { code: 'MethodNotAllowed', message: 'Method not allowed', details: req.method },
				status: 'failure',
				status_code: 405,
				url: requestUrl,
			},
		});
	}

	/** The upload, recorded; or, for a body Mindee could not read, its 400 answer and undefined. */
	function acceptUpload(req, res, record, body, requestUrl) {
		try {
			record.upload = readUpload(req, body);
			return record.upload;
		} catch {
			record.status = 400;
			sendError(res, 400, 'errors/error_400_with_object_in_detail.json', requestUrl);
			return undefined;
		}
	}

	function submit(req, res, record, body, target, requestUrl) {
		const upload = acceptUpload(req, res, record, body, requestUrl);
		if (!upload) return;
		const submittedAt = Date.now();
		const job = {
			id: crypto.randomUUID(),
			documentId: crypto.randomUUID(),
			fixture: target.product?.fixture,
			productPath: target.productPath,
			workflowId: target.workflowId,
			fileName: upload.fileName,
			upload,
			submittedAt,
			completesAt: submittedAt + state.processingMs,
			mode: 'async',
		};
		job.outcome = options.jobOutcome?.(job) ?? 'completed';
		state.jobs.set(job.id, job);
		state.documents.set(job.documentId, job);
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

	/** Returns true when the fault answered (or deliberately did not answer) the request. */
	function applyFault(action, req, res, record, body) {
		if (action === 'reset') {
			req.socket.destroy();
			return true;
		}
		if (action === 'reset-after-accept' || action === 'redirect-elsewhere') return false;
		if (action === 'stall-headers') return true;
		if (action === 'stall-body') {
			res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
			res.write('{"api_request": {');
			return true;
		}
		if (action === 'trickle-body') {
			// Headers at once, then one byte every 100 ms, never finishing: no single gap is long.
			res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100000' });
			res.write('{');
			const timer = setInterval(() => res.write(' '), 100);
			res.on('close', () => clearInterval(timer));
			return true;
		}
		if (typeof action === 'object') {
			record.status = action.status;
			// `body` and `headers` may be functions of the request record, computed when it arrives.
			const bodyValue = typeof action.body === 'function' ? action.body(record) : action.body;
			const headers =
				typeof action.headers === 'function' ? action.headers(record) : action.headers;
			const text = action.fixture
				? readFixture(action.fixture)
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
		void body;
		return false;
	}

	const listener = await listen(handle, {
		port: options.port,
		host: options.host,
		errorBody: (error) => ({ error: String(error) }),
		onConnection: () => state.connections++,
	});
	const { port } = listener;

	return {
		url: listener.url,
		port,
		apiKey,
		requests: state.requests,
		jobs: state.jobs,
		/** Requests of one kind: 'submit' | 'queue' | 'document' | 'predict' | 'other'. */
		requestsOf: (kind) => state.requests.filter((request) => request.kind === kind),
		/** How many 429 answers the limits caused. */
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
		 * Makes the next `times` requests of a kind misbehave. `action`: 'reset' (close the socket without
		 * answering), 'reset-after-accept' (submit: create the job, then close without answering), 'stall-headers',
		 * 'stall-body', 'trickle-body' (headers, then a byte every 100 ms forever), 'redirect-elsewhere'
		 * (queue: 302 to another host), or { status, body | fixture, headers, contentType } for a canned
		 * answer (`body` and `headers` may be functions of the request record, called when it arrives).
		 * Submit and predict records carry `received` (the upload that reached the server, faults included, with
		 * `fields`: the other form fields, or the other keys of a JSON upload).
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

module.exports = { startMindeeServer, PRODUCTS };
