import type { Json } from '../json';
import { isObject } from '../json';
import type { ReviewField, ReviewInput } from './fields';
import { MAX_FIELD_DEPTH } from './fields';

/**
 * A Mindee V1 prediction (`document.inference.prediction`) as review fields. A field with a `value` is one
 * value with its `confidence`; a custom field's `values` are one value (their words joined); a list's
 * entries are numbered; a value's sub-keys are named under it; an object without `value` (a line item)
 * gives each of its keys the object's confidence, as Mindee rates a line item as a whole. `metadataKeys`:
 * the Mindee node's list of the keys that say where or how sure, never a value.
 */
export function mindeeV1ReviewInput(
	prediction: Record<string, unknown>,
	metadataKeys: ReadonlySet<string>,
): ReviewInput {
	const reading: Reading = { metadataKeys, out: [] };
	for (const [name, field] of Object.entries(prediction)) readV1Field(field, [name], null, reading);
	return { fields: reading.out, confidenceComputed: true };
}

interface Reading {
	metadataKeys: ReadonlySet<string>;
	out: ReviewField[];
}

function readV1Field(
	field: unknown,
	path: string[],
	inherited: number | null,
	reading: Reading,
): Json {
	const { out } = reading;
	if (Array.isArray(field) && path.length < MAX_FIELD_DEPTH) {
		const list: ReviewField = { path, value: [], confidence: null, leaf: false };
		out.push(list);
		list.value = field.map((entry, index) =>
			readV1Field(entry, [...path, String(index)], null, reading),
		);
		return list.value;
	}
	if (!isObject(field) || path.length >= MAX_FIELD_DEPTH) {
		const value = (field ?? null) as Json;
		out.push({ path, value, confidence: inherited, leaf: true });
		return value;
	}
	const confidence = typeof field.confidence === 'number' ? field.confidence : inherited;
	if (Array.isArray(field.values)) {
		const words = field.values
			.map((entry) => (isObject(entry) ? entry.content : entry))
			.filter((word) => word !== null && word !== undefined);
		const value = words.length > 0 ? words.map(String).join(' ') : null;
		out.push({ path, value, confidence: confidence ?? lowestOf(field.values), leaf: true });
		return value;
	}
	const keys = Object.keys(field).filter(
		(key) => !reading.metadataKeys.has(key) && key !== 'value',
	);
	if ('value' in field || keys.length === 0) {
		// A value, or a position-only field. A value's sub-keys (a tax's rate, a locale's currency) can be
		// named in the rules; their confidence is the value's, checked once, on the value.
		const value = (('value' in field ? field.value : field) ?? null) as Json;
		out.push({ path, value, confidence, leaf: true });
		for (const key of keys) readV1Field(field[key], [...path, key], null, reading);
		return value;
	}
	const object: ReviewField = { path, value: {}, confidence, leaf: false };
	out.push(object);
	object.value = Object.fromEntries(
		keys.map((key) => [key, readV1Field(field[key], [...path, key], confidence, reading)]),
	);
	return object.value;
}

function lowestOf(values: unknown[]): number | null {
	const scores = values
		.map((entry) => (isObject(entry) ? entry.confidence : undefined))
		.filter((score): score is number => typeof score === 'number');
	return scores.length > 0 ? Math.min(...scores) : null;
}
