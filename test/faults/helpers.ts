/**
 * Shared checks of the fault-injection suite: what every batch must guarantee whatever went wrong.
 *
 * - N input items give exactly N output items, in input order, each with its pairedItem, each either
 *   an error item or a document with valid data (no `undefined` anywhere).
 * - The fake API never received a document twice unless it provably refused the earlier copy (429/503).
 * - No secret (API key, webhook signing secret) appears in any item, error, error description, error
 *   details, or in anything logged (console, stdout/stderr, n8n's logger) while the suite ran.
 */
import { LoggerProxy } from 'n8n-workflow';
import type { INodeExecutionData } from 'n8n-workflow';

import type { RunResult } from '../harness/engine';
import { useFilesystemBinaryData } from '../harness/engine';
import { pdfItem, samplePdf } from '../harness/files';
import type { FakeMindee } from '../mindee/setup';
import { mindeeCredentials, runMindee, startMindeeServer } from '../mindee/setup';

/** A key distinctive enough that finding it anywhere cannot be a coincidence. */
export const API_KEY = 'fi-key-3b9d7e51c2a04f68';
export const WEBHOOK_SECRET = 'fi-whsec-8c0e2f4a6b1d3957';
export const SECRETS = [API_KEY, WEBHOOK_SECRET];

export async function startServer(
	options: Parameters<typeof startMindeeServer>[0] = {},
): Promise<FakeMindee> {
	return await startMindeeServer({ apiKey: API_KEY, ...options });
}

export function credentialsFor(server: FakeMindee | { url: string }) {
	const credentials = mindeeCredentials(server as FakeMindee, API_KEY);
	credentials.docparseMindeeApi.webhookSecret = WEBHOOK_SECRET;
	return credentials;
}

/** Runs the Mindee node with the suite's credentials; Continue On Fail unless said otherwise. */
export async function run(
	server: FakeMindee | { url: string },
	parameters: Parameters<typeof runMindee>[1],
	extra: Parameters<typeof runMindee>[2] = {},
): Promise<RunResult> {
	const result = await runMindee(server as FakeMindee, parameters, {
		continueOnFail: true,
		credentials: credentialsFor(server),
		...extra,
	});
	return remember(result);
}

/** Keeps a run for the end-of-file search for secrets. */
export function remember(result: RunResult): RunResult {
	captured.push(serialize(result.run));
	return result;
}

/** N PDFs whose bytes differ, so the server log tells which document each request carried. */
export function documents(count: number, prefix = 'invoice') {
	return Array.from({ length: count }, (_, index) =>
		pdfItem(`${prefix}-${index}.pdf`, samplePdf(1, 400 + index)),
	);
}

