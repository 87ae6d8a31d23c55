import * as fs from 'node:fs';
import * as path from 'node:path';

import type { INodeParameters } from 'n8n-workflow';

import { DocparseBiros } from '../../nodes/Biros/DocparseBiros.node';
import type { FakeBiros } from './setup';
import { runBiros, startBirosServer } from './setup';

interface ExampleNode {
	name: string;
	type: string;
	parameters: Record<string, unknown>;
	credentials?: Record<string, { id: string; name: string }>;
}

const example = JSON.parse(
	fs.readFileSync(path.join(__dirname, '..', '..', 'examples', 'biros-predict.json'), 'utf8'),
) as {
	nodes: ExampleNode[];
	connections: Record<string, { main: Array<Array<{ node: string }>> }>;
};
const byType = (type: string) => example.nodes.filter((node) => node.type === type);

let server: FakeBiros;
beforeEach(async () => {
	server = await startBirosServer();
});
afterEach(async () => await server.close());

test('the example is Manual Trigger → Set (a base64 PDF) → Biros predict with base64 input and the Biros credential', () => {
	const [trigger] = byType('n8n-nodes-base.manualTrigger');
	const [set] = byType('n8n-nodes-base.set');
	const [biros] = byType('n8n-nodes-docparse.docparseBiros');
	expect(example.connections[trigger.name].main[0][0].node).toBe(set.name);
	expect(example.connections[set.name].main[0][0].node).toBe(biros.name);
	expect(biros.parameters).toMatchObject({ operation: 'predict', inputType: 'base64' });
	expect(Object.keys(biros.credentials ?? {})).toEqual(['docparseBirosApi']);
	// Every parameter is one the node knows (a typo would be silently ignored by n8n).
	const known = new Set(
		new DocparseBiros().description.properties.map((property) => property.name),
	);
	expect(Object.keys(biros.parameters).filter((name) => !known.has(name))).toEqual([]);
});

test("its Biros node, fed the Set node's fields, extracts the sample invoice from the fake Biros", async () => {
	const [set] = byType('n8n-nodes-base.set');
	const [biros] = byType('n8n-nodes-docparse.docparseBiros');
	const assignments = (
		set.parameters.assignments as { assignments: Array<{ name: string; value: string }> }
	).assignments;
	const json = Object.fromEntries(assignments.map(({ name, value }) => [name, value]));
	const { items, error } = await runBiros(server, biros.parameters as INodeParameters, {
		items: [{ json }],
	});
	expect(error).toBeUndefined();
	expect(server.requestsOf('predict')[0].upload).toMatchObject({
		fileName: 'sample-invoice.pdf',
		contentType: 'application/pdf',
	});
	expect(items).toHaveLength(1);
	expect(items[0].json).toMatchObject({
		SupplierName: 'ROSSI FORNITURE S.R.L.',
		InvoiceNumber: 'FT-2024/0457',
		InvoiceDate: '30/04/2024',
		Iban: 'IT60X0542811101000000123456',
	});
});
