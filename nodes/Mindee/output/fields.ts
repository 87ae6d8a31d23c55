import type { Json } from '../../shared/json';
import { isObject, putKey } from '../../shared/json';

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

/** What is left to read: a field, its path, and where its plain value goes. */
interface Task {
	field: unknown;
	path: string;
	into: Json[] | Record<string, Json>;
	key: number | string;
}

/**
 * The plain value of a field: metadata set aside, a field with sub-fields stays an object of them. Read
 * with an explicit stack (children in order, so details keep the document's order), so any depth is read
 * without running out of stack.
 */
function plainValue(root: unknown, rootPath: string, details: PlainField): Json {
	const holder: Json[] = [null];
	const tasks: Task[] = [{ field: root, path: rootPath, into: holder, key: 0 }];
	while (tasks.length > 0) {
		const { field, path, into, key } = tasks.pop()!;
		const put = (value: Json) =>
			Array.isArray(into) ? (into[key as number] = value) : putKey(into, key as string, value);
		const children: Task[] = [];
		if (Array.isArray(field)) {
			const list: Json[] = field.map(() => null);
			put(list);
			field.forEach((entry, i) =>
				children.push({ field: entry, path: `${path}[${i}]`, into: list, key: i }),
			);
		} else if (!isObject(field)) put((field ?? null) as Json);
		else {
			noteDetails(field, path, details);
			const keys = Object.keys(field).filter((name) => !METADATA_KEYS.has(name));
			if (Array.isArray(field.values)) put(joinedContents(field.values));
			else if (keys.length === 0 && POSITION_KEYS.some((k) => k !== 'page_id' && k in field)) {
				const position: Record<string, Json> = {};
				for (const name of POSITION_KEYS) if (name in field) position[name] = field[name] as Json;
				put(position);
			} else if ('value' in field && keys.length === 1)
				children.push({ field: field.value, path, into, key });
			else {
				const plain: Record<string, Json> = {};
				put(plain);
				for (const name of keys)
					children.push({ field: field[name], path: `${path}.${name}`, into: plain, key: name });
			}
		}
		for (let i = children.length - 1; i >= 0; i--) tasks.push(children[i]);
	}
	return holder[0];
}

/** A `values` field (custom/docTI lists): its words or lines joined, or null. */
function joinedContents(values: unknown[]): Json {
	const contents = values
		.map((entry) => (isObject(entry) ? entry.content : entry))
		.filter((c) => c !== null && c !== undefined);
	return contents.length > 0 ? contents.map(String).join(' ') : null;
}

function noteDetails(field: Record<string, unknown>, path: string, details: PlainField) {
	const rawValue = field.raw_value;
	if (rawValue !== undefined && rawValue !== null && rawValue !== field.value)
		putKey(details.rawValues, path, rawValue as Json);
	else if (field.raw !== undefined && field.raw !== null)
		putKey(details.rawValues, path, field.raw as Json);
	if (field.is_computed === true) details.computed.push(path);
}

/**
 * Confidence of a field: its own, or for a list the lowest of its entries at any depth (null when unknown
 * or empty). Read with an explicit stack and a running minimum, so neither depth nor length is limited.
 */
export function fieldConfidence(field: unknown): number | null {
	let lowest: number | null = null;
	const pending: unknown[] = [field];
	while (pending.length > 0) {
		const next = pending.pop();
		if (Array.isArray(next)) for (const entry of next) pending.push(entry);
		else if (isObject(next) && typeof next.confidence === 'number')
			lowest = lowest === null ? next.confidence : Math.min(lowest, next.confidence);
	}
	return lowest;
}
