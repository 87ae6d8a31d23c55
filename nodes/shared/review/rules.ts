import type { Json } from '../json';
import { confidenceScore } from './confidence';
import type { ReviewField, ReviewInput } from './fields';
import { isEmptyValue, pathMatches } from './fields';

/** What sends an item to Needs Review; read from the node's parameters by ./parameters. */
export interface ReviewRules {
	/** Values below this score (0–1, see ./confidence) need review; 0 checks no confidence. */
	minimumScore: number;
	/** How the minimum is shown in a reason: a level name or the V1 score. */
	minimumLabel: string;
	/** The fields whose confidence is checked (paths, `*` for any entry); 'all': every returned field. */
	confidenceFields: string[][] | 'all';
	/** Fields that must hold a value. */
	requiredFields: string[][];
	/** Line item amounts that must add up to a total, within a tolerance. */
	lineItemsSum?: { amounts: string[]; total: string[]; tolerance: number };
	/** Fields whose value, when set, must be a calendar date (YYYY-MM-DD, optionally with a time). */
	dateFields?: string[][];
}

/** The stable names of the rules, as `_review[].rule`. */
export type ReviewRuleName = 'minConfidence' | 'required' | 'lineItemsSum' | 'validDate';

/** One reason an item needs review, in a shape a form, message or sheet row shows as is. */
export interface ReviewReason {
	/** The field's path (`line_items.2.amount`); null for a reason about the whole result. */
	field: string | null;
	value: Json;
	/** As the API returned it: a V1 number or a V2 level name; null when it gave none. */
	confidence: number | string | null;
	rule: ReviewRuleName;
	message: string;
	[key: string]: Json;
}

/** Every reason the result breaks the rules, in field order within each rule. */
export function reviewReasons(input: ReviewInput, rules: ReviewRules): ReviewReason[] {
	return [
		...confidenceReasons(input, rules),
		...requiredReasons(input.fields, rules.requiredFields),
		...(rules.lineItemsSum ? sumReasons(input.fields, rules.lineItemsSum) : []),
		...(rules.dateFields ? dateReasons(input.fields, rules.dateFields) : []),
	];
}

function confidenceReasons(input: ReviewInput, rules: ReviewRules): ReviewReason[] {
	if (rules.minimumScore <= 0) return [];
	if (!input.confidenceComputed)
		return [
			{
				field: null,
				value: null,
				confidence: null,
				rule: 'minConfidence',
				message:
					'Mindee computed no confidence for this document (it was sent without Confidence), so none can be checked',
			},
		];
	const { confidenceFields } = rules;
	return input.fields
		.filter(
			(field) =>
				field.leaf &&
				!isEmptyValue(field.value) &&
				(confidenceFields === 'all' ||
					confidenceFields.some((pattern) => pathMatches(pattern, field.path, true))),
		)
		.filter((field) => {
			const score = confidenceScore(field.confidence);
			return score !== null && score < rules.minimumScore;
		})
		.map((field) =>
			reason(
				field,
				'minConfidence',
				`confidence ${field.confidence} is below ${rules.minimumLabel}`,
			),
		);
}

function requiredReasons(fields: ReviewField[], required: string[][]): ReviewReason[] {
	const reasons: ReviewReason[] = [];
	for (const pattern of required) {
		const found = fields.filter((field) => pathMatches(pattern, field.path));
		// A path through a list (`line_items.*.amount`) requires it in each entry there is.
		if (found.length === 0 && !pattern.includes('*'))
			reasons.push({
				field: pattern.join('.'),
				value: null,
				confidence: null,
				rule: 'required',
				message: `${pattern.join('.')}: required, but not in the result`,
			});
		for (const field of found)
			if (isEmptyValue(field.value)) reasons.push(reason(field, 'required', 'required, but empty'));
	}
	return reasons;
}

function sumReasons(
	fields: ReviewField[],
	{ amounts, total, tolerance }: NonNullable<ReviewRules['lineItemsSum']>,
): ReviewReason[] {
	const totalField = fields.find((field) => pathMatches(total, field.path));
	const totalValue = totalField ? asNumber(totalField.value) : null;
	const values = fields
		.filter((field) => pathMatches(amounts, field.path))
		.map((field) => asNumber(field.value))
		.filter((value): value is number => value !== null);
	// Nothing to compare: a missing total or no amounts is for the Required Fields rule to catch.
	if (!totalField || totalValue === null || values.length === 0) return [];
	const sum = values.reduce((a, b) => a + b, 0);
	if (Math.abs(sum - totalValue) <= tolerance + 1e-9) return [];
	return [
		reason(
			totalField,
			'lineItemsSum',
			`${amounts.join('.')} add up to ${round(sum)}, not ${round(totalValue)} (tolerance ${tolerance})`,
		),
	];
}

function dateReasons(fields: ReviewField[], dateFields: string[][]): ReviewReason[] {
	return fields
		.filter(
			(field) =>
				dateFields.some((pattern) => pathMatches(pattern, field.path)) &&
				!isEmptyValue(field.value) &&
				!isCalendarDate(field.value),
		)
		.map((field) => reason(field, 'validDate', 'not a valid date (YYYY-MM-DD)'));
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ][0-9:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/;

function isCalendarDate(value: Json): boolean {
	const match = typeof value === 'string' ? ISO_DATE.exec(value.trim()) : null;
	if (!match) return false;
	const [year, month, day] = match.slice(1, 4).map(Number);
	const date = new Date(Date.UTC(year, month - 1, day));
	return (
		date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
	);
}

function asNumber(value: Json): number | null {
	if (typeof value === 'number') return Number.isFinite(value) ? value : null;
	if (typeof value === 'string' && value.trim() !== '') {
		const number = Number(value);
		return Number.isFinite(number) ? number : null;
	}
	return null;
}

function round(value: number) {
	return Math.round(value * 1e6) / 1e6;
}

function reason(field: ReviewField, rule: ReviewRuleName, message: string): ReviewReason {
	return {
		field: field.path.join('.'),
		value: field.value,
		confidence: field.confidence,
		rule,
		message: `${field.path.join('.')}: ${message}`,
	};
}
