import type { INode, INodeParameters } from 'n8n-workflow';

import { explainMindeeV2Error } from '../../nodes/MindeeV2/helpers/explainError';
import { DocparseError, errorItemJson, toNodeError } from '../../nodes/shared/errors';
import { confidenceTree, locationsTree, plainFields } from '../../nodes/MindeeV2/output/fields';
import { inferenceToItems } from '../../nodes/MindeeV2/output/inferenceItems';
import { pdfItem } from '../harness/files';
import type { FakeMindeeV2 } from './setup';
import { runMindeeV2, startMindeeV2Server, v2Fixture } from './setup';

const where = (page: number) => [
	{
		polygon: [
			[0.1, 0.2],
			[0.3, 0.2],
			[0.3, 0.4],
			[0.1, 0.4],
		],
		page,
	},
];

/** A made-up model: lists of objects holding lists, objects in objects, a field named "value". */
const fields = {
	title: { value: 'Lease', confidence: 'Certain', locations: where(0) },
	amount: { value: 12.5, confidence: 'Low', locations: where(1) },
	flag: { value: false, confidence: 'High', locations: [] },
	parties: {
		confidence: null,
		items: [
			{
				confidence: null,
				fields: {
					name: { value: 'Ann', confidence: 'High', locations: where(0) },
					phones: {
						items: [
							{ value: '+1 555', confidence: 'Medium', locations: where(0) },
							{ value: '+1 556', confidence: 'Low', locations: [] },
						],
					},
				},
			},
		],
	},
	address: {
		fields: {
			value: { value: '1 Main St', confidence: 'Certain', locations: [] },
			geo: { fields: { lat: { value: 1.5 }, lon: { value: -2 } } },
		},
	},
	tags: { items: [] },
};

test("a field whose name starts with _ gets one more, so it never meets the node's own keys", () => {
	const items = inferenceToItems(
		{ id: 'i', result: { fields: { _inference_id: { value: 'mine' }, total: { value: 1 } } } },
		{ mode: 'simplified', confidence: false, locations: false },
	);
	expect(items[0]).toMatchObject({ __inference_id: 'mine', total: 1, _inference_id: 'i' });
});

test('any field tree becomes plain data at every depth', () => {
	expect(plainFields(fields)).toEqual({
		title: 'Lease',
		amount: 12.5,
		flag: false,
		parties: [{ name: 'Ann', phones: ['+1 555', '+1 556'] }],
		address: { value: '1 Main St', geo: { lat: 1.5, lon: -2 } },
		tags: [],
	});
});

test("confidence and locations trees have the same shape as the values, with the containers' own", () => {
	expect(confidenceTree(fields).tree).toEqual({
		title: 'Certain',
		amount: 'Low',
		flag: 'High',
		parties: [{ _self: null, name: 'High', phones: ['Medium', 'Low'], _lists: { phones: null } }],
		address: { _self: null, value: 'Certain', geo: { _self: null, lat: null, lon: null } },
		tags: [],
		_lists: { parties: null, tags: null },
	});
	expect(locationsTree(fields).tree).toMatchObject({
		title: where(0),
		parties: [{ name: where(0), phones: [where(0), []] }],
		address: { geo: { lat: [] } },
	});
});

test('line items of a nested list: the entry flat as _line_item_<name>, the list dropped from the document', () => {
	const inference = {
		id: 'inf-1',
		job: { id: 'job-1' },
		model: { id: 'model-1' },
		file: { name: 'lease.pdf', alias: null, page_count: 2, mime_type: 'application/pdf' },
		result: {
			fields: { ...fields, contract: { fields: { parties: fields.parties } } },
			raw_text: { pages: [{ content: 'page one' }, { content: 'page two' }] },
			rag: { retrieved_document_id: 'doc-9' },
		},
	};
	const items = inferenceToItems(inference, {
		mode: 'lineItems',
		confidence: true,
		locations: false,
		lineItemsField: 'contract.parties',
	});
	expect(items).toHaveLength(1);
	expect(items[0]).toMatchObject({
		_line_item_name: 'Ann',
		_line_item_phones: ['+1 555', '+1 556'],
		_line_index: 0,
		_line_confidence: { name: 'High', phones: ['Medium', 'Low'] },
		title: 'Lease',
		contract: {},
		parties: [{ name: 'Ann' }],
		_inference_id: 'inf-1',
		_job_id: 'job-1',
		_raw_text: 'page one\npage two',
		_rag_document_id: 'doc-9',
		_confidence: { contract: { _self: null }, parties: [{ name: 'High' }] },
	});
	// The list is left out of the trees too: its entries' are on their items.
	expect((items[0]._confidence as { contract: object }).contract).not.toHaveProperty('parties');
	// Not asked for, but Mindee sent locations: they reach the item.
	expect(items[0]._locations).toMatchObject({ title: where(0) });
});

