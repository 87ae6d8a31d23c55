/**
 * Fuzz pass over the response parsers: thousands of seeded mutants of the real Mindee bodies (random
 * truncations, type changes, removals, re-nestings). Every mutant must end as either a DocparseError that
 * explains it, or items of valid data: never another exception, never an item with `undefined`, never a
 * crash of the process. Reproduce a failure with FUZZ_SEED=<seed>; run longer with FUZZ_RUNS=<n>.
 */
import { NodeApiError, NodeOperationError } from 'n8n-workflow';
import type { INode } from 'n8n-workflow';

import { DocparseError, errorItemJson, toNodeError } from '../../nodes/shared/errors';
import type { HttpClient, HttpResponse } from '../../nodes/shared/transport';
import { parseBodyForError } from '../../nodes/shared/transport';
import { checkShape } from '../../nodes/shared/json';
import { documentToItems } from '../../nodes/Mindee/output/documentItems';
import type { OutputSettings } from '../../nodes/Mindee/output/documentItems';
import { productEndpoint, PRODUCTS } from '../../nodes/Mindee/products';
import { explainMindeeError } from '../../nodes/Mindee/helpers/explainError';
import { MindeeClient } from '../../nodes/Mindee/transport/mindeeClient';
import type { MindeeDocumentResponse } from '../../nodes/Mindee/transport/schemas';
import { webhookPayloadSchema } from '../../nodes/Mindee/transport/schemas';
import type { FakeMindee } from '../mindee/setup';
import {
	captureLogs,
	documents,
	expectBatchGuarantees,
	expectNoSecrets,
	findUndefined,
	jobIdOf,
	run,
	SECRETS,
	startServer,
} from './helpers';
import { seededRng } from '../harness/seededRng';
import { jsonFixtures, mutate } from './mutate';

const SEED = Number(process.env.FUZZ_SEED ?? 0x5eed);
const RUNS = Number(process.env.FUZZ_RUNS ?? 1500);

const logs = captureLogs();

/** Anything that escapes the process's own error handling: must stay empty. */
const escaped: unknown[] = [];
const onEscape = (error: unknown) => escaped.push(error);
beforeAll(() => {
	process.on('unhandledRejection', onEscape);
	process.on('uncaughtException', onEscape);
});
afterAll(() => {
	process.off('unhandledRejection', onEscape);
	process.off('uncaughtException', onEscape);
});

const fixtures = jsonFixtures();
const documentBodies = [...fixtures].filter(([name]) =>
	/^(products|extras)\/|async\/get_completed/.test(name),
);
const jobBodies = [...fixtures].filter(([name]) =>
	/^async\/(post_success|get_processing|get_failed_job_error)/.test(name),
);
const errorBodies = [...fixtures].filter(([name]) => /^errors\/|async\/post_fail/.test(name));

const SETTINGS: OutputSettings[] = (['simplified', 'lineItems', 'raw'] as const).flatMap((mode) =>
	[false, true].map((includeConfidence) => ({ mode, includeConfidence })),
);
const ENDPOINT = productEndpoint(PRODUCTS[0]);
const NODE: INode = {
	id: 'fuzz',
	name: 'Mindee',
	type: 'docparseMindee',
	typeVersion: 1,
	position: [0, 0],
	parameters: {},
};
const BASE = 'https://api.mindee.net';

/** MindeeClient over a transport that answers every request with the given body (the parsers are what is tested). */
function clientAnswering(text: string, status = 200, headers: Record<string, string> = {}) {
	const transport = {
		baseUrl: new URL(BASE),
		send: async (spec: { url: string }): Promise<HttpResponse> => ({
			status,
			headers,
			text,
			url: new URL(spec.url, BASE).toString(),
		}),
		followOwnUrl: (url: string) => new URL(url, BASE),
	};
	return new MindeeClient(transport as unknown as HttpClient);
}

/** Plain assertion for the hot loop (jest's matchers are too slow for thousands of items). */
function check(condition: unknown, message: string, value?: unknown): asserts condition {
	if (!condition)
		throw new Error(
			`${message}${value === undefined ? '' : `: ${JSON.stringify(value)?.slice(0, 200)}`}`,
		);
}

/** The items a document becomes must be plain, complete JSON in every output mode. */
function expectValidItems(response: MindeeDocumentResponse) {
	for (const settings of SETTINGS) {
		const items = documentToItems(response.document, { job_id: response.job?.id }, settings);
		check(Array.isArray(items) && items.length > 0, `no items in ${settings.mode} mode`);
		for (const item of items) {
			const holes = findUndefined(item);
			check(holes.length === 0, `undefined or NaN in a ${settings.mode} item`, holes);
			if (settings.mode === 'raw') continue;
			check(
				typeof item._document_id === 'string' && item._document_id.length > 0,
				'_document_id',
				item._document_id,
			);
			check(
				typeof item._filename === 'string' || item._filename === null,
				'_filename',
				item._filename,
			);
			check(typeof item._page_count === 'number', '_page_count', item._page_count);
			check(Array.isArray(item._pages), '_pages', item._pages);
			check(
				item._product === null ||
					(typeof item._product === 'string' && !/undefined|\[object Object\]/.test(item._product)),
				'_product',
				item._product,
			);
			if (settings.mode === 'lineItems' && '_line_index' in item)
				check(typeof item._line_index === 'number', '_line_index');
		}
	}
}

