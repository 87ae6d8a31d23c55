import type { Json } from '../json';
import { isObject } from '../json';
import type { ReviewField, ReviewInput } from './fields';
import { MAX_FIELD_DEPTH } from './fields';

/**
 * A Mindee V2 inference's result as review fields: a simple field is one value with its `confidence`
 * level, a list field's `items` are numbered, an object field's `fields` are named. Only extraction
 * results have fields; any other result has none.
 */
export function mindeeV2ReviewInput(inference: {
	result: Record<string, unknown>;
	active_options?: unknown;
}): ReviewInput {
	const fields: ReviewField[] = [];
	const { result } = inference;
	if (isObject(result.fields))
		for (const [name, field] of Object.entries(result.fields)) readField(field, [name], fields);
	const options = isObject(inference.active_options) ? inference.active_options : {};
	return { fields, confidenceComputed: options.confidence !== false };
}

function readField(field: unknown, path: string[], out: ReviewField[]): Json {
	if (!isObject(field) || path.length >= MAX_FIELD_DEPTH) {
		out.push({ path, value: null, confidence: null, leaf: true });
		return null;
	}
	if (Array.isArray(field.items)) {
		const list: ReviewField = { path, value: [], confidence: null, leaf: false };
		out.push(list);
		list.value = field.items.map((item, index) => readField(item, [...path, String(index)], out));
		return list.value;
	}
	if (isObject(field.fields)) {
		const object: ReviewField = { path, value: {}, confidence: null, leaf: false };
		out.push(object);
		const children = field.fields;
		object.value = Object.fromEntries(
			Object.keys(children).map((name) => [name, readField(children[name], [...path, name], out)]),
		);
		return object.value;
	}
	const value = (field.value ?? null) as Json;
	const confidence =
		typeof field.confidence === 'string' || typeof field.confidence === 'number'
			? field.confidence
			: null;
	out.push({ path, value, confidence, leaf: true });
	return value;
}