test('a list field that is absent or empty yields the document once', () => {
	const inference = { id: 'i', result: { fields } };
	for (const lineItemsField of ['tags', 'missing', 'title']) {
		const items = inferenceToItems(inference, {
			mode: 'lineItems',
			confidence: false,
			locations: false,
			lineItemsField,
		});
		expect(items).toHaveLength(1);
		expect(items[0].title).toBe('Lease');
	}
});

test('crop, split and OCR results without entries still yield one item', () => {
	for (const result of [{ crops: [] }, { splits: [] }, { pages: [] }]) {
		const items = inferenceToItems(
			{ id: 'i', result },
			{ mode: 'simplified', confidence: false, locations: false },
		);
		expect(items).toEqual([expect.objectContaining({ _item_count: 0, _item_index: null })]);
	}
});

describe('through the node: what Mindee returned reaches the item, whatever its names and depth', () => {
	let server: FakeMindeeV2;
	beforeEach(async () => {
		server = await startMindeeV2Server({ processingMs: 0 });
	});
	afterEach(async () => await server.close());

	const JOB = { id: 'job-out-1' };
	const FILE = { name: 'out.pdf', alias: null, page_count: 1, mime_type: 'application/pdf' };
	/** Mindee's result for the next job is this inference (an object, or JSON text as sent). */
	const answer = (inference: object | string) =>
		server.inject('result', {
			status: 200,
			body:
				typeof inference === 'string'
					? `{"inference":${inference}}`
					: {
							inference: {
								id: 'inf-out-1',
								job: JOB,
								model: { id: 'm-1' },
								file: FILE,
								...inference,
							},
						},
		});
	const extract = async (parameters: INodeParameters = {}) =>
		await runMindeeV2(server, parameters, { items: [pdfItem('out.pdf')], continueOnFail: true });

	test('Line Items of a nested list whose names start with _: the entries, the list left out', async () => {
		answer({
			result: {
				fields: {
					group: {
						fields: {
							_sub: {
								fields: {
									rows: {
										items: [{ fields: { a: { value: 1 } } }, { fields: { a: { value: 2 } } }],
									},
									kept: { value: 'yes' },
								},
							},
						},
					},
				},
			},
		});
		const { items } = await extract({ output: 'lineItems', lineItemsField: 'group._sub.rows' });
		expect(items.map((item) => item.json)).toEqual([
			expect.objectContaining({
				_line_item_a: 1,
				_line_index: 0,
				group: { __sub: { kept: 'yes' } },
			}),
			expect.objectContaining({ _line_item_a: 2, _line_index: 1, _job_id: 'job-out-1' }),
		]);
	});

	test('a line-item sub-field named confidence or locations keeps its value beside the metadata', async () => {
		answer({
			result: {
				fields: {
					line_items: {
						items: [
							{
								confidence: 'High',
								fields: {
									confidence: { value: 'sure', confidence: 'Low' },
									locations: { value: 'Paris', confidence: 'Medium' },
								},
							},
						],
					},
				},
			},
		});
		const { items } = await extract({ output: 'lineItems' });
		expect(items[0].json).toMatchObject({
			_line_item_confidence: 'sure',
			_line_item_locations: 'Paris',
			_line_confidence: { _self: 'High', confidence: 'Low', locations: 'Medium' },
		});
	});

	test('a field named __proto__ (at any depth) is kept as data', async () => {
		answer(
			`{"id":"inf-p","job":{"id":"job-p"},"result":{"fields":{"__proto__":{"value":1},"box":{"fields":{"__proto__":{"value":2},"_proto__":{"value":3}}}}}}`,
		);
		const { items } = await extract();
		expect(items[0].json.___proto__).toBe(1);
		expect(Object.getOwnPropertyDescriptor(items[0].json.box, '___proto__')?.value).toBe(2);
		expect(Object.getOwnPropertyDescriptor(items[0].json.box, '__proto__')?.value).toBe(3);
		expect(Object.getPrototypeOf(items[0].json.box)).toBe(Object.prototype);
	});

	test('20,000 levels of nested objects and lists are read without running out of stack', async () => {
		const depth = 20_000;
		const objects = `${'{"fields":{"a":'.repeat(depth)}{"value":"deep"}${'}}'.repeat(depth)}`;
		const lists = `${'{"items":['.repeat(depth)}{"value":"deep"}${']}'.repeat(depth)}`;
		answer(`{"id":"inf-d","job":{"id":"job-d"},"result":{"fields":{"o":${objects},"l":${lists}}}}`);
		const { items, run } = await extract({ options: { confidence: true, polygon: true } });
		expect(items[0].json.error).toBeUndefined();
		expect(run.status).toBe('success');
		let node = items[0].json.o as Record<string, unknown>;
		for (let level = 1; level < depth; level++) node = node.a as Record<string, unknown>;
		expect(node.a).toBe('deep');
	});

	test("confidences and locations Mindee sent by default reach the item, containers' own included", async () => {
		const chained = v2Fixture<{
			inference: { result: { classification: { extraction_response: object } } };
		}>('products/classification/default_sample_extraction.json').inference.result.classification
			.extraction_response as { inference: Record<string, unknown> };
		const inference = chained.inference;
		answer({ ...inference, job: JOB, file: FILE });
		const { items } = await extract();
		// Polygons were not asked for, but the model returns them: the item has them.
		expect(items[0].json._locations).toMatchObject({
			date: [{ page: 0, polygon: expect.any(Array) }],
			taxes: [{ _self: [], rate: [{ page: 0 }] }],
			locale: { _self: [], country: [{ page: 0 }] },
		});
		// The model sent confidence: null everywhere, so there is no _confidence tree.
		expect(items[0].json).not.toHaveProperty('_confidence');

		answer({
			active_options: { confidence: true, polygon: false, raw_text: true },
			result: {
				fields: {
					total: { value: 10, confidence: 'Certain' },
					locale: {
						confidence: 'Medium',
						fields: { currency: { value: 'EUR', confidence: 'High' } },
					},
					line_items: {
						confidence: 'Low',
						items: [{ confidence: 'High', fields: { qty: { value: 2, confidence: 'Certain' } } }],
					},
				},
				raw_text: { pages: [{ content: 'page one' }, { content: 'page two' }] },
			},
		});
		const second = await extract();
		expect(second.items[0].json).toMatchObject({
			_confidence: {
				total: 'Certain',
				locale: { _self: 'Medium', currency: 'High' },
				line_items: [{ _self: 'High', qty: 'Certain' }],
				_lists: { line_items: 'Low' },
			},
			_active_options: { confidence: true, polygon: false, raw_text: true },
			_raw_text: 'page one\npage two',
			_raw_text_pages: ['page one', 'page two'],
		});
		expect(second.items[0].json).not.toHaveProperty('_locations');
	});

	test('a split or classification that chained an extraction carries it shaped like one, under _extraction', async () => {
		await server.close();
		server = await startMindeeV2Server({
			processingMs: 0,
			results: {
				split: 'products/split/default_sample_extraction.json',
				classification: 'products/classification/default_sample_extraction.json',
			},
		});
		const split = await runMindeeV2(server, { operation: 'split' }, { items: [pdfItem()] });
		expect(split.items).toHaveLength(2);
		const first = split.items[0].json;
		expect(first).toMatchObject({
			page_range: [0, 0],
			document_type: 'invoice',
			_extraction: { _product: 'extraction', _active_options: { polygon: false } },
		});
		expect(first).not.toHaveProperty('extraction_response');
		const extraction = first._extraction as Record<string, unknown>;
		expect(extraction).not.toHaveProperty('fields');
		expect(typeof extraction._inference_id).toBe('string');
		expect(Object.keys(extraction).filter((key) => !key.startsWith('_')).length).toBeGreaterThan(5);

		const classified = await runMindeeV2(server, { operation: 'classify' }, { items: [pdfItem()] });
		expect(classified.items[0].json).toMatchObject({
			document_type: 'invoice',
			_extraction: { po_number: 'AD29094', locale: { country: 'Canada' } },
		});
	});
});

