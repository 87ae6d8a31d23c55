/**
 * One vocabulary across the nodes (docs/vocabulary.md): what the node panels show, what the items carry,
 * and the workflows saved before the renames, which keep running unchanged.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import type { ICredentialType, INodeProperties, INodeType } from 'n8n-workflow';

import { DocparseBirosApi } from '../../credentials/DocparseBirosApi.credentials';
import { DocparseMindeeApi } from '../../credentials/DocparseMindeeApi.credentials';
import { DocparseMindeeV2Api } from '../../credentials/DocparseMindeeV2Api.credentials';
import { DocparseBiros } from '../../nodes/Biros/DocparseBiros.node';
import { DocparseMindee } from '../../nodes/Mindee/DocparseMindee.node';
import { DocparseMindeeTrigger } from '../../nodes/MindeeTrigger/DocparseMindeeTrigger.node';
import { DocparseMindeeV2 } from '../../nodes/MindeeV2/DocparseMindeeV2.node';
import { DocparseMindeeV2Trigger } from '../../nodes/MindeeV2Trigger/DocparseMindeeV2Trigger.node';
import { pdfItem } from '../harness/files';
import type { FakeMindee } from '../mindee/setup';
import { runMindee, startMindeeServer } from '../mindee/setup';
import type { FakeMindeeV2 } from '../mindeeV2/setup';
import { runMindeeV2, startMindeeV2Server } from '../mindeeV2/setup';

const NODES: INodeType[] = [
	new DocparseMindee(),
	new DocparseMindeeTrigger(),
	new DocparseMindeeV2(),
	new DocparseMindeeV2Trigger(),
	new DocparseBiros(),
];
const CREDENTIALS: ICredentialType[] = [
	new DocparseMindeeApi(),
	new DocparseMindeeV2Api(),
	new DocparseBirosApi(),
];

/** Every parameter and option a node panel can show, collections and their options included. */
function allProperties(properties: INodeProperties[]): INodeProperties[] {
	return properties.flatMap((property) => [
		property,
		...allProperties(
			(property.options ?? []).filter(
				(option): option is INodeProperties => 'displayName' in option && 'type' in option,
			),
		),
	]);
}

/** Every label a node panel shows: parameter names, option names and the operations' names. */
function labels(node: INodeType): string[] {
	return allProperties(node.description.properties).flatMap((property) => [
		property.displayName,
		...(property.options ?? []).map((option) => ('name' in option ? String(option.name) : '')),
	]);
}

test('every node and credential is named "<API> (Docparse)", and a new node is called what the picker shows', () => {
	for (const { description } of NODES) {
		expect(description.displayName).toMatch(/^(Mindee|Mindee V2|Biros) \(Docparse\)( Trigger)?$/);
		expect(description.defaults.name).toBe(description.displayName);
	}
	expect(CREDENTIALS.map((credential) => credential.displayName)).toEqual([
		'Mindee (Docparse) API',
		'Mindee V2 (Docparse) API',
		'Biros (Docparse) API',
	]);
});

test('one label per concept: Confidence, Wait Until Done, Submit Document', () => {
	const all = NODES.flatMap(labels);
	for (const old of ['Include Confidence', 'Wait Until Ready', 'Submit'])
		expect(all).not.toContain(old);
	// Each node with a confidence toggle or a Get Result calls them the same.
	for (const node of [new DocparseMindee(), new DocparseMindeeV2(), new DocparseBiros()]) {
		expect(labels(node)).toEqual(
			expect.arrayContaining(['Confidence', 'Wait Until Done', 'Submit Document']),
		);
	}
	for (const node of [new DocparseMindeeTrigger(), new DocparseMindeeV2Trigger()])
		expect(labels(node)).toContain('Confidence');
});

test("the V1 trigger's Failed Jobs choice names the keys its item carries (_job_id)", () => {
	const failedJobs = new DocparseMindeeTrigger().description.properties.find(
		(property) => property.name === 'failedJobs',
	)!;
	const emit = failedJobs.options!.find((option) => 'value' in option && option.value === 'emit')!;
	expect((emit as { description: string }).description).toContain('_job_id');
	expect((emit as { description: string }).description).not.toMatch(/(^|[^_])job_id/);
});

