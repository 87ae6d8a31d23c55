/**
 * The node panels' parameters (issue #24, points 2, 3, 4, 5, 9, 10, 12), through n8n's engine against the
 * fake servers: what the user sees in items, errors and on the canvas.
 */
import type { INode, INodeProperties, INodeType } from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

import { DocparseBiros } from '../../nodes/Biros/DocparseBiros.node';
import { DocparseMindee } from '../../nodes/Mindee/DocparseMindee.node';
import { DocparseMindeeV2 } from '../../nodes/MindeeV2/DocparseMindeeV2.node';
import { PackageNodeTypes } from '../harness/engine';
import { pdfItem } from '../harness/files';
import type { FakeMindeeV2 } from '../mindeeV2/setup';
import { MODELS, runMindeeV2, startMindeeV2Server } from '../mindeeV2/setup';

let server: FakeMindeeV2;
afterEach(async () => await server?.close());

const v2 = new DocparseMindeeV2();
const nodeTypes: Record<string, INodeType> = {
	docparseMindee: new DocparseMindee(),
	docparseMindeeV2: v2,
	docparseBiros: new DocparseBiros(),
};

/** Every property, with the values of the collections and fixed collections inside. */
function allProperties(properties: INodeProperties[]): INodeProperties[] {
	return properties.flatMap((property) => [
		property,
		...allProperties(
			(property.options ?? []).flatMap((option) =>
				'values' in option ? option.values : 'type' in option ? [option as INodeProperties] : [],
			),
		),
	]);
}

describe('2. Mindee V2: a model of another type than the operation is refused before sending', () => {
	beforeEach(async () => {
		server = await startMindeeV2Server({ processingMs: 100 });
	});

	test('a split model on Extract Data: named with its type and the operation; no document sent', async () => {
		const { error } = await runMindeeV2(
			server,
			{ modelId: { __rl: true, mode: 'id', value: MODELS.split } },
			{ items: [pdfItem()] },
		);
		expect(error?.message).toContain(
			`The model "Split Without Webhooks" (${MODELS.split}) is a split model, but Extract Data sends to extraction models: pick one from the Model list`,
		);
		expect(server.requestsOf('enqueue')).toHaveLength(0);
	});

	test('a model from an expression, under Continue On Fail: that item fails, the others are processed', async () => {
		const { items, error } = await runMindeeV2(
			server,
			{ operation: 'crop', modelId: { __rl: true, mode: 'id', value: '={{ $json.model }}' } },
			{
				items: [
					{ ...pdfItem('a.pdf'), json: { model: MODELS.crop } },
					{ ...pdfItem('b.pdf'), json: { model: MODELS.extraction } },
				],
				continueOnFail: true,
			},
		);
		expect(error).toBeUndefined();
		expect(items.filter((item) => item.json.error === undefined).length).toBeGreaterThan(0);
		const failed = items.find((item) => item.json.error !== undefined);
		expect(failed?.pairedItem).toEqual({ item: 1 });
		expect(failed?.json.error).toContain('is an extraction model, but Crop sends to crop models');
		expect(server.requestsOf('enqueue')).toHaveLength(1);
		expect(server.requestsOf('search')).toHaveLength(1);
	});

	test('Submit: the model must be of the chosen Model Type; a model the list does not show is left to Mindee', async () => {
		const refused = await runMindeeV2(
			server,
			{
				operation: 'submit',
				modelType: 'extraction',
				modelId: { __rl: true, mode: 'id', value: MODELS.crop },
			},
			{ items: [pdfItem()] },
		);
		expect(refused.error?.message).toContain(
			'is a crop model, but Submit sends to extraction models: set Model Type',
		);
		expect(server.requestsOf('enqueue')).toHaveLength(0);

		const unlisted = await runMindeeV2(server, { operation: 'ocr' }, { items: [pdfItem()] });
		expect(unlisted.error).toBeUndefined();
		expect(server.requestsOf('enqueue')).toHaveLength(1);
	});
});

