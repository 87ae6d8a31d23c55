/**
 * Batches through n8n's engine against the fake Mindee API: several items at once, the same output as one
 * at a time, the API's 429s waited out, the plan's limits kept, connections reused. Behaviour only: what
 * the user gets and what the API saw, never how long it took.
 */
import type { INodeExecutionData } from 'n8n-workflow';

import { pdfItem, samplePdf } from '../harness/files';
import type { FakeMindee } from '../mindee/setup';
import { runMindee, startMindeeServer } from '../mindee/setup';

jest.setTimeout(60_000);

type Job = { fileName?: string; submittedAt: number; completesAt: number; seenAt?: number };

/** N PDFs with different bytes, named invoice-<index>.pdf. */
const documents = (count: number) =>
	Array.from({ length: count }, (_, index) =>
		pdfItem(`invoice-${index}.pdf`, samplePdf(1, 300 + index)),
	);

const indexOf = (fileName: string | undefined) =>
	Number(/invoice-(\d+)\.pdf/.exec(fileName ?? '')?.[1]);

/** What the user sees of each output item, without the ids the API makes up per run. */
const view = (items: INodeExecutionData[]) =>
	items.map((item) => ({
		pairedItem: item.pairedItem,
		filename: item.json._filename ?? null,
		invoice_number: item.json.invoice_number ?? null,
		error:
			typeof item.json.error === 'string'
				? item.json.error.replace(/[0-9a-f-]{36}/g, '<job>')
				: null,
		binary: item.binary?.data?.fileName ?? null,
	}));

/**
 * The later an item comes in the input, the sooner its job finishes (the fake API's processing time is
 * set per job, `stepMs` less for each item), and item 3's job fails: a concurrent run then completes in
 * another order than its input.
 */
async function reorderingServer(stepMs: number) {
	return await startMindeeServer({
		processingMs: 0,
		// A generated invoice API whose documents have several line items.
		products: { 'acme/my_invoices/1': 'products/generated/response_v1/complete_invoice_v4.json' },
		jobOutcome: (job: Record<string, any>) => {
			const index = indexOf(job.fileName);
			job.completesAt = job.submittedAt + (10 - index) * stepMs;
			return index === 3 ? 'failed' : 'completed';
		},
	});
}

describe('several items at once', () => {
	let concurrent: FakeMindee;
	let sequential: FakeMindee;
	beforeEach(async () => {
		// Apart by more than the second between two checks of a job, so that the order shows; the
		// one-at-a-time run, whose order is input order anyway, need not wait for it.
		[concurrent, sequential] = await Promise.all([reorderingServer(150), reorderingServer(0)]);
	});
	afterEach(async () => await Promise.all([concurrent.close(), sequential.close()]));

	test('output order, pairedItem and content are those of a one-at-a-time run, though jobs finish in another order', async () => {
		const inParallel = await runMindee(
			concurrent,
			{ options: { concurrency: 5 } },
			{ items: documents(10), continueOnFail: true },
		);
		const oneByOne = await runMindee(
			sequential,
			{ options: { concurrency: 1 } },
			{ items: documents(10), continueOnFail: true },
		);

		// The concurrent run really did see its jobs finish out of input order.
		const seen = [...(concurrent.jobs.values() as Iterable<Job>)]
			.filter((job) => job.seenAt !== undefined)
			.sort((a, b) => a.seenAt! - b.seenAt!);
		const seenOrder = seen.map((job) => indexOf(job.fileName));
		expect(seenOrder).not.toEqual([...seenOrder].sort((a, b) => a - b));
		// And several items were in flight together: a later item was submitted before an earlier one was seen done.
		const submitted = (index: number) =>
			[...(concurrent.jobs.values() as Iterable<Job>)].find(
				(job) => indexOf(job.fileName) === index,
			)!.submittedAt;
		expect(submitted(4)).toBeLessThan(seen.find((job) => indexOf(job.fileName) === 0)!.seenAt!);

		expect(view(inParallel.items)).toEqual(view(oneByOne.items));
		expect(view(inParallel.items).map((item) => item.pairedItem)).toEqual(
			Array.from({ length: 10 }, (_, item) => ({ item })),
		);
		// Item 3's job failed: its error item sits at its place, naming it; every other item is its own document.
		expect(view(inParallel.items).map((item) => item.filename ?? item.error)).toEqual(
			Array.from({ length: 10 }, (_, index) =>
				index === 3
					? expect.stringMatching(/\(item 4, "invoice-3\.pdf"\)$/)
					: `invoice-${index}.pdf`,
			),
		);
	});

	test('line items (several output items per input item) stay grouped under their input item, in order', async () => {
		const parameters = {
			product: 'custom',
			customAccount: 'acme',
			customEndpoint: 'my_invoices',
			customVersion: '1',
			output: 'lineItems',
		};
		const inParallel = await runMindee(
			concurrent,
			{ ...parameters, options: { concurrency: 4 } },
			{ items: documents(6), continueOnFail: true },
		);
		const oneByOne = await runMindee(
			sequential,
			{ ...parameters, options: { concurrency: 1 } },
			{ items: documents(6), continueOnFail: true },
		);
		expect(inParallel.items.length).toBeGreaterThan(6);
		expect(view(inParallel.items)).toEqual(view(oneByOne.items));
		const paired = inParallel.items.map((item) => (item.pairedItem as { item: number }).item);
		expect(paired).toEqual([...paired].sort((a, b) => a - b));
	});
});

