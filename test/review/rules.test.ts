import {
	mindeeV1ReviewInput,
	mindeeV2ReviewInput,
	readReviewRules,
	confidenceScore,
	reviewReasons,
} from '../../nodes/shared/review';
import { METADATA_KEYS } from '../../nodes/Mindee/output/fields';
import type { ParameterReader, ReviewSetup } from '../../nodes/shared/review';
import { readMindeeFixture, readMindeeV2Fixture } from '../fakes/fixtures';
import { seededRng } from '../harness/seededRng';
import { confidentV2Invoice } from './confidentFixture';

const V1: ReviewSetup = { api: 'v1', amountsDefault: 'line_items.*.total_amount' };
const V2: ReviewSetup = { api: 'v2', amountsDefault: 'line_items.*.total_price' };

/** Reads the parameters as n8n hands them over: what is set, else the fallback. */
function reader(parameters: Record<string, unknown>): ParameterReader {
	const set: Record<string, unknown> = { routeForReview: true, ...parameters };
	return (name, fallback) => (name in set ? set[name] : fallback);
}

function rules(setup: ReviewSetup, parameters: Record<string, unknown> = {}) {
	const read = readReviewRules(reader(parameters), setup);
	if (!read) throw new Error('routing is off');
	return read;
}

const v1Invoice = () =>
	JSON.parse(readMindeeFixture('products/invoices/response_v4/complete.json')).document.inference
		.prediction;

describe('one confidence vocabulary', () => {
	test('V2 levels and V1 scores compare with the same minimum', () => {
		expect(confidenceScore('Certain')).toBe(0.99);
		expect(confidenceScore('high')).toBe(0.9);
		expect(confidenceScore('Medium')).toBe(0.7);
		expect(confidenceScore('Low')).toBe(0);
		expect(confidenceScore(0.42)).toBe(0.42);
		expect(confidenceScore('Unsure')).toBeNull();
		expect(confidenceScore(null)).toBeNull();
	});

	test('routing off: no rules', () => {
		expect(readReviewRules(() => false, V2)).toBeNull();
		expect(
			readReviewRules(reader({ operation: 'submit' }), { ...V2, operations: ['extract'] }),
		).toBeNull();
	});
});

