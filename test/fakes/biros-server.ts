/**
 * A fake Biros API on 127.0.0.1, following the "Inference Sync" reference page: x-api-key check, multipart
 * upload with its required form fields validated (422 with a FastAPI-style `detail` list), 404 for an unknown
 * service, and the full result. Also the v1 asynchronous pair (submit → `{ job, resource }`; predicted-documents
 * answering 202 until the document is ready, then 200), a /files route serving downloads for URL inputs
 * (including oversized and endless bodies), and injectable faults. Result bodies come from test/fakes/biros.
 * Used by the tests, the `npm start` sandbox and the benchmark.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';

import { birosFixturesDir } from './fixtures';
import type { MultipartFile } from './multipart';
import { parseMultipart } from './multipart';
import { applyFault, fakeCore, faultLabel, readBody, send, sha256 } from './server';

/** Services the fake knows: id → fixture file in test/fakes/biros (or a body object). */
const SERVICES: Record<string, string | object> = {
	'svc-health-card': 'health_card.json',
	'svc-invoices': 'invoice_multipage.json',
};

const PUSH_VALUES = ['never', 'always', 'only_review'];
const BOOLEAN_VALUES = ['true', 'false', '1', '0'];

const PREDICT_PATH = /^\/api\/inference\/service\/([^/]+)\/async-predict$/;
const SUBMIT_PATH = /^\/api\/v1\/inference\/service\/([^/]+)\/async-predict$/;
const RESULT_PATH = /^\/api\/v1\/inference\/service\/([^/]+)\/predicted-documents\/([^/]+)$/;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function readBirosFixture(name: string): any {
	return JSON.parse(fs.readFileSync(path.join(birosFixturesDir, name), 'utf8'));
}

/** A small valid PDF with `pages` page objects, for downloads. */
function pdfBytes(pages = 1): Buffer {
	const objects = Array.from(
		{ length: pages },
		(_, index) => `${index + 3} 0 obj << /Type /Page /Parent 2 0 R >> endobj\n`,
	).join('');
	const kids = Array.from({ length: pages }, (_, index) => `${index + 3} 0 R`).join(' ');
	return Buffer.from(
		`%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [${kids}] /Count ${pages} >> endobj\n${objects}trailer << /Root 1 0 R >>\n%%EOF\n`,
		'latin1',
	);
}

interface BirosUpload {
	fileName: string;
	contentType: string | undefined;
	size: number;
	sha256: string;
	fields: Record<string, string>;
}

interface BirosRequest {
	time: number;
	method: string;
	path: string;
	headers: IncomingHttpHeaders;
	/** the x-api-key header */
	apiKey: string | undefined;
	bodySize: number;
	kind: 'predict' | 'submit' | 'result' | 'download' | 'other';
	status?: number;
	fault?: string | number;
	serviceId?: string;
	upload?: BirosUpload;
	/** an upload that reached the server, whatever it answered (faults included) */
	received?: BirosUpload;
	/** submit: the document created */
	documentId?: string;
	/** submit: the job id answered */
	job?: string;
}

interface Problem {
	loc: string[];
	msg: string;
	type: string;
}

interface BirosServerOptions {
	port?: number;
	host?: string;
	/** the only key accepted */
	apiKey?: string;
	/** asynchronous API: time from submit to ready */
	processingMs?: number;
	/** extra services: id → fixture name or body */
	services?: Record<string, string | object>;
	/** what the submit answer's `resource` holds (default: the result path) */
	resourceAs?: 'path' | 'id';
}

