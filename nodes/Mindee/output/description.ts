import type { INodeProperties } from 'n8n-workflow';

import type { OutputSettings } from './documentItems';

/** The output choice shared by the Mindee node and the Mindee Trigger (same names, same shapes). */
export const outputProperty: INodeProperties = {
	displayName: 'Output',
	name: 'output',
	type: 'options',
	default: 'simplified',
	options: [
		{
			name: 'Simplified',
			value: 'simplified',
			description: "One item per document: each field under Mindee's own name as a plain value",
		},
		{
			name: 'Line Items',
			value: 'lineItems',
			description:
				"One item per line item: its own fields first (_line_item_&lt;name&gt;), then the document's",
		},
		{
			name: 'Raw',
			value: 'raw',
			description: "Mindee's whole document object, as sent",
		},
	],
};

export const includeConfidenceOption: INodeProperties = {
	displayName: 'Confidence',
	name: 'includeConfidence',
	type: 'boolean',
	default: false,
	description:
		'Whether to add a _confidence map (field name → score from 0 to 1) to simplified and line-item output',
};

export function outputSettings(
	mode: string,
	includeConfidence: boolean | undefined,
): OutputSettings {
	return { mode: mode as OutputSettings['mode'], includeConfidence: includeConfidence === true };
}