describe('Mindee V1 (shared fixture: invoice v4, every confidence 0.99)', () => {
	test('a preset level: High passes every value, Certain (0.99) too', () => {
		const input = mindeeV1ReviewInput(v1Invoice(), METADATA_KEYS);
		expect(reviewReasons(input, rules(V1, { reviewMinConfidence: 'high' }))).toEqual([]);
		expect(reviewReasons(input, rules(V1, { reviewMinConfidence: 'certain' }))).toEqual([]);
	});

	test('a custom score above 0.99 sends every value with a confidence; fields without one are not checked', () => {
		const reasons = reviewReasons(
			mindeeV1ReviewInput(v1Invoice(), METADATA_KEYS),
			rules(V1, { reviewMinConfidence: 'score', reviewMinScore: 0.995 }),
		);
		const fields = reasons.map((reason) => reason.field);
		expect(fields).toContain('total_amount');
		expect(fields).toContain('line_items.0.total_amount');
		// document_type has no confidence in Mindee's answer.
		expect(fields).not.toContain('document_type');
		expect(reasons.find((reason) => reason.field === 'total_amount')).toEqual({
			field: 'total_amount',
			value: 335.18,
			confidence: 0.99,
			rule: 'minConfidence',
			message: 'total_amount: confidence 0.99 is below 0.995',
		});
	});

	test('listed fields only, with * for each line item', () => {
		const reasons = reviewReasons(
			mindeeV1ReviewInput(v1Invoice(), METADATA_KEYS),
			rules(V1, {
				reviewMinConfidence: 'score',
				reviewMinScore: 1,
				reviewFields: 'listed',
				reviewFieldPaths: 'total_amount, line_items.*.unit_price',
			}),
		);
		// In the result's field order.
		expect(reasons.map((reason) => reason.field)).toEqual([
			'line_items.0.unit_price',
			'total_amount',
		]);
	});

	test('required, line items add up, dates', () => {
		const prediction = v1Invoice();
		prediction.po_number.value = null;
		prediction.due_date.value = '2019-02-30';
		const reasons = reviewReasons(
			mindeeV1ReviewInput(prediction, METADATA_KEYS),
			rules(V1, {
				reviewRequiredFields:
					'po_number, invoice_number, line_items.*.description, locale.currency, taxes.*.rate, iban',
				reviewCheckSum: true,
				reviewCheckDates: true,
				reviewDateFields: 'date, due_date, payment_date',
			}),
		);
		expect(reasons).toEqual([
			{
				field: 'po_number',
				value: null,
				confidence: 0.99,
				rule: 'required',
				message: 'po_number: required, but empty',
			},
			{
				field: 'iban',
				value: null,
				confidence: null,
				rule: 'required',
				message: 'iban: required, but not in the result',
			},
			{
				field: 'total_net',
				value: 87.92,
				confidence: 0.99,
				rule: 'lineItemsSum',
				message: 'total_net: line_items.*.total_amount add up to 20.5, not 87.92 (tolerance 0.01)',
			},
			{
				field: 'due_date',
				value: '2019-02-30',
				confidence: 0.99,
				rule: 'validDate',
				message: 'due_date: not a valid date (YYYY-MM-DD)',
			},
		]);
	});

	test('the empty invoice: its few guesses are unsure, the required fields empty, nothing to add up', () => {
		const prediction = JSON.parse(readMindeeFixture('products/invoices/response_v4/empty.json'))
			.document.inference.prediction;
		const reasons = reviewReasons(
			mindeeV1ReviewInput(prediction, METADATA_KEYS),
			rules(V1, { reviewRequiredFields: 'total_amount, line_items', reviewCheckSum: true }),
		);
		expect(reasons.map((reason) => `${reason.rule} ${reason.field} ${reason.confidence}`)).toEqual([
			'minConfidence category 0.51',
			'minConfidence document_type_extended 0.52',
			'minConfidence subcategory 0.51',
			'required total_amount 0',
			'required line_items null',
		]);
	});
});

describe('Mindee V2 (shared fixture: financial document)', () => {
	test('recorded without confidence: one reason says none can be checked', () => {
		const inference = JSON.parse(
			readMindeeV2Fixture('products/extraction/financial_document/complete.json'),
		).inference;
		expect(reviewReasons(mindeeV2ReviewInput(inference), rules(V2))).toEqual([
			expect.objectContaining({ field: null, rule: 'minConfidence' }),
		]);
		// Low checks no confidence.
		expect(
			reviewReasons(mindeeV2ReviewInput(inference), rules(V2, { reviewMinConfidence: 'low' })),
		).toEqual([]);
	});

	test('levels below the minimum, by path; empty values are for Required Fields', () => {
		const { inference } = confidentV2Invoice({
			'line_items.1.total_price': 'Medium',
			'customer_address.city': 'High',
			tips_gratuity: 'Low',
		});
		const input = mindeeV2ReviewInput(inference);
		expect(reviewReasons(input, rules(V2, { reviewMinConfidence: 'high' }))).toEqual([
			{
				field: 'line_items.1.total_price',
				value: 50,
				confidence: 'Medium',
				rule: 'minConfidence',
				message: 'line_items.1.total_price: confidence Medium is below High',
			},
		]);
		expect(
			reviewReasons(input, rules(V2, { reviewMinConfidence: 'certain' })).map((r) => r.field),
		).toEqual(['line_items.1.total_price', 'customer_address.city']);
		expect(
			reviewReasons(input, rules(V2, { reviewMinConfidence: 'medium' })).map((r) => r.field),
		).toEqual([]);
	});

	test('line items add up to total_net by default; to total_amount they do not', () => {
		const { inference } = confidentV2Invoice();
		const input = mindeeV2ReviewInput(inference);
		expect(reviewReasons(input, rules(V2, { reviewCheckSum: true }))).toEqual([]);
		expect(
			reviewReasons(input, rules(V2, { reviewCheckSum: true, reviewSumTotal: 'total_amount' })),
		).toEqual([
			{
				field: 'total_amount',
				value: 204.75,
				confidence: 'Certain',
				rule: 'lineItemsSum',
				message:
					'total_amount: line_items.*.total_price add up to 195, not 204.75 (tolerance 0.01)',
			},
		]);
		expect(
			reviewReasons(
				input,
				rules(V2, { reviewCheckSum: true, reviewSumTotal: 'total_amount', reviewSumTolerance: 10 }),
			),
		).toEqual([]);
	});

	test('required fields: null, an empty list, a path through every entry', () => {
		const { inference } = confidentV2Invoice();
		inference.result.fields.line_items.items[2].fields.description.value = '  ';
		const reasons = reviewReasons(
			mindeeV2ReviewInput(inference),
			rules(V2, {
				reviewRequiredFields: 'receipt_number, line_items.*.description, locale.currency, taxes',
				reviewCheckDates: true,
			}),
		);
		expect(reasons.map((reason) => `${reason.rule} ${reason.field}`)).toEqual([
			'required receipt_number',
			'required line_items.2.description',
		]);
	});

	test('bad rule values are input errors', () => {
		expect(() => rules(V1, { reviewMinConfidence: 'score', reviewMinScore: 2 })).toThrow(
			'Minimum Score must be a number from 0 to 1; it is "2"',
		);
		expect(() => rules(V2, { reviewCheckSum: true, reviewSumTolerance: -1 })).toThrow(
			'Tolerance must be a number from 0',
		);
		expect(() => rules(V2, { reviewMinConfidence: 'score' })).toThrow(
			'Minimum Confidence "score" is not one of its choices',
		);
	});
});

