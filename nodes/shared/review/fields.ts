import type { Json } from '../json';

/**
 * A result's fields as the review rules read them, whatever the API: one entry per field, list and object
 * (`leaf: false`) as well as each value inside them, with its path (`['line_items', '0', 'amount']`), its
 * plain value and the confidence the API returned for it (a V1 number, a V2 level name, or null).
 */
export interface ReviewField {
	path: string[];
	value: Json;
	confidence: number | string | null;
	leaf: boolean;
}

/** What the rules read of one result. */
export interface ReviewInput {
	fields: ReviewField[];
	/** False when the API computed no confidence for this result (a V2 document sent without it). */
	confidenceComputed: boolean;
}

/** Results nest a few levels; anything deeper than this is read as one value, so a hostile answer cannot recurse without end. */
export const MAX_FIELD_DEPTH = 32;

/** A field path as users write it: `line_items.*.amount` (`*`: any entry of a list). */
export function parsePath(text: string): string[] {
	return text
		.split('.')
		.map((segment) => segment.trim())
		.filter(Boolean);
}

/** A comma-separated list of field paths; empty ones are dropped. */
export function parsePaths(text: string): string[][] {
	return text
		.split(',')
		.map(parsePath)
		.filter((path) => path.length > 0);
}

/** Whether `pattern` names `path`, or (with `orInside`) a field that holds it. */
export function pathMatches(pattern: string[], path: string[], orInside = false): boolean {
	if (orInside ? pattern.length > path.length : pattern.length !== path.length) return false;
	return pattern.every(
		(segment, index) => segment === path[index] || (segment === '*' && /^\d+$/.test(path[index])),
	);
}

/** Null, blank text, an empty list, or an object of empty values (read to MAX_FIELD_DEPTH; deeper is not empty). */
export function isEmptyValue(value: Json, depth = 0): boolean {
	if (value === null) return true;
	if (typeof value === 'string') return value.trim() === '';
	if (Array.isArray(value)) return value.length === 0;
	if (typeof value === 'object')
		return depth < MAX_FIELD_DEPTH && Object.values(value).every((v) => isEmptyValue(v, depth + 1));
	return false;
}
