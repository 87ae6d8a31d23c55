import type { Json } from '../../shared/json';
import { isObject } from '../../shared/json';

/**
 * Generic reading of any Mindee V2 field tree, whatever the model: no mapper per model. A field is
 * - simple: `value` (plus `confidence` and `locations` when asked for),
 * - list: `items`, each a field,
 * - object: `fields`, a map of fields;
 * and they nest to any depth.
 */

/** The plain value of a field: simple → its value, list → an array, object → an object. */
export function plainField(field: unknown): Json {
	if (!isObject(field)) return (field ?? null) as Json;
	if (Array.isArray(field.items)) return field.items.map(plainField);
	if (isObject(field.fields)) return plainFields(field.fields);
	if ('value' in field) return (field.value ?? null) as Json;
	// A shape this code does not know yet: keep what it holds rather than lose it.
	return field as Json;
}

export function plainFields(fields: Record<string, unknown>): Record<string, Json> {
	return mapFields(fields, plainField);
}

/**
 * The same tree with each simple field's confidence ("Certain", "High", "Medium", "Low", or null) in
 * place of its value: `$json._confidence.total_amount` sits beside `$json.total_amount`.
 */
export function confidenceTree(fields: Record<string, unknown>): Record<string, Json> {
	return mapFields(fields, (field) =>
		leafOrBranch(field, confidenceTree, (leaf) => (leaf.confidence ?? null) as Json),
	);
}

/** The same tree with each simple field's locations (`[{ polygon, page }]`) in place of its value. */
export function locationsTree(fields: Record<string, unknown>): Record<string, Json> {
	return mapFields(fields, (field) =>
		leafOrBranch(field, locationsTree, (leaf) =>
			Array.isArray(leaf.locations) ? (leaf.locations as Json) : [],
		),
	);
}

function leafOrBranch(
	field: unknown,
	branch: (fields: Record<string, unknown>) => Json,
	leaf: (field: Record<string, unknown>) => Json,
): Json {
	if (!isObject(field)) return null;
	if (Array.isArray(field.items))
		return field.items.map((item) =>
			isObject(item) && isObject(item.fields)
				? branch(item.fields)
				: leafOrBranch(item, branch, leaf),
		);
	if (isObject(field.fields)) return branch(field.fields);
	return leaf(field);
}

function mapFields(
	fields: Record<string, unknown>,
	map: (field: unknown) => Json,
): Record<string, Json> {
	const plain: Record<string, Json> = {};
	for (const [name, field] of Object.entries(fields)) plain[name] = map(field);
	return plain;
}
