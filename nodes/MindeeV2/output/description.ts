import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { MindeeV2Options } from '../helpers/options';
import { PRODUCT_OPERATIONS } from '../products';
import type { OutputSettingsV2 } from './inferenceItems';

/** The output choice shared by the Mindee V2 node and its trigger (same names, same shapes). */
export const outputProperty: INodeProperties = {
	displayName: 'Output',
	name: 'output',
	type: 'options',
	default: 'simplified',
	options: [
		{
			name: 'Simplified',
			value: 'simplified',
			description:
				"Plain values under the model's field names (extraction); one item per crop, split or OCR page. Keys the node adds start with _, e.g. _inference_id.",
		},
		{
			name: 'Line Items (Extraction)',
			value: 'lineItems',
			description:
				"One item per entry of a list field (e.g. line_items): the entry's fields as _line_item_&lt;name&gt;, then the document's other fields",
		},
		{
			name: 'Raw',
			value: 'raw',
			description: "Mindee's whole inference object, as sent",
		},
	],
};

/** Operations whose results have list fields to make items of (extraction, or any result by ID). */
const LINE_ITEM_OPERATIONS = ['extract', 'getResult'];
const WITHOUT_LINE_ITEMS = PRODUCT_OPERATIONS.filter((operation) => operation !== 'extract');

/**
 * The node's Output, per operation: each shows only the modes that apply to it. Both parameters are named
 * `output`, so a saved workflow keeps its choice.
 */
export const outputProperties: INodeProperties[] = [
	{ ...outputProperty, displayOptions: { show: { operation: LINE_ITEM_OPERATIONS } } },
	{
		...outputProperty,
		options: outputProperty.options!.filter(
			(option) => (option as { value: string }).value !== 'lineItems',
		),
		displayOptions: { show: { operation: WITHOUT_LINE_ITEMS } },
	},
];

export const lineItemsFieldProperty: INodeProperties = {
	displayName: 'List Field',
	name: 'lineItemsField',
	type: 'string',
	default: 'line_items',
	placeholder: 'line_items',
	description:
		'The list field whose entries become items, by its name in the model (a nested one as parent.child)',
};

/** The node's List Field, under the Output of the operations that offer Line Items. */
export const lineItemsFieldParameter: INodeProperties = {
	...lineItemsFieldProperty,
	displayOptions: { show: { operation: LINE_ITEM_OPERATIONS, output: ['lineItems'] } },
};

/** The item's output parameters, and the options that add confidence and locations. */
export function outputSettings(
	context: IExecuteFunctions,
	itemIndex: number,
	options: MindeeV2Options,
): OutputSettingsV2 {
	const saved = context.getNodeParameter(
		'output',
		itemIndex,
		'simplified',
	) as OutputSettingsV2['mode'];
	const operation = context.getNodeParameter('operation', itemIndex) as string;
	// Line Items was once offered on every operation, and meant Simplified where there are no list fields.
	const mode =
		saved === 'lineItems' && !LINE_ITEM_OPERATIONS.includes(operation) ? 'simplified' : saved;
	return {
		mode,
		confidence: options.confidence === true,
		locations: options.polygon === true,
		lineItemsField:
			mode === 'lineItems'
				? (context.getNodeParameter('lineItemsField', itemIndex, 'line_items') as string)
				: undefined,
	};
}
