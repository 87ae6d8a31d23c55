import type { IDataObject, INodeProperties, IWebhookFunctions } from 'n8n-workflow';

import { lineItemsFieldProperty, outputModeProperty } from '../MindeeV2/output/description';
import type { OutputSettingsV2 } from '../MindeeV2/output/inferenceItems';

export const triggerProperties: INodeProperties[] = [
	{
		displayName:
			"On the Mindee platform, add a webhook with this node's Production URL to your model, and copy its signing secret into the credential. Then activate the workflow. Send documents with the Mindee V2 node's Submit Document operation.",
		name: 'setupNotice',
		type: 'notice',
		default: '',
	},
	outputModeProperty,
	{ ...lineItemsFieldProperty, displayOptions: { show: { output: ['lineItems'] } } },
	{
		displayName: 'Failed Jobs',
		name: 'failedJobs',
		type: 'options',
		default: 'emit',
		options: [
			{
				name: 'Emit an Item With the Error',
				value: 'emit',
				description: 'Start the workflow with one item holding the job and its error',
			},
			{
				name: 'Ignore',
				value: 'ignore',
				description: 'Acknowledge the delivery and start nothing',
			},
		],
		description: 'What to do when Mindee reports that processing a document failed',
	},
	{
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [
			{
				displayName: 'Confidence',
				name: 'confidence',
				type: 'boolean',
				default: true,
				description:
					"Whether to output each field's confidence as _confidence (when the model computed it)",
			},
			{
				displayName: 'Duplicate Window (Hours)',
				name: 'duplicateWindow',
				type: 'number',
				typeOptions: { minValue: 0, numberPrecision: 2 },
				default: 24,
				description:
					'A job that arrives again within this time (Mindee retrying a delivery) starts no second execution. Remembers the last 1000 jobs; 0 turns this off.',
			},
			{
				displayName: 'Max Body Size (MB)',
				name: 'maxBodySize',
				type: 'number',
				typeOptions: { minValue: 0.01, numberPrecision: 2 },
				default: 16,
				description:
					'Larger deliveries are refused with HTTP 413. n8n itself refuses bodies over N8N_PAYLOAD_SIZE_MAX (16 MB by default) before this node sees them.',
			},
			{
				displayName: 'Polygons',
				name: 'polygon',
				type: 'boolean',
				default: true,
				description:
					'Whether to output where each value lies (_locations; OCR: words with their polygon)',
			},
			{
				displayName: 'Skip Signature Verification (Insecure)',
				name: 'skipSignatureVerification',
				type: 'boolean',
				default: false,
				description:
					'Whether to accept deliveries without checking their X-Mindee-Hmac-Signature. Anyone who knows the URL could then start this workflow with made-up results.',
			},
		],
	},
];

export interface V2TriggerOptions {
	duplicateWindowHours: number;
	maxBodyBytes: number;
	skipSignatureVerification: boolean;
	output: OutputSettingsV2;
}

export function readTriggerOptions(
	context: Pick<IWebhookFunctions, 'getNodeParameter'>,
): V2TriggerOptions {
	const set = context.getNodeParameter('options', {}) as IDataObject;
	const mode = context.getNodeParameter('output', 'simplified') as OutputSettingsV2['mode'];
	return {
		duplicateWindowHours: typeof set.duplicateWindow === 'number' ? set.duplicateWindow : 24,
		maxBodyBytes: (typeof set.maxBodySize === 'number' ? set.maxBodySize : 16) * 1024 * 1024,
		skipSignatureVerification: set.skipSignatureVerification === true,
		output: {
			mode,
			confidence: set.confidence === true,
			locations: set.polygon === true,
			lineItemsField:
				mode === 'lineItems'
					? (context.getNodeParameter('lineItemsField', 'line_items') as string)
					: undefined,
		},
	};
}
