/**
 * Batches: one execution of N documents, on Mindee's default plan and on a high-volume plan. This node
 * (V1 Parse Document and Submit Document, V2 Extract Data) beside the sequential baselines (the `mindee`
 * SDK, and the synchronous loop of n8n's built-in node). Targets (1), (2), (3) and (5).
 */
import type { IDataObject } from 'n8n-workflow';

import { samplePdf } from '../test/harness/files';
import type { Plan } from '../test/harness/planBound';
import { sdkLoop, syncLoop } from './lib/baselines';
import { explain429s, median, percentile, slacks, startFakeMindeeV2 } from './lib/fake';
import { invoiceItems, runMindeeNode, runMindeeV2Node } from './lib/nodeRun';
import { DEFAULT_PLAN, documentsBound, HIGH_VOLUME, P, planOptions } from './lib/plans';
import type { Section } from './lib/report';
import { ratio, row, seconds } from './lib/report';
import type { Args } from './lib/runner';
import { onFakeApi } from './lib/runner';

const pdfs = (count: number) =>
	Array.from({ length: count }, (_, index) => samplePdf(1, 900 + index));

const onPlan = (plan: Plan) => ({ processingMs: P, limits: plan });

/** This node on N documents, against a fake API of its own enforcing the plan. */
const nodeRun = async (label: string, plan: Plan, n: number, parameters: IDataObject = {}) =>
	await onFakeApi(
		label,
		onPlan(plan),
		async (server) => await runMindeeNode(server, invoiceItems(n), planOptions(plan), parameters),
	);

const v2Run = async (label: string, plan: Plan, n: number) =>
	await onFakeApi(
		label,
		onPlan(plan),
		async (server) => await runMindeeV2Node(server, invoiceItems(n), planOptions(plan)),
		startFakeMindeeV2,
	);

const sdkRun = async (label: string, plan: Plan, n: number) =>
	await onFakeApi(label, onPlan(plan), async (server) => await sdkLoop(server, pdfs(n)));

