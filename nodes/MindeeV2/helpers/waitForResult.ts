import { DocparseError, withJobId } from '../../shared/errors';
import type { PollingOptions } from '../../shared/polling';
import { pollUntilDone, reportedProcessingMs } from '../../shared/polling';
import type { MindeeV2Inference, MindeeV2Job } from '../transport/schemas';
import type { MindeeV2Session } from '../transport/session';

/**
 * Checks a job (at its polling_url) until Mindee reports it processed, then fetches its result_url. Both
 * URLs are followed only on the credential's origin. Any failure names the job: the document is already
 * with Mindee, so its result can be fetched later instead of sending (and paying for) it again.
 */
export async function waitForResult(
	session: MindeeV2Session,
	job: Pick<MindeeV2Job, 'id' | 'polling_url' | 'model_id'>,
	polling: PollingOptions,
	submittedAt: number,
	signal: AbortSignal,
): Promise<MindeeV2Inference> {
	return await withJobId(
		job.id,
		async () =>
			await pollUntilDone<MindeeV2Inference>({
				check: async () => {
					const check = await session.client.checkJob(job, signal);
					if (check.state === 'pending') return { done: false };
					if (check.state === 'failed') throw jobFailed(check.job);
					const inference = await session.client.getResult(check.resultUrl, signal);
					const processingMs = reportedProcessingMs(
						check.job?.created_at,
						check.job?.completed_at,
						submittedAt,
					);
					return { done: true, value: inference, processingMs };
				},
				options: polling,
				// Processing times per model (a job looked up by ID may not name its model).
				times: session.budget.timesFor(job.model_id ?? 'any model'),
				submittedAt,
				jobId: job.id,
				service: 'Mindee',
				signal,
			}),
	);
}

export function jobFailed(job: MindeeV2Job) {
	return new DocparseError('DOCPARSE_JOB_FAILED', `Mindee job ${job.id} failed`, {
		body: { job },
		context: { jobId: job.id, fileName: job.filename ?? undefined },
	});
}
