/**
 * Fuzz pass over the output shaping of Mindee V2 and Biros results: seeded hostile mutants of the shared
 * V2 bodies and of the Biros bodies (nesting thousands of levels deep, lists of 20,000 entries, names
 * such as `__proto__`, `_x`, `confidence`, `locations`, plus the random mutations of the V1 pass). Each
 * mutant that passes the answer's schema must become items of plain data in every output mode (never an
 * `undefined`, never a lost name), or fail with a DocparseError naming the job: never another exception.
 * Reproduce a failure with FUZZ_SEED=<seed>; run longer with FUZZ_RUNS=<n>.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import type { OutputSettings as BirosSettings } from '../../nodes/Biros/output/predictionItems';
import { predictionToItems } from '../../nodes/Biros/output/predictionItems';
import { predictionSchema } from '../../nodes/Biros/transport/schemas';
import type { OutputSettingsV2 } from '../../nodes/MindeeV2/output/inferenceItems';
import { inferenceToItems } from '../../nodes/MindeeV2/output/inferenceItems';
import { inferenceResponseSchema } from '../../nodes/MindeeV2/transport/schemas';
import { DocparseError } from '../../nodes/shared/errors';
import { birosFixturesDir, mindeeV2FixturePath } from '../fakes/fixtures';
import type { Rng } from '../harness/seededRng';
import { seededRng } from '../harness/seededRng';
import { mutate } from './mutate';

const SEED = Number(process.env.FUZZ_SEED ?? 0x5eed2);
const RUNS = Number(process.env.FUZZ_RUNS ?? 150);

const pick = <T>(rng: Rng, list: readonly T[]): T => list[Math.floor(rng() * list.length)];

const V2_BODIES = [
	'products/extraction/financial_document/complete.json',
	'products/extraction/financial_document/blank.json',
	'products/extraction/rag_not_matched.json',
	'products/extraction/text_context_enabled.json',
	'products/classification/default_sample.json',
	'products/classification/default_sample_extraction.json',
	'products/split/default_sample_extraction.json',
	'products/split/split_single.json',
	'products/crop/crop_single.json',
	'products/ocr/ocr_single.json',
].map((relative) => [relative, readFileSync(mindeeV2FixturePath(relative), 'utf8')] as const);

const BIROS_BODIES = readdirSync(birosFixturesDir)
	.filter((name) => name.endsWith('.json'))
	.map((name) => [name, readFileSync(path.join(birosFixturesDir, name), 'utf8')] as const);

/** Names that have tripped object code: the prototype's, the node's own prefix, the line-item metadata. */
const HOSTILE_NAMES = [
	'__proto__',
	'constructor',
	'toString',
	'_x',
	'__x',
	'_',
	'',
	'confidence',
	'locations',
	'value',
	'items',
	'fields',
];

type Node = Record<string, unknown>;

/** Every object of a parsed body (iteratively), to pick where a hostile change lands. */
function objectsOf(root: unknown): Node[] {
	const found: Node[] = [];
	const pending = [root];
	while (pending.length > 0 && found.length < 5000) {
		const next = pending.pop();
		if (Array.isArray(next)) pending.push(...next.slice(0, 50));
		else if (next && typeof next === 'object') {
			found.push(next as Node);
			pending.push(...Object.values(next));
		}
	}
	return found;
}

/** A field nested `depth` levels: objects of one field, lists of one entry, or both in turn. */
function deepField(depth: number, rng: Rng): unknown {
	const kind = pick(rng, ['fields', 'items', 'both'] as const);
	let field: unknown = { value: 'bottom', confidence: 'Low', locations: [] };
	for (let level = 0; level < depth; level++) {
		const asList = kind === 'items' || (kind === 'both' && level % 2 === 1);
		field = asList ? { items: [field] } : { fields: { [pick(rng, HOSTILE_NAMES)]: field } };
	}
	return field;
}

/** A list field of `count` entries, simple or objects with a confidence each. */
function hugeList(count: number, rng: Rng): unknown {
	const objects = rng() < 0.5;
	return {
		confidence: 'High',
		items: Array.from({ length: count }, (_, index) =>
			objects
				? { confidence: 'Medium', fields: { n: { value: index, confidence: 'Low' } } }
				: { value: index, confidence: 'Certain', locations: [] },
		),
	};
}

/** Sets a key as data on a parsed body (`__proto__` included, as JSON.parse would). */
function setOwn(target: Node, key: string, value: unknown) {
	Object.defineProperty(target, key, {
		value,
		enumerable: true,
		writable: true,
		configurable: true,
	});
}

/** One hostile change to a parsed body: a deep field, a huge list, or a field renamed. */
function hostile(body: unknown, rng: Rng): string {
	const objects = objectsOf(body);
	const fieldMaps = objects.filter(
		(object) => 'fields' in object && object.fields && typeof object.fields === 'object',
	);
	const target =
		(fieldMaps.length > 0 ? (pick(rng, fieldMaps).fields as Node) : pick(rng, objects)) ?? {};
	const name = pick(rng, [...HOSTILE_NAMES, 'line_items']);
	const change = Math.floor(rng() * 3);
	if (change === 0) {
		const depth = 1000 + Math.floor(rng() * 19_000);
		setOwn(target, name, deepField(depth, rng));
		return `${name}: ${depth} levels deep`;
	}
	if (change === 1) {
		const count = 1 + Math.floor(rng() * 20_000);
		setOwn(target, name, hugeList(count, rng));
		return `${name}: a list of ${count}`;
	}
	const [old] = Object.keys(target);
	if (old === undefined) return 'nothing to rename';
	const value = target[old];
	delete target[old];
	setOwn(target, name, value);
	return `${old} renamed ${name}`;
}

