/**
 * Fault 6: malformed JSON, and 200 answers whose shape drifted (missing `document`, wrong types). The item
 * fails with an error naming the field; no item ever carries `undefined` for a value the API should have sent.
 */
import { readFileSync } from 'node:fs';

import {
	captureLogs,
	documents,
	expectBatchGuarantees,
	expectNoSecrets,
	itemIndexOf,
	run,
	startServer,
} from './helpers';
import { mindeeFixturePath } from '../fakes/fixtures';
import type { FakeMindee } from '../mindee/setup';

const logs = captureLogs();
let server: FakeMindee;
beforeEach(async () => {
	server = await startServer({ processingMs: 0 });
});
afterEach(async () => await server.close());

const invoice = () =>
	JSON.parse(
		readFileSync(mindeeFixturePath('products/invoices/response_v4/complete.json'), 'utf8'),
	);

/** The one document answer that was replaced, and the item it belonged to (the batch runs one at a time). */
async function runWithDocumentAnswer(answer: object, count = 3) {
	server.inject('document', answer, 1);
	const result = await run(server, { options: { concurrency: 1 } }, { items: documents(count) });
	expectBatchGuarantees(server, result, count);
	const index = itemIndexOf(server.requestsOf('submit')[0]);
	expect(result.items.filter((item) => item.json.error)).toHaveLength(1);
	return {
		result,
		index,
		item: result.items[index].json,
		jobId: server.requestsOf('submit')[0].jobId,
	};
}

