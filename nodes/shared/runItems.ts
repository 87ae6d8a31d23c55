import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { mapInOrder } from './concurrency';
import { isCancellation } from './errors';
import type { Explain } from './nodeErrors';
import { errorItemJson, toNodeError } from './nodeErrors';

export interface RunItemsOptions {
	/** Items processed at once. */
	concurrency: number;
	explain: Explain;
	/** Credential secrets to keep out of every error text. */
	secrets: Array<string | undefined>;
	/** Produces one item's output items (without pairedItem). */
	work: (itemIndex: number, signal: AbortSignal) => Promise<INodeExecutionData[]>;
}

/**
 * The execute() loop every action node shares: each input item is processed on its own (parameters read
 * per item), several at once, and the outputs come back in input order, each with its pairedItem.
 * A failed item becomes one error item under Continue On Fail, else fails the node with an error naming it.
 * A cancelled execution stops at once and is never turned into error items.
 */
export async function runItems(
	context: IExecuteFunctions,
	options: RunItemsOptions,
): Promise<INodeExecutionData[][]> {
	const count = context.getInputData().length;
	const cancelSignal = context.getExecutionCancelSignal();
	const perItem = await mapInOrder(
		count,
		options.concurrency,
		async (itemIndex, signal) => {
			try {
				return await options.work(itemIndex, signal);
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
				throw nodeError;
			}
		},
		cancelSignal,
	).catch((error) => {
		throw cancelSignal?.aborted ? cancelled(context) : error;
	});
	const output: INodeExecutionData[] = [];
	perItem.forEach((items, itemIndex) => {
		for (const item of items) output.push({ ...item, pairedItem: { item: itemIndex } });
	});
	return [output];
}

/** n8n marks a run as cancelled (not failed) when the error says "canceled". */
function cancelled(context: IExecuteFunctions) {
	return new NodeOperationError(
		context.getNode(),
		'Execution canceled: waits stopped and no further documents were submitted',
	);
}
