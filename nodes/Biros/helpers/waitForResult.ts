import { DocparseError } from '../../shared/errors';
import type { PollingOptions } from '../../shared/polling';
import { pollUntilDone } from '../../shared/polling';
import type { BirosPrediction } from '../transport/schemas';
import type { BirosSession } from '../transport/session';

/** Checks a submitted document until Biros stops answering 202. Shared by Predict (async) and Get Result. */
export async function waitForResult(
	session: BirosSession,
	target: { serviceId: string; documentId: string; jobId?: string },
	polling: PollingOptions,
	submittedAt: number,
	signal: AbortSignal,
): Promise<BirosPrediction> {
	try {
		return await pollUntilDone<BirosPrediction>({
			check: async () =>
				await session.client.checkResult(target.serviceId, target.documentId, signal),
			options: polling,
			times: session.budget.timesFor(target.serviceId),
			submittedAt,
			jobId: target.documentId,
			service: 'Biros',
			signal,
		});
	} catch (error) {
		if (!(error instanceof DocparseError)) throw error;
		// The document is with Biros: name it, so its result can be fetched instead of submitting it again.
		error.context.documentId ??= target.documentId;
		if (target.jobId) error.context.jobId ??= target.jobId;
		if (error.code !== 'DOCPARSE_MAX_WAIT') throw error;
		// Get Result takes the document ID, not a job ID: say so.
		throw new DocparseError(
			'DOCPARSE_MAX_WAIT',
			`Biros had not finished document ${target.documentId} after ${Math.round(polling.maxWaitMs / 1000)} s; get it later with the Get Result operation, this service ID and this document ID`,
			{ context: { serviceId: target.serviceId, documentId: target.documentId } },
		);
	}
}