test('a truncated document (malformed JSON): error item quoting the start of the body, with the job ID', async () => {
	const text = readFileSync(
		mindeeFixturePath('products/invoices/response_v4/complete.json'),
		'utf8',
	);
	const { item, jobId, index } = await runWithDocumentAnswer({
		status: 200,
		body: text.slice(0, text.length / 2),
	});
	expect(item).toMatchObject({
		error: expect.stringMatching(
			new RegExp(
				`^Mindee sent a document that is not JSON \\("\\{ "api_request": \\{.{0,80}…"\\) \\(item ${index + 1}, "invoice-${index}\\.pdf"\\)$`,
			),
		),
		error_description: expect.stringMatching(/did not match Mindee's documented format/),
		error_code: 'DOCPARSE_INVALID_RESPONSE',
		error_job_id: jobId,
	});
});

test('an HTML page with status 200 (a proxy answering instead of Mindee): not JSON, said so', async () => {
	const { item } = await runWithDocumentAnswer({
		status: 200,
		fixture: 'errors/error_50x.html',
		contentType: 'text/html',
	});
	expect(item.error).toMatch(/^Mindee sent a document that is not JSON \("<!DOCTYPE html>/);
});

test('an empty 200 body: not JSON, said so', async () => {
	const { item } = await runWithDocumentAnswer({ status: 200, body: '' });
	expect(item.error).toMatch(/^Mindee sent a document that is not JSON \(empty body\)/);
});

test('a 200 without `document`: the error names the missing field', async () => {
	const { document: _dropped, ...rest } = invoice();
	const { item } = await runWithDocumentAnswer({ status: 200, body: rest });
	expect(item).toMatchObject({
		error: expect.stringMatching(
			/^Mindee sent a document of an unexpected shape \(document: Required\)/,
		),
		error_fields: ['document'],
	});
});

test('a 200 whose types drifted: the error names each field and the type found', async () => {
	const body = invoice();
	body.document.n_pages = '1';
	body.document.inference.pages = { 0: body.document.inference.pages[0] };
	const { item } = await runWithDocumentAnswer({ status: 200, body });
	expect(item).toMatchObject({
		error: expect.stringMatching(
			/unexpected shape \(document\.n_pages: Expected number, received string; document\.inference\.pages: Expected array, received object\)/,
		),
		error_fields: ['document.n_pages', 'document.inference.pages'],
	});
});

test('without Continue On Fail: a NodeApiError naming the item, the raw answer in its details', async () => {
	const body = invoice();
	body.document.id = 7;
	server.inject('document', { status: 200, body }, 1);
	const result = await run(server, {}, { items: documents(1), continueOnFail: false });
	expect(result.run.status).toBe('error');
	const error = result.error as unknown as {
		name: string;
		message: string;
		context: { itemIndex: number };
		errorResponse: Record<string, unknown>;
	};
	expect(error.name).toBe('NodeApiError');
	expect(error.message).toMatch(
		/^Mindee sent a document of an unexpected shape \(document\.id: Expected string, received number\) \(item 1, "invoice-0\.pdf"\)$/,
	);
	expect(error.context.itemIndex).toBe(0);
	expect(error.errorResponse).toMatchObject({
		code: 'DOCPARSE_INVALID_RESPONSE',
		fields: ['document.id'],
		jobId: server.requestsOf('submit')[0].jobId,
	});
	expect(error.errorResponse.body).toEqual(
		expect.stringMatching(/^\{"api_request":.*"document":\{"id":7,/),
	);
	expectNoSecrets(result.run);
});

test('a submit answer whose job drifted: error naming job.id, warning that the document may be with Mindee; not sent again', async () => {
	server.inject(
		'submit',
		{
			status: 202,
			body: { api_request: { error: {}, status: 'success' }, job: { id: 42, status: 'waiting' } },
		},
		1,
	);
	const result = await run(server, { options: { concurrency: 1 } }, { items: documents(2) });
	expectBatchGuarantees(server, result, 2);
	const index = itemIndexOf(server.requestsOf('submit')[0]);
	expect(result.items[index].json).toMatchObject({
		error: expect.stringMatching(
			/^Mindee sent a submit answer of an unexpected shape \(job\.id: Expected string, received number\)/,
		),
		error_description: expect.stringMatching(/may have reached Mindee, so it was not sent again/),
	});
	expect(server.requestsOf('submit')).toHaveLength(2);
});

test('a queue answer with an unknown job status: error naming job.status, with the job ID', async () => {
	server.inject(
		'queue',
		{
			status: 200,
			body: (request: { path: string }) => ({
				job: { id: request.path.split('/').pop(), status: 'queued_somewhere' },
			}),
		},
		1,
	);
	const result = await run(server, { options: { concurrency: 1 } }, { items: documents(2) });
	expectBatchGuarantees(server, result, 2);
	const index = itemIndexOf(server.requestsOf('submit')[0]);
	expect(result.items[index].json).toMatchObject({
		error: expect.stringMatching(
			/^Mindee sent a queue answer of an unexpected shape \(job\.status: Invalid enum value/,
		),
		error_job_id: server.requestsOf('submit')[0].jobId,
	});
});

test('a synchronous predict answer with `document: null`: error naming the field, not sent again', async () => {
	server.inject('predict', { status: 201, body: { api_request: {}, document: null } }, 1);
	const result = await run(
		server,
		{ options: { mode: 'sync', concurrency: 1 } },
		{ items: documents(2) },
	);
	expectBatchGuarantees(server, result, 2);
	const index = itemIndexOf(server.requestsOf('predict')[0]);
	expect(result.items[index].json.error).toMatch(
		/^Mindee sent a document of an unexpected shape \(document: Expected object, received null\)/,
	);
	expect(server.requestsOf('predict')).toHaveLength(2);
});

test('in Raw and Line Items output too, a drifted document is an error item, never a half-empty one', async () => {
	for (const output of ['raw', 'lineItems']) {
		server.requests.length = 0;
		const body = invoice();
		body.document.inference.prediction = null;
		server.inject('document', { status: 200, body }, 1);
		const result = await run(
			server,
			{ output, options: { concurrency: 1 } },
			{ items: documents(1) },
		);
		expect(result.items).toHaveLength(1);
		expect(result.items[0].json.error).toMatch(
			/document\.inference\.prediction: Expected object, received null/,
		);
	}
});

test('a document whose job timestamps are absurd (a year of processing) does not slow the rest of the batch', async () => {
	// The node learns from finished jobs when to check the next ones; a bogus duration must not be learnt.
	server.inject(
		'document',
		{
			status: 200,
			body: () => {
				const body = invoice();
				body.job = {
					id: 'j',
					status: 'completed',
					issued_at: '2024-01-01T00:00:00',
					available_at: '2025-01-01T00:00:00',
					error: {},
				};
				return body;
			},
		},
		1,
	);
	const result = await run(server, { options: { concurrency: 1 } }, { items: documents(3) });
	expectBatchGuarantees(server, result, 3);
	expect(result.items.filter((item) => item.json.error)).toEqual([]);
}, 10_000);

test('nothing logged while these faults ran contains a secret', () => {
	expect(logs.lines().length).toBeGreaterThan(0);
	expectNoSecrets(...logs.everything());
});
