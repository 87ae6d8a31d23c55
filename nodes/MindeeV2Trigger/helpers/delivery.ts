import type { MindeeV2Inference, MindeeV2Job } from '../../MindeeV2';
import { inferenceResponseSchema, jobResponseSchema } from '../../MindeeV2';
import { isObject } from '../../shared/json';
import { checkShape } from '../../shared/validate';
import type { DeliveryCheck, DeliveryPolicy } from '../../shared/webhook/signedJson';
import { readSignedJson, rejectShape } from '../../shared/webhook/signedJson';

/** What Mindee V2 delivered: a result (the body of its result_url), or a job that failed. */
export type DeliveryPayload =
	{ kind: 'inference'; inference: MindeeV2Inference } | { kind: 'failed'; job: MindeeV2Job };

/**
 * Checks one V2 delivery like a V1 one (size, then the signature over the raw bytes, then JSON), then
 * that it is a V2 result (`inference`) or a failed job (`job` with its error).
 */
export function checkDelivery(
	body: Buffer,
	signature: string | undefined,
	policy: DeliveryPolicy,
): DeliveryCheck<DeliveryPayload> {
	const expected = 'a Mindee V2 result or job';
	const read = readSignedJson(body, signature, policy, expected);
	if (!read.accepted) return read;
	const what = { service: 'Mindee', response: 'webhook delivery' };
	try {
		if (isObject(read.json) && 'inference' in read.json) {
			const { inference } = checkShape(read.json, inferenceResponseSchema, what);
			return { accepted: true, payload: { kind: 'inference', inference } };
		}
		const { job } = checkShape(read.json, jobResponseSchema, what);
		if (job.status !== 'Failed' && !job.error)
			return rejectShape(
				new Error(`a job with status ${job.status} and no result`),
				'Not a Mindee V2 result (a job without its result)',
			);
		return { accepted: true, payload: { kind: 'failed', job } };
	} catch (error) {
		return rejectShape(error, `Not ${expected}`);
	}
}

/** The ID a retried delivery repeats: the job's (one job, one result), else the inference's. */
export function deliveryId(payload: DeliveryPayload): string {
	return payload.kind === 'failed'
		? payload.job.id
		: (payload.inference.job?.id ?? payload.inference.id);
}
