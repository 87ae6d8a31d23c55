import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { pdfItem } from '../harness/files';
import type { FakeBiros } from '../biros/setup';
import { runBiros, startBirosServer } from '../biros/setup';
import type { FakeMindee } from './setup';
import { runMindee, startMindeeServer } from './setup';

/** What Mindee's SDK (mindee 5.x, src/v1/http/endpoint.ts) sends, checked on what the fake server received. */
let server: FakeMindee;
beforeEach(async () => {
	server = await startMindeeServer({
		products: {
			'acme/sync_only/1': { fixture: 'products/custom/response_v1/complete.json', modes: ['sync'] },
		},
	});
});
afterEach(async () => await server.close());

const version = (
	JSON.parse(readFileSync(resolve(__dirname, '..', '..', 'package.json'), 'utf8')) as {
		version: string;
	}
).version;

test('All Words (include_mvision) travels in the form body, as the SDK sends it; never in the query', async () => {
	await runMindee(server, { options: { allWords: true } }, { items: [pdfItem()] });
	await runMindee(server, { options: { allWords: true, mode: 'sync' } }, { items: [pdfItem()] });
	await runMindee(
		server,
		{
			inputType: 'url',
			documentUrl: 'https://files.example.com/inv.pdf',
			options: { allWords: true },
		},
		{ items: [{ json: {} }] },
	);
	const uploads = server.requests.filter((request) => ['submit', 'predict'].includes(request.kind));
	expect(uploads.map((request) => request.query)).toEqual([{}, {}, {}]);
	expect(uploads.map((request) => request.received.fields)).toEqual([
		{ include_mvision: 'true' },
		{ include_mvision: 'true' },
		{ include_mvision: true },
	]);
	await runMindee(server, {}, { items: [pdfItem()] });
	expect(server.requestsOf('submit').at(-1)!.received.fields).toEqual({});
});

test('RAG is asked for only when its option is on; a Workflow ID alone does not ask for it', async () => {
	await runMindee(server, { options: { workflowId: 'wf-123' } }, { items: [pdfItem()] });
	await runMindee(
		server,
		{ options: { workflowId: 'wf-123', rag: true, cropper: true } },
		{
			items: [pdfItem()],
		},
	);
	const [plain, rag] = server.requestsOf('submit');
	expect(plain.path).toBe('/v1/workflows/wf-123/predict_async');
	expect(plain.query).toEqual({});
	expect(rag.path).toBe('/v1/workflows/wf-123/predict_async');
	expect(rag.query).toEqual({ cropper: 'true', rag: 'true' });

	const { error } = await runMindee(server, { options: { rag: true } }, { items: [pdfItem()] });
	expect(error?.message).toMatch(/The RAG option needs a Workflow ID.*item 1/);
});

test('a Workflow ID where the request would be synchronous is an error naming the option, and nothing is sent', async () => {
	const before = server.requests.length;
	const passport = await runMindee(
		server,
		{ product: 'passport', options: { workflowId: 'wf-123' } },
		{ items: [pdfItem()] },
	);
	expect(passport.error?.message).toMatch(
		/The Workflow ID option needs asynchronous processing, but mindee\/passport v1 only works synchronously.*item 1/,
	);
	const forced = await runMindee(
		server,
		{ options: { workflowId: 'wf-123', mode: 'sync' } },
		{ items: [pdfItem()] },
	);
	expect(forced.error?.message).toMatch(
		/Workflow ID option needs asynchronous processing, but Mode is Sync/,
	);
	expect(server.requests.length).toBe(before);

	// A custom API whose modes are unknown goes through the workflow, never falling back to sync.
	const custom = await runMindee(
		server,
		{
			product: 'custom',
			customAccount: 'acme',
			customEndpoint: 'sync_only',
			customVersion: '1',
			options: { workflowId: 'wf-9' },
		},
		{ items: [pdfItem()] },
	);
	expect(custom.run.status).toBe('success');
	expect(server.requests.filter((request) => request.kind === 'predict')).toEqual([]);
	expect(server.requestsOf('submit').at(-1)!.path).toBe('/v1/workflows/wf-9/predict_async');
});

test('every request of the Mindee node names the package and its version in User-Agent', async () => {
	await runMindee(server, {}, { items: [pdfItem()] });
	await runMindee(server, { options: { mode: 'sync' } }, { items: [pdfItem()] });
	const documentId = server.requestsOf('document')[0].path.split('/').pop();
	await runMindee(server, { operation: 'getResult', lookupBy: 'documentId', documentId });
	const kinds = new Set(server.requests.map((request) => request.kind));
	expect([...kinds].sort()).toEqual(['document', 'predict', 'queue', 'submit']);
	expect(version).toMatch(/^\d+\.\d+\.\d+/);
	for (const request of server.requests)
		expect(request.headers['user-agent']).toBe(`n8n-nodes-docparse/${version}`);
});

describe('Biros', () => {
	let biros: FakeBiros;
	beforeEach(async () => {
		biros = await startBirosServer();
	});
	afterEach(async () => await biros.close());

	test('every request of the Biros node sends the same User-Agent', async () => {
		const { run } = await runBiros(biros, {}, { items: [pdfItem('card.pdf')] });
		expect(run.status).toBe('success');
		expect(biros.requests.length).toBeGreaterThan(0);
		for (const request of biros.requests)
			expect(request.headers['user-agent']).toBe(`n8n-nodes-docparse/${version}`);
	});
});
