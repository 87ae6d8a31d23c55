import type { IDataObject, INodeProperties, IWebhookFunctions } from 'n8n-workflow';

import { includeConfidenceOption, outputProperty, REVIEW_SETUP } from '../Mindee';
import type { ReviewSetup } from '../shared/review';
import { reviewProperties } from '../shared/review';
import type { SignedTriggerOptions } from '../shared/webhook';
import { readSignedTriggerOptions, signedTriggerProperties } from '../shared/webhook';

/** Route for Review as on the Mindee node, for every delivery. */
export const TRIGGER_REVIEW: ReviewSetup = { ...REVIEW_SETUP, operations: undefined };

export const triggerProperties: INodeProperties[] = signedTriggerProperties({
	setupNotice:
		"On the Mindee platform, open your API, then Webhooks: paste this node's Production URL and copy the signing secret into the credential. Then publish the workflow. Send documents with the Mindee (Docparse) node's Submit Document operation. A delivery carries no document, so split and crop results come as JSON only (no files).",
	outputProperties: [outputProperty, ...reviewProperties(TRIGGER_REVIEW)],
	failedJobItem:
		'Start the workflow with one item holding _job_id, _job_status "failed" and the error (_error, _error_code)',
	duplicateWindowDescription:
		'A job ID that arrives again within this time (Mindee retrying a delivery) starts no second execution. Remembers the last 1000 jobs; 0 turns this off.',
	madeUp: 'documents',
	options: [includeConfidenceOption],
});

interface TriggerOptions extends SignedTriggerOptions {
	includeConfidence: boolean;
}

export function readTriggerOptions(
	context: Pick<IWebhookFunctions, 'getNodeParameter'>,
): TriggerOptions {
	const set = context.getNodeParameter('options', {}) as IDataObject;
	return {
		...readSignedTriggerOptions(context),
		includeConfidence: set.includeConfidence === true,
	};
}