describe('3. Mindee V2: each operation offers only its own output modes', () => {
	const outputModes = (operation: string) =>
		v2.description.properties
			.filter(
				(property) =>
					property.name === 'output' &&
					(property.displayOptions?.show?.operation as string[]).includes(operation),
			)
			.map((property) => property.options!.map((option) => (option as { value: string }).value));

	test('Line Items only on Extract Data and Get Result; one Output per operation, named output', () => {
		expect(outputModes('extract')).toEqual([['simplified', 'lineItems', 'raw']]);
		expect(outputModes('getResult')).toEqual([['simplified', 'lineItems', 'raw']]);
		for (const operation of ['classify', 'crop', 'ocr', 'split'])
			expect(outputModes(operation)).toEqual([['simplified', 'raw']]);
		expect(outputModes('submit')).toEqual([]);
	});

	test('a workflow saved with Line Items on Read Text (OCR) still runs, as Simplified did', async () => {
		server = await startMindeeV2Server({ processingMs: 100 });
		const saved = await runMindeeV2(
			server,
			{ operation: 'ocr', output: 'lineItems' },
			{ items: [pdfItem()] },
		);
		const simplified = await runMindeeV2(
			server,
			{ operation: 'ocr', output: 'simplified' },
			{ items: [pdfItem()] },
		);
		expect(saved.error).toBeUndefined();
		const withoutIds = (items: typeof saved.items) =>
			items.map(({ json }) => ({ ...json, _job_id: 0, _inference_id: 0 }));
		expect(withoutIds(saved.items)).toEqual(withoutIds(simplified.items));
	});
});

describe('4 and 5. Polling and Rate Limits groups, old flat settings, ranges', () => {
	beforeEach(async () => {
		server = await startMindeeV2Server({ jobOutcome: () => 'never' });
	});

	const maxWaitMessage = (jobId: string, seconds: number) =>
		`Mindee job ${jobId} was not done after ${seconds} s`;

	test('Max Wait set in the Polling group is read, and takes the place of an old flat Max Wait', async () => {
		const { error } = await runMindeeV2(
			server,
			{ options: { maxWait: 30, polling: { settings: { maxWait: 1 } } } },
			{ items: [pdfItem()] },
		);
		expect(error?.message).toContain(maxWaitMessage(server.requestsOf('enqueue')[0].jobId, 1));
	});

	test('a workflow saved with the old flat Max Wait keeps its value', async () => {
		const { error } = await runMindeeV2(
			server,
			{ options: { maxWait: 1 } },
			{ items: [pdfItem()] },
		);
		expect(error?.message).toContain(maxWaitMessage(server.requestsOf('enqueue')[0].jobId, 1));
	});

	test('the options list: the groups and short labels; old flat settings shown only where set', () => {
		const options = v2.description.properties.find((property) => property.name === 'options')!;
		const names = (options.options as INodeProperties[]).map((option) => option.displayName);
		expect(names).toEqual(expect.arrayContaining(['Polling', 'Rate Limits', 'Request Timeout']));
		expect(names.filter((name) => name.length > 24 && !name.endsWith('(Old Setting)'))).toEqual([]);
		const oldMaxWait = (options.options as INodeProperties[]).find(
			(option) => option.displayName === 'Max Wait (Seconds) (Old Setting)',
		);
		expect(oldMaxWait?.displayOptions?.show?.maxWait).toEqual([{ _cnd: { exists: true } }]);
		const polling = (options.options as INodeProperties[]).find((o) => o.name === 'polling')!;
		const values = allProperties([polling]).filter((property) => property.type === 'number');
		expect(values.map((value) => [value.displayName, value.typeOptions?.minValue])).toEqual([
			['Max Wait (Seconds)', 0],
			['Interval (Seconds)', 1],
			['Initial Delay (Seconds)', 0],
		]);
	});

	test.each([
		[
			{ rateLimits: { settings: { concurrency: '={{ 0 }}' } } },
			'The option Rate Limits → Concurrency is 0: it must be a whole number from 1 to 200',
		],
		[
			{ polling: { settings: { maxWait: '={{ -5 }}' } } },
			"The option Polling → Max Wait (Seconds) is -5: it must be a number: 0 (the API's own limit) or more",
		],
		[
			{ pollInterval: 0 },
			'The option Polling → Interval (Seconds) is 0: it must be a number of at least 1',
		],
		[
			{ requestsPerSecond: '={{ "fast" }}' },
			'The option Rate Limits → Requests per Second is "fast": it must be a number: 0 (no limit) or more',
		],
	])(
		'out of range %j: refused with the option and its range, nothing sent',
		async (options, message) => {
			const { error } = await runMindeeV2(server, { options }, { items: [pdfItem()] });
			expect(error?.message).toContain(message);
			expect(server.requests).toHaveLength(0);
		},
	);

	test('per item, under Continue On Fail: only the item with the bad value fails', async () => {
		await server.close();
		server = await startMindeeV2Server({ processingMs: 100 });
		const { items, error } = await runMindeeV2(
			server,
			{ options: { polling: { settings: { maxWait: '={{ $json.wait }}' } } } },
			{
				items: [
					{ ...pdfItem('a.pdf'), json: { wait: -5 } },
					{ ...pdfItem('b.pdf'), json: { wait: 60 } },
				],
				continueOnFail: true,
			},
		);
		expect(error).toBeUndefined();
		expect(items).toHaveLength(2);
		expect(items[0].json.error).toContain('Polling → Max Wait (Seconds) is -5');
		expect(items[1].json.invoice_number).toBe('INT-001');
		expect(server.requestsOf('enqueue')).toHaveLength(1);
	});
});

