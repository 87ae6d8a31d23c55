/**
 * Seeded mutations of real response bodies for the fuzz pass: truncations of the text, and type changes,
 * removals and re-nestings of values at random places (biased towards the structure the parsers read).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

import { mindeeFixturesDir } from '../fakes/fixtures';
import type { Rng } from '../harness/seededRng';

const pick = <T>(rng: Rng, list: readonly T[]): T => list[Math.floor(rng() * list.length)];

/** Every JSON fixture under shared/fixtures/mindee, relative path → text. */
export function jsonFixtures(under = ''): Map<string, string> {
	const found = new Map<string, string>();
	const walk = (dir: string) => {
		for (const name of readdirSync(dir)) {
			const full = path.join(dir, name);
			if (statSync(full).isDirectory()) walk(full);
			else if (name.endsWith('.json'))
				found.set(path.relative(mindeeFixturesDir, full), readFileSync(full, 'utf8'));
		}
	};
	walk(path.join(mindeeFixturesDir, under));
	return found;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Path = Array<string | number>;

/** Keys the parsers and the output code read: mutations land there more often than in polygons. */
const STRUCTURAL = new Set([
	'api_request',
	'job',
	'id',
	'status',
	'error',
	'code',
	'message',
	'details',
	'issued_at',
	'available_at',
	'document',
	'name',
	'n_pages',
	'inference',
	'prediction',
	'pages',
	'product',
	'version',
	'extras',
	'processing_time',
	'ocr',
	'mvision-v1',
	'all_words',
	'text',
	'full_text_ocr',
	'content',
	'cropper',
	'cropping',
	'line_items',
	'value',
	'values',
	'confidence',
	'is_rotation_applied',
	'orientation',
]);

function paths(value: Json, prefix: Path = [], out: Path[] = [], depth = 0): Path[] {
	out.push(prefix);
	if (depth > 12 || value === null || typeof value !== 'object') return out;
	if (Array.isArray(value))
		value.slice(0, 6).forEach((entry, index) => paths(entry, [...prefix, index], out, depth + 1));
	else
		for (const [key, entry] of Object.entries(value))
			paths(entry, [...prefix, key], out, depth + 1);
	return out;
}

const REPLACEMENTS: Array<(old: Json, rng: Rng) => Json | typeof REMOVE> = [
	() => REMOVE,
	() => null,
	() => 0,
	() => -1,
	() => 3.75,
	() => 1e308,
	() => '',
	() => 'x',
	() => '2024-02-30T25:61:00',
	() => '{"nested": true}',
	() => true,
	() => false,
	() => [],
	() => ({}),
	(old) => [old],
	(old) => ({ value: old }),
	(old) => (typeof old === 'string' ? Number(old.length) : String(JSON.stringify(old) ?? 'null')),
	(old) =>
		Array.isArray(old)
			? Object.fromEntries(old.map((entry, index) => [String(index), entry]))
			: old,
	(_old, rng) => Array.from({ length: 1 + Math.floor(rng() * 3) }, () => null),
];
const REMOVE = Symbol('remove');

/** One mutant of a JSON text, and what was done (to reproduce a failure from the test output). */
export function mutate(text: string, rng: Rng): { text: string; what: string } {
	if (rng() < 0.3) {
		const at = Math.floor(rng() * text.length);
		return { text: text.slice(0, at), what: `truncated at ${at} of ${text.length}` };
	}
	const json = JSON.parse(text) as Json;
	const root = { root: json } as { root: Json };
	const done: string[] = [];
	const count = 1 + Math.floor(rng() * 3);
	for (let step = 0; step < count; step++) {
		const all = paths(root.root);
		const structural = all.filter(
			(candidate) =>
				candidate.length > 0 && STRUCTURAL.has(String(candidate[candidate.length - 1])),
		);
		const target = rng() < 0.7 && structural.length > 0 ? pick(rng, structural) : pick(rng, all);
		const replacement = pick(rng, REPLACEMENTS);
		const parent = target
			.slice(0, -1)
			.reduce<Json>((node, key) => (node as Record<string, Json>)[key as string], root.root);
		const key = target.length === 0 ? 'root' : target[target.length - 1];
		const holder = (target.length === 0 ? root : parent) as Record<string | number, Json>;
		const next = replacement(holder[key], rng);
		if (next === REMOVE) {
			if (Array.isArray(holder)) holder.splice(Number(key), 1);
			else delete holder[key];
			done.push(`removed ${target.join('.') || '(root)'}`);
		} else {
			holder[key] = next;
			done.push(`${target.join('.') || '(root)'} = ${JSON.stringify(next)?.slice(0, 40)}`);
		}
	}
	return { text: JSON.stringify(root.root) ?? '', what: done.join('; ') };
}
