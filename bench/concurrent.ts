/**
 * Many executions at once in one process: 24, then 96 executions of one document each, all started
 * together (as a webhook or an email trigger starts them) with one credential, so they share its rate
 * budget. Target (6).
 */
import { runConcurrentExecutions } from './lib/nodeRun';
import { DEFAULT_PLAN, documentsBound, P, planOptions } from './lib/plans';
import type { Section } from './lib/report';
import { failureLines, ratio, row } from './lib/report';
import { onFakeApi } from './lib/runner';

const EXECUTIONS = [24, 96];

export async function concurrentSection(): Promise<Section> {
	const runs = [];
	for (const executions of EXECUTIONS) {
		const { result, server } = await onFakeApi(
			`default plan: ${executions} executions at once, one process`,
			{ processingMs: P, limits: DEFAULT_PLAN },
			async (fake) => await runConcurrentExecutions(fake, executions, planOptions(DEFAULT_PLAN)),
		);
		runs.push({ executions, result, connections: server.connections });
	}
	const [first] = runs;
	const firstBound = documentsBound(first.executions, DEFAULT_PLAN);
	return {
		rows: runs.map(({ executions, result, connections }, index) =>
			row({
				regime:
					index === 0 ? 'Many executions at once, default plan (4/s, 75/min), P = 2 s' : undefined,
				run: `**${executions} executions** of one document, one process`,
				n: executions,
				result,
				perDocument: true,
				connections,
				bound: { ms: documentsBound(executions, DEFAULT_PLAN) },
			}),
		),
		targets: [
			{
				id: 6,
				name: `one process, ${first.executions} executions at once: 0 failed, ≤ 1.15 × bound, ≤ 5 answers of 429`,
				value: `${first.result.failed} failed, ${ratio(first.result.ms / firstBound)}, ${first.result.rateLimited} × 429`,
				met:
					first.result.failed === 0 &&
					first.result.ms <= 1.15 * firstBound &&
					first.result.rateLimited <= 5,
			},
		],
		failures: failureLines(
			runs.map(({ executions, result }) => ({
				label: `${executions} executions, one process`,
				result,
			})),
		),
		notes: [
			'Many executions at once: each execution is an n8n-core WorkflowExecute run of one document, all started together in one process (as a webhook or an email trigger starts them); all use one credential, so they share its rate budget. Time runs from the first start to the last answer.',
		],
	};
}
