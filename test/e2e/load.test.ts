/**
 * A real n8n loads the package from <N8N_USER_FOLDER>/.n8n/nodes (where the Community Nodes panel installs
 * it), logs no error for it, and lists its nodes and credentials to a logged-in user.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import {
	INSTALL_TIMEOUT_MS,
	N8nHarness,
	OwnerSession,
	PACKAGE_NAME,
	REPO_ROOT,
	type RunningN8n,
} from './harness';

const OWNER = { email: 'e2e-owner@example.com', password: 'E2e-owner-pass-1' };

/** Node and credential type names, read from the built package (package.json "n8n" lists the files). */
function declaredTypes(): { nodes: string[]; credentials: string[] } {
	const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
		n8n: { nodes: string[]; credentials: string[] };
	};
	const nameOf = (file: string) => path.basename(file).split('.')[0];
	return {
		// DocparseMindeeTrigger.node.js → docparseMindeeTrigger (n8n's convention: class name, lower-case first letter)
		nodes: pkg.n8n.nodes.map(
			(file) => `${PACKAGE_NAME}.${nameOf(file).charAt(0).toLowerCase()}${nameOf(file).slice(1)}`,
		),
		credentials: pkg.n8n.credentials.map(
			(file) => `${nameOf(file).charAt(0).toLowerCase()}${nameOf(file).slice(1)}`,
		),
	};
}

jest.setTimeout(60_000);

describe('n8n loads n8n-nodes-docparse', () => {
	let harness: N8nHarness;
	let n8n: RunningN8n;
	let owner: OwnerSession;

	beforeAll(async () => {
		harness = await N8nHarness.create();
		n8n = await harness.start(harness.ownerEnv(OWNER.email, OWNER.password));
		owner = await OwnerSession.login(n8n, OWNER.email, OWNER.password);
	}, INSTALL_TIMEOUT_MS);

	afterAll(async () => {
		await harness?.close();
	}, 60_000);

	const get = (urlPath: string) => owner.get(urlPath);

	/** What the editor draws for a type on either theme: both icons are served, and they differ. */
	async function expectThemedIcons(typeName: string, iconUrl?: { light: string; dark: string }) {
		expect({ typeName, light: iconUrl?.light, dark: iconUrl?.dark }).toEqual({
			typeName,
			light: expect.stringMatching(/\.svg$/),
			dark: expect.stringMatching(/\.dark\.svg$/),
		});
		const [light, dark] = await Promise.all([get(`/${iconUrl!.light}`), get(`/${iconUrl!.dark}`)]);
		for (const [icon, response] of [
			[iconUrl!.light, light],
			[iconUrl!.dark, dark],
		] as const) {
			expect({ icon, status: response.status }).toEqual({ icon, status: 200 });
			expect(response.body).toContain('<svg');
		}
		expect(dark.body).not.toEqual(light.body);
	}

	test('the package is installed where the Community Nodes panel installs packages, without n8n-workflow', () => {
		const dir = path.join(harness.userFolder, '.n8n', 'nodes', 'node_modules', PACKAGE_NAME);
		expect(fs.existsSync(path.join(dir, 'package.json'))).toBe(true);
		expect(fs.existsSync(path.join(dir, 'node_modules', 'undici', 'package.json'))).toBe(true);
		expect(fs.existsSync(path.join(dir, 'node_modules', 'zod', 'package.json'))).toBe(true);
		expect(fs.existsSync(path.join(dir, 'node_modules', 'n8n-workflow'))).toBe(false);
	});

	test('n8n logs no load error for the package', () => {
		const log = n8n.output();
		expect(log).toMatch(/Editor is now accessible via/);
		expect(log).not.toMatch(/Failed to load package "n8n-nodes-docparse"/);
		expect(log).not.toMatch(/Skipping package[^\n]*n8n-nodes-docparse/);
		const mentions = log
			.split('\n')
			.filter((line) => line.includes(PACKAGE_NAME) || /docparse/i.test(line));
		expect(mentions.filter((line) => /error|fail|cannot|skipp/i.test(line))).toEqual([]);
	});

	test('the running n8n lists every node of the package, with a light and a dark icon', async () => {
		const { status, body } = await get('/types/nodes.json');
		expect(status).toBe(200);
		const types = JSON.parse(body) as Array<{
			name: string;
			version: number | number[];
			iconUrl?: { light: string; dark: string };
			credentials?: Array<{ name: string }>;
		}>;
		const ours = types.filter((t) => t.name.startsWith(`${PACKAGE_NAME}.`));
		const names = ours.map((t) => t.name);
		for (const expected of declaredTypes().nodes) expect(names).toContain(expected);
		for (const type of ours) await expectThemedIcons(type.name, type.iconUrl);
	});

	test('the running n8n lists both credential types', async () => {
		const { status, body } = await get('/types/credentials.json');
		expect(status).toBe(200);
		const types = JSON.parse(body) as Array<{
			name: string;
			properties: Array<{ name: string }>;
			iconUrl?: { light: string; dark: string };
		}>;
		for (const expected of declaredTypes().credentials) {
			const type = types.find((t) => t.name === expected);
			expect(type).toBeDefined();
			expect(type!.properties.map((p) => p.name)).toEqual(
				expect.arrayContaining(['apiKey', 'baseUrl']),
			);
		}
		for (const type of types.filter((t) => declaredTypes().credentials.includes(t.name)))
			await expectThemedIcons(type.name, type.iconUrl);
		const mindee = types.find((t) => t.name === 'docparseMindeeApi');
		expect(mindee!.properties.map((p) => p.name)).toContain('webhookSecret');
	});
});