test('a failure while shaping names the job, the inference and the file', () => {
	const result = new Proxy(
		{},
		{
			get() {
				throw new TypeError('unreadable');
			},
		},
	);
	let thrown: unknown;
	try {
		inferenceToItems(
			{ id: 'inf-9', job: { id: 'job-9' }, file: { name: 'nine.pdf' }, result } as never,
			{ mode: 'simplified', confidence: false, locations: false },
		);
	} catch (error) {
		thrown = error;
	}
	expect(thrown).toBeInstanceOf(DocparseError);
	expect(thrown).toMatchObject({
		code: 'DOCPARSE_OUTPUT',
		context: { jobId: 'job-9', inferenceId: 'inf-9', fileName: 'nine.pdf' },
	});
	// The error item of Continue On Fail, and the stop-on-failure report, name them.
	const node = {
		id: 'n',
		name: 'Mindee V2',
		type: 'docparseMindeeV2',
		typeVersion: 1,
		position: [0, 0],
	};
	const nodeError = toNodeError(node as INode, thrown, 2, explainMindeeV2Error, []);
	expect(errorItemJson(nodeError)).toMatchObject({
		error: expect.stringMatching(
			/could not be turned into items: unreadable \(item 3, "nine\.pdf"\)$/,
		),
		error_description: expect.stringContaining('job-9'),
		error_code: 'DOCPARSE_OUTPUT',
		error_job_id: 'job-9',
		error_inference_id: 'inf-9',
		error_file_name: 'nine.pdf',
	});
});
