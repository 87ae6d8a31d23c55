import { confidenceTree, locationsTree, plainFields } from '../../nodes/MindeeV2/output/fields';
import { inferenceToItems } from '../../nodes/MindeeV2/output/inferenceItems';

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

test('confidence and locations trees have the same shape as the values', () => {
	expect(confidenceTree(fields)).toEqual({
		title: 'Certain',
		amount: 'Low',
		flag: 'High',
		parties: [{ name: 'High', phones: ['Medium', 'Low'] }],
		address: { value: 'Certain', geo: { lat: null, lon: null } },
		tags: [],
	});
	expect(locationsTree(fields)).toMatchObject({
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
		_line_item_confidence: { name: 'High', phones: ['Medium', 'Low'] },
		title: 'Lease',
		contract: {},
		parties: [{ name: 'Ann' }],
		_inference_id: 'inf-1',
		_job_id: 'job-1',
		_raw_text: 'page one\npage two',
		_rag_document_id: 'doc-9',
		_confidence: { contract: { parties: [{ name: 'High' }] } },
	});
	expect(items[0]).not.toHaveProperty('_locations');
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
