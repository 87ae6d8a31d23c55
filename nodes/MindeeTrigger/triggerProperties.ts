import type { IDataObject, INodeProperties, IWebhookFunctions } from 'n8n-workflow';

import { includeConfidenceOption, outputModeProperty } from '../Mindee/output/description';

export const triggerProperties: INodeProperties[] = [
	{
		displayName:
			"On the Mindee platform, open your API, then Webhooks: paste this node's Production URL and copy the signing secret into the credential. Then publish the workflow. Send documents with the Mindee node's Submit Document operation.",
		name: 'setupNotice',
		type: 'notice',
		default: '',
	},
	outputModeProperty,
	{
		displayName: 'Failed Jobs',
		name: 'failedJobs',
		type: 'options',
		default: 'emit',
		options: [
			{
				name: 'Emit an Item With the Error',
				value: 'emit',
				description:
					'Start the workflow with one item holding job_id, job_status "failed" and the error',
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
				displayName: 'Duplicate Window (Hours)',
				name: 'duplicateWindow',
				type: 'number',
				typeOptions: { minValue: 0, numberPrecision: 2 },
				default: 24,
				description:
					'A job ID that arrives again within this time (Mindee retrying a delivery) starts no second execution. Remembers the last 1000 jobs; 0 turns this off.',
			},
			includeConfidenceOption,
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
				displayName: 'Skip Signature Verification (Insecure)',
				name: 'skipSignatureVerification',
				type: 'boolean',
				default: false,
				description:
					'Whether to accept deliveries without checking their X-Mindee-Hmac-Signature. Anyone who knows the URL could then start this workflow with made-up documents.',
			},
		],
	},
];

export interface TriggerOptions {
	duplicateWindowHours: number;
	includeConfidence: boolean;
	maxBodyBytes: number;
	skipSignatureVerification: boolean;
}

export function readTriggerOptions(
	context: Pick<IWebhookFunctions, 'getNodeParameter'>,
): TriggerOptions {
	const set = context.getNodeParameter('options', {}) as IDataObject;
	return {
		duplicateWindowHours: typeof set.duplicateWindow === 'number' ? set.duplicateWindow : 24,
		includeConfidence: set.includeConfidence === true,
		maxBodyBytes: (typeof set.maxBodySize === 'number' ? set.maxBodySize : 16) * 1024 * 1024,
		skipSignatureVerification: set.skipSignatureVerification === true,
	};
}
