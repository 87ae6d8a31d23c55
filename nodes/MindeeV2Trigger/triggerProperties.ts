import type { IDataObject, INodeProperties, IWebhookFunctions } from 'n8n-workflow';

import type { OutputSettingsV2 } from '../MindeeV2';
import { lineItemsFieldProperty, outputProperty, REVIEW_SETUP } from '../MindeeV2';
import type { ReviewSetup } from '../shared/review';
import { reviewProperties } from '../shared/review';
import type { SignedTriggerOptions } from '../shared/webhook';
import { readSignedTriggerOptions, signedTriggerProperties } from '../shared/webhook';

/** Route for Review as on the Mindee V2 node, for every delivery. */
export const TRIGGER_REVIEW: ReviewSetup = { ...REVIEW_SETUP, operations: undefined };

export const triggerProperties: INodeProperties[] = signedTriggerProperties({
	setupNotice:
		"On the Mindee platform, add a webhook with this node's Production URL to your model, and copy its signing secret into the credential. Then publish the workflow. Send documents with the Mindee V2 (Docparse) node's Submit Document operation. A job's status without its result (still processing, or processed) is acknowledged and starts nothing. A delivery carries no document, so split and crop results come as JSON only (no files).",
	outputProperties: [
		outputProperty,
		{ ...lineItemsFieldProperty, displayOptions: { show: { output: ['lineItems'] } } },
		...reviewProperties(TRIGGER_REVIEW),
	],
	failedJobItem:
		'Start the workflow with one item holding the job or inference ID, the file and the error',
	duplicateWindowDescription:
		'A job that arrives again within this time (Mindee retrying a delivery) starts no second execution. Remembers the last 1000 jobs; 0 turns this off.',
	madeUp: 'results',
	options: [
		{
			displayName: 'Confidence',
			name: 'confidence',
			type: 'boolean',
			default: true,
			description:
				'Whether to output _confidence even when the delivery has none (null per field). Confidences Mindee returned are output either way.',
		},
		{
			displayName: 'Polygons',
			name: 'polygon',
			type: 'boolean',
			default: true,
			description:
				'Whether to output _locations even when the delivery has none ([] per field). Locations Mindee returned are output either way, and OCR words always carry their polygon.',
		},
	],
});

interface TriggerOptions extends SignedTriggerOptions {
	output: OutputSettingsV2;
}

export function readTriggerOptions(
	context: Pick<IWebhookFunctions, 'getNodeParameter'>,
): TriggerOptions {
	const set = context.getNodeParameter('options', {}) as IDataObject;
	const mode = context.getNodeParameter('output', 'simplified') as OutputSettingsV2['mode'];
	return {
		...readSignedTriggerOptions(context),
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
