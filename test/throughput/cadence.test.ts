/**
 * How often the nodes check a job, counted at the fake APIs, through n8n's engine with the nodes' default
 * options, on a simulated clock (jest's, moved on in small steps while the real event loop carries the HTTP
 * exchanges): Mindee's SDK checks a job 2 s after the submit, then every 1.5 s, and the nodes never check
 * more often, nor see a result later.
 */
import type { INodeParameters } from 'n8n-workflow';

import { DocparseMindee } from '../../nodes/Mindee/DocparseMindee.node';
import { DocparseMindeeV2 } from '../../nodes/MindeeV2/DocparseMindeeV2.node';
import type { RequestRecord } from '../fakes/server';
import { runNode } from '../harness/engine';
import { pdfItem, samplePdf } from '../harness/files';
import { mindeeCredentials, startMindeeServer } from '../mindee/setup';
import { MODELS, mindeeV2Credentials, startMindeeV2Server } from '../mindeeV2/setup';

type Fake = Awaited<ReturnType<typeof startMindeeServer | typeof startMindeeV2Server>>;

/** Each API: its fake, the kind of request that checks a job there, and a run of its node (default options). */
const APIS = [
	{
		name: 'Mindee V1',
		start: startMindeeServer,
		check: 'queue',
		submit: 'submit',
		node: { type: 'docparseMindee', nodeType: new DocparseMindee() },
		parameters: { operation: 'parse', product: 'invoices', inputType: 'binary' },
		credentials: (server: Fake) =>
			mindeeCredentials(server as Awaited<ReturnType<typeof startMindeeServer>>),
	},
	{
		name: 'Mindee V2',
		start: startMindeeV2Server,
		check: 'job',
		submit: 'enqueue',
		node: { type: 'docparseMindeeV2', nodeType: new DocparseMindeeV2() },
		parameters: {
			operation: 'extract',
			modelId: { __rl: true, mode: 'id', value: MODELS.extraction },
			inputType: 'binary',
		},
		credentials: (server: Fake) =>
			mindeeV2Credentials(server as Awaited<ReturnType<typeof startMindeeV2Server>>),
	},
];
type Api = (typeof APIS)[number];

/** Mindee's SDK: how many checks it makes for a job of this processing time (2 s, then every 1.5 s). */
const sdkChecks = (processingMs: number) =>
	1 + Math.max(0, Math.ceil((processingMs - 2_000) / 1_500));

/**
 * Runs `run` on jest's clock, moved on `stepMs` at a time with a turn of the real event loop in between, so
 * that the HTTP exchanges with the fake go on while the nodes' waits and the fake's processing are simulated.
 */
async function onSimulatedClock<T>(run: () => Promise<T>, stepMs = 10): Promise<T> {
	jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
	try {
		let settled = false;
		const running = run().finally(() => (settled = true));
		while (!settled) {
			await jest.advanceTimersByTimeAsync(stepMs);
			await new Promise((resolve) => setImmediate(resolve));
		}
		return await running;
	} finally {
		jest.useRealTimers();
	}
}

async function runDefaults(
	api: Api,
	server: Fake,
	count: number,
	parameters: INodeParameters = {},
) {
	return await runNode({
		node: {
			...api.node,
			parameters: { ...api.parameters, ...parameters } as INodeParameters,
			continueOnFail: true,
		},
		nodeTypes: { [api.node.type]: api.node.nodeType },
		credentials: api.credentials(server),
		items: Array.from({ length: count }, (_, index) =>
			pdfItem(`doc-${index}.pdf`, samplePdf(1, 900 + index)),
		),
	});
}

/** The fake's checks of each job (their path names it). */
function checksByJob(server: Fake, kind: string): RequestRecord[][] {
	const byJob = new Map<string, RequestRecord[]>();
	for (const request of server.requestsOf(kind)) {
		byJob.set(request.path, [...(byJob.get(request.path) ?? []), request]);
	}
	return [...byJob.values()];
}

/**
 * When each job was seen done, counted from the answer to its submit, when both the node and the SDK start
 * their clocks (the fake's clock).
 */
function seenAfterSubmit(server: Fake, api: Api): number[] {
	const answered = new Map(
		server.requestsOf(api.submit).map((request) => [request.jobId, request.closedAt]),
	);
	return [...server.jobs.values()].map((job) => (job.seenAt ?? Infinity) - answered.get(job.id));
}

