/**
 * The one table of `npm run bench` and the report around it. Each regime (bench/batch.ts, concurrent.ts,
 * queue.ts, memory.ts) measures its runs and returns a Section: its rows of the table, the targets it
 * judges, and its notes; renderReport puts the sections together in the order given.
 */
import os from 'node:os';

import { readOptions } from '../../nodes/Mindee/helpers/options';
import type { LoopResult } from './baselines';
import type { Args } from './runner';
import { REQUESTS_PER_DOCUMENT } from './plans';

export interface Target {
	/** Its number in the issue, which orders the targets' table. */
	id: number;
	name: string;
	value: string;
	met: boolean;
}

export interface Section {
	/** Rows of the table (`row`). */
	rows: string[];
	targets: Target[];
	/** "- <run>: N failed, the first with: …" for runs that had failed items. */
	failures?: string[];
	/** Why each 429 was answered: "- <run>: <explain429s text>". */
	refusals?: string[];
	/** Paragraphs and lists after the table, each a block of Markdown. */
	notes?: string[];
}

export const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
export const ratio = (value: number) => `${value.toFixed(2)}×`;
export const mb = (bytes: number) => `${(bytes / 1_048_576).toFixed(1)} MB`;
export const pctOf = (part: number, whole: number) =>
	`${((100 * part) / Math.max(1, whole)).toFixed(1)} %`;
const check = (met: boolean) => (met ? 'met' : '**MISSED**');

/** "- <label>: N failed, the first with: …" when the run had failed items. */
export function failureLines(runs: Array<{ label: string; result: LoopResult }>): string[] {
	return runs
		.filter(({ result }) => result.failed > 0)
		.map(
			({ label, result }) =>
				`- ${label}: ${result.failed} failed, the first with: ${result.firstError}`,
		);
}

const cells = (values: Array<string | number>) => `| ${values.join(' | ')} |`;

/** The Bound column: what the bound counts, and its value. */
function boundCell(ms: number, perDocument: number) {
	const requests = perDocument === 1 ? 'N requests' : `${perDocument}N requests + P`;
	return `${requests} = ${seconds(ms)}`;
}

/** One row of the table: a run of N documents. */
export function row(run: {
	/** The regime's name, on its first row only. */
	regime?: string;
	run: string;
	n: number;
	result: LoopResult;
	/** The 429s cell, when it says more than the count. */
	rateLimited?: string;
	/** Also give the requests per document. */
	perDocument?: boolean;
	connections?: number;
	/** The run's bound, and the requests a document costs in it. */
	bound?: { ms: number; perDocument?: number };
	/** How much longer a baseline took than the node. */
	slowerBy?: number;
}): string {
	const { result, n, bound } = run;
	return cells([
		run.regime ?? '',
		run.run,
		n,
		seconds(result.ms),
		result.failed,
		run.rateLimited ?? result.rateLimited,
		run.perDocument
			? `${result.requests} (${(result.requests / n).toFixed(2)}/doc)`
			: result.requests,
		run.connections ?? '',
		bound ? boundCell(bound.ms, bound.perDocument ?? REQUESTS_PER_DOCUMENT) : '',
		bound ? ratio(result.ms / bound.ms) : '',
		run.slowerBy !== undefined ? ratio(run.slowerBy) : '',
	]);
}

const HEADER = [
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
];

/** The report's Markdown, and whether every target is met. */
export function renderReport(args: Args, sections: Section[], minutes: number) {
	const defaults = readOptions({ getNodeParameter: () => ({}) } as never, 0);
	const all = <K extends 'rows' | 'failures' | 'refusals' | 'notes'>(key: K) =>
		sections.flatMap((section) => section[key] ?? []);
	const targets = sections.flatMap((section) => section.targets).sort((a, b) => a.id - b.id);
	const failures = all('failures');
	const refusals = all('refusals');

	const machine = `${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} CPUs (nproc ${os.availableParallelism()}), ${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB RAM, Node ${process.version}, ${os.platform()} ${os.release()}; load average at the end ${os.loadavg()[0].toFixed(1)} (other work on the machine slows the CPU-bound rows)`;
	const settings = `Node options: defaults (concurrency ${defaults.concurrency}, first check ${defaults.pollInitialDelay} s after the submit, then every ${defaults.pollInterval} s, postponed by the processing times the batch measured) with the plan's limits set (requestsPerSecond/requestsPerMinute). Continue On Fail is on so that a failed item is counted, not fatal.`;
	const alone =
		'Every run ran on its own, one after another, so that each row measures only itself (a rate-bound run beside others shares the CPU with them and misses slots its plan allows).';
	const nNote =
		args.nDefault !== 100 || args.nHigh !== 100
			? `\n\n**N differs from the issue's 100** (default plan N = ${args.nDefault}, high volume N = ${args.nHigh}).`
			: '';

	const markdown = [
		'# Benchmark results',
		'',
		`Latest \`npm run bench\`, ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC, ${minutes.toFixed(1)} min in all.`,
		'',
		`Machine: ${machine}.`,
		'',
		`Fake Mindee v1 API on 127.0.0.1 (test/fakes/mindee-server.ts), and for the V2 rows the fake Mindee V2 API (test/fakes/mindee-v2-server.ts: enqueue, job checks at polling_url, result_url): processing time P = 2 s, sliding-window limits answering 429 + Retry-After beyond them, every request counted. ${settings} ${alone}${nNote}`,
		'',
		cells(HEADER),
		cells(HEADER.map(() => '---')),
		...all('rows'),
		'',
		`Bound: the earliest time a run's requests (${REQUESTS_PER_DOCUMENT} a document; Submit Document 1) can all be sent under the plan's sliding 1 s and 60 s windows, plus P (bench/README.md, "Bounds").`,
		'',
		...(failures.length ? ['Failures:', '', ...failures, ''] : []),
		...(refusals.length
			? [
					"429 answers to this node (accepted requests in the second and the minute before each, on the fake API's clock):",
					'',
					...refusals,
					'',
				]
			: []),
		...all('notes').flatMap((note) => [note, '']),
		'| Target | Result | |',
		'| --- | --- | --- |',
		...targets.map(
			(target) => `| (${target.id}) ${target.name} | ${target.value} | ${check(target.met)} |`,
		),
		'',
	].join('\n');
	return { markdown, allMet: targets.every((target) => target.met) };
}
