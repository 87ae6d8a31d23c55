/**
 * n8n's side of errors: turns the package's own errors (./errors) into n8n's NodeApiError /
 * NodeOperationError naming the item, and into the error items of Continue On Fail.
 */
import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { DocparseErrorCode } from './errors';
import { DocparseError } from './errors';
import { redactDeep, redactSecrets } from './redact';

/** What a service module says about one of its errors: the user-facing text. */
export interface Explanation {
	message: string;
	description?: string;
	/** The API's own error code, e.g. Mindee's "PlanLimitReached". */
	apiCode?: string;
}

export type Explain = (error: DocparseError) => Explanation;

/** The codes of what the API (or the connection to it) did: NodeApiError; the others are bad input. */
export const API_CODES = new Set<DocparseErrorCode>([
	'DOCPARSE_HTTP_STATUS',
	'DOCPARSE_CONNECT',
	'DOCPARSE_CONNECTION_LOST',
	'DOCPARSE_TIMEOUT',
	'DOCPARSE_REDIRECT_REFUSED',
	'DOCPARSE_INVALID_RESPONSE',
	'DOCPARSE_JOB_FAILED',
	'DOCPARSE_MAX_WAIT',
	'DOCPARSE_OUTPUT',
	'DOCPARSE_UNKNOWN_ID',
]);

/**
 * Turns any failure of one item into n8n's error type, naming the item: NodeApiError for what the API
 * (or the connection to it) did, NodeOperationError for bad input. Secrets are removed from every text.
 */
export function toNodeError(
	node: INode,
	error: unknown,
	itemIndex: number,
	explain: Explain,
	secrets: Array<string | undefined>,
): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError)
		return keepMessage(error, `${withoutItemTag(error.message)} (${itemName(itemIndex)})`);
	const fileName = (error as DocparseError).context?.fileName;
	const where = `${itemName(itemIndex)}${typeof fileName === 'string' ? `, "${fileName}"` : ''}`;
	if (!(error instanceof DocparseError)) {
		const message = `${redactSecrets((error as Error)?.message ?? String(error), secrets)} (${where})`;
		return keepMessage(new NodeOperationError(node, message, { itemIndex }), message);
	}
	const explanation = explain(error);
	const message = redactSecrets(`${explanation.message} (${where})`, secrets);
	const description = explanation.description
		? redactSecrets(explanation.description, secrets)
		: undefined;
	if (!API_CODES.has(error.code)) {
		return keepMessage(new NodeOperationError(node, message, { itemIndex, description }), message);
	}
	const details = redactDeep(
		{
			code: error.code,
			apiCode: explanation.apiCode,
			status: error.status,
			body: error.body,
			...error.context,
		} as JsonObject,
		secrets,
	);
	const apiError = new NodeApiError(node, details, {
		message,
		description,
		httpCode: error.status ? String(error.status) : undefined,
		itemIndex,
	});
	// Without a status n8n would take our `code` (DOCPARSE_…) for the HTTP code.
	if (!error.status) apiError.httpCode = null;
	return keepMessage(apiError, message);
}

/** An item as n8n's panels number it: from 1. */
export function itemName(itemIndex: number) {
	return `item ${itemIndex + 1}`;
}

/** n8n's helpers end their messages with the item counted from 0 ("… [item 0]"): the caller names it once, from 1. */
function withoutItemTag(message: string) {
	return message.replace(/\s*\[item \d+\]$/, '');
}

/**
 * n8n swaps a message mentioning a Node error code (ECONNRESET, ECONNREFUSED…) for a generic text that
 * drops the item, the request and our advice ("you can retry the request immediately" even for an upload
 * that must not be sent again). Ours is already explained: put it back.
 */
function keepMessage<T extends NodeApiError | NodeOperationError>(error: T, message: string): T {
	error.message = message;
	return error;
}

/** The JSON of the error item emitted for a failed input item under Continue On Fail. */
export function errorItemJson(error: NodeApiError | NodeOperationError): JsonObject {
	const context = (error as NodeApiError & { errorResponse?: JsonObject }).errorResponse ?? {};
	const json: JsonObject = { error: error.message };
	if (error.description) json.error_description = error.description;
	for (const [key, value] of Object.entries(context)) {
		if (value !== undefined && key !== 'body') json[`error_${snakeCase(key)}`] = value;
	}
	const httpStatus = 'httpCode' in error ? Number(error.httpCode) : NaN;
	if (Number.isInteger(httpStatus) && httpStatus > 0) json.error_http_status = httpStatus;
	return json;
}

function snakeCase(key: string) {
	return key.replace(/[A-Z]/g, (char) => `_${char.toLowerCase()}`);
}
