import type { IDataObject } from 'n8n-workflow';

import type { MindeeJob, OutputSettings } from '../../Mindee';
import { documentToItems } from '../../Mindee';
import type { DeliveryPayload } from './delivery';

/**
 * The items one accepted delivery becomes: a completed document in the same shapes as the Mindee node's
 * output, each item also carrying the job's ID and status; a failed job as one item describing its error.
 * Keys the node adds start with `_`, as on the Mindee node's items, so they never collide with Mindee's fields.
 */
export function deliveryItems(payload: DeliveryPayload, settings: OutputSettings): IDataObject[] {
	const { job, document } = payload;
	if (job.status === 'failed' || !document) return [failedJobItem(job)];
	return documentToItems(document, { job_id: job.id }, settings).map((item) => ({
		...item,
		_job_id: job.id,
		_job_status: job.status,
	}));
}

function failedJobItem(job: MindeeJob): IDataObject {
	const error = job.error ?? {};
	return {
		_job_id: job.id,
		_job_status: job.status,
		_error: error.message ?? error.code ?? 'Mindee could not process the document',
		_error_code: error.code ?? null,
		_error_details: (error.details ?? null) as IDataObject | string | null,
		_issued_at: job.issued_at ?? null,
		_available_at: job.available_at ?? null,
	};
}
