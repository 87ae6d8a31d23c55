import type { Json } from '../../shared/json';
import { isObject } from '../../shared/json';

/**
 * Generic reading of any Mindee v1 prediction: no mapper per product. A field is one of
 * - an object with `value` (plus position/confidence metadata, and maybe sub-fields like an address),
 * - an object with `values` (custom/docTI list fields: `content` per word or line),
 * - a position-only object (`polygon`, `bounding_box`, `quadrangle`, `rectangle`): the position is the value,
 * - a list of such objects (taxes, line items, receipts…), or a nested object (a line item, a group).
 */

/** Keys that say where a value is, how sure Mindee is, or how it was printed or found: never the value. */
export const METADATA_KEYS = new Set([
	'confidence',
	'polygon',
	'bounding_box',
	'rectangle',
	'quadrangle',
	'page_id',
	'raw_value',
	'raw',
	'is_computed',
]);

/** The geometry a position-only field is made of, in the order Mindee's SDK lists it. */
const POSITION_KEYS = ['polygon', 'bounding_box', 'quadrangle', 'rectangle', 'page_id'];

/** One prediction field in plain form, with what its metadata adds (keyed by path, e.g. `given_names[0]`). */
export interface PlainField {
	value: Json;
	/** Text as printed (`raw_value` where it differs from the value, or Mindee's `raw`), by path. */
	rawValues: Record<string, Json>;
	/** Paths of values Mindee computed rather than read (`is_computed`). */
	computed: string[];
}

/**
 * Every field of a prediction, under its item name: Mindee's own name, with one more `_` when the name itself
 * starts with `_` (names starting with a single `_` are the node's own, so the two can never collide).
 */
export function readPrediction(prediction: Record<string, unknown>): Map<string, PlainField> {
	const fields = new Map<string, PlainField>();
	for (const [name, field] of Object.entries(prediction)) {
		const itemName = name.startsWith('_') ? `_${name}` : name;
		const read: PlainField = { value: null, rawValues: {}, computed: [] };
		read.value = plainValue(field, itemName, read);
		fields.set(itemName, read);
	}
	return fields;
}

/** The plain value of a field: metadata set aside, a field with sub-fields stays an object of them. */
function plainValue(field: unknown, path: string, details: PlainField): Json {
	if (Array.isArray(field))
		return field.map((entry, i) => plainValue(entry, `${path}[${i}]`, details));
	if (!isObject(field)) return (field ?? null) as Json;
	noteDetails(field, path, details);
	if (Array.isArray(field.values)) {
		const contents = field.values
			.map((entry) => (isObject(entry) ? entry.content : entry))
			.filter((c) => c !== null && c !== undefined);
		return contents.length > 0 ? contents.map(String).join(' ') : null;
	}
	const keys = Object.keys(field).filter((key) => !METADATA_KEYS.has(key));
	if (keys.length === 0 && POSITION_KEYS.some((key) => key !== 'page_id' && key in field)) {
		const position: Record<string, Json> = {};
		for (const key of POSITION_KEYS) if (key in field) position[key] = field[key] as Json;
		return position;
	}
	if ('value' in field && keys.length === 1) return plainValue(field.value, path, details);
	const plain: Record<string, Json> = {};
	for (const key of keys) plain[key] = plainValue(field[key], `${path}.${key}`, details);
	return plain;
}

function noteDetails(field: Record<string, unknown>, path: string, details: PlainField) {
	const rawValue = field.raw_value;
	if (rawValue !== undefined && rawValue !== null && rawValue !== field.value)
		details.rawValues[path] = rawValue as Json;
	else if (field.raw !== undefined && field.raw !== null)
		details.rawValues[path] = field.raw as Json;
	if (field.is_computed === true) details.computed.push(path);
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
