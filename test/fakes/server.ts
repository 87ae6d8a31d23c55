/**
 * What the fake APIs (mindee-server, mindee-v2-server, biros-server) share: serving a handler on 127.0.0.1,
 * reading and recording each request, injected faults, sliding-window rate limits and JSON answers. Each
 * fake keeps only its API's routes, bodies and error shapes.
 */
import crypto from 'node:crypto';
import http from 'node:http';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/**
 * One request as a fake saw it (time, method, path, headers, bodySize, kind), with each fake's own fields
 * (status, upload, job ids...). Loosely typed: tests read the fields their fake sets.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type RequestRecord = Record<string, any>;

/**
 * A canned answer for `inject`: `body` and `headers` may be functions of the request record, computed when
 * it arrives; `fixture` names a recorded body instead (the fakes that read fixtures).
 */
interface CannedAnswer {
	status: number;
	body?: unknown;
	headers?: Record<string, string> | ((record: RequestRecord) => Record<string, string>);
	fixture?: string;
	contentType?: string;
	kind?: string;
}

/** A fault by name ('reset', 'reset-after-accept', 'stall-headers', 'stall-body', ...) or a canned answer. */
type FaultAction = string | CannedAnswer;

interface Fault {
	on: string;
	action: FaultAction;
	times: number;
}

interface Listener {
	port: number;
	url: string;
	close(): Promise<void>;
}

/**
 * Serves `handle` on host:port (0: a free port) for a fake API. A handler that throws answers with
 * `errorBody(error)` as a 500. `close()` also ends kept-alive and stalled connections at once.
 */
