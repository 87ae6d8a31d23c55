import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { DocparseError } from '../errors';

/** What became of one input item in a run that stopped on a failure. */
export interface ItemOutcome {
	/** The input item, counted from 1 as n8n's panels count it. */
	item: number;
	status: 'done' | 'failed' | 'not submitted';
	job_id?: string;
	document_id?: string;
	/** Mindee V2: the result of a finished job (Get Result by inference ID). */
	inference_id?: string;
	file_name?: string;
	error?: string;
}

/** The outcome of an item that finished: the ids its output carries (Get Result takes them). */
export function doneOutcome(itemIndex: number, output: INodeExecutionData[]): ItemOutcome {
	const json = output[0]?.json ?? {};
	// Document items carry them as node keys (_job_id, _document_id; V2: _inference_id), Submit items as
	// job_id / document_id.
	return {
		item: itemIndex + 1,
		status: 'done',
		...idsOf(
			json.job_id ?? json._job_id,
			json.document_id ?? json._document_id,
			json._inference_id,
		),
	};
}

/** The outcome of an item never sent, as another item failed first. */
export function notSubmittedOutcome(itemIndex: number): ItemOutcome {
	return { item: itemIndex + 1, status: 'not submitted' };
}

/** The outcome of an item that failed: "not submitted" when it provably was not, else failed, with any ids known. */
export function failedOutcome(itemIndex: number, error: unknown, message: string): ItemOutcome {
	if (error instanceof DocparseError && error.code === 'DOCPARSE_NOT_SUBMITTED')
		return notSubmittedOutcome(itemIndex);
	const item = itemIndex + 1;
	const context = error instanceof DocparseError ? error.context : {};
	const fileName = typeof context.fileName === 'string' ? context.fileName : undefined;
	return {
		item,
		status: 'failed',
		...idsOf(context.jobId, context.documentId, context.inferenceId),
		...(fileName ? { file_name: fileName } : {}),
		error: message,
	};
}

/**
 * The report appended to the error that stops a run: one line per document the API may hold, so that
 * none is submitted (and billed) again; the items never sent grouped on one line.
 */
export function describeOutcomes(outcomes: ItemOutcome[]): string {
	const lines = outcomes
		.filter((outcome) => outcome.status !== 'not submitted')
		.map((outcome) => {
			const ids = [
				outcome.job_id && `job ${outcome.job_id}`,
				outcome.document_id && `document ${outcome.document_id}`,
				outcome.inference_id && `inference ${outcome.inference_id}`,
			]
				.filter(Boolean)
				.join(', ');
			const name = outcome.file_name ? ` ("${outcome.file_name}")` : '';
			const what = outcome.status === 'done' ? 'done' : `failed: ${outcome.error ?? ''}`;
			return `item ${outcome.item}${name}: ${what}${ids ? ` (${ids})` : ''}`;
		});
	const notSent = outcomes.filter((outcome) => outcome.status === 'not submitted');
	if (notSent.length > 0) {
		const items = notSent.map((outcome) => outcome.item).join(', ');
		lines.push(`item${notSent.length > 1 ? 's' : ''} ${items}: not submitted`);
	}
	return `What happened to each document of this run (fetch finished ones with Get Result and these ids instead of submitting them again): ${lines.join('; ')}.`;
}

function idsOf(jobId: unknown, documentId: unknown, inferenceId?: unknown): IDataObject {
	const ids: IDataObject = {};
	if (typeof jobId === 'string' && jobId) ids.job_id = jobId;
	if (typeof documentId === 'string' && documentId) ids.document_id = documentId;
	if (typeof inferenceId === 'string' && inferenceId) ids.inference_id = inferenceId;
	return ids;
}