test('the trigger panels say what sends a delivery, in n8n 2.x words (publish)', () => {
	for (const [node, command] of [
		[new DocparseMindeeTrigger(), 'node scripts/send-mindee-webhook.js &lt;test URL&gt;'],
		[new DocparseMindeeV2Trigger(), 'node scripts/send-mindee-webhook.js --v2 &lt;test URL&gt;'],
	] as const) {
		const panel = node.description.triggerPanel;
		expect(panel).toMatchObject({
			header: expect.stringContaining('Mindee'),
			executionsHelp: {
				inactive: expect.stringContaining('Submit Document'),
				active: expect.stringContaining(command),
			},
			activationHint: { inactive: expect.stringContaining('publish') },
		});
		const texts = JSON.stringify([panel, node.description.properties]);
		expect(texts).not.toMatch(/\bactivate\b/i);
		expect(texts).toContain(command);
	}
});

describe('Submit names the job _job_id like every other item (node version 1.1)', () => {
	let mindee: FakeMindee;
	let mindeeV2: FakeMindeeV2;
	beforeAll(async () => {
		[mindee, mindeeV2] = await Promise.all([startMindeeServer(), startMindeeV2Server()]);
	});
	afterAll(async () => await Promise.all([mindee.close(), mindeeV2.close()]));

	test.each([
		[1.1, '_job_id'],
		[1, 'job_id'],
	] as const)(
		'Mindee node version %s (1: a workflow saved before the rename): Submit outputs %s, which Get Result reads',
		async (typeVersion, key) => {
			const submitted = await runMindee(
				mindee,
				{ operation: 'submit' },
				{ items: [pdfItem('x.pdf')], typeVersion },
			);
			expect(submitted.items[0].json).toMatchObject({ [key]: expect.any(String) });
			expect(submitted.items[0].json).not.toHaveProperty(key === '_job_id' ? 'job_id' : '_job_id');
			const result = await runMindee(
				mindee,
				{ operation: 'getResult', lookupBy: 'jobId', jobId: `={{ $json.${key} }}` },
				{ items: submitted.items.map(({ json }) => ({ json })), typeVersion },
			);
			expect(result.error).toBeUndefined();
			expect(result.items[0].json._job_id).toBe(submitted.items[0].json[key]);
		},
	);

	test('Mindee V2: Submit and a not-done Get Result output _job_id; version 1 keeps job_id', async () => {
		expect(new DocparseMindeeV2().description.version).toEqual([1, 1.1]);
		mindeeV2.setProcessingMs(60_000);
		for (const [typeVersion, key] of [
			[1.1, '_job_id'],
			[1, 'job_id'],
		] as const) {
			const submitted = await runMindeeV2(
				mindeeV2,
				{ operation: 'submit' },
				{ items: [pdfItem('x.pdf')], typeVersion },
			);
			expect(Object.keys(submitted.items[0].json)).toContain(key);
			const pending = await runMindeeV2(
				mindeeV2,
				{
					operation: 'getResult',
					lookupBy: 'jobId',
					jobId: `={{ $json.${key} }}`,
					waitForCompletion: false,
				},
				{ items: submitted.items.map(({ json }) => ({ json })), typeVersion },
			);
			expect(pending.error).toBeUndefined();
			expect(pending.items[0].json[key]).toBe(submitted.items[0].json[key]);
		}
	});
});

describe('the examples', () => {
	const example = (name: string) =>
		JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'examples', name), 'utf8')) as {
			nodes: Array<{ type: string; parameters: Record<string, unknown> }>;
		};
	const stickyNotes = (name: string) =>
		example(name)
			.nodes.filter((node) => node.type === 'n8n-nodes-base.stickyNote')
			.map((node) => String(node.parameters.content));

	test('the Biros example says its values are samples', () => {
		expect(stickyNotes('biros-predict.json').join('\n')).toMatch(/values here are samples/i);
	});

	test.each([
		['mindee-webhook-trigger.json', 'node scripts/send-mindee-webhook.js\n'],
		['mindee-v2-webhook-trigger.json', 'node scripts/send-mindee-webhook.js --v2\n'],
	])('%s gives the exact command that sends it a delivery', (name, command) => {
		const notes = stickyNotes(name).join('\n');
		expect(notes).toContain(command);
		// The command is the script's own (its usage line), run from the project folder.
		const script = fs.readFileSync(
			path.join(__dirname, '..', '..', 'scripts', 'send-mindee-webhook.js'),
			'utf8',
		);
		expect(script).toContain('node scripts/send-mindee-webhook.js [webhook URL] [--v2]');
	});
});
