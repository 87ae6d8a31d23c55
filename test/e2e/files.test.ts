/**
 * Split and crop pieces in a real n8n (Node 24, the package installed as the Community Nodes panel installs
 * it: `--ignore-scripts`, no optionalDependencies), against the `npm start` sandbox: the example workflow
 * (a 3-page batch → Split → Extract on each piece), and workflows that write the pieces to disk with n8n's
 * Read/Write Files node, read back here (page counts, image sizes).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import {
	INSTALL_TIMEOUT_MS,
	credentialIdOf,
	expectSucceeded,
	exampleVariant,
	N8nHarness,
	nodeItems,
	readExample,
	type Workflow,
} from './harness';
import { imageSize, pdfPageSizes } from '../files/helpers';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startSandbox } = require('../../scripts/sandbox');

const EXAMPLE = 'mindee-v2-split-extract.json';
const SPLIT = 'Mindee V2: split the batch';
const EXTRACT = 'Mindee V2: extract each document';
const CROP_MODEL = 'f61b2d84-9c3e-4a15-b7d0-4e8a2c6f1b95';

jest.setTimeout(180_000);

/** The pieces land here; n8n may write only inside it (N8N_RESTRICT_FILE_ACCESS_TO). */
const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'docparse-e2e-pieces-'));

/** The example, with the Extract node replaced by a Read/Write Files node writing each piece to `dir`. */
const writingPieces = (id: string, dir: string, edit: (workflow: Workflow) => void = () => {}) =>
	exampleVariant(EXAMPLE, id, id, (workflow) => {
		fs.mkdirSync(dir, { recursive: true });
		const write = workflow.nodes.find((node) => node.name === EXTRACT)!;
		Object.assign(write, {
			name: 'Write each piece',
			type: 'n8n-nodes-base.readWriteFile',
			typeVersion: 1,
			parameters: {
				operation: 'write',
				fileName: `=${dir}/{{ $binary.data.fileName }}`,
				dataPropertyName: 'data',
				options: {},
			},
		});
		delete write.credentials;
		(workflow.connections[SPLIT] as { main: Array<Array<{ node: string }>> }).main[0][0].node =
			'Write each piece';
		edit(workflow);
	});

describe('split and crop pieces in a running n8n', () => {
	let harness: N8nHarness;
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	let sandbox: any;

	beforeAll(async () => {
		process.env.N8N_RESTRICT_FILE_ACCESS_TO = outDir;
		[harness, sandbox] = await Promise.all([
			N8nHarness.create(),
			startSandbox({ mindee: false, biros: false }),
		]);
		await harness.importCredentials([
			{
				id: credentialIdOf(readExample(EXAMPLE), SPLIT),
				name: 'Mindee V2 account',
				type: 'docparseMindeeV2Api',
				data: { apiKey: sandbox.mindeeV2.apiKey, baseUrl: sandbox.mindeeV2.url },
			},
		]);
		const sharp = (await import('sharp')).default;
		const photo = await sharp(
			path.join(
				__dirname,
				'..',
				'..',
				'..',
				'shared',
				'fixtures',
				'mindee-v2',
				'products',
				'crop',
				'default_sample.jpg',
			),
		)
			.resize(1000)
			.jpeg()
			.toBuffer();
		await harness.importWorkflows([
			readExample(EXAMPLE),
			writingPieces('dpE2eFilesSplit1', path.join(outDir, 'split')),
			writingPieces('dpE2eFilesCrop01', path.join(outDir, 'crop'), (workflow) => {
				const set = workflow.nodes.find((node) => node.type === 'n8n-nodes-base.set')!;
				const assignments = (
					set.parameters.assignments as { assignments: Array<{ value: string }> }
				).assignments;
				assignments[0].value = 'receipts.jpg';
				assignments[1].value = photo.toString('base64');
				Object.assign(workflow.nodes.find((node) => node.name === SPLIT)!.parameters, {
					operation: 'crop',
					modelId: { __rl: true, mode: 'id', value: CROP_MODEL },
				});
			}),
		]);
	}, INSTALL_TIMEOUT_MS);

	afterAll(async () => {
		delete process.env.N8N_RESTRICT_FILE_ACCESS_TO;
		await Promise.allSettled([harness?.close(), sandbox?.close()]);
		fs.rmSync(outDir, { recursive: true, force: true });
	}, 60_000);

	test('the example splits the batch and extracts each piece: Extract receives the pieces, not the batch', async () => {
		const { run, result } = await harness.execute(readExample(EXAMPLE).id);
		expectSucceeded(run, result);
		const pieces = nodeItems(run, SPLIT);
		expect(pieces.map((item) => (item.binary?.data as { fileName: string }).fileName)).toEqual([
			'scanned-batch_p1-2.pdf',
			'scanned-batch_p3-3.pdf',
		]);
		expect(pieces[0].json).toMatchObject({ document_type: 'invoice', page_range: [0, 1] });
		expect(nodeItems(run, EXTRACT)).toHaveLength(2);
		const uploads = sandbox.mindeeV2
			.requestsOf('enqueue')
			.filter((request: { path: string }) => request.path.includes('/extraction/'))
			.map((request: { received: { fileName: string } }) => request.received.fileName);
		expect(uploads).toEqual(['scanned-batch_p1-2.pdf', 'scanned-batch_p3-3.pdf']);
	});

	test('split pieces written to disk are PDFs of their page ranges', async () => {
		const { run, result } = await harness.execute('dpE2eFilesSplit1');
		expectSucceeded(run, result);
		const dir = path.join(outDir, 'split');
		expect(fs.readdirSync(dir).sort()).toEqual([
			'scanned-batch_p1-2.pdf',
			'scanned-batch_p3-3.pdf',
		]);
		expect(
			await pdfPageSizes(fs.readFileSync(path.join(dir, 'scanned-batch_p1-2.pdf'))),
		).toHaveLength(2);
		expect(
			await pdfPageSizes(fs.readFileSync(path.join(dir, 'scanned-batch_p3-3.pdf'))),
		).toHaveLength(1);
	});

	test('crop pieces written to disk are JPEGs of the receipts', async () => {
		const { run, result } = await harness.execute('dpE2eFilesCrop01');
		expectSucceeded(run, result);
		const dir = path.join(outDir, 'crop');
		expect(fs.readdirSync(dir).sort()).toEqual(['receipts_p1_1.jpg', 'receipts_p1_2.jpg']);
		// The sandbox's first receipt: x 0.062-0.468, y 0.081-0.913 of the 1000 × 563 photo.
		const first = await imageSize(fs.readFileSync(path.join(dir, 'receipts_p1_1.jpg')));
		expect(first).toMatchObject({ width: 406, format: 'jpeg' });
		expect(Math.abs(first.height! - 0.832 * 563)).toBeLessThanOrEqual(2);
		expect(await imageSize(fs.readFileSync(path.join(dir, 'receipts_p1_2.jpg')))).toMatchObject({
			format: 'jpeg',
		});
	});
});
