import type { INodeProperties } from 'n8n-workflow';

import { DocparseError } from '../errors';
import type { ConfidenceLevel } from './confidence';
import { CONFIDENCE_LEVELS } from './confidence';
import { parsePath, parsePaths } from './fields';
import type { ReviewRules } from './rules';

/** Where the review parameters go: which API, and the operations that route (none: a trigger). */
export interface ReviewSetup {
	api: 'v1' | 'v2';
	operations?: string[];
	/** The Line Items Add Up check's default amounts path (the API's invoice model names). */
	amountsDefault: string;
}

/** Reads one parameter of the item (a node) or of the node (a trigger). */
export type ParameterReader = (name: string, fallback: unknown) => unknown;

const ROUTE = 'routeForReview';

/**
 * The node description's `outputs`: one main output as before, or Success and Needs Review when Route for
 * Review is on. n8n computes it from the parameters in the editor and at run time; it reads the top-level
 * parameters only, so Route for Review is one.
 */
export function reviewOutputs(operations?: string[]): `={{${string}}}` {
	const operationTest = operations
		? ` && ${JSON.stringify(operations)}.includes($parameter.operation)`
		: '';
	return `={{ $parameter.${ROUTE} === true${operationTest} ? [{ "type": "main", "displayName": "Success" }, { "type": "main", "displayName": "Needs Review" }] : ["main"] }}`;
}

/** Whether this run has the Needs Review output: the same test as reviewOutputs. */
export function routesForReview(read: ParameterReader, operations?: string[]): boolean {
	if (operations && !operations.includes(read('operation', '') as string)) return false;
	return read(ROUTE, false) === true;
}

/** Route for Review and its rules: top-level parameters, the rules shown once it is on. */
export function reviewProperties({
	api,
	operations,
	amountsDefault,
}: ReviewSetup): INodeProperties[] {
	const where = operations ? { operation: operations } : {};
	const whenOn = { ...where, [ROUTE]: [true] };
	const levels = (Object.keys(CONFIDENCE_LEVELS) as ConfidenceLevel[]).map((level) => ({
		name: CONFIDENCE_LEVELS[level].label,
		value: level,
		description:
			api === 'v1'
				? `Confidence ${CONFIDENCE_LEVELS[level].lowestScore} or more`
				: `Mindee's level ${CONFIDENCE_LEVELS[level].label} or above`,
	}));
	return [
		{
			displayName: 'Route for Review',
			name: ROUTE,
			type: 'boolean',
			noDataExpression: true,
			default: false,
			description:
				'Whether to add a Needs Review output: items that break the rules below go there with _review (one entry per reason), the others to Success',
			...(operations ? { displayOptions: { show: where } } : {}),
		},
		{
			displayName: 'Minimum Confidence',
			name: 'reviewMinConfidence',
			type: 'options',
			default: 'high',
			options: [
				...levels,
				...(api === 'v1'
					? [{ name: 'Custom Score', value: 'score', description: 'A score from 0 to 1' }]
					: []),
			],
			description:
				api === 'v1'
					? 'A value with a lower confidence needs review. Low: confidence is not checked.'
					: 'A value with a lower confidence level needs review (Mindee is asked for confidence). Low: confidence is not checked.',
			displayOptions: { show: whenOn },
		},
		...(api === 'v1'
			? [
					{
						displayName: 'Minimum Score',
						name: 'reviewMinScore',
						type: 'number',
						default: 0.9,
						typeOptions: { minValue: 0, maxValue: 1, numberPrecision: 2 },
						displayOptions: { show: { ...whenOn, reviewMinConfidence: ['score'] } },
					} satisfies INodeProperties,
				]
			: []),
		{
			displayName: 'Check Confidence Of',
			name: 'reviewFields',
			type: 'options',
			default: 'all',
			options: [
				{ name: 'All Returned Fields', value: 'all' },
				{ name: 'Listed Fields', value: 'listed' },
			],
			displayOptions: { show: whenOn },
		},
		{
			displayName: 'Fields',
			name: 'reviewFieldPaths',
			type: 'string',
			default: '',
			placeholder: 'total_amount, line_items.*.amount',
			description:
				'Comma-separated field paths; * stands for each entry of a list, and a list or object path covers what it holds',
			displayOptions: { show: { ...whenOn, reviewFields: ['listed'] } },
		},
		{
			displayName: 'Required Fields',
			name: 'reviewRequiredFields',
			type: 'string',
			default: '',
			placeholder: 'invoice_number, total_amount',
			description:
				'Comma-separated field paths that must hold a value: missing or empty needs review (with *, in each entry)',
			displayOptions: { show: whenOn },
		},
		{
			displayName: 'Check Line Items Add Up',
			name: 'reviewCheckSum',
			type: 'boolean',
			default: false,
			description: "Whether the line items' amounts must add up to the total, within a tolerance",
			displayOptions: { show: whenOn },
		},
		{
			displayName: 'Line Item Amounts',
			name: 'reviewSumAmounts',
			type: 'string',
			default: amountsDefault,
			displayOptions: { show: { ...whenOn, reviewCheckSum: [true] } },
		},
		{
			displayName: 'Total Field',
			name: 'reviewSumTotal',
			type: 'string',
			default: 'total_net',
			description:
				'The field they add up to: total_net (before tax) or total_amount (after), as your documents have them',
			displayOptions: { show: { ...whenOn, reviewCheckSum: [true] } },
		},
		{
			displayName: 'Tolerance',
			name: 'reviewSumTolerance',
			type: 'number',
			default: 0.01,
			typeOptions: { minValue: 0, numberPrecision: 2 },
			description: 'The largest difference accepted between the sum and the total',
			displayOptions: { show: { ...whenOn, reviewCheckSum: [true] } },
		},
		{
			displayName: 'Check Dates',
			name: 'reviewCheckDates',
			type: 'boolean',
			default: false,
			description: 'Whether the date fields, when set, must hold a real calendar date',
			displayOptions: { show: whenOn },
		},
		{
			displayName: 'Date Fields',
			name: 'reviewDateFields',
			type: 'string',
			default: 'date, due_date',
			displayOptions: { show: { ...whenOn, reviewCheckDates: [true] } },
		},
	];
}