async function listen(
	handle: (req: IncomingMessage, res: ServerResponse) => Promise<unknown>,
	{
		port = 0,
		host = '127.0.0.1',
		errorBody,
		onConnection,
	}: {
		port?: number;
		host?: string;
		errorBody: (error: unknown) => unknown;
		onConnection?: (socket: Socket) => void;
	},
): Promise<Listener> {
	const sockets = new Set<Socket>();
	const server = http.createServer((req, res) => {
		handle(req, res).catch((error) => {
			if (res.headersSent) return;
			const text = JSON.stringify(errorBody(error));
			res.writeHead(500, {
				'content-type': 'application/json',
				'content-length': Buffer.byteLength(text),
			});
			res.end(text);
		});
	});
	server.on('connection', (socket) => {
		onConnection?.(socket);
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	await new Promise<void>((resolve) => server.listen(port, host, resolve));
	const address = server.address() as { port: number };
	return {
		port: address.port,
		url: `http://${host}:${address.port}`,
		async close() {
			for (const socket of sockets) socket.destroy();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}

export async function readBody(req: IncomingMessage): Promise<Buffer> {
	const chunks: Buffer[] = [];
	for await (const chunk of req) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks);
}

/** A JSON answer (a string body is sent as is) with its content-length. */
export function send(
	res: ServerResponse,
	status: number,
	body: unknown,
	headers: Record<string, string> = {},
): void {
	const text = typeof body === 'string' ? body : JSON.stringify(body);
	res.writeHead(status, {
		'content-type': 'application/json',
		'content-length': Buffer.byteLength(text),
		...headers,
	});
	res.end(text);
}

export function sha256(data: Buffer | string): string {
	return crypto.createHash('sha256').update(data).digest('hex');
}

export function isoWithoutZone(ms: number): string {
	return new Date(ms).toISOString().replace('Z', '');
}

/** Faults waiting for requests of a kind ('any': the next request of whatever kind). */
function faultQueue() {
	const faults: Fault[] = [];
	return {
		/** `action` is a name or a canned answer (typed loosely: tests build answers as plain objects). */
		inject(on: string, action: string | object, times = 1): void {
			faults.push({ on, action: action as FaultAction, times });
		},
		take(kind: string): Fault | undefined {
			const index = faults.findIndex((fault) => fault.on === kind || fault.on === 'any');
			if (index < 0) return undefined;
			const fault = faults[index];
			if (--fault.times <= 0) faults.splice(index, 1);
			return fault;
		},
	};
}

export interface Limits {
	perSecond?: number;
	perMinute?: number;
}

/** Sliding-window limits like the real APIs' published defaults: how long a request must wait (0: none). */
export function rateWindow(options: Limits = {}) {
	const limits = { perSecond: 0, perMinute: 0, ...options };
	let granted: number[] = [];
	let rejected = 0;
	return {
		/** The wait in ms before `now` is within the limits; counts a rejection when there is one. */
		delay(now: number): number {
			granted = granted.filter((time) => time > now - 60_000);
			let wait = 0;
			if (limits.perSecond > 0) {
				const lastSecond = granted.filter((time) => time > now - 1_000);
				if (lastSecond.length >= limits.perSecond)
					wait = Math.max(wait, lastSecond[lastSecond.length - limits.perSecond] + 1_000 - now);
			}
			if (limits.perMinute > 0 && granted.length >= limits.perMinute)
				wait = Math.max(wait, granted[granted.length - limits.perMinute] + 60_000 - now);
			if (wait > 0) rejected++;
			else granted.push(now);
			return wait;
		},
		get rejected() {
			return rejected;
		},
	};
}

/** The Retry-After header for a wait in ms (whole seconds, at least 1). */
export function retryAfter(waitMs: number): Record<string, string> {
	return { 'retry-after': String(Math.max(1, Math.ceil(waitMs / 1000))) };
}

/**
 * The faults every fake knows. Returns true when the fault answered (or deliberately did not answer) the
 * request; false for the actions the fake itself carries out later ('reset-after-accept' and its own).
 *   'reset': close the socket without answering; 'stall-headers': never answer; 'stall-body': headers
 *   announcing 1000 bytes, then `stallBodyStart` and nothing more; 'trickle-body': headers, then a byte
 *   every 100 ms forever; a canned answer.
 */
export function applyFault(
	action: FaultAction,
	req: IncomingMessage,
	res: ServerResponse,
	record: RequestRecord,
	{
		stallBodyStart,
		readFixture,
	}: { stallBodyStart: string; readFixture?: (relative: string) => string },
): boolean {
	if (action === 'reset') {
		req.socket.destroy();
		return true;
	}
	if (action === 'stall-headers') return true;
	if (action === 'stall-body') {
		res.writeHead(200, { 'content-type': 'application/json', 'content-length': '1000' });
		res.write(stallBodyStart);
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
		const bodyValue = typeof action.body === 'function' ? action.body(record) : action.body;
		const headers = typeof action.headers === 'function' ? action.headers(record) : action.headers;
		const text =
			action.fixture && readFixture
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
	return false;
}

/**
 * What every fake keeps and offers: the requests it saw, its faults, its rate window, its TCP connections
 * and its processing time; `controls()` builds the object a test gets, with the fake's own additions.
 */
export function fakeCore(options: { processingMs?: number; limits?: Limits } = {}) {
	const requests: RequestRecord[] = [];
	const faults = faultQueue();
	const rate = rateWindow(options.limits);
	const core = {
		requests,
		faults,
		rate,
		/** TCP connections accepted: shows keep-alive reuse */
		connections: 0,
		processingMs: options.processingMs ?? 0,
		/**
		 * Records a request that arrived at `time`: method, path, headers, body size, kind 'other' (until the
		 * fake knows better), `extra`, and `closedAt` once the exchange ended (answered, or the socket closed
		 * by either side: shows aborted requests).
		 */
		record(
			req: IncomingMessage,
			res: ServerResponse,
			url: URL,
			body: Buffer,
			time: number,
			extra: RequestRecord,
		): RequestRecord {
			const record: RequestRecord = {
				time,
				method: req.method,
				path: url.pathname,
				headers: req.headers as IncomingHttpHeaders,
				bodySize: body.length,
				kind: 'other',
				...extra,
			};
			requests.push(record);
			res.on('close', () => {
				record.closedAt = Date.now();
			});
			return record;
		},
		/** Serves `handle` (see listen), counting connections. */
		async listen(
			handle: (req: IncomingMessage, res: ServerResponse) => Promise<unknown>,
			listenOptions: { port?: number; host?: string; errorBody: (error: unknown) => unknown },
		) {
			return await listen(handle, {
				...listenOptions,
				onConnection: () => core.connections++,
			});
		},
		/** The object a test gets: the common controls, then the fake's own `extra` fields and methods. */
		controls<Extra extends object>(listener: Listener, apiKey: string, extra: Extra) {
			const controls = {
				url: listener.url,
				port: listener.port,
				apiKey,
				requests,
				/** Requests of one kind (each fake names its kinds). */
				requestsOf: (kind: string) => requests.filter((request) => request.kind === kind),
				/** How many 429 answers the limits caused. */
				get rateLimited() {
					return rate.rejected;
				},
				/** How many TCP connections clients opened so far (keep-alive reuses them). */
				get connections() {
					return core.connections;
				},
				/** Processing time of documents submitted from now on. */
				setProcessingMs(ms: number) {
					core.processingMs = ms;
				},
				/**
				 * Makes the next `times` requests of a kind (or 'any') misbehave: a fault named in applyFault, one the
				 * fake carries out itself, or a canned answer.
				 */
				inject(on: string, action: string | object, times = 1) {
					faults.inject(on, action, times);
				},
				close: listener.close,
			};
			return Object.assign(controls, extra);
		},
	};
	return core;
}

/** What a fault is recorded as: its name, or a canned answer's `key` field (else the answer itself). */
export function faultLabel(action: FaultAction, key: 'kind' | 'status'): unknown {
	return typeof action === 'object' ? (action[key] ?? action) : action;
}
