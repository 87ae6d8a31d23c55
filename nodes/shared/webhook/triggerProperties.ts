import type { IDataObject, INodeProperties, IWebhookFunctions } from 'n8n-workflow';

import { MIB } from '../documents';
import type { SignedTriggerOptions } from './signedWebhook';

/** What one signed trigger's parameters say in its own words, and the parameters only it has. */
interface SignedTriggerTexts {
	setupNotice: string;
	/** The Output choice and what goes with it, shown after the setup notice. */
	outputProperties: INodeProperties[];
	/** What the item of a failed job holds. */
	failedJobItem: string;
	duplicateWindowDescription: string;
	/** What an unsigned delivery could make up: "documents", "results". */
	madeUp: string;
	/** Options only this trigger has (e.g. confidence). */
	options: INodeProperties[];
}

/** The parameters of a signed Mindee trigger: the same names and behaviour for every API generation. */
export function signedTriggerProperties(texts: SignedTriggerTexts): INodeProperties[] {
	const options: INodeProperties[] = [
		{
			displayName: 'Duplicate Window (Hours)',
			name: 'duplicateWindow',
			type: 'number',
			typeOptions: { minValue: 0, numberPrecision: 2 },
			default: 24,
			description: texts.duplicateWindowDescription,
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
			displayName: 'Skip Signature Verification (Insecure)',
			name: 'skipSignatureVerification',
			type: 'boolean',
			default: false,
			description: `Whether to accept deliveries without checking their X-Mindee-Hmac-Signature. Anyone who knows the URL could then start this workflow with made-up ${texts.madeUp}.`,
		},
		...texts.options,
	];
	return [
		{ displayName: texts.setupNotice, name: 'setupNotice', type: 'notice', default: '' },
		...texts.outputProperties,
		{
			displayName: 'Failed Jobs',
			name: 'failedJobs',
			type: 'options',
			default: 'emit',
			options: [
				{ name: 'Emit an Item With the Error', value: 'emit', description: texts.failedJobItem },
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
			options: options.sort((a, b) => a.displayName.localeCompare(b.displayName)),
		},
	];
}

/** The options every signed trigger reads, with their defaults. */
export function readSignedTriggerOptions(
	context: Pick<IWebhookFunctions, 'getNodeParameter'>,
): SignedTriggerOptions {
	const set = context.getNodeParameter('options', {}) as IDataObject;
	return {
		duplicateWindowHours: typeof set.duplicateWindow === 'number' ? set.duplicateWindow : 24,
		maxBodyBytes: (typeof set.maxBodySize === 'number' ? set.maxBodySize : 16) * MIB,
		skipSignatureVerification: set.skipSignatureVerification === true,
	};
}
