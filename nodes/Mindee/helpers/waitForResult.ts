import { DocparseError } from '../../shared/errors';
import type { PollingOptions } from '../../shared/polling';
import { millisBetween, pollUntilDone } from '../../shared/polling';
import type { Endpoint } from '../products';
import type { MindeeDocumentResponse, MindeeJob } from '../transport/schemas';
import type { MindeeSession } from '../transport/session';

/**
 * Polls a job's queue until Mindee redirects to the document, then fetches it. Shared by Parse and Get Result.
 * Any failure names the job: the document is already with Mindee, so its result can be fetched later
 * instead of submitting (and paying for) it again.
 */
export async function waitForResult(
	session: MindeeSession,
	endpoint: Endpoint,
	job: Pick<MindeeJob, 'id'>,
	polling: PollingOptions,
	submittedAt: number,
	signal: AbortSignal,
): Promise<MindeeDocumentResponse> {
	try {
		return await pollUntilDone<MindeeDocumentResponse>({
			check: async () => {
				const check = await session.client.checkJob(endpoint, job.id, signal);
				if (check.state === 'pending') return { done: false };
				if (check.state === 'failed') throw jobFailed(check.job);
				const document =
					check.document ?? (await session.client.getDocument(check.documentUrl!, signal));
				const finished = document.job ?? check.job;
				const measured = millisBetween(finished?.issued_at, finished?.available_at);
				// Mindee's own timing is learnt only when plausible (it cannot exceed our wait): one bogus timestamp
				// must not make the rest of the batch wait until the maximum before their first check.
				const plausible = measured !== undefined && measured <= Date.now() - submittedAt;
				return { done: true, value: document, processingMs: plausible ? measured : undefined };
			},
			options: polling,
			times: session.budget.timesFor(endpoint.label),
			submittedAt,
			jobId: job.id,
			service: 'Mindee',
			signal,
		});
	} catch (error) {
		if (error instanceof DocparseError) error.context.jobId ??= job.id;
		throw error;
	}
}

export function jobFailed(job: MindeeJob) {
	return new DocparseError('DOCPARSE_JOB_FAILED', `Mindee job ${job.id} failed`, {
		body: { job },
		context: { jobId: job.id },
	});
}