/** A mutant: the V1 pass's random mutation (from the text), then one or two hostile changes. */
function mutant(text: string, rng: Rng): { body: unknown; what: string } {
	const mutated = mutate(text, rng);
	let body: unknown;
	try {
		body = JSON.parse(mutated.text);
	} catch {
		body = JSON.parse(text);
	}
	const changes = [hostile(body, rng)];
	if (rng() < 0.5) changes.push(hostile(body, rng));
	return { body, what: `${mutated.what}; ${changes.join('; ')}` };
}

/**
 * Every problem of the items: an `undefined` or NaN, or an object whose prototype was replaced (a
 * `__proto__` set instead of kept as data). Each object is visited once: line items share the document's.
 */
function problemsOf(items: unknown[]): string[] {
	const problems: string[] = [];
	const seen = new Set<object>();
	const pending: unknown[] = [items];
	while (pending.length > 0 && problems.length < 3) {
		const next = pending.pop();
		if (next === undefined || Number.isNaN(next)) problems.push(String(next));
		else if (next && typeof next === 'object' && !seen.has(next)) {
			seen.add(next);
			if (!Array.isArray(next) && Object.getPrototypeOf(next) !== Object.prototype)
				problems.push('an object with a replaced prototype');
			for (const entry of Object.values(next)) pending.push(entry);
		}
	}
	return problems;
}

function expectPlainItems(items: unknown[], failures: string[], label: string) {
	if (!Array.isArray(items) || items.length === 0) failures.push(`${label}: no items`);
	else for (const problem of problemsOf(items)) failures.push(`${label}: ${problem}`);
}

const V2_SETTINGS: OutputSettingsV2[] = [
	{ mode: 'simplified', confidence: false, locations: false },
	{ mode: 'simplified', confidence: true, locations: true },
	{ mode: 'lineItems', confidence: true, locations: false, lineItemsField: 'line_items' },
	{ mode: 'lineItems', confidence: false, locations: true, lineItemsField: '_x.__proto__' },
	{ mode: 'lineItems', confidence: true, locations: true, lineItemsField: 'taxes' },
];

test(`Mindee V2 output shaping: ${RUNS} hostile mutants of the shared bodies (seed ${SEED})`, () => {
	const rng = seededRng(SEED);
	const failures: string[] = [];
	let shaped = 0;
	for (let index = 0; index < RUNS; index++) {
		const [name, text] = V2_BODIES[index % V2_BODIES.length];
		const { body, what } = mutant(text, rng);
		const parsed = inferenceResponseSchema.safeParse(body);
		if (!parsed.success) continue;
		const label = `#${index} ${name} (${what.slice(0, 300)})`;
		const settings = V2_SETTINGS[index % V2_SETTINGS.length];
		try {
			expectPlainItems(inferenceToItems(parsed.data.inference, settings), failures, label);
			shaped++;
		} catch (error) {
			if (
				!(error instanceof DocparseError) ||
				error.context.inferenceId !== parsed.data.inference.id
			)
				failures.push(`${label}: ${String((error as Error)?.stack ?? error).slice(0, 400)}`);
		}
	}
	expect(failures).toEqual([]);
	// The mutants reached the shaping, not only the schema's refusals.
	expect(shaped).toBeGreaterThan(RUNS / 4);
}, 600_000);

const BIROS_SETTINGS: BirosSettings[] = [
	{ mode: 'simplified', includeConfidence: true },
	{ mode: 'entities', includeConfidence: false },
];

test(`Biros output shaping: ${RUNS} hostile mutants of the Biros bodies (seed ${SEED})`, () => {
	const rng = seededRng(SEED + 1);
	const failures: string[] = [];
	let shaped = 0;
	for (let index = 0; index < RUNS; index++) {
		const [name, text] = BIROS_BODIES[index % BIROS_BODIES.length];
		const { body, what } = mutant(text, rng);
		// Aliases are where Biros names reach the item's keys.
		for (const field of Object.values((body as { service_fields?: Node })?.service_fields ?? {}))
			if (field && typeof field === 'object' && rng() < 0.3)
				(field as Node).tag_alias = pick(rng, HOSTILE_NAMES);
		const parsed = predictionSchema.safeParse(body);
		if (!parsed.success) continue;
		const label = `#${index} ${name} (${what.slice(0, 300)})`;
		try {
			const settings = BIROS_SETTINGS[index % BIROS_SETTINGS.length];
			expectPlainItems(predictionToItems(parsed.data, {}, settings), failures, label);
			shaped++;
		} catch (error) {
			failures.push(`${label}: ${String((error as Error)?.stack ?? error).slice(0, 400)}`);
		}
	}
	expect(failures).toEqual([]);
	expect(shaped).toBeGreaterThan(RUNS / 4);
}, 600_000);