export async function startBirosServer(options: BirosServerOptions = {}) {
	const apiKey = options.apiKey ?? 'test-biros-key';
	const services = { ...SERVICES, ...options.services };
	const fake = fakeCore(options);
	const state = {
		/** document id → submitted document */
		documents: new Map<
			string,
			{ serviceId: string; job: string; readyAt: number; body: unknown }
		>(),
		/** /files/<name> → { data, headers } */
		files: new Map<string, { data: Buffer; headers: Record<string, string> }>([
			['invoice.pdf', { data: pdfBytes(3), headers: { 'content-type': 'application/pdf' } }],
			[
				'scan',
				{
					data: pdfBytes(1),
					headers: {
						'content-type': 'application/octet-stream',
						'content-disposition': 'attachment; filename="scan-0042.pdf"',
					},
				},
			],
			[
				'notes.txt',
				{ data: Buffer.from('not a document\n'), headers: { 'content-type': 'text/plain' } },
			],
		]),
	};

	function serviceBody(serviceId: string) {
		const source = services[serviceId];
		if (source === undefined) return undefined;
		const body = typeof source === 'string' ? readBirosFixture(source) : structuredClone(source);
		body.service = serviceId;
		return body;
	}

	/** The form of the reference page, validated like the API does: every problem listed in `detail`. */
	function readUpload(
		req: IncomingMessage,
		body: Buffer,
	): { upload: BirosUpload; problems?: undefined } | { upload?: undefined; problems: Problem[] } {
		const type = req.headers['content-type'] ?? '';
		const problems: Problem[] = [];
		let form: { fields: Record<string, string>; files: Record<string, MultipartFile> } = {
			fields: {},
			files: {},
		};
		if (!type.startsWith('multipart/form-data')) {
			problems.push({ loc: ['body'], msg: 'multipart/form-data expected', type: 'value_error' });
		} else {
			try {
				form = parseMultipart(body, type);
			} catch (error) {
				problems.push({
					loc: ['body'],
					msg: `malformed multipart body: ${error.message}`,
					type: 'value_error',
				});
			}
		}
		const { fields, files } = form;
		if (problems.length === 0) {
			if (!files.file)
				problems.push({
					loc: ['body', 'file'],
					msg: 'field required',
					type: 'value_error.missing',
				});
			else if (files.file.data.length === 0)
				problems.push({ loc: ['body', 'file'], msg: 'empty file', type: 'value_error' });
			const push = fields.push_result_on_platform;
			if (push === undefined)
				problems.push({
					loc: ['body', 'push_result_on_platform'],
					msg: 'field required',
					type: 'value_error.missing',
				});
			else if (!PUSH_VALUES.includes(push)) {
				problems.push({
					loc: ['body', 'push_result_on_platform'],
					msg: `value is not a valid enumeration member; permitted: ${PUSH_VALUES.map((value) => `'${value}'`).join(', ')}`,
					type: 'type_error.enum',
				});
			}
			const validation = fields.include_validation_errors;
			if (validation !== undefined && !BOOLEAN_VALUES.includes(validation)) {
				problems.push({
					loc: ['body', 'include_validation_errors'],
					msg: 'value could not be parsed to a boolean',
					type: 'type_error.bool',
				});
			}
		}
		if (problems.length > 0) return { problems };
		const file = files.file;
		return {
			upload: {
				fileName: file.fileName,
				contentType: file.contentType,
				size: file.data.length,
				sha256: sha256(file.data),
				fields,
			},
		};
	}

	/** The result for an upload: the service's body with the document's own name and type. */
	function resultBody(serviceId: string, upload: BirosUpload) {
		const body = serviceBody(serviceId);
		body.document = {
			...body.document,
			original_name: upload.fileName,
			content_type: upload.contentType,
		};
		// Violations are only reported when asked for (include_validation_errors).
		if (!['true', '1'].includes(upload.fields.include_validation_errors)) {
			for (const page of body.document_pages) page.policy_violations = [];
		}
		return body;
	}

	async function handle(req: IncomingMessage, res: ServerResponse) {
		const now = Date.now();
		const url = new URL(req.url ?? '/', `http://${req.headers.host}`);
		const body = await readBody(req);
		const record = fake.record(req, res, url, body, now, {
			apiKey: req.headers['x-api-key'],
		}) as BirosRequest;

		if (url.pathname.startsWith('/files/')) {
			record.kind = 'download';
			const fault = fake.faults.take('download');
			if (fault && applyFault(fault.action, req, res, record, { stallBodyStart: '{"service": "' }))
				return;
			return serveFile(url, res, record);
		}

		const predict = PREDICT_PATH.exec(url.pathname);
		const submit = SUBMIT_PATH.exec(url.pathname);
		const result = RESULT_PATH.exec(url.pathname);
		if (predict && req.method === 'POST') record.kind = 'predict';
		else if (submit && req.method === 'POST') record.kind = 'submit';
		else if (result && req.method === 'GET') record.kind = 'result';

		if (!req.headers['x-api-key'] || req.headers['x-api-key'] !== apiKey) {
			record.status = 401;
			return send(res, 401, {
				detail: req.headers['x-api-key'] ? 'Invalid API key' : 'Missing API key',
			});
		}

		// What reached the API, whatever it answers (even a fault): counts double submissions.
		if (record.kind === 'submit' || record.kind === 'predict') {
			record.received = readUpload(req, body).upload;
		}

		const fault = fake.faults.take(record.kind);
		if (fault) {
			record.fault = faultLabel(fault.action, 'status') as BirosRequest['fault'];
			if (applyFault(fault.action, req, res, record, { stallBodyStart: '{"service": "' })) return;
		}

		const matched = predict ?? submit ?? result;
		if (record.kind === 'other' || !matched) {
			record.status = 404;
			return send(res, 404, { detail: 'Not Found' });
		}
		const serviceId = decodeURIComponent(matched[1]);
		record.serviceId = serviceId;
		if (!services[serviceId]) {
			record.status = 404;
			return send(res, 404, { detail: `Service ${serviceId} not found` });
		}

		if (record.kind === 'result') {
			const documentId = decodeURIComponent(matched[2]);
			const document = state.documents.get(documentId);
			if (!document || document.serviceId !== serviceId) {
				record.status = 404;
				return send(res, 404, { detail: `Predicted document ${documentId} not found` });
			}
			if (now < document.readyAt) {
				record.status = 202;
				return send(res, 202, { status: 'processing' });
			}
			record.status = 200;
			return send(res, 200, document.body);
		}

		const { upload, problems } = readUpload(req, body);
		if (problems) {
			record.status = 422;
			return send(res, 422, { detail: problems });
		}
		record.upload = upload;
		if (record.kind === 'predict') {
			if (record.fault === 'reset-after-accept') return req.socket.destroy();
			record.status = 200;
			return send(res, 200, resultBody(serviceId, upload));
		}
		const documentId = crypto.randomUUID();
		const job = crypto.randomUUID();
		state.documents.set(documentId, {
			serviceId,
			job,
			readyAt: now + fake.processingMs,
			body: resultBody(serviceId, upload),
		});
		record.documentId = documentId;
		record.job = job;
		if (record.fault === 'reset-after-accept') return req.socket.destroy();
		record.status = 200;
		const resource =
			options.resourceAs === 'id'
				? documentId
				: `/api/v1/inference/service/${encodeURIComponent(serviceId)}/predicted-documents/${documentId}`;
		return send(res, 200, { job, resource });
	}

	/**
	 * /files/<name>: a registered file. /files/endless: a body that never ends. /files/huge: declares 2 GB.
	 * /files/redirect?to=<url>: 302 there. /files/status/<code>: that status.
	 */
	function serveFile(url: URL, res: ServerResponse, record: BirosRequest) {
		const name = decodeURIComponent(url.pathname.slice('/files/'.length));
		if (name === 'endless' || name === 'huge') {
			record.status = 200;
			res.writeHead(200, {
				'content-type': 'application/pdf',
				...(name === 'huge' ? { 'content-length': String(2_000_000_000) } : {}),
			});
			return streamForever(res);
		}
		if (name === 'redirect') {
			record.status = 302;
			res.writeHead(302, { location: url.searchParams.get('to') ?? '/' });
			return res.end();
		}
		const status = /^status\/(\d{3})$/.exec(name);
		if (status) {
			record.status = Number(status[1]);
			return send(res, record.status, { detail: 'as asked' });
		}
		const file = state.files.get(name);
		if (!file) {
			record.status = 404;
			return send(res, 404, { detail: 'no such file' });
		}
		record.status = 200;
		res.writeHead(200, { 'content-length': file.data.length, ...file.headers });
		res.end(file.data);
	}

	/** Writes PDF-looking bytes until the client goes away, respecting backpressure. */
	function streamForever(res: ServerResponse) {
		const chunk = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(64 * 1024 - 9, 0x20)]);
		const pump = () => {
			while (!res.destroyed && res.write(chunk));
		};
		res.on('drain', pump);
		pump();
	}

	const listener = await fake.listen(handle, {
		port: options.port,
		host: options.host,
		errorBody: (error) => ({ detail: String(error) }),
	});

	/**
	 * Faults (inject), for kinds 'predict' | 'submit' | 'result' | 'download' | 'any': 'reset' (close the
	 * socket without answering), 'reset-after-accept' (upload: accept the document, then close without
	 * answering), 'stall-headers', 'stall-body', or { status, body, headers, contentType } for a canned answer.
	 */
	return fake.controls(listener, apiKey, {
		requests: fake.requests as BirosRequest[],
		/** Requests of one kind: 'predict' | 'submit' | 'result' | 'download' | 'other'. */
		requestsOf: (kind: BirosRequest['kind']) =>
			(fake.requests as BirosRequest[]).filter((request) => request.kind === kind),
		/** The URL of a /files route, e.g. fileUrl('invoice.pdf'), fileUrl('endless'). */
		fileUrl: (name: string) => `${listener.url}/files/${name}`,
		/** Serves `data` at /files/<name>. */
		addFile(
			name: string,
			data: Buffer,
			headers: Record<string, string> = { 'content-type': 'application/octet-stream' },
		) {
			state.files.set(name, { data, headers });
		},
		/** Makes every submitted document ready now. */
		finishAll() {
			for (const document of state.documents.values()) document.readyAt = 0;
		},
	});
}
