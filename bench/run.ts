/**
 * `npm run bench`: this node against a fake Mindee API enforcing rate limits, next to the limit the API
 * allows and to sequential baselines (the `mindee` SDK, and the synchronous loop of n8n's built-in node).
 * Prints one table and writes it to bench/RESULTS.md. See bench/README.md for what each row means.
 *
 *   --quick          smaller N everywhere (for a try-out; the targets are meant for the full run)
 *   --n-default=N    documents in the default-plan regime (default 100)
 *   --n-high=N       documents in the high-volume regime (default 100)
 *   --serial         run every measurement on its own instead of overlapping the rate-bound ones
 *   --no-queue       leave out the queue-mode runs (they need redis-server and the n8n of `npm start`)
 *   --no-write       print only; leave bench/RESULTS.md as it is
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import { samplePdf } from '../test/harness/files';
import type { Plan } from '../test/harness/planBound';
import { paceBound, planBound } from '../test/harness/planBound';
import { readOptions } from '../nodes/Mindee/helpers/options';
import type { LoopResult } from './lib/baselines';
import { sdkLoop, syncLoop } from './lib/baselines';
import { fileRows } from './files';
import type { FakeMindee } from './lib/fake';
import {
	explain429s,
	median,
	repoRoot,
	slacks,
	startFakeMindee,
	startFakeMindeeV2,
} from './lib/fake';
import type { NodeRunResult } from './lib/nodeRun';
import { withPageCount } from './pdfPages';
import {
	invoiceItems,
	runConcurrentExecutions,
	runMindeeNode,
	runMindeeV2Node,
} from './lib/nodeRun';
import { pollingSection } from './polling';
import { QUEUE_N8N_VERSION } from './lib/queueRun';

const P = 2_000;
const DEFAULT_PLAN = { perSecond: 4, perMinute: 75 };
const HIGH_VOLUME = { perSecond: 50, perMinute: 0 };

/** Executions of one document each started at once in one process, and across two queue-mode workers. */
const CONCURRENT = [24, 96];
const QUEUE = { executions: [24, 48, 96], workers: 2 };
/** The queue-mode run that target (7) is about. */
const QUEUE_TARGET = 48;
/** The single large batch (high-volume plan) whose peak RSS is compared with a batch of BATCH_SMALL. */
const BATCH_SMALL = 100;
const BATCH_LARGE = 1_000;

interface QueueRun {
	executions: number;
	result: NodeRunResult & { perWorker: number[] };
	/** Why each 429 was answered (explain429s on the row's fake API). */
	refusals: string[];
}

interface Args {
	nDefault: number;
	nHigh: number;
	serial: boolean;
	queue: boolean;
	write: boolean;
}

function parseArgs(argv: string[]): Args {
	const quick = argv.includes('--quick');
	const value = (name: string, fallback: number) => {
		const arg = argv.find((a) => a.startsWith(`--${name}=`));
		return arg ? Number(arg.split('=')[1]) : fallback;
	};
	return {
		nDefault: value('n-default', quick ? 30 : 100),
		nHigh: value('n-high', quick ? 40 : 100),
		serial: argv.includes('--serial'),
		queue: !argv.includes('--no-queue'),
		write: !argv.includes('--no-write'),
	};
}

const log = (message: string) =>
	process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);

async function measured<T>(label: string, run: () => Promise<T>): Promise<T> {
	log(`${label}: started`);
	const result = await run();
	log(`${label}: done`);
	return result;
}

async function withServer<T>(
	options: Parameters<typeof startFakeMindee>[0],
	run: (server: FakeMindee) => Promise<T>,
	start: typeof startFakeMindee = startFakeMindee,
) {
	const server = await start(options);
	try {
		const result = await run(server);
		return { result, server };
	} finally {
		await server.close();
	}
}

/** Runs the thunks together, or one after the other with --serial. */
async function group<T extends unknown[]>(
	serial: boolean,
	thunks: { [K in keyof T]: () => Promise<T[K]> },
): Promise<T> {
	if (!serial) return (await Promise.all(thunks.map(async (thunk) => await thunk()))) as T;
	const results: unknown[] = [];
	for (const thunk of thunks) results.push(await thunk());
	return results as T;
}

