/**
 * Fuzz pass over both triggers' body parsers: seeded mutants of the real bodies Mindee posts (truncations,
 * type changes, removals, re-nestings), byte garbage, and hostile shapes (deep nesting, huge lists). Every
 * body must end as a refusal with a clear answer, or as a delivery whose items are plain JSON (or a
 * DocparseError that explains why they cannot be built): never another exception. Reproduce a failure with
 * FUZZ_SEED=<seed>; run longer with FUZZ_RUNS=<n>.
 */
import { readFileSync } from 'node:fs';

import { DocparseError } from '../../nodes/shared/errors';
import type { DeliveryPolicy } from '../../nodes/shared/webhook';
import { outputSettings } from '../../nodes/Mindee';
import {
	checkDelivery as checkV1,
	deliverySummary as summaryV1,
} from '../../nodes/MindeeTrigger/helpers/delivery';
import { deliveryItems as itemsV1 } from '../../nodes/MindeeTrigger/helpers/deliveryItems';
import {
	checkDelivery as checkV2,
	deliverySummary as summaryV2,
} from '../../nodes/MindeeV2Trigger/helpers/delivery';
import { deliveryItems as itemsV2 } from '../../nodes/MindeeV2Trigger/helpers/deliveryItems';
import { mindeeFixturePath, mindeeV2FixturePath } from '../fakes/fixtures';
import { findUndefined } from '../faults/helpers';
import { mutate } from '../faults/mutate';
import type { Rng } from '../harness/seededRng';
import { seededRng } from '../harness/seededRng';
import { signatureOf } from './setup';

const SEED = Number(process.env.FUZZ_SEED ?? 0x7e1c);
const RUNS = Number(process.env.FUZZ_RUNS ?? 1200);

const SECRET = 'whsec_fuzz_3f9a';
const POLICY: DeliveryPolicy = {
	secret: SECRET,
	skipVerification: false,
	maxBytes: 16 * 1024 * 1024,
};

const v1Bodies = [
	'async/get_completed.json',
	'async/get_completed_empty.json',
	'async/get_failed_job_error.json',
].map((name) => [name, readFileSync(mindeeFixturePath(name), 'utf8')] as const);

const v2Bodies = [
	'products/extraction/financial_document/complete.json',
	'products/crop/crop_single.json',
	'products/split/split_single.json',
	'products/classification/default_sample.json',
	'products/ocr/ocr_single.json',
	'job/fail_422.json',
	'job/ok_processing.json',
	'job/ok_processed_webhooks_ok.json',
]
	.map((name) => [name, readFileSync(mindeeV2FixturePath(name), 'utf8')] as const)
	.concat([
		[
			'failed inference',
			JSON.stringify({
				inference_id: '9f1c2a77-5d1e-4c1b-9a3e-0c6b2d4e8f10',
				model_id: '87654321-4321-4321-4321-CBA987654321',
				file_name: 'scan.pdf',
				file_alias: null,
				error: {
					status: 422,
					title: 'Unprocessable',
					detail: 'Unreadable',
					code: '422-004',
					errors: [],
				},
				created_at: '2026-04-20T18:27:58.974451',
			}),
		],
	]);

interface Trigger {
	label: string;
	bodies: ReadonlyArray<readonly [string, string]>;
	/** The parser, the summary and the items of every output setting, as the trigger runs them. */
	receive(body: Buffer, items: boolean): 'refused' | 'accepted';
}

const triggers: Trigger[] = [
	{
		label: 'Mindee Trigger',
		bodies: v1Bodies,
		receive(body, items) {
			const check = checkV1(body, signatureOf(body, SECRET), POLICY);
			if (!check.accepted) return refused(check);
			expectSummary(summaryV1(check.payload));
			if (items)
				for (const mode of ['simplified', 'lineItems', 'raw'])
					for (const confidence of [false, true])
						expectItems(() => itemsV1(check.payload, outputSettings(mode, confidence)));
			return 'accepted';
		},
	},
	{
		label: 'Mindee V2 Trigger',
		bodies: v2Bodies,
		receive(body, items) {
			const check = checkV2(body, signatureOf(body, SECRET), POLICY);
			if (!check.accepted) return refused(check);
			const summary = summaryV2(check.payload);
			expectSummary(summary);
			if (items && summary.kind !== 'status')
				for (const mode of ['simplified', 'lineItems', 'raw'] as const)
					for (const flag of [false, true])
						expectItems(() => itemsV2(check.payload, { mode, confidence: flag, locations: flag }));
			return 'accepted';
		},
	},
];

