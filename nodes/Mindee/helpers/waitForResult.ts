import { DocparseError, withJobId } from '../../shared/errors';
import type { PollingOptions } from '../../shared/polling';
import { pollUntilDone, reportedProcessingMs } from '../../shared/polling';
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
	return await withJobId(
		job.id,
		async () =>
			await pollUntilDone<MindeeDocumentResponse>({
				check: async () => {
					const check = await session.client.checkJob(endpoint, job.id, signal);
					if (check.state === 'pending') return { done: false };
					if (check.state === 'failed') throw jobFailed(check.job);
					const document =
						check.document ?? (await session.client.getDocument(check.documentUrl!, signal));
					const finished = document.job ?? check.job;
					const processingMs = reportedProcessingMs(
						finished?.issued_at,
						finished?.available_at,
						submittedAt,
					);
					return { done: true, value: document, processingMs };
				},
				options: polling,
				times: session.budget.timesFor(endpoint.label),
				submittedAt,
				jobId: job.id,
				service: 'Mindee',
				signal,
			}),
	);
}

export function jobFailed(job: MindeeJob) {
	return new DocparseError('DOCPARSE_JOB_FAILED', `Mindee job ${job.id} failed`, {
		body: { job },
		context: { jobId: job.id },
	});
}
