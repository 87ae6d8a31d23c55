import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { MindeeV2Options } from '../helpers/options';
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

export const lineItemsFieldProperty: INodeProperties = {
	displayName: 'List Field',
	name: 'lineItemsField',
	type: 'string',
	default: 'line_items',
	placeholder: 'line_items',
	description:
		'The list field whose entries become items, by its name in the model (a nested one as parent.child)',
};

/** The item's output parameters, and the options that add confidence and locations. */
export function outputSettings(
	context: IExecuteFunctions,
	itemIndex: number,
	options: MindeeV2Options,
): OutputSettingsV2 {
	const mode = context.getNodeParameter(
		'output',
		itemIndex,
		'simplified',
	) as OutputSettingsV2['mode'];
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