const pdfs = (count: number) =>
	Array.from({ length: count }, (_, index) => samplePdf(1, 900 + index));

/**
 * Runs one of the benchmark's child scripts (beside this file) in a Node process of its own and returns the
 * JSON of its last stdout line. `showProgress` passes the child's stderr through as it comes.
 */
async function runChild<T>(script: string, args: Array<string | number>, showProgress = false) {
	const run = promisify(execFile)(
		process.execPath,
		[path.join(__dirname, script), ...args.map(String)],
		{ maxBuffer: 16 * 1024 * 1024 },
	);
	if (showProgress) run.child.stderr?.on('data', (chunk: Buffer) => process.stderr.write(chunk));
	const { stdout } = await run;
	return JSON.parse(stdout.trim().split('\n').pop()!) as T;
}

async function rssRun(server: FakeMindee, filePath: string) {
	const report = await runChild<{
		before: number;
		peakRss: number;
		failed: number;
		firstError?: string;
		ms: number;
	}>('rss-child.js', [server.url, server.apiKey, filePath]);
	if (report.failed) throw new Error(`The RSS run failed: ${report.firstError}`);
	return report;
}

async function batchRun(server: FakeMindee, count: number) {
	const report = await runChild<{
		peakRss: number;
		items: number;
		failed: number;
		firstError?: string;
		ms: number;
	}>('batch-child.js', [server.url, server.apiKey, count]);
	if (report.failed) throw new Error(`The ${count}-document batch failed: ${report.firstError}`);
	return report;
}

/** One queue-mode row, run by queue-child.js: its fake API and webhook calls in a process of their own. */
async function queueRun(executions: number) {
	return await runChild<Omit<QueueRun, 'executions'>>(
		'queue-child.js',
		[executions, QUEUE.workers, P, DEFAULT_PLAN.perSecond, DEFAULT_PLAN.perMinute],
		true,
	);
}

const planOptions = (plan: { perSecond: number; perMinute: number }) => ({
	requestsPerSecond: plan.perSecond,
	requestsPerMinute: plan.perMinute,
});