/** The rules of an item (or a trigger's), or null when it does not route for review. */
export function readReviewRules(read: ParameterReader, setup: ReviewSetup): ReviewRules | null {
	if (!routesForReview(read, setup.operations)) return null;
	const text = (name: string, fallback: string) => String(read(name, fallback) ?? '');
	const minimum = text('reviewMinConfidence', 'high');
	let minimumScore: number;
	let minimumLabel: string;
	if (minimum === 'score' && setup.api === 'v1') {
		minimumScore = checkedNumber(read('reviewMinScore', 0.9), 'Minimum Score', 1);
		minimumLabel = String(minimumScore);
	} else if (Object.prototype.hasOwnProperty.call(CONFIDENCE_LEVELS, minimum)) {
		const level = CONFIDENCE_LEVELS[minimum as ConfidenceLevel];
		minimumScore = level.lowestScore;
		minimumLabel = setup.api === 'v1' ? `${level.label} (${level.lowestScore})` : level.label;
	} else {
		throw new DocparseError(
			'DOCPARSE_INPUT',
			`Minimum Confidence "${minimum}" is not one of its choices`,
		);
	}
	const listed = text('reviewFields', 'all') === 'listed';
	return {
		minimumScore,
		minimumLabel,
		confidenceFields: listed ? parsePaths(text('reviewFieldPaths', '')) : 'all',
		requiredFields: parsePaths(text('reviewRequiredFields', '')),
		lineItemsSum:
			read('reviewCheckSum', false) === true
				? {
						amounts: parsePath(text('reviewSumAmounts', setup.amountsDefault)),
						total: parsePath(text('reviewSumTotal', 'total_net')),
						tolerance: checkedNumber(read('reviewSumTolerance', 0.01), 'Tolerance'),
					}
				: undefined,
		dateFields:
			read('reviewCheckDates', false) === true
				? parsePaths(text('reviewDateFields', 'date, due_date'))
				: undefined,
	};
}

function checkedNumber(value: unknown, name: string, max = Infinity): number {
	const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
	if (typeof number !== 'number' || !Number.isFinite(number) || number < 0 || number > max)
		throw new DocparseError(
			'DOCPARSE_INPUT',
			`${name} must be a number from 0${max === Infinity ? '' : ` to ${max}`}; it is "${String(value)}"`,
		);
	return number;
}
