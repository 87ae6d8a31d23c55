/**
 * The package installed the one way every test, the sandbox and CI use (scripts/lib/package.js): published to
 * the local registry and installed from it as n8n's Community Nodes panel does. What lands in the user
 * folder, and that n8n loads every node and credential from there, runs a node, and lists the package on
 * its Community nodes page once it is recorded (scripts/lib/installedPackages.js).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import {
	INSTALL_TIMEOUT_MS,
	PACKAGE_NAME,
	REPO_ROOT,
	N8nHarness,
	OwnerSession,
	birosInvoiceText,
	credentialIdOf,
	expectSucceeded,
	nodeItems,
	readExample,
} from './harness';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startSandbox } = require('../../scripts/sandbox');

jest.setTimeout(240_000);

interface Manifest {
	name: string;
	version: string;
	dependencies?: Record<string, string>;
	optionalDependencies?: Record<string, string>;
	devDependencies?: Record<string, string>;
	peerDependencies?: Record<string, string>;
	n8n?: { nodes: string[]; credentials: string[] };
}

const readManifest = (dir: string) =>
	JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as Manifest;

/** Every package folder under a node_modules folder (scoped ones and nested node_modules included). */
function installedPackages(nodeModules: string): Array<{ dir: string; manifest: Manifest }> {
	const found: Array<{ dir: string; manifest: Manifest }> = [];
	const pending = [nodeModules];
	while (pending.length) {
		const dir = pending.pop()!;
		if (!fs.existsSync(dir)) continue;
		for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
			if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
			const full = path.join(dir, entry.name);
			if (entry.name.startsWith('@')) {
				pending.push(full);
				continue;
			}
			if (fs.existsSync(path.join(full, 'package.json')))
				found.push({ dir: full, manifest: readManifest(full) });
			pending.push(path.join(full, 'node_modules'));
		}
	}
	return found;
}

const OWNER = { email: 'e2e-install@example.com', password: 'E2e-install-pass-1' };
const EXAMPLE = 'biros-predict.json';
const source = readManifest(REPO_ROOT);

describe('the package installed as n8n installs a community package', () => {
	let harness: N8nHarness;
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	let sandbox: any;
	let nodesDir: string;

	beforeAll(async () => {
		[harness, sandbox] = await Promise.all([
			N8nHarness.create(),
			startSandbox({ mindee: false, mindeeV2: false }),
		]);
		nodesDir = path.join(harness.userFolder, '.n8n', 'nodes');
	}, INSTALL_TIMEOUT_MS);

	afterAll(async () => {
		await Promise.allSettled([harness?.close(), sandbox?.close()]);
	}, 60_000);

	test("the tree holds the package's runtime dependencies only: no dev, peer or optional dependency, no n8n-workflow", () => {
		const all = installedPackages(path.join(nodesDir, 'node_modules'));
		const installed = readManifest(path.join(nodesDir, 'node_modules', PACKAGE_NAME));
		expect(installed).toMatchObject({ name: PACKAGE_NAME, dependencies: source.dependencies });
		// n8n deletes these three from the package's package.json before its `npm install`.
		expect(Object.keys(installed)).not.toEqual(
			expect.arrayContaining(['devDependencies', 'peerDependencies', 'optionalDependencies']),
		);
		for (const key of ['devDependencies', 'peerDependencies', 'optionalDependencies'] as const)
			expect(installed[key]).toBeUndefined();

		// Everything installed is reachable from the package's own dependencies (and theirs, including
		// sharp's platform binaries, which are its optional dependencies).
		const names = new Set(all.map(({ manifest }) => manifest.name));
		const reachable = new Set<string>([PACKAGE_NAME]);
		const pending = Object.keys(installed.dependencies ?? {});
		while (pending.length) {
			const name = pending.pop()!;
			if (reachable.has(name) || !names.has(name)) continue;
			reachable.add(name);
			for (const { manifest } of all.filter((p) => p.manifest.name === name))
				pending.push(
					...Object.keys(manifest.dependencies ?? {}),
					...Object.keys(manifest.optionalDependencies ?? {}),
				);
		}
		expect([...names].filter((name) => !reachable.has(name))).toEqual([]);
		expect(names).not.toContain('n8n-workflow');
		for (const name of Object.keys({ ...source.devDependencies, ...source.peerDependencies }))
			expect(names).not.toContain(name);
		for (const name of Object.keys(source.dependencies ?? {})) expect(names).toContain(name);

		// n8n's ledger of the folder names the installed version.
		expect(readManifest(nodesDir).dependencies).toEqual({ [PACKAGE_NAME]: installed.version });
	});

	test('n8n runs a node from there (the Biros example with n8n execute)', async () => {
		const example = readExample(EXAMPLE);
		await harness.importCredentials([
			{
				id: credentialIdOf(example, 'Biros: extract invoice'),
				name: 'Biros account',
				type: 'docparseBirosApi',
				data: { apiKey: sandbox.biros.apiKey, baseUrl: sandbox.biros.url },
			},
		]);
		await harness.importWorkflow(example);
		const { run, result } = await harness.execute(example.id);
		expectSucceeded(run, result);
		expect(nodeItems(run, 'Biros: extract invoice')[0].json).toMatchObject({
			InvoiceNumber: birosInvoiceText('InvoiceNumber'),
		});
	});

	test('a started n8n knows every node and credential, and its Community nodes page lists the installed version', async () => {
		const n8n = await harness.start(harness.ownerEnv(OWNER.email, OWNER.password));
		const installed = readManifest(path.join(nodesDir, 'node_modules', PACKAGE_NAME));
		// Before any request: the record blocks this process, and a kept-alive connection may close meanwhile.
		expect(harness.recordInstalledPackage()).toBe(`recorded ${installed.version}`);
		const session = await OwnerSession.login(n8n, OWNER.email, OWNER.password);
		const nodeTypes = (await session.get('/types/nodes.json')).json<Array<{ name: string }>>();
		const credentialTypes = (await session.get('/types/credentials.json')).json<
			Array<{ name: string }>
		>();
		const nodeNames = installed.n8n!.nodes.map(
			(file) => `${PACKAGE_NAME}.${path.basename(file, '.node.js').replace(/^D/, 'd')}`,
		);
		expect(nodeTypes.map((t) => t.name)).toEqual(expect.arrayContaining(nodeNames));
		const credentialNames = installed.n8n!.credentials.map((file) =>
			path.basename(file, '.credentials.js').replace(/^D/, 'd'),
		);
		expect(credentialTypes.map((t) => t.name)).toEqual(expect.arrayContaining(credentialNames));

		const listed = (await session.get('/rest/community-packages')).json<{
			data: Array<{
				packageName: string;
				installedVersion: string;
				failedLoading?: boolean;
				installedNodes: Array<{ type: string }>;
			}>;
		}>().data;
		expect(listed).toEqual([
			expect.objectContaining({
				packageName: PACKAGE_NAME,
				installedVersion: installed.version,
				failedLoading: false,
			}),
		]);
		expect(listed[0].installedNodes.map((node) => node.type).sort()).toEqual(nodeNames.sort());
	});
});
