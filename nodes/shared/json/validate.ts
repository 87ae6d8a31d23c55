import { z } from 'zod';

import { DocparseError } from '../errors';

/**
 * Parses a response body and checks its shape at the boundary, so nothing downstream sees `undefined`
 * where the API promised a value. The error names the first fields that drifted.
 */
export function parseResponse<T extends z.ZodTypeAny>(
	text: string,
	schema: T,
	what: { service: string; response: string },
): z.infer<T> {
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch {
		const excerpt = text.replace(/\s+/g, ' ').trim().slice(0, 80);
		throw new DocparseError(
			'DOCPARSE_INVALID_RESPONSE',
			`${what.service} sent a ${what.response} that is not JSON${excerpt ? ` ("${excerpt}${text.length > 80 ? '…' : ''}")` : ' (empty body)'}`,
			{ body: rawExcerpt(text) },
		);
	}
	try {
		return checkShape(json, schema, what);
	} catch (error) {
		if (!(error instanceof DocparseError)) throw error;
		throw new DocparseError(error.code, error.message, {
			context: error.context,
			body: rawExcerpt(text),
		});
	}
}

/** The raw answer for the error's details, capped so a huge body does not bloat the execution data. */
function rawExcerpt(text: string, max = 4000) {
	return text.length > max ? `${text.slice(0, max)}…` : text;
}

export function checkShape<T extends z.ZodTypeAny>(
	json: unknown,
	schema: T,
	what: { service: string; response: string },
): z.infer<T> {
	const result = schema.safeParse(json);
	if (result.success) return result.data;
	const problems = result.error.issues
		.slice(0, 3)
		.map((issue) => `${issue.path.length ? issue.path.join('.') : '(root)'}: ${issue.message}`)
		.join('; ');
	throw new DocparseError(
		'DOCPARSE_INVALID_RESPONSE',
		`${what.service} sent a ${what.response} of an unexpected shape (${problems})`,
		{ context: { fields: result.error.issues.map((issue) => issue.path.join('.')) } },
	);
}

/**
 * A JSON object whose keys are the API's data (field names, field ids): checked as zod's `record` checks it
 * (same messages), but kept as sent: the record rebuilds the object and drops a key named `__proto__`, which
 * is a field like any other.
 */
export function dataRecord<T extends z.ZodTypeAny>(value: T) {
	const record = z.record(z.string(), value);
	return z.unknown().superRefine((input, context) => {
		const checked = record.safeParse(input);
		if (!checked.success) for (const issue of checked.error.issues) context.addIssue(issue);
	}) as unknown as z.ZodType<Record<string, z.infer<T>>>;
}