async function main() {
	const args = parseArgs(process.argv.slice(2));
	const defaults = readOptions({ getNodeParameter: () => ({}) } as never, 0);
	const started = Date.now();
	log(
		`default plan N=${args.nDefault}, high-volume N=${args.nHigh}, ${args.serial ? 'serial' : 'rate-bound runs overlapped'}`,
	);

	// 0. Polling cadence, first and alone: its latencies are measured on the wall clock.
	const polling = await measured('polling: requests per document', pollingSection);

	// 1. Rate-bound runs: each against its own fake API (its own limits, like separate accounts). They
	//    spend their time waiting for the limits, not on the CPU, so they may overlap without disturbing
	//    each other; --serial runs them one by one.
	const concurrentRuns = group<Array<{ result: NodeRunResult; server: FakeMindee }>>(
		args.serial,
		CONCURRENT.map(
			(executions) => async () =>
				await measured(
					`default plan: ${executions} executions at once, one process`,
					async () =>
						await withServer(
							{ processingMs: P, limits: DEFAULT_PLAN },
							async (server) =>
								await runConcurrentExecutions(server, executions, planOptions(DEFAULT_PLAN)),
						),
				),
		),
	);
	if (args.serial) await concurrentRuns;
	const [nodeDefault, sdkDefault, submitDefault, syncHigh, sdkHigh, v2Default] = await group<
		[
			{ result: NodeRunResult; server: FakeMindee },
			{ result: LoopResult; server: FakeMindee },
			{ result: NodeRunResult; server: FakeMindee },
			{ result: LoopResult; server: FakeMindee },
			{ result: LoopResult; server: FakeMindee },
			{ result: NodeRunResult; server: FakeMindee },
		]
	>(args.serial, [
		async () =>
			await measured(
				'default plan: node, Parse Document',
				async () =>
					await withServer(
						{ processingMs: P, limits: DEFAULT_PLAN },
						async (server) =>
							await runMindeeNode(server, invoiceItems(args.nDefault), {
								requestsPerSecond: 4,
								requestsPerMinute: 75,
							}),
					),
			),
		async () =>
			await measured(
				'default plan: SDK loop',
				async () =>
					await withServer(
						{ processingMs: P, limits: DEFAULT_PLAN },
						async (server) => await sdkLoop(server, pdfs(args.nDefault)),
					),
			),
		async () =>
			await measured(
				'default plan: node, Submit Document',
				async () =>
					await withServer(
						{ processingMs: P, limits: DEFAULT_PLAN },
						async (server) =>
							await runMindeeNode(
								server,
								invoiceItems(args.nDefault),
								{ requestsPerSecond: 4, requestsPerMinute: 75 },
								{ operation: 'submit' },
							),
					),
			),
		async () =>
			await measured(
				'high volume: sequential sync loop',
				async () =>
					await withServer(
						{ processingMs: P, limits: HIGH_VOLUME, syncProcessing: true },
						async (server) => await syncLoop(server, pdfs(args.nHigh)),
					),
			),
		async () =>
			await measured(
				'high volume: SDK loop',
				async () =>
					await withServer(
						{ processingMs: P, limits: HIGH_VOLUME },
						async (server) => await sdkLoop(server, pdfs(args.nHigh)),
					),
			),
		async () =>
			await measured(
				'Mindee V2, default plan: node, Extract Data',
				async () =>
					await withServer(
						{ processingMs: P, limits: DEFAULT_PLAN },
						async (server) =>
							await runMindeeV2Node(server, invoiceItems(args.nDefault), {
								requestsPerSecond: 4,
								requestsPerMinute: 75,
							}),
						startFakeMindeeV2,
					),
			),
	]);

	const concurrent = await concurrentRuns;

	// 2. The CPU-bound and latency-sensitive run, alone.
	const nodeHigh = await measured(
		'high volume: node, Parse Document',
		async () =>
			await withServer(
				{ processingMs: P, limits: HIGH_VOLUME },
				async (server) =>
					await runMindeeNode(server, invoiceItems(args.nHigh), {
						requestsPerSecond: 50,
						requestsPerMinute: 0,
					}),
			),
	);

	const v2High = await measured(
		'Mindee V2, high volume: node, Extract Data',
		async () =>
			await withServer(
				{ processingMs: P, limits: HIGH_VOLUME },
				async (server) =>
					await runMindeeV2Node(server, invoiceItems(args.nHigh), {
						requestsPerSecond: 50,
						requestsPerMinute: 0,
					}),
				startFakeMindeeV2,
			),
	);

	// 3. Peak RSS of a process running the node on one 20 MB file, vs one 1 kB file.
	const dir = mkdtempSync(path.join(os.tmpdir(), 'docparse-bench-'));
	const big = path.join(dir, 'big.pdf');
	const small = path.join(dir, 'small.pdf');
	writeFileSync(big, samplePdf(1, 20_000_000));
	writeFileSync(small, samplePdf(1, 1_000));
	const { result: rss } = await measured(
		'memory: 1 kB and 20 MB uploads',
		async () =>
			await withServer({ processingMs: 200 }, async (server) => {
				const smallRun = await rssRun(server, small);
				const bigRun = await rssRun(server, big);
				const upload = server.requests.find(
					(request) =>
						request.kind === 'submit' && (request as { bodySize?: number }).bodySize! > 19_000_000,
				);
				if (!upload) throw new Error('The 20 MB upload did not reach the fake server');
				return { smallRun, bigRun };
			}),
	);

	// 4. Peak RSS of a process running one large batch (high-volume plan), vs a small one.
	const { result: batches } = await measured(
		`memory: batches of ${BATCH_SMALL} and ${BATCH_LARGE} documents`,
		async () =>
			await withServer({ processingMs: P, limits: HIGH_VOLUME }, async (server) => ({
				small: await batchRun(server, BATCH_SMALL),
				large: await batchRun(server, BATCH_LARGE),
			})),
	);

	// 4. Queue mode, last and alone: each row starts three n8n processes, and the fake API must answer on
	// time for the 429 counts to be the workers' own, so it runs in a child process (queue-child.ts), away
	// from this process's heap. The rows follow each other, each against a fake API of its own (a fresh
	// plan). A setup failure (no redis-server, n8n not starting) is reported as the target missed, not as a
	// crash.
	let queueError: string | undefined;
	const queue = await (async () => {
		if (!args.queue) return [];
		const runs: QueueRun[] = [];
		for (const executions of QUEUE.executions) {
			try {
				runs.push({
					executions,
					...(await measured(
						`default plan: ${executions} executions across ${QUEUE.workers} queue-mode workers`,
						async () => await queueRun(executions),
					)),
				});
			} catch (error) {
				queueError = (error as Error).message.split('\n')[0];
				log(`queue mode failed: ${(error as Error).stack ?? (error as Error).message}`);
				break;
			}
		}
		return runs;
	})();
	const files = await measured('files: split and crop', async () => await fileRows(runChild));
	const rendered = renderReport({
		args,
		defaults,
		concurrent,
		queue,
		queueError,
		batches,
		nodeDefault,
		sdkDefault,
		submitDefault,
		syncHigh,
		sdkHigh,
		nodeHigh,
		v2Default,
		v2High,
		rss,
		minutes: (Date.now() - started) / 60_000,
	});
	const report = withPageCount(rendered);
	const tables = `${polling.markdown}\n${files}`;
	process.stdout.write(`\n${report.text}\n${tables}\n`);
	if (args.write) {
		writeFileSync(path.join(repoRoot, 'bench', 'RESULTS.md'), `${report.markdown}\n${tables}`);
		log('written to bench/RESULTS.md');
	}
	process.exitCode = report.allMet && polling.allMet ? 0 : 1;
}

