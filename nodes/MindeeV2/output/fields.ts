import type { Json } from '../../shared/json';
import { isObject, putKey } from '../../shared/json';

/**
 * Generic reading of any Mindee V2 field tree, whatever the model: no mapper per model. A field is
 * - simple: `value` (with `confidence` and `locations` when Mindee returns them),
 * - list: `items`, each a field (an entry), and its own `confidence`,
 * - object: `fields`, a map of fields, and its own `confidence` and `locations`;
 * and they nest to any depth. The trees are built with an explicit stack, so any depth is read without
 * running out of stack, in time linear in the tree.
 *
 * Names follow the package's naming rule at every depth: the model's names are kept, with one more `_`
 * when they start with `_` (`_x` → `__x`), so they never meet the keys the node adds, which start with one.
 */

/** What one tree holds in place of each simple field; `ownOfContainers`: also each list's and object's own. */
interface TreeReading {
	leaf(field: unknown): Json;
	ownOfContainers: boolean;
}

/** The key of a list or object field's own confidence / locations, in the object that holds it. */
const OWN_KEY = '_self';
/** The key of the own confidence / locations of the lists an object holds, by their names. */
const LISTS_KEY = '_lists';

const PLAIN: TreeReading = {
	// A shape this code does not know yet: keep what it holds rather than lose it.
	leaf: (field) =>
		(isObject(field)
			? 'value' in field
				? (field.value ?? null)
				: field
			: (field ?? null)) as Json,
	ownOfContainers: false,
};

const CONFIDENCE: TreeReading = {
	leaf: (field) => (isObject(field) ? (field.confidence ?? null) : null) as Json,
	ownOfContainers: true,
};

const LOCATIONS: TreeReading = {
	leaf: (field) =>
		(isObject(field) && Array.isArray(field.locations) ? field.locations : []) as Json,
	ownOfContainers: true,
};

const READINGS = { plain: PLAIN, confidence: CONFIDENCE, locations: LOCATIONS };

/** The plain values: simple → its value, list → an array, object → an object. */
export function plainFields(fields: Record<string, unknown>): Record<string, Json> {
	return fieldTree(fields, PLAIN).tree;
}

/**
 * The same tree with each simple field's confidence ("Certain", "High", "Medium", "Low", or null) in
 * place of its value: `$json._confidence.total_amount` sits beside `$json.total_amount`. An object (an
 * object field or a list entry) also holds its own as `_self`, and the lists it holds theirs in `_lists`.
 * `returned`: whether Mindee sent any confidence at all.
 */
export function confidenceTree(fields: Record<string, unknown>): FieldTree {
	return fieldTree(fields, CONFIDENCE);
}

/** The same for locations (`[{ polygon, page }]`, `[]` when none); `returned`: any non-empty one. */
export function locationsTree(fields: Record<string, unknown>): FieldTree {
	return fieldTree(fields, LOCATIONS);
}

/** The tree of one field alone (a list entry): an object for an object field, else its leaf. */
export function fieldAlone(field: unknown, tree: 'plain' | 'confidence' | 'locations'): Json {
	return fieldTree({ entry: field }, READINGS[tree]).tree.entry;
}

interface FieldTree {
	tree: Record<string, Json>;
	/** Whether any value read was there (not null, not an empty list). */
	returned: boolean;
}

/** An object of fields, or a list's items, and the node it fills. */
type Task =
	| { kind: 'fields'; from: Record<string, unknown>; into: Record<string, Json> }
	| { kind: 'items'; from: unknown[]; into: Json[] };

function fieldTree(fields: Record<string, unknown>, reading: TreeReading): FieldTree {
	const root: Record<string, Json> = {};
	const tasks: Task[] = [{ kind: 'fields', from: fields, into: root }];
	let returned = false;
	const read = (field: unknown): Json => {
		const value = reading.leaf(field);
		if (value !== null && !(Array.isArray(value) && value.length === 0)) returned = true;
		return value;
	};
	/** The node of one field: a container is filled later (its task is queued), a simple field now. */
	const nodeOf = (field: unknown): Json => {
		if (isObject(field) && Array.isArray(field.items)) {
			const list: Json[] = [];
			tasks.push({ kind: 'items', from: field.items, into: list });
			return list;
		}
		if (isObject(field) && isObject(field.fields)) {
			const object: Record<string, Json> = {};
			if (reading.ownOfContainers) object[OWN_KEY] = read(field);
			tasks.push({ kind: 'fields', from: field.fields, into: object });
			return object;
		}
		return read(field);
	};
	while (tasks.length > 0) {
		const task = tasks.pop()!;
		if (task.kind === 'items') {
			for (const item of task.from) task.into.push(nodeOf(item));
			continue;
		}
		const lists: Record<string, Json> = {};
		for (const [name, field] of Object.entries(task.from)) {
			const key = escapeName(name);
			putKey(task.into, key, nodeOf(field));
			if (reading.ownOfContainers && isObject(field) && Array.isArray(field.items))
				putKey(lists, key, read(field));
		}
		if (Object.keys(lists).length > 0) task.into[LISTS_KEY] = lists;
	}
	return { tree: root, returned };
}

/** The naming rule: a name starting with `_` gets one more. */
export function escapeName(name: string) {
	return name.startsWith('_') ? `_${name}` : name;
}
