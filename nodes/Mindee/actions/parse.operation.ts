import type { INodeProperties } from 'n8n-workflow';

import { keptBinary, pollingOptions } from '../../shared/parameters';
import type { DocumentSource } from '../../shared/documents';
import { sourceName } from '../../shared/documents';
import { DocparseError, withFileName } from '../../shared/errors';
import { readItemReviewRules } from '../../shared/review';
import { filesParameter, itemsWithFiles } from '../helpers/files';
import { mindeeRules, readDocument } from '../helpers/input';
import type { MindeeOptions } from '../helpers/options';
import { checkWorkflowMode, predictOptions, readOptions } from '../helpers/options';
import { readEndpoint } from '../helpers/product';
import { REVIEW_SETUP, reviewDocumentItems } from '../helpers/review';
import { waitForResult } from '../helpers/waitForResult';
import { outputProperty, outputSettings } from '../output/description';
import { documentToItems } from '../output/documentItems';
import type { Endpoint } from '../products';
import type { MindeeDocumentResponse } from '../transport/schemas';
import type { MindeeSession } from '../transport/session';
import type { MindeeOperation } from './router';

export const description: INodeProperties[] = [
	{ ...outputProperty, displayOptions: { show: { operation: ['parse'] } } },
	filesParameter,
];

/** Parse Document: submit, wait for the result, and turn the document into items. */
export const execute: MindeeOperation = async (context, itemIndex, session, signal) => {
	const options = readOptions(context, itemIndex);
	const endpoint = readEndpoint(context, itemIndex);
	const mode = chooseMode(options, endpoint);
	checkWorkflowMode(options, endpoint, mode);
	const { source, pagesSent } = await readDocument(
		context,
		itemIndex,
		mode === 'sync' ? 'sync' : 'async',
		options,
	);
	const result = await withFileName(sourceName(source), async () =>
		mode === 'sync'
			? await session.client.predict(endpoint, source, predictOptions(options), signal)
			: await parseAsync(session, endpoint, source, options, mode, signal),
	);
	const settings = outputSettings(
		context.getNodeParameter('output', itemIndex, 'simplified') as string,
		options.includeConfidence,
	);
	const items = documentToItems(result.document, { job_id: result.job?.id }, settings);
	const rules = readItemReviewRules(context, itemIndex, REVIEW_SETUP);
	return await itemsWithFiles(
		context,
		itemIndex,
		source,
		result.document,
		reviewDocumentItems(rules, result.document, items, settings),
		pagesSent,
		keptBinary(context, itemIndex, options),
	);
};

/**
 * Auto picks async where the product offers it. A custom API's modes are unknown: it is tried async first,
 * and Mindee's 403 "does not support asynchronous mode" (nothing was enqueued) switches it to sync; never
 * with a Workflow ID, which only runs asynchronously.
 */
function chooseMode(
	{ mode, workflowId }: MindeeOptions,
	endpoint: Endpoint,
): 'async' | 'sync' | 'async-then-sync' {
	if (mode !== 'auto') return mode;
	if (!endpoint.modes) return workflowId.trim() ? 'async' : 'async-then-sync';
	return endpoint.modes.includes('async') ? 'async' : 'sync';
}

async function parseAsync(
	session: MindeeSession,
	endpoint: Endpoint,
	source: DocumentSource,
	options: MindeeOptions,
	mode: 'async' | 'async-then-sync',
	signal: AbortSignal,
): Promise<MindeeDocumentResponse> {
	let job;
	try {
		job = await session.client.enqueue(endpoint, source, predictOptions(options), signal);
	} catch (error) {
		if (mode === 'async-then-sync' && isAsyncRefused(error)) {
			if (source.kind === 'file' && source.file.size > mindeeRules('sync').maxBytes) {
				throw new DocparseError(
					'DOCPARSE_INPUT',
					`${endpoint.label} only works synchronously, which accepts files up to 10 MB; "${source.file.fileName}" is larger`,
				);
			}
			return await session.client.predict(endpoint, source, predictOptions(options), signal);
		}
		throw error;
	}
	return await waitForResult(session, endpoint, job, pollingOptions(options), Date.now(), signal);
}

function isAsyncRefused(error: unknown) {
	if (!(error instanceof DocparseError) || error.status !== 403) return false;
	return /does not support asynchronous/i.test(JSON.stringify(error.body ?? ''));
}
