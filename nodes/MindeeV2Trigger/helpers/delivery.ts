import type { MindeeV2FailedInference, MindeeV2Inference, MindeeV2Job } from '../../MindeeV2';
import { failedInferenceSchema, inferenceResponseSchema, jobResponseSchema } from '../../MindeeV2';
import { isObject, checkShape } from '../../shared/json';
import type { DeliveryCheck, DeliveryPolicy, DeliverySummary } from '../../shared/webhook';
import { readSignedJson, rejectShape } from '../../shared/webhook';

/**
 * What Mindee V2 delivered: a result (the body of its result_url), a job that failed, an inference that
 * failed (a flat body with `inference_id` and `error`), or a job's status without its result.
 */
export type DeliveryPayload =
	| { kind: 'inference'; inference: MindeeV2Inference }
	| { kind: 'failedJob'; job: MindeeV2Job }
	| { kind: 'failedInference'; failure: MindeeV2FailedInference }
	| { kind: 'status'; job: MindeeV2Job };

/**
 * Checks one V2 delivery like a V1 one (size, then the signature over the raw bytes, then JSON), then
 * that it is a V2 result (`inference`), a failed inference (`inference_id`) or a job (`job`).
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
		if (isObject(read.json) && 'inference_id' in read.json) {
			const failure = checkShape(read.json, failedInferenceSchema, what);
			return { accepted: true, payload: { kind: 'failedInference', failure } };
		}
		const { job } = checkShape(read.json, jobResponseSchema, what);
		const failed = job.status === 'Failed' || Boolean(job.error);
		return { accepted: true, payload: { kind: failed ? 'failedJob' : 'status', job } };
	} catch (error) {
		return rejectShape(error, `Not ${expected}`);
	}
}

/** A retry repeats the job ID (one job, one result); without a job, the inference's. */
export function deliverySummary(payload: DeliveryPayload): DeliverySummary {
	switch (payload.kind) {
		case 'inference': {
			const { inference } = payload;
			return inference.job?.id
				? { id: inference.job.id, name: `Job ${inference.job.id}`, kind: 'result' }
				: { id: inference.id, name: `Inference ${inference.id}`, kind: 'result' };
		}
		case 'failedInference': {
			const id = payload.failure.inference_id;
			return { id, name: `Inference ${id}`, kind: 'failed' };
		}
		case 'failedJob':
			return { id: payload.job.id, name: `Job ${payload.job.id}`, kind: 'failed' };
		case 'status':
			return { id: payload.job.id, name: `Job ${payload.job.id}`, kind: 'status' };
	}
}