describe('hostile answers', () => {
	/** A random JSON tree: objects, lists, V1/V2 field shapes, deep nesting. */
	function randomTree(rng: () => number, depth: number): unknown {
		const pick = rng();
		if (depth > 60 || pick < 0.25)
			return [null, 1.5, 'x', '', true, 'Low', 0.3][Math.floor(rng() * 7)];
		if (pick < 0.45)
			return Array.from({ length: Math.floor(rng() * 4) }, () => randomTree(rng, depth + 1));
		if (pick < 0.6) return { items: [randomTree(rng, depth + 1)], confidence: 'High' };
		if (pick < 0.75) return { fields: { a: randomTree(rng, depth + 1) } };
		if (pick < 0.85) return { value: randomTree(rng, depth + 1), confidence: rng() };
		return { a: randomTree(rng, depth + 1), values: rng() < 0.5 ? [{ content: 'w' }] : undefined };
	}

	test('any tree is read with bounded depth, and every rule runs on it', () => {
		const rng = seededRng(26);
		const all = rules(V1, {
			reviewMinConfidence: 'score',
			reviewMinScore: 0.5,
			reviewRequiredFields: 'a, a.*.a, f',
			reviewCheckSum: true,
			reviewSumAmounts: 'a.*',
			reviewSumTotal: 'f',
			reviewCheckDates: true,
			reviewDateFields: 'a, f',
		});
		for (let run = 0; run < 300; run++) {
			const prediction = { a: randomTree(rng, 0), f: randomTree(rng, 0) };
			const v1 = mindeeV1ReviewInput(prediction as Record<string, unknown>, METADATA_KEYS);
			const v2 = mindeeV2ReviewInput({ result: { fields: prediction } });
			for (const input of [v1, v2]) {
				expect(input.fields.every((field) => field.path.length <= 33)).toBe(true);
				expect(Array.isArray(reviewReasons(input, all))).toBe(true);
			}
		}
		// A very deep answer does not overflow the stack.
		let deep: unknown = { value: 1 };
		for (let level = 0; level < 50_000; level++) deep = { fields: { x: deep }, a: [deep] };
		expect(() => mindeeV2ReviewInput({ result: { fields: { x: deep } } })).not.toThrow();
	});
});