describe('9. Canvas subtitles: "<operation> · <what it is sent to>" on every node', () => {
	function subtitle(type: string, parameters: INode['parameters']) {
		const types = new PackageNodeTypes();
		types.register(type, nodeTypes[type]);
		const node: INode = {
			id: '1',
			name: 'Node',
			type,
			typeVersion: 1,
			position: [0, 0],
			parameters,
		};
		const workflow = new Workflow({
			nodes: [node],
			connections: {},
			active: false,
			nodeTypes: types,
		});
		// As n8n's editor evaluates a node type's subtitle.
		return workflow.expression.getSimpleParameterValue(
			node,
			nodeTypes[type].description.subtitle as string,
			'internal',
			{},
		);
	}

	test.each([
		[
			{
				operation: 'extract',
				modelId: {
					__rl: true,
					mode: 'list',
					value: MODELS.extraction,
					cachedResultName: 'Invoices',
				},
			},
			'Extract Data · Invoices',
		],
		[
			{ operation: 'split', modelId: { __rl: true, mode: 'id', value: MODELS.split } },
			`Split · ${MODELS.split}`,
		],
		[
			{ operation: 'ocr', modelId: { __rl: true, mode: 'id', value: '={{ $json.model }}' } },
			'Read Text · model from an expression',
		],
		[
			{ operation: 'classify', modelId: { __rl: true, mode: 'list', value: '' } },
			'Classify · no model yet',
		],
		[{ operation: 'getResult', lookupBy: 'inferenceId' }, 'Get Result · by Inference ID'],
		[{ operation: 'getResult' }, 'Get Result · by Job ID'],
	])('Mindee V2 %j → %s', (parameters, expected) => {
		expect(subtitle('docparseMindeeV2', parameters as INode['parameters'])).toBe(expected);
	});

	test('Mindee V1 and Biros read the same way', () => {
		expect(subtitle('docparseMindee', { operation: 'parse', product: 'invoices' })).toBe(
			'Parse · Invoice v4',
		);
		expect(subtitle('docparseBiros', { operation: 'predict', serviceId: 'svc-invoices' })).toBe(
			'Predict · Service svc-invoices',
		);
	});
});

describe('10 and 12. Starting values and placeholders', () => {
	test('Data Schema (JSON) starts as valid JSON; run unchanged, it asks for a field before sending', async () => {
		const dataSchema = allProperties(v2.description.properties).find(
			(property) => property.name === 'dataSchema',
		)!;
		expect(() => JSON.parse(dataSchema.default as string)).not.toThrow();
		server = await startMindeeV2Server({ processingMs: 100 });
		const { error } = await runMindeeV2(
			server,
			{ options: { dataSchema: dataSchema.default } },
			{ items: [pdfItem()] },
		);
		expect(error?.message).toContain('with at least one field');
		expect(server.requestsOf('enqueue')).toHaveLength(0);
	});

	test('ID placeholders: one form, "e.g. {{ $json.… }}", on the three nodes', () => {
		for (const type of Object.keys(nodeTypes)) {
			const ids = allProperties(nodeTypes[type].description.properties).filter((property) =>
				/^(jobId|inferenceId|documentId)$/.test(property.name),
			);
			expect(ids.length).toBeGreaterThan(0);
			for (const property of ids)
				expect(property.placeholder).toMatch(/^e\.g\. \{\{ \$json\.\w+ \}\}$/);
		}
	});
});