describe('rate limits', () => {
	let server: FakeMindee;
	afterEach(async () => await server.close());

	test("the API's 429s (its own limits, the node's limiter off) are waited out: every document parsed, each accepted once", async () => {
		server = await startMindeeServer({ processingMs: 200, limits: { perSecond: 3 } });
		const { items } = await runMindee(
			server,
			{ options: { concurrency: 6, requestsPerSecond: 0, requestsPerMinute: 0 } },
			{ items: documents(6), continueOnFail: true },
		);

		expect(server.rateLimited).toBeGreaterThan(0);
		expect(items.filter((item) => item.json.error !== undefined)).toEqual([]);
		expect(items.map((item) => item.json._filename)).toEqual(
			Array.from({ length: 6 }, (_, index) => `invoice-${index}.pdf`),
		);
		const accepted = server.requestsOf('submit').filter((request) => request.status === 202);
		expect(new Set(accepted.map((request) => request.upload.sha256)).size).toBe(6);
		expect(accepted).toHaveLength(6);
	});

	test("with the plan's limit set, the node paces itself: the API never has to refuse a request", async () => {
		// The API allows 3 requests a second; the node is told 2 (a plan value with room for any jitter).
		server = await startMindeeServer({ processingMs: 100, limits: { perSecond: 3 } });
		const { items } = await runMindee(
			server,
			{ options: { concurrency: 6, requestsPerSecond: 2, requestsPerMinute: 0 } },
			{ items: documents(6), continueOnFail: true },
		);

		expect(items.filter((item) => item.json.error !== undefined)).toEqual([]);
		// Every request counted, polls included: the API never had to refuse one.
		expect(server.rateLimited).toBe(0);
		expect(server.requests.length).toBeGreaterThanOrEqual(18);
	});
});

test('keep-alive: a batch reuses a few connections instead of opening one per request', async () => {
	const server = await startMindeeServer({ processingMs: 100 });
	try {
		const { items } = await runMindee(
			server,
			{ options: { concurrency: 3 } },
			{ items: documents(12), continueOnFail: true },
		);
		expect(items.filter((item) => item.json.error !== undefined)).toEqual([]);
		expect(server.requests.length).toBeGreaterThanOrEqual(36);
		expect(server.connections).toBeLessThanOrEqual(6);
	} finally {
		await server.close();
	}
});
