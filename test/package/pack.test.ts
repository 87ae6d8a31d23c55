/**
 * What `npm pack` puts in the package users install (from `npm pack --dry-run --json` on the built
 * package: `npm run build` first): every node and credential with its icons, the license and changelog,
 * and nothing of the tests, fixtures, scripts or TypeScript sources. And package.json's links name one
 * repository, and its license is the LICENSE file's.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
	name: string;
	license: string;
	homepage: string;
	repository: { type: string; url: string };
	bugs: { url: string };
	main?: string;
	n8n: { nodes: string[]; credentials: string[] };
};

jest.setTimeout(60_000);

describe('the packed package', () => {
	let files: string[];

	beforeAll(() => {
		const missing = [...manifest.n8n.nodes, ...manifest.n8n.credentials].filter(
			(file) => !fs.existsSync(path.join(REPO_ROOT, file)),
		);
		if (missing.length) throw new Error(`not built (npm run build): ${missing.join(', ')}`);
		const output = execFileSync(
			process.platform === 'win32' ? 'npm.cmd' : 'npm',
			['pack', '--dry-run', '--json', '--ignore-scripts'],
			{ cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
		);
		const [pack] = JSON.parse(output) as Array<{ files: Array<{ path: string }> }>;
		files = pack.files.map((file) => file.path);
	});

	test('holds every node and credential of package.json, with the icons they name (light and dark)', () => {
		for (const file of [...manifest.n8n.nodes, ...manifest.n8n.credentials]) {
			expect(files).toContain(file);
			const icons = [
				...fs.readFileSync(path.join(REPO_ROOT, file), 'utf8').matchAll(/'file:([^']+)'/g),
			].map((match) => path.posix.join(path.posix.dirname(file), match[1]));
			expect(icons.length).toBeGreaterThanOrEqual(2);
			for (const icon of icons) expect(files).toContain(icon);
		}
	});

	test('holds the license, the changelog, the README and package.json', () => {
		expect(files).toEqual(
			expect.arrayContaining(['LICENSE', 'CHANGELOG.md', 'README.md', 'package.json']),
		);
	});

	test('holds nothing of the tests, fixtures, scripts, benchmark or TypeScript sources', () => {
		const shipped = (file: string) =>
			['LICENSE', 'CHANGELOG.md', 'README.md', 'package.json'].includes(file) ||
			file.startsWith('dist/');
		expect(files.filter((file) => !shipped(file))).toEqual([]);
		expect(files.filter((file) => /\.test\.|\.spec\.|(^|\/)(test|fixtures)\//.test(file))).toEqual(
			[],
		);
		expect(files.filter((file) => /\.ts$/.test(file) && !/\.d\.ts$/.test(file))).toEqual([]);
	});

	test("package.json's homepage, repository and bugs name one repository; its license is the LICENSE file's", () => {
		const repository = manifest.repository.url.replace(/^git\+/, '').replace(/\.git$/, '');
		expect(manifest.repository.type).toBe('git');
		expect(manifest.homepage).toBe(`${repository}#readme`);
		expect(manifest.bugs.url).toBe(`${repository}/issues`);
		expect(repository).toMatch(new RegExp(`^https://github\\.com/[\\w.-]+/${manifest.name}$`));
		expect(manifest.main).toBeUndefined();
		expect(manifest.license).toBe('MIT');
		expect(fs.readFileSync(path.join(REPO_ROOT, 'LICENSE'), 'utf8')).toMatch(/^MIT License\n/);
	});
});