/** A parser failure must be ours (explained, named field or "not JSON"), and turn into a clean node error. */
function expectExplainedFailure(error: unknown) {
	if (!(error instanceof DocparseError)) throw error;
	check(error.code === 'DOCPARSE_INVALID_RESPONSE', 'unexpected error code', error.code);
	expectCleanNodeError(error);
}

function expectCleanNodeError(error: DocparseError) {
	const nodeError = toNodeError(NODE, error, 3, explainMindeeError, SECRETS);
	check(
		nodeError instanceof NodeApiError || nodeError instanceof NodeOperationError,
		'not a node error',
	);
	check(
		/\(item 4[,)]/.test(nodeError.message),
		'message does not name the item',
		nodeError.message,
	);
	check(!/undefined|\[object Object\]/.test(nodeError.message), 'message', nodeError.message);
	check(
		!/undefined|\[object Object\]/.test(String(nodeError.description ?? '')),
		'description',
		nodeError.description,
	);
	const json = errorItemJson(nodeError);
	check(findUndefined(json).length === 0, 'undefined or NaN in the error item', json);
}

type Outcome = 'valid' | 'explained';

/** Runs one mutant through a parser; records an unexpected outcome (with how to reproduce it) instead of stopping. */
async function attempt(
	failures: string[],
	label: string,
	body: string,
	parse: () => Promise<Outcome>,
): Promise<Outcome | 'broken'> {
	try {
		return await parse();
	} catch (error) {
		try {
			expectExplainedFailure(error);
			return 'explained';
		} catch (unexpected) {
			failures.push(
				`${label}: ${(unexpected as Error).message.split('\n').slice(0, 6).join(' ')}\n  body: ${body.slice(0, 300)}`,
			);
			return 'broken';
		}
	}
}

function tally(outcomes: Array<Outcome | 'broken'>) {
	return {
		valid: outcomes.filter((o) => o === 'valid').length,
		explained: outcomes.filter((o) => o === 'explained').length,
	};
}

