import type { INodeProperties } from 'n8n-workflow';

import type { OutputMode, OutputSettings } from './predictionItems';

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
				"One item per document: each field under the service's own name (its alias), as text or a list of texts",
		},
		{
			name: 'Entities',
			value: 'entities',
			description:
				'One item per value found, with its field, page, confidence and position: for review queues and spreadsheets',
		},
		{
			name: 'Raw',
			value: 'raw',
			description: "Biros' whole response, as sent",
		},
	],
};

export const includeConfidenceOption: INodeProperties = {
	displayName: 'Confidence',
	name: 'includeConfidence',
	type: 'boolean',
	default: false,
	description:
		"Whether to add a confidence map (field name → Biros' score from 0 to 100, a list for multi-value fields) to simplified output",
};

export function outputSettings(
	mode: string,
	includeConfidence: boolean | undefined,
): OutputSettings {
	return { mode: mode as OutputMode, includeConfidence: includeConfidence === true };
}

/** Keys of the simplified item that are not fields; a field whose alias is one of these is keyed by its field id. */