type Runs = {
	args: Args;
	defaults: ReturnType<typeof readOptions>;
	nodeDefault: { result: NodeRunResult; server: FakeMindee };
	sdkDefault: { result: LoopResult; server: FakeMindee };
	submitDefault: { result: NodeRunResult; server: FakeMindee };
	syncHigh: { result: LoopResult; server: FakeMindee };
	sdkHigh: { result: LoopResult; server: FakeMindee };
	nodeHigh: { result: NodeRunResult; server: FakeMindee };
	v2Default: { result: NodeRunResult; server: FakeMindee };
	v2High: { result: NodeRunResult; server: FakeMindee };
	rss: { smallRun: { peakRss: number }; bigRun: { peakRss: number } };
	concurrent: Array<{ result: NodeRunResult; server: FakeMindee }>;
	queue: QueueRun[];
	queueError: string | undefined;
	batches: Record<'small' | 'large', { peakRss: number; items: number; ms: number }>;
	minutes: number;
};

/**
 * The requests a document costs at least: submit, the queue check that answers 302 (or finds it
 * Processed), the result.
 */
const REQUESTS_PER_DOCUMENT = 3;

/**
 * The plan's bound for N documents: their requests as early as both sliding windows allow, plus P
 * (test/harness/planBound.ts). Submit Document costs one request a document and waits for no job.
 */
function documentsBound(documents: number, plan: Plan, perDocument = REQUESTS_PER_DOCUMENT) {
	return planBound(perDocument * documents, plan, perDocument === 1 ? 0 : P);
}

