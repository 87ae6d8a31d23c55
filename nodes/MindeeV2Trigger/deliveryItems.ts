import type { IDataObject } from 'n8n-workflow';

import type { OutputSettingsV2 } from '../MindeeV2/output/inferenceItems';
import { inferenceToItems, META_KEY } from '../MindeeV2/output/inferenceItems';
import { readProblem } from '../MindeeV2/transport/explainError';
import type { V2Payload } from './delivery';

/**
 * The items one accepted delivery becomes: a result in exactly the shapes of the Mindee V2 node's output;
 * a failed job as one item describing its error.
 */
export function deliveryItems(payload: V2Payload, settings: OutputSettingsV2): IDataObject[] {
	if (payload.kind === 'inference') return inferenceToItems(payload.inference, settings);
	const { job } = payload;
	const problem = readProblem(job.error);
	return [
		{
			error: problem.summary ?? 'Mindee could not process the document',
			error_code: problem.code ?? null,
			error_details: problem.details ?? null,
			[META_KEY]: {
				job_id: job.id,
				status: job.status,
				model_id: job.model_id ?? null,
				file_name: job.filename ?? null,
				file_alias: job.alias ?? null,
				created_at: job.created_at ?? null,
				completed_at: job.completed_at ?? null,
			},
		},
	];
}
