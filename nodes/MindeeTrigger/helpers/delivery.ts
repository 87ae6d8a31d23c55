import type { MindeeDocument, MindeeJob } from '../../Mindee';
import { webhookPayloadSchema } from '../../Mindee';
import { isObject, checkShape } from '../../shared/json';
import type { DeliveryCheck, DeliveryPolicy, DeliverySummary } from '../../shared/webhook';
import { readSignedJson, rejectShape } from '../../shared/webhook';

/** What Mindee delivered: a job, with its document when the job completed. */
export interface DeliveryPayload {
	job: MindeeJob;
	document?: MindeeDocument;
}

/**
 * Checks one delivery in order of cost: its size, then its signature over the bytes as received, then
 * that those bytes are JSON of a Mindee job or document. Only a delivery passing all three is accepted.
 */
export function checkDelivery(
	body: Buffer,
	signature: string | undefined,
	policy: DeliveryPolicy,
): DeliveryCheck<DeliveryPayload> {
	const read = readSignedJson(body, signature, policy, 'a Mindee job or document');
	if (!read.accepted) return read;
	try {
		return { accepted: true, payload: payloadOf(read.json) };
	} catch (error) {
		return rejectShape(error, 'Not a Mindee job or document');
	}
}

/** A delivery is its job's: a retry repeats the job ID. */
export function deliverySummary({ job }: DeliveryPayload): DeliverySummary {
	return { id: job.id, name: `Job ${job.id}`, kind: job.status === 'failed' ? 'failed' : 'result' };
}

/** Checks the body against the branch of the payload union it claims to be, so an error names the fields at fault. */
function payloadOf(json: unknown): DeliveryPayload {
	const [completedDocument, failedJob] = webhookPayloadSchema.options;
	const what = { service: 'Mindee', response: 'webhook delivery' };
	if (isObject(json) && 'document' in json) {
		const { job, document } = checkShape(json, completedDocument, what);
		return { job, document };
	}
	return { job: checkShape(json, failedJob, what).job };
}
