/**
 * Queue mode: 24, 48, then 96 executions of one document each across two `n8n worker` processes of a real
 * n8n, each row set up afresh and run in a child process of its own (bench/queue-child.ts) with its fake
 * API and the webhook calls. Target (7).
 */
import { paceBound } from '../test/harness/planBound';
import { QUEUE_N8N_VERSION } from './lib/queueRun';
import type { NodeRunResult } from './lib/nodeRun';
import { DEFAULT_PLAN, documentsBound, P, REQUESTS_PER_DOCUMENT } from './lib/plans';
import type { Section, Target } from './lib/report';
import { failureLines, pctOf, ratio, row } from './lib/report';
import type { Args } from './lib/runner';
import { log, measured, runChild } from './lib/runner';

const EXECUTIONS = [24, 48, 96];
const WORKERS = 2;
/** The row that target (7) is about. */
const TARGET_EXECUTIONS = 48;

interface QueueRun {
	executions: number;
	result: NodeRunResult & { perWorker: number[] };
	/** Why each 429 was answered (explain429s on the row's fake API). */
	refusals: string[];
}

/**
 * The rows one after another, each against a fake API of its own (a fresh plan). A setup failure (no
 * redis-server, n8n not starting) is reported as the target missed, not as a crash.
 */
async function measure(): Promise<{ runs: QueueRun[]; error?: string }> {
	const runs: QueueRun[] = [];
	for (const executions of EXECUTIONS) {
		try {
			const run = await measured(
				`default plan: ${executions} executions across ${WORKERS} queue-mode workers`,
				async () =>
					await runChild<Omit<QueueRun, 'executions'>>(
						'queue-child.js',
						[executions, WORKERS, P, DEFAULT_PLAN.perSecond, DEFAULT_PLAN.perMinute],
						true,
					),
			);
			runs.push({ executions, ...run });
		} catch (error) {
			log(`queue mode failed: ${(error as Error).stack ?? (error as Error).message}`);
			return { runs, error: (error as Error).message.split('\n')[0] };
		}
	}
	return { runs };
}

function target(runs: QueueRun[], error: string | undefined): Target {
	// Set against the steady pace's bound, 3N/75 min + P, and kept so (bench/README.md, "Bounds").
	const name = `${WORKERS} queue-mode workers, ${TARGET_EXECUTIONS} executions at once: 0 failed, ≤ 1.3 × 3N/75 min + P, 429s ≤ 5 % of requests`;
	const measuredRun = runs.find(({ executions }) => executions === TARGET_EXECUTIONS);
	if (!measuredRun)
		return {
			id: 7,
			name,
			value: `not measured: ${error ?? 'left out (--no-queue)'}`,
			met: false,
		};
	const { result } = measuredRun;
	const bound = paceBound(REQUESTS_PER_DOCUMENT * TARGET_EXECUTIONS, DEFAULT_PLAN, P);
	return {
		id: 7,
		name,
		value: `${result.failed} failed, ${ratio(result.ms / bound)} (${ratio(result.ms / documentsBound(TARGET_EXECUTIONS, DEFAULT_PLAN))} of the exact bound), ${result.rateLimited} × 429 = ${pctOf(result.rateLimited, result.requests)}`,
		met:
			result.failed === 0 &&
			result.ms <= 1.3 * bound &&
			result.rateLimited <= 0.05 * result.requests,
	};
}

export async function queueSection(args: Args): Promise<Section> {
	const { runs, error } = args.queue ? await measure() : { runs: [] };
	return {
		rows: runs.map(({ executions, result }) =>
			row({
				run: `**${executions} executions** across ${WORKERS} queue-mode workers (${result.perWorker.join(' + ')})`,
				n: executions,
				result,
				rateLimited: `${result.rateLimited} (${pctOf(result.rateLimited, result.requests)})`,
				perDocument: true,
				bound: { ms: documentsBound(executions, DEFAULT_PLAN) },
			}),
		),
		targets: [target(runs, error)],
		failures: failureLines(
			runs.map(({ executions, result }) => ({
				label: `${executions} executions, queue mode`,
				result,
			})),
		),
		refusals: runs.flatMap(({ executions, refusals }) =>
			refusals.map((text) => `- ${executions} executions, queue mode: ${text}`),
		),
		notes: runs.length
			? [
					`The queue-mode rows are a real n8n ${QUEUE_N8N_VERSION} in queue mode (Redis, one main process, ${WORKERS} \`n8n worker\` processes) with the package installed as the Community Nodes panel installs it, set up afresh for each row, against a fake API of its own that runs, with the webhook calls, in a child process (bench/queue-child.ts); the executions are started by as many webhook calls at once, and each worker has its own limiter at the plan's full values: they share the plan by backing off on 429s their own requests cannot explain. Time runs from the first start to the last answer.`,
				]
			: [],
	};
}
