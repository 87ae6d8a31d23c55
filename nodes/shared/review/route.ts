/**
 * Route for Review: what sends an extracted item to a person instead of straight on. This folder owns the
 * whole concern, for both Mindee APIs and their triggers:
 * - `parameters.ts`: the Route for Review parameter and its rules, the `outputs` expression that adds the
 *   Needs Review output, and reading the rules of an item;
 * - `confidence.ts`: the one confidence vocabulary (V2's four levels, each also a lowest V1 score);
 * - `mindeeV1Fields.ts`, `mindeeV2Fields.ts`: each API's raw result read as review fields (path, value,
 *   confidence), so the rules never depend on how the output is shaped;
 * - `fields.ts`: a review field (path, value, confidence), field paths as users write them, what is empty;
 * - `rules.ts`: the rules themselves (minimum confidence, required fields, line items add up, dates);
 * - `items.ts`: the reasons put on the output items as `_review`, and the split into Success and Needs Review.
 * Below, what the nodes call: from the operations that extract (they hold the raw result), from their
 * routers, and from the triggers.
 */
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	IWebhookFunctions,
} from 'n8n-workflow';

import type { ReviewInput } from './fields';
import { splitForReview, withReview } from './items';
import type { ReviewSetup } from './parameters';
import { readReviewRules, routesForReview } from './parameters';
import type { ReviewRules } from './rules';
import { reviewReasons } from './rules';

export { mindeeV1ReviewInput } from './mindeeV1Fields';
export { mindeeV2ReviewInput } from './mindeeV2Fields';
export type { ReviewSetup } from './parameters';
export { readReviewRules, reviewOutputs, reviewProperties } from './parameters';
export type { ReviewRules } from './rules';

/** A result's output items with `_review` on those that break the rules (none when rules is null). */
export function reviewedItems(
	items: IDataObject[],
	rules: ReviewRules | null,
	input: () => ReviewInput,
	lineItemsField?: string,
): IDataObject[] {
	if (!rules) return items;
	return withReview(items, reviewReasons(input(), rules), lineItemsField);
}

/** An action node's rules for one item, or null when the node does not route for review. */
export function readItemReviewRules(
	context: IExecuteFunctions,
	itemIndex: number,
	setup: ReviewSetup,
): ReviewRules | null {
	return readReviewRules(
		(name, fallback) => context.getNodeParameter(name, itemIndex, fallback),
		setup,
	);
}

/**
 * An action node's outputs: as runItems made them, or split into Success and Needs Review. Route for
 * Review is one value for the whole node (it decides the outputs), so it is read once.
 */
export function reviewOutputItems(
	context: IExecuteFunctions,
	outputs: INodeExecutionData[][],
	setup: ReviewSetup,
): INodeExecutionData[][] {
	const routes = routesForReview(
		(name, fallback) => context.getNodeParameter(name, 0, fallback),
		setup.operations,
	);
	return routes ? splitForReview(outputs[0], (item) => item.json) : outputs;
}

type TriggerContext = Pick<IWebhookFunctions, 'getNodeParameter'>;

/** A trigger's rules (one set for every delivery), or null when it does not route for review. */
export function readTriggerReviewRules(
	context: TriggerContext,
	setup: ReviewSetup,
): ReviewRules | null {
	return readReviewRules((name, fallback) => context.getNodeParameter(name, fallback), setup);
}

/** A trigger's items by output: one output, or Success and Needs Review when Route for Review is on. */
export function reviewTriggerOutputs(
	context: TriggerContext,
	items: IDataObject[],
	setup: ReviewSetup,
): IDataObject[][] {
	const routes = routesForReview(
		(name, fallback) => context.getNodeParameter(name, fallback),
		setup.operations,
	);
	return routes ? splitForReview(items, (item) => item) : [items];
}