/** The Bound column: what the bound counts, and its value. */
function boundCell(ms: number, perDocument = REQUESTS_PER_DOCUMENT) {
	const requests = perDocument === 1 ? 'N requests' : `${perDocument}N requests + P`;
	return `${requests} = ${seconds(ms)}`;
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const ratio = (value: number) => `${value.toFixed(2)}×`;
const mb = (bytes: number) => `${(bytes / 1_048_576).toFixed(1)} MB`;
const check = (met: boolean) => (met ? 'met' : '**MISSED**');

function renderReport(runs: Runs) {
	const { args, defaults } = runs;
	const nD = args.nDefault;
	const nH = args.nHigh;
	const limitDefault = documentsBound(nD, DEFAULT_PLAN);
	const limitSubmit = documentsBound(nD, DEFAULT_PLAN, 1);
	const limitHigh = documentsBound(nH, HIGH_VOLUME);

	const nodeD = runs.nodeDefault.result;
	const sdkD = runs.sdkDefault.result;
	const subD = runs.submitDefault.result;
	const nodeH = runs.nodeHigh.result;
	const syncH = runs.syncHigh.result;
	const sdkH = runs.sdkHigh.result;
	const slackHigh = slacks(runs.nodeHigh.server);
	const slackDefault = slacks(runs.nodeDefault.server);
	const medianSlack = median(slackHigh) ?? NaN;
	const rssDiff = runs.rss.bigRun.peakRss - runs.rss.smallRun.peakRss;
	const v2D = runs.v2Default.result;
	const v2H = runs.v2High.result;
	const v2Slack = median(slacks(runs.v2High.server)) ?? NaN;

	const targets = [
		{
			name: `(1) default plan: 0 failed items, ≤ 1.10 × limit`,
			value: `${nodeD.failed} failed, ${ratio(nodeD.ms / limitDefault)}`,
			met: nodeD.failed === 0 && nodeD.ms <= 1.1 * limitDefault,
		},
		{
			name: `(2) high volume: ≤ 1.25 × limit, ≥ 15× faster than both sequential loops`,
			value: `${ratio(nodeH.ms / limitHigh)}; ${ratio(syncH.ms / nodeH.ms)} / ${ratio(sdkH.ms / nodeH.ms)} faster`,
			met:
				nodeH.failed === 0 &&
				nodeH.ms <= 1.25 * limitHigh &&
				syncH.ms >= 15 * nodeH.ms &&
				sdkH.ms >= 15 * nodeH.ms,
		},
		{
			name: '(3) median slack ≤ 250 ms',
			value: `${Math.round(medianSlack)} ms`,
			met: medianSlack <= 250,
		},
		{
			name: '(4) peak RSS, 20 MB upload vs 1 kB: < 10 MB more',
			value: mb(rssDiff),
			met: rssDiff < 10 * 1_048_576,
		},
		{
			name: '(5) Mindee V2: 0 failed items; default plan ≤ 1.10 × limit, high volume ≤ 1.25 × limit',
			value: `${v2D.failed + v2H.failed} failed, ${ratio(v2D.ms / limitDefault)} / ${ratio(v2H.ms / limitHigh)}`,
			met:
				v2D.failed + v2H.failed === 0 && v2D.ms <= 1.1 * limitDefault && v2H.ms <= 1.25 * limitHigh,
		},
		...concurrentTargets(runs),
	];

	const row = (cells: Array<string | number>) => `| ${cells.join(' | ')} |`;
	const header = row([
		'Regime',
		'Run',
		'N',
		'Time',
		'Failed',
		'429s',
		'Requests',
		'TCP connections',
		'Bound',
		'Time / bound',
		'Node is faster by',
	]);
	const line = row(Array(11).fill('---'));
	const conns = (run: { server: FakeMindee }) => run.server.connections;
	const rows = [
		row([
			'Default plan (4/s, 75/min), P = 2 s',
			'**This node**, Parse Document',
			nD,
			seconds(nodeD.ms),
			nodeD.failed,
			nodeD.rateLimited,
			nodeD.requests,
			conns(runs.nodeDefault),
			boundCell(limitDefault),
			ratio(nodeD.ms / limitDefault),
			'',
		]),
		row([
			'',
			'`mindee` SDK, sequential `enqueueAndParse`',
			nD,
			seconds(sdkD.ms),
			sdkD.failed,
			sdkD.rateLimited,
			sdkD.requests,
			conns(runs.sdkDefault),
			'',
			'',
			'',
		]),
		row([
			'',
			'This node, Submit Document (result via trigger)',
			nD,
			seconds(subD.ms),
			subD.failed,
			subD.rateLimited,
			subD.requests,
			conns(runs.submitDefault),
			boundCell(limitSubmit, 1),
			ratio(subD.ms / limitSubmit),
			'',
		]),
		row([
			'High-volume plan (50/s, no minute cap), P = 2 s',
			'**This node**, Parse Document',
			nH,
			seconds(nodeH.ms),
			nodeH.failed,
			nodeH.rateLimited,
			nodeH.requests,
			conns(runs.nodeHigh),
			boundCell(limitHigh),
			ratio(nodeH.ms / limitHigh),
			'',
		]),
		row([
			'',
			'Sequential synchronous predict (built-in node)',
			nH,
			seconds(syncH.ms),
			syncH.failed,
			syncH.rateLimited,
			syncH.requests,
			conns(runs.syncHigh),
			'',
			'',
			ratio(syncH.ms / nodeH.ms),
		]),
		row([
			'',
			'`mindee` SDK, sequential `enqueueAndParse`',
			nH,
			seconds(sdkH.ms),
			sdkH.failed,
			sdkH.rateLimited,
			sdkH.requests,
			conns(runs.sdkHigh),
			'',
			'',
			ratio(sdkH.ms / nodeH.ms),
		]),
		row([
			'Mindee V2, default plan (4/s, 75/min), P = 2 s',
			'**This node (V2)**, Extract Data',
			nD,
			seconds(v2D.ms),
			v2D.failed,
			v2D.rateLimited,
			`${v2D.requests} (${(v2D.requests / nD).toFixed(2)}/doc)`,
			conns(runs.v2Default),
			boundCell(limitDefault),
			ratio(v2D.ms / limitDefault),
			'',
		]),
		row([
			'Mindee V2, high volume (50/s, no minute cap), P = 2 s',
			'**This node (V2)**, Extract Data',
			nH,
			seconds(v2H.ms),
			v2H.failed,
			v2H.rateLimited,
			`${v2H.requests} (${(v2H.requests / nH).toFixed(2)}/doc)`,
			conns(runs.v2High),
			boundCell(limitHigh),
			ratio(v2H.ms / limitHigh),
			'',
		]),
	];
	const manyRows = [
		...runs.concurrent.map(({ result, server }, index) => {
			const n = CONCURRENT[index];
			const bound = documentsBound(n, DEFAULT_PLAN);
			return row([
				index === 0 ? 'Many executions at once, default plan (4/s, 75/min), P = 2 s' : '',
				`**${n} executions** of one document, one process`,
				n,
				seconds(result.ms),
				result.failed,
				result.rateLimited,
				`${result.requests} (${(result.requests / n).toFixed(2)}/doc)`,
				server.connections,
				boundCell(bound),
				ratio(result.ms / bound),
				'',
			]);
		}),
		...runs.queue.map(({ executions, result }) =>
			row([
				'',
				`**${executions} executions** across ${QUEUE.workers} queue-mode workers (${result.perWorker.join(' + ')})`,
				executions,
				seconds(result.ms),
				result.failed,
				`${result.rateLimited} (${pctOf(result.rateLimited, result.requests)})`,
				`${result.requests} (${(result.requests / executions).toFixed(2)}/doc)`,
				'',
				boundCell(documentsBound(executions, DEFAULT_PLAN)),
				ratio(result.ms / documentsBound(executions, DEFAULT_PLAN)),
				'',
			]),
		),
	];
	const failureLines = [
		...runs.concurrent.map(({ result }, index) => ({
			label: `${CONCURRENT[index]} executions, one process`,
			result,
		})),
		...runs.queue.map(({ executions, result }) => ({
			label: `${executions} executions, queue mode`,
			result,
		})),
	]
		.filter(({ result }) => result.failed > 0)
		.map(
			({ label, result }) =>
				`- ${label}: ${result.failed} failed, the first with: ${result.firstError}`,
		);
	const batchLines = [
		`- ${BATCH_SMALL} documents: peak RSS ${mb(runs.batches.small.peakRss)} (${seconds(runs.batches.small.ms)}); ${BATCH_LARGE} documents: peak RSS ${mb(runs.batches.large.peakRss)} (${seconds(runs.batches.large.ms)}); difference **${mb(runs.batches.large.peakRss - runs.batches.small.peakRss)}**, ${((runs.batches.large.peakRss - runs.batches.small.peakRss) / (BATCH_LARGE - BATCH_SMALL) / 1024).toFixed(1)} kB per additional document (its input and output items, which n8n keeps for the run, included).`,
	];
	const pct = (values: number[], p: number) => {
		const sorted = [...values].sort((a, b) => a - b);
		return sorted.length
			? Math.round(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))])
			: NaN;
	};
	// Which window each 429 of a node run broke, on the fake API's clock: what the limiter has to allow for.
	const refusals = [
		['default plan', runs.nodeDefault.server],
		['Submit Document', runs.submitDefault.server],
		['high volume', runs.nodeHigh.server],
		['Mindee V2 default plan', runs.v2Default.server],
		['Mindee V2 high volume', runs.v2High.server],
	]
		.flatMap(([label, server]) =>
			explain429s(server as FakeMindee).map((text) => `- ${label as string}: ${text}`),
		)
		.concat(
			runs.queue.flatMap(({ executions, refusals: texts }) =>
				texts.map((text) => `- ${executions} executions, queue mode: ${text}`),
			),
		);
	const slackLines = [
		`- High-volume run: median ${Math.round(medianSlack)} ms, p90 ${pct(slackHigh, 0.9)} ms, max ${pct(slackHigh, 1)} ms over ${slackHigh.length} jobs.`,
		`- Mindee V2 high-volume run: median ${Math.round(v2Slack)} ms between a job's completion and the first check that saw it Processed.`,
		`- Default-plan run, for information: median ${seconds(median(slackDefault) ?? NaN)}. There the 75 requests of each minute are all spent, so a finished job waits for the next free request whatever the schedule; the order in which requests are served changes who waits, not when the batch ends.`,
	];
	const memoryLines = [
		`- 1 kB file: peak RSS ${mb(runs.rss.smallRun.peakRss)}; 20 MB file: peak RSS ${mb(runs.rss.bigRun.peakRss)}; difference **${mb(rssDiff)}**.`,
		'- Why a stream alone leaves about the file\'s size behind (dead chunks the garbage collector frees late), and what removes it: bench/README.md, "Memory".',
	];
	const machine = `${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} CPUs (nproc ${os.availableParallelism()}), ${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB RAM, Node ${process.version}, ${os.platform()} ${os.release()}; load average at the end ${os.loadavg()[0].toFixed(1)} (other work on the machine slows the CPU-bound rows)`;
	const settings = `Node options: defaults (concurrency ${defaults.concurrency}, first check ${defaults.pollInitialDelay} s after the submit, then every ${defaults.pollInterval} s, postponed by the processing times the batch measured) with the plan's limits set (requestsPerSecond/requestsPerMinute). Continue On Fail is on so that a failed item is counted, not fatal.`;
	const overlap = args.serial
		? 'Every run ran on its own.'
		: 'The rate-bound runs (default plan, and the two sequential loops of the high-volume regime) ran at the same time, each against its own fake API (own limits, as separate accounts); they wait on their limits, not on the CPU. The high-volume node run, which is CPU- and latency-sensitive, ran alone, and so did the queue-mode rows, last.';
	const nNote =
		args.nDefault !== 100 || args.nHigh !== 100
			? `\n\n**N differs from the issue's 100** (default plan N = ${nD}, high volume N = ${nH}).`
			: '';

	const markdown = [
		'# Benchmark results',
		'',
		`Latest \`npm run bench\`, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, ${runs.minutes.toFixed(1)} min in all.`,
		'',
		`Machine: ${machine}.`,
		'',
		`Fake Mindee v1 API on 127.0.0.1 (test/fakes/mindee-server.ts), and for the V2 rows the fake Mindee V2 API (test/fakes/mindee-v2-server.ts: enqueue, job checks at polling_url, result_url): processing time P = 2 s, sliding-window limits answering 429 + Retry-After beyond them, every request counted. ${settings} ${overlap}${nNote}`,
		'',
		header,
		line,
		...rows,
		...manyRows,
		'',
		`Bound: the earliest time a run's requests (${REQUESTS_PER_DOCUMENT} a document; Submit Document 1) can all be sent under the plan's sliding 1 s and 60 s windows, plus P (bench/README.md, "Bounds").`,
		'',
		...(failureLines.length ? ['Failures:', '', ...failureLines, ''] : []),
		`Many executions at once: each execution is an n8n-core WorkflowExecute run of one document, all started together in one process (as a webhook or an email trigger starts them); all use one credential, so they share its rate budget. The queue-mode rows are a real n8n ${QUEUE_N8N_VERSION} in queue mode (Redis, one main process, ${QUEUE.workers} \`n8n worker\` processes) with the package installed as the Community Nodes panel installs it, set up afresh for each row, against a fake API of its own that runs, with the webhook calls, in a child process (bench/queue-child.ts); the executions are started by as many webhook calls at once, and each worker has its own limiter at the plan's full values: they share the plan by backing off on 429s their own requests cannot explain. Time runs from the first start to the last answer.`,
		'',
		...(refusals.length
			? [
					"429 answers to this node (accepted requests in the second and the minute before each, on the fake API's clock):",
					'',
					...refusals,
					'',
				]
			: []),
		"Slack between a job's completion and the node's first queue check seeing it (the fake API's clock):",
		'',
		...slackLines,
		'',
		"Memory (Parse Document on one file, in a child process of its own; the fake API in the parent; n8n's filesystem binary mode, the file put into the store by a kernel file copy so that only the node under test handles its bytes; peak RSS = the kernel's maxrss of that process):",
		'',
		...memoryLines,
		'',
		`One large batch (Parse Document, high-volume plan, small invoices, each run in a process of its own, the fake API in the parent):`,
		'',
		...batchLines,
		'',
		'| Target | Result | |',
		'| --- | --- | --- |',
		...targets.map((target) => `| ${target.name} | ${target.value} | ${check(target.met)} |`),
		'',
	].join('\n');
	return { markdown, text: markdown, allMet: targets.every((target) => target.met) };
}

