/**
 * Without Continue On Fail, one failed item fails the run. Documents the API already accepted (and bills)
 * must not vanish: no new document is submitted once an item failed, those already submitted are waited
 * for (within Max Wait), and the error lists what happened to each, with its job and document ids, so that
 * Get Result can fetch them instead of submitting them again.
 */
import { documents, expectNoDoubleSubmission, itemIndexOf } from './helpers';
import { SERVICES } from './services';
import type { FakeServer } from './services';

type ShownError = {
	message: string;
	description?: string;
	context?: { documents?: Array<Record<string, unknown>> };
};

describe.each(SERVICES)('$name', (service) => {
	let server: FakeServer;
	beforeEach(async () => {
		server = await service.start({ processingMs: 600 });
	});
	afterEach(async () => await server.close());

	test("one job's check answers 500: the 4 other submitted documents finish, and the error lists all 5 with their ids", async () => {
		server.inject(service.kinds.check, { status: 500, body: { error: 'boom' } }, 1);
		const result = await service.run(
			server,
			{ ...service.submitAndWait, options: { concurrency: 5 } },
			{ items: documents(5), continueOnFail: false },
		);

		const error = result.error as unknown as ShownError;
		expect(error.message).toMatch(/\(item \d/);
		const submits = server.requestsOf(service.kinds.submit);
		expect(submits).toHaveLength(5);
		expectNoDoubleSubmission(server as never);
		const failedCheck = server.requests.find((request) => request.status === 500)!;
		// Every accepted document is named in the error, by its job id, with what became of it.
		for (const submit of submits) {
			const jobId = service.jobIdOf(submit);
			expect(error.description).toContain(jobId);
		}
		expect(error.description).toMatch(/item \d+.*: done/);
		const listed = error.context?.documents ?? [];
		expect(listed).toHaveLength(5);
		expect(listed.filter((entry) => entry.status === 'done')).toHaveLength(4);
		expect(listed.filter((entry) => entry.status === 'failed')).toHaveLength(1);
		for (const entry of listed)
			expect(entry.job_id ?? entry.document_id).toEqual(expect.any(String));
		// The others were waited for: their results were fetched after the failure.
		const finished = server.requests.filter(
			(request) =>
				request.time >= failedCheck.time &&
				(request.kind === 'document' || (request.kind === 'result' && request.status === 200)),
		);
		expect(finished.length).toBeGreaterThanOrEqual(4);
	}, 30_000);

	test('an upload refused (400) with Concurrency 1: the documents after it are not submitted, and the error says so', async () => {
		server.setProcessingMs(0);
		server.inject(
			service.kinds.submit,
			{ status: 400, body: { detail: 'unreadable', api_request: { error: { message: 'bad' } } } },
			1,
		);
		const items = documents(5);
		const result = await service.run(
			server,
			{ ...service.submitAndWait, options: { concurrency: 1 } },
			{ items, continueOnFail: false },
		);
		const error = result.error as unknown as ShownError;
		const submits = server.requestsOf(service.kinds.submit);
		expect(submits).toHaveLength(1);
		expect(itemIndexOf(submits[0])).toBe(0);
		expect(error.message).toMatch(/\(item 1/);
		expect(error.description).toMatch(/items 2, 3, 4, 5: not submitted/);
		// Items counted from 1, as n8n's panels count them.
		expect(error.context?.documents).toEqual([
			expect.objectContaining({ item: 1, status: 'failed' }),
			...[2, 3, 4, 5].map((item) => ({ item, status: 'not submitted' })),
		]);
	});

	test('with Continue On Fail nothing changes: N in, N out, the others parsed', async () => {
		server.inject(service.kinds.check, { status: 500, body: { error: 'boom' } }, 1);
		const result = await service.run(
			server,
			{ ...service.submitAndWait, options: { concurrency: 5 } },
			{ items: documents(5), continueOnFail: true },
		);
		expect(result.items.map((item) => item.pairedItem)).toEqual(
			[0, 1, 2, 3, 4].map((item) => ({ item })),
		);
		expect(result.items.filter((item) => item.json.error)).toHaveLength(1);
	}, 30_000);
});