describe(`response parsers (seed ${SEED}, ${RUNS} mutants each)`, () => {
	test('documents (GET documents/<id>, synchronous predict, inline completed queue answer, webhook payload)', async () => {
		const rng = seededRng(SEED);
		const failures: string[] = [];
		const outcomes: Array<Outcome | 'broken'> = [];
		for (let index = 0; index < RUNS; index++) {
			const [name, text] = documentBodies[index % documentBodies.length];
			const mutant = mutate(text, rng);
			const label = `#${index} ${name} (${mutant.what})`;
			outcomes.push(
				await attempt(failures, `${label} document`, mutant.text, async () => {
					expectValidItems(
						await clientAnswering(mutant.text).getDocument(
							new URL('/v1/products/mindee/invoices/v4/documents/x', BASE),
							new AbortController().signal,
						),
					);
					return 'valid';
				}),
			);
			await attempt(failures, `${label} webhook`, mutant.text, async () => {
				let json: unknown;
				try {
					json = JSON.parse(mutant.text);
				} catch {
					return 'explained';
				}
				const payload = checkShape(json, webhookPayloadSchema, {
					service: 'Mindee',
					response: 'webhook',
				});
				if ('document' in payload) expectValidItems(payload as MindeeDocumentResponse);
				return 'valid';
			});
		}
		expect(failures).toEqual([]);
		// The mutants exercised both outcomes: many rejected, and some still valid data.
		const counts = tally(outcomes);
		expect(counts.valid).toBeGreaterThan(RUNS / 20);
		expect(counts.explained).toBeGreaterThan(RUNS / 5);
	});

	test('job answers (submit, queue check) ', async () => {
		const rng = seededRng(SEED + 1);
		const failures: string[] = [];
		const outcomes: Array<Outcome | 'broken'> = [];
		const signal = new AbortController().signal;
		for (let index = 0; index < RUNS; index++) {
			const [name, text] = jobBodies[index % jobBodies.length];
			const mutant = mutate(text, rng);
			const label = `#${index} ${name} (${mutant.what})`;
			await attempt(failures, `${label} submit`, mutant.text, async () => {
				const job = await clientAnswering(mutant.text, 202).enqueue(
					ENDPOINT,
					{ kind: 'url', url: 'https://example.com/a.pdf' },
					{},
					signal,
				);
				check(typeof job.id === 'string' && job.id.length > 0, 'job.id', job.id);
				check(
					['waiting', 'processing', 'completed', 'failed'].includes(job.status),
					'job.status',
					job.status,
				);
				return 'valid';
			});
			outcomes.push(
				await attempt(failures, `${label} queue`, mutant.text, async () => {
					const answer = await clientAnswering(mutant.text).checkJob(ENDPOINT, 'job-1', signal);
					if (answer.state === 'completed') expectValidItems(answer.document!);
					else check(typeof answer.job.id === 'string', 'job.id', answer.job.id);
					if (answer.state === 'failed')
						expectCleanNodeError(
							new DocparseError('DOCPARSE_JOB_FAILED', 'failed', {
								body: { job: answer.job },
								context: { jobId: answer.job.id },
							}),
						);
					return 'valid';
				}),
			);
		}
		expect(failures).toEqual([]);
		const counts = tally(outcomes);
		expect(counts.valid).toBeGreaterThan(RUNS / 20);
		expect(counts.explained).toBeGreaterThan(RUNS / 10);
	});

	test('error answers: every status with a mutated envelope or gateway page gives a clean message', () => {
		const rng = seededRng(SEED + 2);
		const failures: string[] = [];
		const statuses = [400, 401, 403, 404, 405, 413, 415, 422, 429, 500, 502, 503, 504];
		for (let index = 0; index < RUNS; index++) {
			const [name, text] = errorBodies[index % errorBodies.length];
			const mutant = mutate(text, rng);
			const status = statuses[index % statuses.length];
			try {
				const body = parseBodyForError({ text: mutant.text, headers: {} });
				expectCleanNodeError(
					new DocparseError('DOCPARSE_HTTP_STATUS', `Mindee answered ${status}`, {
						status,
						body,
						context: { request: '/v1/x', ...(index % 3 === 0 ? { jobId: 'job-1' } : {}) },
					}),
				);
				expectCleanNodeError(
					new DocparseError('DOCPARSE_JOB_FAILED', 'failed', {
						body: JSON.parse(JSON.stringify(body ?? null)),
						context: { jobId: 'job-1' },
					}),
				);
			} catch (error) {
				failures.push(
					`#${index} ${name} ${status} (${mutant.what}): ${(error as Error).message.split('\n').slice(0, 6).join(' ')}`,
				);
			}
		}
		expect(failures).toEqual([]);
	});
});

describe('through the node, against the fake server', () => {
	let server: FakeMindee;
	beforeEach(async () => {
		server = await startServer({ processingMs: 0 });
	});
	afterEach(async () => await server.close());

	const COUNT = 24;

	test.each([
		['document', 'products/invoices/response_v4/complete.json'],
		['document', 'products/financial_document/response_v1/complete_invoice.json'],
		['document', 'extras/ocr/complete.json'],
		['queue', 'async/get_processing.json'],
		['submit', 'async/post_success.json'],
	])(
		'%s answers mutated from %s: N items out, each an error or valid data',
		async (kind, fixture) => {
			const rng = seededRng(SEED + kind.length + fixture.length);
			const text = fixtures.get(fixture)!;
			const body = (request: { path?: string }) => {
				const mutant = mutate(
					kind === 'queue'
						? text.replace(/76c90710-3a1b-4b91-8a39-31a6543e347c/g, jobIdOf(request))
						: text,
					rng,
				).text;
				return mutant;
			};
			server.inject(kind, { status: kind === 'submit' ? 202 : 200, body }, COUNT);
			const output = ['simplified', 'lineItems', 'raw'][fixture.length % 3];
			const result = await run(
				server,
				{ output, options: { concurrency: 6, maxWait: 2 } },
				{ items: documents(COUNT) },
			);

			if (output === 'simplified') expectBatchGuarantees(server, result, COUNT);
			else {
				// Line items / raw: one or more items per input, each paired, each error or data without undefined.
				for (const item of result.items) {
					expect(findUndefined(item.json)).toEqual([]);
					if (item.json.error) expect(item.json.error).toMatch(/\(item \d+[,)]/);
					else if (output === 'raw')
						expect(item.json).toEqual(
							expect.objectContaining({ id: expect.any(String), inference: expect.any(Object) }),
						);
					else
						expect(item.json).toEqual(
							expect.objectContaining({
								_document_id: expect.any(String),
								_filename: expect.any(String),
							}),
						);
				}
				expect(
					new Set(result.items.map((item) => (item.pairedItem as { item: number }).item)),
				).toEqual(new Set(Array.from({ length: COUNT }, (_, index) => index)));
				expectNoSecrets(result.items, result.run);
			}
			expect(result.run.status).toBe('success');
		},
		20_000,
	);
});

test('nothing escaped (no unhandled rejection or exception), and nothing logged contains a secret', () => {
	expect(escaped).toEqual([]);
	expectNoSecrets(...logs.everything());
});