/** When the SDK sees a job of this processing time done, counted from the answer to its submit. */
const sdkSeenAfter = (processingMs: number) => 2_000 + (sdkChecks(processingMs) - 1) * 1_500;
/** A check's own way to the fake, on the simulated clock (its steps go on while the exchange does). */
const CHECK_LATENCY_MS = 300;

let server: Fake | undefined;
afterEach(async () => {
	await server?.close();
	server = undefined;
});

describe.each(APIS)('$name', (api) => {
	test.each([2_000, 6_000])(
		'one document taking %i ms: as many checks as the SDK, 1.5 s apart, seen within 1.5 s',
		async (processingMs) => {
			server = await api.start({ processingMs });
			const result = await onSimulatedClock(async () => await runDefaults(api, server!, 1));
			expect(result.items[0].json.error).toBeUndefined();
			const [checks] = checksByJob(server, api.check);
			expect(checks).toHaveLength(sdkChecks(processingMs));
			const gaps = checks.slice(1).map((check, index) => check.time - checks[index].time);
			for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(1_500);
			expect(seenAfterSubmit(server, api)[0]).toBeLessThanOrEqual(
				sdkSeenAfter(processingMs) + CHECK_LATENCY_MS,
			);
		},
	);

	test('a batch of 8 documents taking 6 s: no job checked more often than by the SDK, fewer checks in all', async () => {
		server = await api.start({ processingMs: 6_000 });
		// No request limits: the checks go when the schedule says, not when the plan lets them.
		const unlimited = { options: { requestsPerSecond: 0, requestsPerMinute: 0 } };
		const result = await onSimulatedClock(
			async () => await runDefaults(api, server!, 8, unlimited),
		);
		expect(result.items.map((item) => item.json.error)).toEqual(Array(8).fill(undefined));
		const perJob = checksByJob(server, api.check).map((checks) => checks.length);
		expect(perJob).toHaveLength(8);
		for (const count of perJob) expect(count).toBeLessThanOrEqual(sdkChecks(6_000));
		expect(perJob.reduce((sum, count) => sum + count, 0)).toBeLessThan(8 * sdkChecks(6_000));
		for (const seen of seenAfterSubmit(server, api))
			expect(seen).toBeLessThanOrEqual(sdkSeenAfter(6_000) + CHECK_LATENCY_MS);
	});
});

test('a later execution with the same credential checks its job once, when a job of its kind is likely done', async () => {
	const [v1] = APIS;
	server = await v1.start({ processingMs: 3_000 });
	const { later, checksBefore } = await onSimulatedClock(async () => {
		await runDefaults(v1, server!, 1);
		const before = server!.requestsOf(v1.check).length;
		return { later: await runDefaults(v1, server!, 1), checksBefore: before };
	});
	expect(later.items[0].json.error).toBeUndefined();
	// The SDK would check at 2 s (pending), then at 3.5 s; the node checks at 3 s + 0.12 s.
	expect(server.requestsOf(v1.check).length - checksBefore).toBe(1);
	expect(seenAfterSubmit(server, v1)[1]).toBeLessThan(sdkSeenAfter(3_000));
});

describe("Max Wait, left at its default, is Mindee's own limit for the operation", () => {
	test.each([
		['extract', 590, MODELS.extraction],
		['classify', 1200, MODELS.classification],
	])('%s: %i s', async (operation, seconds, modelId) => {
		const [, v2] = APIS;
		server = await v2.start({ processingMs: 1_000, jobOutcome: () => 'never' });
		const result = await onSimulatedClock(
			async () =>
				await runDefaults(v2, server!, 1, {
					operation,
					modelId: { __rl: true, mode: 'id', value: modelId },
				}),
			100,
		);
		expect(result.items[0].json).toMatchObject({
			error_code: 'DOCPARSE_MAX_WAIT',
			error: expect.stringContaining(`after ${seconds} s`),
		});
		const enqueue = server.requestsOf(v2.submit)[0];
		const checks = server.requestsOf(v2.check);
		expect(checks.at(-1)!.time - enqueue.time).toBeGreaterThanOrEqual(seconds * 1_000);
		// Not the next limit up either. The bound is loose because a check's way to the fake runs on the
		// simulated clock too, which moves on while a loaded machine carries the exchange.
		expect(checks.at(-1)!.time - enqueue.time).toBeLessThan((seconds + 30) * 1_000);
	});
});