export const sleep = async (ms: number) => await new Promise((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------------------------------------------
// What the user sees

export function isErrorItem(item: INodeExecutionData) {
	return typeof item.json.error === 'string';
}

/**
 * N in → N out, in order, each with its pairedItem; each either an error item (message, no undefined)
 * or a document with the fields every simplified document has.
 */
export function expectOnePerInput(
	items: INodeExecutionData[],
	count: number,
	valid: Record<string, unknown> = DOCUMENT_FIELDS,
) {
	expect(items).toHaveLength(count);
	items.forEach((item, index) => {
		expect(item.pairedItem).toEqual({ item: index });
		expect(findUndefined(item.json)).toEqual([]);
		if (isErrorItem(item)) {
			expect(item.json.error).toMatch(new RegExp(`\\(item ${index + 1}[,)]`));
			expect(item.json.error).not.toMatch(/undefined|\[object Object\]/);
			if (item.json.error_description !== undefined)
				expect(item.json.error_description).not.toMatch(/undefined|\[object Object\]/);
		} else {
			expect(item.json).toEqual(expect.objectContaining(valid));
		}
	});
}

/** What every simplified document item has. */
export const DOCUMENT_FIELDS = {
	_document_id: expect.any(String),
	_filename: expect.any(String),
	_page_count: expect.any(Number),
	_product: expect.any(String),
};

/** What every Submit Document item has. */
export const JOB_FIELDS = {
	job_id: expect.any(String),
	status: expect.stringMatching(/^(waiting|processing)$/),
};

/** Paths of every `undefined` (and NaN, which JSON turns into null) in a value. */
export function findUndefined(value: unknown, path = '$', found: string[] = []): string[] {
	if (value === undefined || (typeof value === 'number' && Number.isNaN(value))) found.push(path);
	else if (Array.isArray(value))
		value.forEach((entry, index) => findUndefined(entry, `${path}[${index}]`, found));
	else if (value && typeof value === 'object')
		for (const [key, entry] of Object.entries(value)) findUndefined(entry, `${path}.${key}`, found);
	return found;
}

// ---------------------------------------------------------------------------------------------------
// What the API saw

/** Uploads (V2: enqueues) the API may have processed: all but those it answered 429 or 503. */
export function possiblyProcessed(server: FakeMindee) {
	return server.requests.filter(
		(request) =>
			['submit', 'predict', 'enqueue'].includes(request.kind) &&
			request.status !== 429 &&
			request.status !== 503,
	);
}

/** No document reached the API twice except where it provably refused the earlier copy. */
export function expectNoDoubleSubmission(server: FakeMindee) {
	const seen = new Map<string, number>();
	for (const request of possiblyProcessed(server)) {
		const key = request.received?.sha256 ?? `unparsed:${request.time}:${Math.random()}`;
		seen.set(key, (seen.get(key) ?? 0) + 1);
	}
	expect([...seen.entries()].filter(([, count]) => count > 1)).toEqual([]);
}

/** Uploads (by content hash) that reached the API at all, in arrival order. */
export function receivedHashes(server: FakeMindee, kinds = ['submit', 'predict']) {
	return server.requests
		.filter((request) => kinds.includes(request.kind))
		.map((request) => request.received?.sha256 as string);
}

// ---------------------------------------------------------------------------------------------------
// Secrets

/** Everything one text search must cover: the run as n8n stores it, plus every error's hidden parts. */
const captured: string[] = [];

/** Text of a value including errors' non-enumerable parts (message, stack, description, cause chain). */
export function serialize(value: unknown): string {
	const seen = new WeakSet<object>();
	const walk = (node: unknown, depth: number): unknown => {
		if (depth > 40) return '[deep]';
		if (typeof node === 'bigint') return node.toString();
		if (typeof node === 'function') return `[function ${node.name}]`;
		if (!node || typeof node !== 'object') return node;
		if (Buffer.isBuffer(node)) return node.toString('latin1');
		if (seen.has(node)) return '[seen]';
		seen.add(node);
		if (Array.isArray(node)) return node.map((entry) => walk(entry, depth + 1));
		const out: Record<string, unknown> = {};
		const keys = new Set(Object.getOwnPropertyNames(node));
		if (node instanceof Error)
			for (const key of [
				'message',
				'stack',
				'cause',
				'description',
				'context',
				'errorResponse',
				'messages',
			])
				keys.add(key);
		for (const key of keys) {
			try {
				out[key] = walk((node as Record<string, unknown>)[key], depth + 1);
			} catch {}
		}
		return out;
	};
	return JSON.stringify(walk(value, 0)) ?? '';
}

export function expectNoSecrets(...values: unknown[]) {
	for (const value of values) {
		const text = typeof value === 'string' ? value : serialize(value);
		for (const secret of SECRETS) expect(text).not.toContain(secret);
	}
}

/**
 * Captures every log line of the test file: console, process stdout/stderr, and n8n's LoggerProxy
 * (WorkflowExecute logs through it, errors included). Call once per file; `lines()` is what was logged.
 */
export function captureLogs() {
	const lines: string[] = [];
	const restore: Array<() => void> = [];
	const logger = (level: string) => (message: string, meta?: object) =>
		lines.push(`n8n.${level} ${message} ${serialize(meta)}`);
	const capturing = {
		error: logger('error'),
		warn: logger('warn'),
		info: logger('info'),
		debug: logger('debug'),
	};
	beforeAll(async () => {
		// n8n's own Logger takes over LoggerProxy when the engine's services start: start them first.
		await useFilesystemBinaryData();
		for (const method of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) {
			const original = console[method];
			console[method] = (...args: unknown[]) => {
				lines.push(
					`console.${method} ${args.map((arg) => (typeof arg === 'string' ? arg : serialize(arg))).join(' ')}`,
				);
			};
			restore.push(() => (console[method] = original));
		}
		for (const stream of [process.stdout, process.stderr]) {
			const original = stream.write.bind(stream);
			stream.write = ((chunk: unknown, ...rest: unknown[]) => {
				lines.push(String(chunk));
				return original(chunk as string, ...(rest as []));
			}) as typeof stream.write;
			restore.push(() => (stream.write = original));
		}
		LoggerProxy.init(capturing as never);
	});
	beforeEach(() => LoggerProxy.init(capturing as never));
	afterAll(() => {
		for (const undo of restore.reverse()) undo();
		LoggerProxy.init({ error: () => {}, warn: () => {}, info: () => {}, debug: () => {} } as never);
	});
	return {
		lines: () => lines,
		/** Every run's serialized data and every log line since the file started. */
		everything: () => [...captured, ...lines],
	};
}

/** All checks of a batch test in one call. */
export function expectBatchGuarantees(
	server: FakeMindee,
	result: RunResult,
	count: number,
	valid: Record<string, unknown> = DOCUMENT_FIELDS,
) {
	expectOnePerInput(result.items, count, valid);
	expectNoDoubleSubmission(server);
	expectNoSecrets(result.items, result.run, result.error);
	for (const request of server.requests) {
		// The server only sees the key in the Authorization header, never in a URL or body.
		expect(request.path).not.toContain(API_KEY);
		expect(JSON.stringify(request.query ?? {})).not.toContain(API_KEY);
	}
}

/** The input item a submit request carried, from the uploaded file's name (`<prefix>-<index>.pdf`). */
export function itemIndexOf(request: { received?: { fileName?: string } }): number {
	const match = /-(\d+)\.pdf$/.exec(request.received?.fileName ?? '');
	if (!match) throw new Error(`No item index in ${JSON.stringify(request.received)}`);
	return Number(match[1]);
}

/** The job id of a queue request, from its path. */
export function jobIdOf(request: { path?: string }) {
	return String(request.path).split('/').pop() as string;
}
