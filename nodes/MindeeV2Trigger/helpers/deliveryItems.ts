import type { IDataObject } from 'n8n-workflow';

import type { OutputSettingsV2 } from '../../MindeeV2';
import { inferenceToItems, readProblem } from '../../MindeeV2';
import { displayFileName } from '../../shared/urls';
import type { DeliveryPayload } from './delivery';

/**
 * The items one accepted delivery becomes: a result in exactly the shapes of the Mindee V2 node's output;
 * a failed job or inference as one item describing its error, with the same keys either way. Keys the
 * node adds start with `_`, as on the node's items.
 */
export function deliveryItems(payload: DeliveryPayload, settings: OutputSettingsV2): IDataObject[] {
	switch (payload.kind) {
		case 'inference':
			return inferenceToItems(payload.inference, settings);
		case 'failedJob': {
			const { job } = payload;
			return [
				failedItem(job.error, {
					_job_id: job.id,
					_inference_id: null,
					_job_status: job.status,
					_model_id: job.model_id ?? null,
					_filename: job.filename ?? null,
					_file_alias: job.alias ?? null,
					_created_at: job.created_at ?? null,
					_completed_at: job.completed_at ?? null,
				}),
			];
		}
		case 'failedInference': {
			const { failure } = payload;
			return [
				failedItem(failure.error, {
					_job_id: null,
					_inference_id: failure.inference_id,
					_job_status: 'Failed',
					_model_id: failure.model_id ?? null,
					_filename: failure.file_name ?? null,
					_file_alias: failure.file_alias ?? null,
					_created_at: failure.created_at ?? null,
					_completed_at: null,
				}),
			];
		}
		case 'status':
			// A job's status is answered without starting anything (shared/webhook/signedWebhook.ts).
			return [];
	}
}

function failedItem(
	error: unknown,
	about: { _filename: string | null } & Record<string, string | null>,
): IDataObject {
	const problem = readProblem(error);
	return {
		...about,
		_error: problem.summary ?? 'Mindee could not process the document',
		_error_code: problem.code ?? null,
		_error_details: problem.details ?? null,
		_filename: about._filename ? displayFileName(about._filename) : null,
	};
}
