import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { ItemOutcome } from './batchReport';
import { describeOutcomes, doneOutcome, failedOutcome, notSubmittedOutcome } from './batchReport';
import { mapInOrder } from './concurrency';
import { isCancellation, joinSentences, errorItemJson, toNodeError } from '../errors';
import type { Explain } from '../errors';

interface RunItemsOptions {
	/** Items processed at once. */
	concurrency: number;
	explain: Explain;
	/** Credential secrets to keep out of every error text. */
	secrets: Array<string | undefined>;
	/** Produces one item's output items (without pairedItem). */
	work: (itemIndex: number, signal: AbortSignal) => Promise<INodeExecutionData[]>;
	/** Called once when an item failed without Continue On Fail: submit no new document from now on. */
	stopSubmissions?: () => void;
}

/**
 * The execute() loop every action node shares: each input item is processed on its own (parameters read
 * per item), several at once, and the outputs come back in input order, each with its pairedItem.
 * A failed item becomes one error item under Continue On Fail. Without it, the run submits no new
 * document, waits for the ones already submitted (they are with the API, and billed), then fails with the
 * first error, naming its item and listing what became of every document with its ids.
 * A cancelled execution stops at once and is never turned into error items.
 */
export async function runItems(
	context: IExecuteFunctions,
	options: RunItemsOptions,
): Promise<INodeExecutionData[][]> {
	const count = context.getInputData().length;
	const cancelSignal = context.getExecutionCancelSignal();
	const outcomes: ItemOutcome[] = [];
	let firstFailure: Error | undefined;
	const perItem = await mapInOrder(
		count,
		options.concurrency,
		async (itemIndex, signal) => {
			if (firstFailure) {
				outcomes[itemIndex] = notSubmittedOutcome(itemIndex);
				return [];
			}
			try {
				const output = await options.work(itemIndex, signal);
				outcomes[itemIndex] = doneOutcome(itemIndex, output);
				return output;
			} catch (error) {
				if (cancelSignal?.aborted) throw cancelled(context);
				if (isCancellation(error, signal)) throw error;
				const nodeError = toNodeError(
					context.getNode(),
					error,
					itemIndex,
					options.explain,
					options.secrets,
				);
				if (context.continueOnFail()) return [{ json: errorItemJson(nodeError) }];
				outcomes[itemIndex] = failedOutcome(itemIndex, error, nodeError.message);
				if (!firstFailure) {
					firstFailure = nodeError;
					options.stopSubmissions?.();
				}
				return [];
			}
		},
		cancelSignal,
	).catch((error) => {
		throw cancelSignal?.aborted ? cancelled(context) : error;
	});
	if (firstFailure) throw withOutcomes(firstFailure, outcomes, count);
	const output: INodeExecutionData[] = [];
	perItem.forEach((items, itemIndex) => {
		for (const item of items) output.push({ ...item, pairedItem: { item: itemIndex } });
	});
	return [output];
}

/** The run's error, with what became of every document when there were others. */
function withOutcomes(error: Error, outcomes: ItemOutcome[], count: number): Error {
	if (count < 2) return error;
	const shown = error as Error & { description?: string | null; context?: Record<string, unknown> };
	const report = describeOutcomes(outcomes);
	shown.description = joinSentences(shown.description ?? undefined, report);
	if (shown.context) shown.context.documents = outcomes;
	return error;
}

/** n8n marks a run as cancelled (not failed) when the error says "canceled". */
function cancelled(context: IExecuteFunctions) {
	return new NodeOperationError(
		context.getNode(),
		'Execution canceled: waits stopped and no further documents were submitted',
	);
}