const pctOf = (part: number, whole: number) =>
	`${((100 * part) / Math.max(1, whole)).toFixed(1)} %`;

/** The targets for executions at once: one process with 24, two workers with 48. */
function concurrentTargets(runs: Runs) {
	const [first] = runs.concurrent;
	const bound24 = documentsBound(CONCURRENT[0], DEFAULT_PLAN);
	const targets = [
		{
			name: `(6) one process, ${CONCURRENT[0]} executions at once: 0 failed, ≤ 1.15 × bound, ≤ 5 answers of 429`,
			value: `${first.result.failed} failed, ${ratio(first.result.ms / bound24)}, ${first.result.rateLimited} × 429`,
			met:
				first.result.failed === 0 &&
				first.result.ms <= 1.15 * bound24 &&
				first.result.rateLimited <= 5,
		},
	];
	const queueTarget = runs.queue.find(({ executions }) => executions === QUEUE_TARGET);
	// Set against the steady pace's bound, 3N/75 min + P, and kept so (bench/README.md, "Bounds").
	const queueTargetName = `(7) ${QUEUE.workers} queue-mode workers, ${QUEUE_TARGET} executions at once: 0 failed, ≤ 1.3 × 3N/75 min + P, 429s ≤ 5 % of requests`;
	if (queueTarget) {
		const { result } = queueTarget;
		const bound = paceBound(REQUESTS_PER_DOCUMENT * QUEUE_TARGET, DEFAULT_PLAN, P);
		targets.push({
			name: queueTargetName,
			value: `${result.failed} failed, ${ratio(result.ms / bound)} (${ratio(result.ms / documentsBound(QUEUE_TARGET, DEFAULT_PLAN))} of the exact bound), ${result.rateLimited} × 429 = ${pctOf(result.rateLimited, result.requests)}`,
			met:
				result.failed === 0 &&
				result.ms <= 1.3 * bound &&
				result.rateLimited <= 0.05 * result.requests,
		});
	} else {
		targets.push({
			name: queueTargetName,
			value: `not measured: ${runs.queueError ?? 'left out (--no-queue)'}`,
			met: false,
		});
	}
	return targets;
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