export async function batchSection({ nDefault, nHigh }: Args): Promise<Section> {
	const nodeDefault = await nodeRun('default plan: node, Parse Document', DEFAULT_PLAN, nDefault);
	const sdkDefault = await sdkRun('default plan: SDK loop', DEFAULT_PLAN, nDefault);
	const submitDefault = await nodeRun(
		'default plan: node, Submit Document',
		DEFAULT_PLAN,
		nDefault,
		{
			operation: 'submit',
		},
	);
	const syncHigh = await onFakeApi(
		'high volume: sequential sync loop',
		{ ...onPlan(HIGH_VOLUME), syncProcessing: true },
		async (server) => await syncLoop(server, pdfs(nHigh)),
	);
	const sdkHigh = await sdkRun('high volume: SDK loop', HIGH_VOLUME, nHigh);
	const v2Default = await v2Run(
		'Mindee V2, default plan: node, Extract Data',
		DEFAULT_PLAN,
		nDefault,
	);
	const nodeHigh = await nodeRun('high volume: node, Parse Document', HIGH_VOLUME, nHigh);
	const v2High = await v2Run('Mindee V2, high volume: node, Extract Data', HIGH_VOLUME, nHigh);

	const boundDefault = documentsBound(nDefault, DEFAULT_PLAN);
	const boundSubmit = documentsBound(nDefault, DEFAULT_PLAN, 1);
	const boundHigh = documentsBound(nHigh, HIGH_VOLUME);
	const nodeD = nodeDefault.result;
	const nodeH = nodeHigh.result;
	const syncH = syncHigh.result;
	const sdkH = sdkHigh.result;
	const v2D = v2Default.result;
	const v2H = v2High.result;
	const slackHigh = slacks(nodeHigh.server);
	const medianSlack = median(slackHigh) ?? NaN;
	const v2Slack = median(slacks(v2High.server)) ?? NaN;
	const sdkLabel = '`mindee` SDK, sequential `enqueueAndParse`';

	return {
		rows: [
			row({
				regime: 'Default plan (4/s, 75/min), P = 2 s',
				run: '**This node**, Parse Document',
				n: nDefault,
				result: nodeD,
				connections: nodeDefault.server.connections,
				bound: { ms: boundDefault },
			}),
			row({
				run: sdkLabel,
				n: nDefault,
				result: sdkDefault.result,
				connections: sdkDefault.server.connections,
			}),
			row({
				run: 'This node, Submit Document (result via trigger)',
				n: nDefault,
				result: submitDefault.result,
				connections: submitDefault.server.connections,
				bound: { ms: boundSubmit, perDocument: 1 },
			}),
			row({
				regime: 'High-volume plan (50/s, no minute cap), P = 2 s',
				run: '**This node**, Parse Document',
				n: nHigh,
				result: nodeH,
				connections: nodeHigh.server.connections,
				bound: { ms: boundHigh },
			}),
			row({
				run: 'Sequential synchronous predict (built-in node)',
				n: nHigh,
				result: syncH,
				connections: syncHigh.server.connections,
				slowerBy: syncH.ms / nodeH.ms,
			}),
			row({
				run: sdkLabel,
				n: nHigh,
				result: sdkH,
				connections: sdkHigh.server.connections,
				slowerBy: sdkH.ms / nodeH.ms,
			}),
			row({
				regime: 'Mindee V2, default plan (4/s, 75/min), P = 2 s',
				run: '**This node (V2)**, Extract Data',
				n: nDefault,
				result: v2D,
				perDocument: true,
				connections: v2Default.server.connections,
				bound: { ms: boundDefault },
			}),
			row({
				regime: 'Mindee V2, high volume (50/s, no minute cap), P = 2 s',
				run: '**This node (V2)**, Extract Data',
				n: nHigh,
				result: v2H,
				perDocument: true,
				connections: v2High.server.connections,
				bound: { ms: boundHigh },
			}),
		],
		targets: [
			{
				id: 1,
				name: 'default plan: 0 failed items, ≤ 1.10 × limit',
				value: `${nodeD.failed} failed, ${ratio(nodeD.ms / boundDefault)}`,
				met: nodeD.failed === 0 && nodeD.ms <= 1.1 * boundDefault,
			},
			{
				id: 2,
				name: 'high volume: ≤ 1.25 × limit, ≥ 15× faster than both sequential loops',
				value: `${ratio(nodeH.ms / boundHigh)}; ${ratio(syncH.ms / nodeH.ms)} / ${ratio(sdkH.ms / nodeH.ms)} faster`,
				met:
					nodeH.failed === 0 &&
					nodeH.ms <= 1.25 * boundHigh &&
					syncH.ms >= 15 * nodeH.ms &&
					sdkH.ms >= 15 * nodeH.ms,
			},
			{
				id: 3,
				name: 'median slack ≤ 250 ms',
				value: `${Math.round(medianSlack)} ms`,
				met: medianSlack <= 250,
			},
			{
				id: 5,
				name: 'Mindee V2: 0 failed items; default plan ≤ 1.10 × limit, high volume ≤ 1.25 × limit',
				value: `${v2D.failed + v2H.failed} failed, ${ratio(v2D.ms / boundDefault)} / ${ratio(v2H.ms / boundHigh)}`,
				met:
					v2D.failed + v2H.failed === 0 &&
					v2D.ms <= 1.1 * boundDefault &&
					v2H.ms <= 1.25 * boundHigh,
			},
		],
		// Which window each 429 of a node run broke, on the fake API's clock: what the limiter has to allow for.
		refusals: (
			[
				['default plan', nodeDefault],
				['Submit Document', submitDefault],
				['high volume', nodeHigh],
				['Mindee V2 default plan', v2Default],
				['Mindee V2 high volume', v2High],
			] as const
		).flatMap(([label, { server }]) => explain429s(server).map((text) => `- ${label}: ${text}`)),
		notes: [
			[
				"Slack between a job's completion and the node's first queue check seeing it (the fake API's clock):",
				'',
				`- High-volume run: median ${Math.round(medianSlack)} ms, p90 ${Math.round(percentile(slackHigh, 0.9))} ms, max ${Math.round(percentile(slackHigh, 1))} ms over ${slackHigh.length} jobs.`,
				`- Mindee V2 high-volume run: median ${Math.round(v2Slack)} ms between a job's completion and the first check that saw it Processed.`,
				`- Default-plan run, for information: median ${seconds(median(slacks(nodeDefault.server)) ?? NaN)}. There the 75 requests of each minute are all spent, so a finished job waits for the next free request whatever the schedule; the order in which requests are served changes who waits, not when the batch ends.`,
			].join('\n'),
		],
	};
}
