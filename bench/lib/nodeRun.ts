import type { IDataObject, INodeParameters, INodeType } from 'n8n-workflow';

import { DocparseMindee } from '../../nodes/Mindee/DocparseMindee.node';
import { DocparseMindeeV2 } from '../../nodes/MindeeV2/DocparseMindeeV2.node';
import { NODE_UNDER_TEST, runNode } from '../../test/harness/engine';
import type { SourceItem } from '../../test/harness/engine';
import { samplePdf } from '../../test/harness/files';
import type { LoopResult } from './baselines';
import type { FakeMindee } from './fake';

/** A loop's result (`ms` here is the node's own execution time as n8n records it), plus connections used. */
export interface NodeRunResult extends LoopResult {
	connections: number;
}

/** N small invoices, each a distinct PDF. */
export function invoiceItems(count: number): SourceItem[] {
	return Array.from({ length: count }, (_, index) => ({
		json: { index },
		binary: {
			data: {
				data: samplePdf(1, 900 + index),
				fileName: `invoice-${index}.pdf`,
				mimeType: 'application/pdf',
			},
		},
	}));
}

/** Runs the Mindee node (Parse Document by default) through n8n's engine, in filesystem binary mode. */
export async function runMindeeNode(
	server: FakeMindee,
	items: SourceItem[],
	options: IDataObject,
	parameters: IDataObject = {},
	extraNodeTypes: Record<string, INodeType> = {},
): Promise<NodeRunResult> {
	const result = await runNode({
		node: {
			type: 'docparseMindee',
			parameters: {
				operation: 'parse',
				product: 'invoices',
				inputType: 'binary',
				...parameters,
				options,
			} as INodeParameters,
			continueOnFail: true,
		},
		nodeTypes: { docparseMindee: new DocparseMindee(), ...extraNodeTypes },
		credentials: {
			docparseMindeeApi: { apiKey: server.apiKey, baseUrl: server.url, webhookSecret: 'bench' },
		},
		items,
	});
	return summarize(server, result);
}

/** Runs the Mindee V2 node (Extract Data, an extraction model) through n8n's engine. */
export async function runMindeeV2Node(
	server: FakeMindee,
	items: SourceItem[],
	options: IDataObject,
): Promise<NodeRunResult> {
	const result = await runNode({
		node: {
			type: 'docparseMindeeV2',
			parameters: {
				operation: 'extract',
				modelId: { __rl: true, mode: 'id', value: 'b3274545-bb22-bb22-991e-9ca0639829a3' },
				inputType: 'binary',
				options,
			} as INodeParameters,
			continueOnFail: true,
		},
		nodeTypes: { docparseMindeeV2: new DocparseMindeeV2() },
		credentials: {
			docparseMindeeV2Api: { apiKey: server.apiKey, baseUrl: server.url, webhookSecret: 'bench' },
		},
		items,
	});
	return summarize(server, result);
}

function summarize(server: FakeMindee, result: Awaited<ReturnType<typeof runNode>>): NodeRunResult {
	if (result.error) throw result.error;
	const task = result.run.data.resultData.runData[NODE_UNDER_TEST]?.[0];
	const failures = result.items.filter((item) => item.json.error !== undefined);
	return {
		ms: task?.executionTime ?? NaN,
		items: result.items.length,
		failed: failures.length,
		firstError: failures[0] ? String(failures[0].json.error) : undefined,
		requests: server.requests.length,
		rateLimited: server.rateLimited,
		connections: server.connections,
	};
}

/**
 * `executions` executions of one document each, all started at once in this process (as a webhook or an
 * email trigger starts them), each its own n8n-core WorkflowExecute run of the Mindee node with `options`.
 * `ms` is the wall time from the start to the last one's end.
 */
export async function runConcurrentExecutions(
	server: FakeMindee,
	executions: number,
	options: IDataObject,
): Promise<NodeRunResult> {
	const started = Date.now();
	const runs = await Promise.all(
		Array.from(
			{ length: executions },
			async (_, index) =>
				await runNode({
					node: {
						type: 'docparseMindee',
						parameters: {
							operation: 'parse',
							product: 'invoices',
							inputType: 'binary',
							options,
						} as INodeParameters,
						continueOnFail: true,
					},
					nodeTypes: { docparseMindee: new DocparseMindee() },
					credentials: {
						docparseMindeeApi: {
							apiKey: server.apiKey,
							baseUrl: server.url,
							webhookSecret: 'bench',
						},
					},
					items: invoiceItems(1).map((item) => ({
						...item,
						binary: {
							data: {
								...item.binary!.data,
								data: samplePdf(1, 2_000 + index),
								fileName: `execution-${index}.pdf`,
							},
						},
					})),
				}),
		),
	);
	const ms = Date.now() - started;
	const failures = runs.flatMap((run) =>
		run.error
			? [String(run.error.message)]
			: run.items
					.filter((item) => item.json.error !== undefined)
					.map((item) => String(item.json.error)),
	);
	return {
		ms,
		items: runs.reduce((sum, run) => sum + run.items.length, 0),
		failed: failures.length,
		firstError: failures[0],
		requests: server.requests.length,
		rateLimited: server.rateLimited,
		connections: server.connections,
	};
}