/** Plain assertion for the hot loop (jest's matchers are too slow for thousands of bodies). */
function check(condition: unknown, message: string, value?: unknown): asserts condition {
	if (!condition)
		throw new Error(
			`${message}${value === undefined ? '' : `: ${JSON.stringify(value)?.slice(0, 200)}`}`,
		);
}

function refused(rejection: { status: number; message: string; logMessage: string }): 'refused' {
	check([400, 413].includes(rejection.status), 'a signed body refused with', rejection.status);
	for (const text of [rejection.message, rejection.logMessage])
		check(
			typeof text === 'string' && text.length > 0 && !/undefined|\[object Object\]/.test(text),
			'an unclear refusal',
			text,
		);
	return 'refused';
}

function expectSummary(summary: { id: string; name: string; kind: string }) {
	check(typeof summary.id === 'string' && summary.id.length > 0, 'no delivery ID', summary);
	check(summary.name.endsWith(summary.id), 'the answer does not name the delivery', summary);
}

function expectItems(build: () => unknown[]) {
	let items: unknown[];
	try {
		items = build();
	} catch (error) {
		check(error instanceof DocparseError, 'building the items threw', String(error));
		return;
	}
	check(Array.isArray(items) && items.length > 0, 'no items');
	for (const item of items) {
		const holes = findUndefined(item);
		check(holes.length === 0, 'undefined or NaN in an item', holes);
		check(JSON.parse(JSON.stringify(item)) !== null, 'an item that is not JSON');
	}
}

/** Runs one body, naming it (and what was done to it) in any failure. */
function attempt(
	failures: string[],
	trigger: Trigger,
	label: string,
	body: Buffer,
	items = true,
): 'refused' | 'accepted' | 'failed' {
	try {
		return trigger.receive(body, items);
	} catch (error) {
		failures.push(`${trigger.label} ${label}: ${(error as Error).message}`);
		return 'failed';
	}
}

/** Random bytes, sometimes inside a JSON-looking frame. */
function garbage(rng: Rng): Buffer {
	const bytes = Buffer.alloc(Math.floor(rng() * 200), 0);
	for (let index = 0; index < bytes.length; index++) bytes[index] = Math.floor(rng() * 256);
	return rng() < 0.5 ? bytes : Buffer.concat([Buffer.from('{"job":'), bytes, Buffer.from('}')]);
}

describe.each(triggers)(`$label: webhook bodies (seed ${SEED}, ${RUNS} mutants)`, (trigger) => {
	test('every mutant of a real body is refused with a clear answer, or becomes valid items', () => {
		const rng = seededRng(SEED);
		const failures: string[] = [];
		const outcomes = { refused: 0, accepted: 0, failed: 0 };
		for (let index = 0; index < RUNS; index++) {
			const [name, text] = trigger.bodies[index % trigger.bodies.length];
			const mutant = mutate(text, rng);
			outcomes[
				attempt(failures, trigger, `#${index} ${name} (${mutant.what})`, Buffer.from(mutant.text))
			]++;
		}
		for (let index = 0; index < RUNS / 10; index++)
			outcomes[attempt(failures, trigger, `garbage #${index}`, garbage(rng))]++;
		expect(failures.slice(0, 10)).toEqual([]);
		// The mutants exercised both outcomes.
		expect(outcomes.accepted).toBeGreaterThan(RUNS / 20);
		expect(outcomes.refused).toBeGreaterThan(RUNS / 10);
	});

	test('hostile shapes (deep nesting, huge lists, long strings) are parsed without throwing', () => {
		const deep = (depth: number, open: string, close: string) =>
			`{"job":{"id":"j","status":"failed","error":${open.repeat(depth)}1${close.repeat(depth)}}}`;
		const failures: string[] = [];
		for (const [label, text] of [
			['200,000 nested lists', deep(200_000, '[', ']')],
			['100,000 nested objects', deep(100_000, '{"a":', '}')],
			['200,000 nested lists as the body', `${'['.repeat(200_000)}${']'.repeat(200_000)}`],
			['an unclosed nesting', '{"inference":'.repeat(100_000)],
			['a list of 500,000 numbers', `{"inference":${JSON.stringify(Array(500_000).fill(1))}}`],
			['a 5 MB ID', `{"inference_id":"${'x'.repeat(5_000_000)}","error":{}}`],
		])
			// The parser's answer only: building items of such bodies is the output shaping's (whose own
			// bounds turn them into a DocparseError; a throw there is answered 500 and retried).
			attempt(failures, trigger, label, Buffer.from(text), false);
		expect(failures).toEqual([]);
	});
});
