import type { IDataObject } from 'n8n-workflow';

import type { OutputSettingsV2 } from '../../MindeeV2';
import { inferenceToItems, readProblem } from '../../MindeeV2';
import { displayFileName } from '../../shared/urls';
import type { DeliveryPayload } from './delivery';

/**
 * The items one accepted delivery becomes: a result in exactly the shapes of the Mindee V2 node's output;
 * a failed job as one item describing its error. Keys the node adds start with `_`, as on the node's items.
 */
export function deliveryItems(payload: DeliveryPayload, settings: OutputSettingsV2): IDataObject[] {
	if (payload.kind === 'inference') return inferenceToItems(payload.inference, settings);
	const { job } = payload;
	const problem = readProblem(job.error);
	return [
		{
			_job_id: job.id,
			_job_status: job.status,
			_error: problem.summary ?? 'Mindee could not process the document',
			_error_code: problem.code ?? null,
			_error_details: problem.details ?? null,
			_model_id: job.model_id ?? null,
			_filename: job.filename ? displayFileName(job.filename) : null,
			_file_alias: job.alias ?? null,
			_created_at: job.created_at ?? null,
			_completed_at: job.completed_at ?? null,
		},
	];
}
