/**
 * Generic reading of any Mindee v1 prediction: no mapper per product. A field is one of
 * - an object with `value` (plus position/confidence metadata, and maybe sub-fields like an address),
 * - an object with `values` (custom/docTI list fields: `content` per word or line),
 * - a list of such objects (taxes, line items, registrations…), or a nested object (a line item, a group).
 */

/** Keys that describe where and how sure a value is, not the value itself. */
const METADATA_KEYS = new Set([
	'confidence',
	'polygon',
	'bounding_box',
	'rectangle',
	'quadrangle',
	'page_id',
	'raw_value',
	'is_computed',
]);

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** The plain value of a field: metadata dropped; a field with sub-fields stays an object of them. */
export function plainValue(field: unknown): Json {
	if (Array.isArray(field)) return field.map(plainValue);
	if (!isObject(field)) return (field ?? null) as Json;
	if (Array.isArray(field.values)) {
		const contents = field.values
			.map((entry) => (isObject(entry) ? entry.content : entry))
			.filter((c) => c !== null && c !== undefined);
		return contents.length > 0 ? contents.map(String).join(' ') : null;
	}
	const keys = Object.keys(field).filter((key) => !METADATA_KEYS.has(key));
	if ('value' in field && keys.length === 1) return plainValue(field.value);
	const plain: Record<string, Json> = {};
	for (const key of keys) plain[key] = plainValue(field[key]);
	return plain;
}

/** Confidence of a field: its own, or for a list the lowest of its entries (null when unknown or empty). */
export function fieldConfidence(field: unknown): number | null {
	if (Array.isArray(field)) {
		const values = field.map(fieldConfidence).filter((c): c is number => c !== null);
		return values.length > 0 ? Math.min(...values) : null;
	}
	if (isObject(field) && typeof field.confidence === 'number') return field.confidence;
	return null;
}

export function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}
