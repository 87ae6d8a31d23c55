/**
 * The docs a user navigates: every relative link and image in README.md and docs/*.md names a file of the
 * repository, every `#anchor` a heading of its page (GitHub's slugs), every node's and credential's Docs link
 * a page of docs/ on the repository's GitHub, and every test or bench file the docs name as the source of an
 * example or figure exists. Reads files only; no network.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

import { DocparseBirosApi } from '../../credentials/DocparseBirosApi.credentials';
import { DocparseMindeeApi } from '../../credentials/DocparseMindeeApi.credentials';
import { DocparseMindeeV2Api } from '../../credentials/DocparseMindeeV2Api.credentials';

const ROOT = path.join(__dirname, '..', '..');
const DOC_PAGES = [
	'README.md',
	...fs
		.readdirSync(path.join(ROOT, 'docs'))
		.filter((name) => name.endsWith('.md'))
		.map((name) => `docs/${name}`),
];

/** Where links to this repository's files on GitHub start (package.json `repository`). */
const GITHUB_BLOB = `${(
	JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
		repository: { url: string };
	}
).repository.url
	.replace(/^git\+/, '')
	.replace(/\.git$/, '')}/blob/main/`;

/** A page's text with its fenced code blocks blanked (a heading's `code` stays: GitHub slugs its text). */
function pageText(file: string): string {
	let fence: string | undefined;
	return fs
		.readFileSync(path.join(ROOT, file), 'utf8')
		.split('\n')
		.map((line) => {
			const marker = /^\s*(```|~~~)/.exec(line)?.[1];
			if (marker && (fence === undefined || fence === marker)) {
				fence = fence === undefined ? marker : undefined;
				return '';
			}
			return fence === undefined ? line : '';
		})
		.join('\n');
}

/** A page's prose: its text with inline code blanked too, so that code is never read as a link. */
function proseOf(file: string): string {
	return pageText(file).replace(/`[^`\n]*`/g, '``');
}

/** GitHub's anchor for a heading text: its rendered text lowercased, punctuation dropped, spaces as '-'. */
function slugOf(heading: string): string {
	const rendered = heading
		.replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
		.replace(/<[^>]*>/g, '')
		.replace(/[`*]/g, '');
	return rendered
		.trim()
		.toLowerCase()
		.replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
		.replace(/ /g, '-');
}

/** The anchors of a page's headings, numbered as GitHub numbers repeated ones (`-1`, `-2`…). */
function anchorsOf(file: string): Set<string> {
	const anchors = new Set<string>();
	const seen = new Map<string, number>();
	for (const line of pageText(file).split('\n')) {
		const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line)?.[1];
		if (heading === undefined) continue;
		const slug = slugOf(heading);
		const count = seen.get(slug) ?? 0;
		seen.set(slug, count + 1);
		anchors.add(count === 0 ? slug : `${slug}-${count}`);
	}
	return anchors;
}

/** Why a repository path with an optional `#anchor` does not resolve, or undefined when it does. */
function problemWith(target: string): string | undefined {
	const [file, anchor] = target.split('#', 2);
	const absolute = path.join(ROOT, decodeURIComponent(file));
	if (!absolute.startsWith(ROOT) || !fs.existsSync(absolute)) return `no file ${file}`;
	if (anchor === undefined) return undefined;
	if (!file.endsWith('.md')) return `an anchor into ${file}, which is not a page`;
	return anchorsOf(file).has(anchor) ? undefined : `no heading #${anchor} in ${file}`;
}

describe('the links of README.md and docs/', () => {
	test.each(DOC_PAGES)('%s: every relative link and anchor resolves', (page) => {
		const problems: string[] = [];
		for (const match of proseOf(page).matchAll(/\]\(([^)\s]+)\)/g)) {
			const link = match[1];
			if (/^[a-z]+:/i.test(link)) continue;
			const target = link.startsWith('#')
				? `${page}${link}`
				: path.posix.normalize(path.posix.join(path.posix.dirname(page), link));
			const problem = problemWith(target);
			if (problem) problems.push(`${link}: ${problem}`);
		}
		expect(problems).toEqual([]);
	});

	test.each(DOC_PAGES)('%s: every test or bench file named as a source exists', (page) => {
		const named = [
			...fs
				.readFileSync(path.join(ROOT, page), 'utf8')
				.matchAll(/\b((?:test|bench)\/[\w./-]+\.ts)\b/g),
		].map((match) => match[1]);
		expect(named.filter((file) => !fs.existsSync(path.join(ROOT, file)))).toEqual([]);
	});
});

describe("the nodes' and credentials' Docs links", () => {
	const codexFiles = fs.readdirSync(path.join(ROOT, 'nodes')).flatMap((folder) =>
		fs
			.readdirSync(path.join(ROOT, 'nodes', folder))
			.filter((name) => name.endsWith('.node.json'))
			.map((name) => `nodes/${folder}/${name}`),
	);

	const docsPageOf = (url: string): string | undefined => {
		if (!url.startsWith(GITHUB_BLOB)) return `${url} is not under ${GITHUB_BLOB}`;
		const target = url.slice(GITHUB_BLOB.length);
		if (!/^docs\/[^/#]+\.md(#|$)/.test(target)) return `${url} is not a page of docs/`;
		return problemWith(target);
	};

	test('there is a codex file for each of the five nodes', () => {
		expect(codexFiles).toHaveLength(5);
	});

	test.each(codexFiles)('%s: its documentation links open a docs page', (file) => {
		const codex = JSON.parse(fs.readFileSync(path.join(ROOT, file), 'utf8')) as {
			resources: Record<'primaryDocumentation' | 'credentialDocumentation', Array<{ url: string }>>;
		};
		const urls = [
			...codex.resources.primaryDocumentation,
			...codex.resources.credentialDocumentation,
		].map((entry) => entry.url);
		expect(urls.length).toBeGreaterThanOrEqual(2);
		expect(urls.map(docsPageOf).filter(Boolean)).toEqual([]);
	});

	test.each([
		['Mindee', new DocparseMindeeApi()],
		['Mindee V2', new DocparseMindeeV2Api()],
		['Biros', new DocparseBirosApi()],
	])(
		"the %s credential's documentation URL opens its section of docs/credentials.md",
		(_, credential) => {
			expect(credential.documentationUrl).toMatch(/\/docs\/credentials\.md#/);
			expect(docsPageOf(credential.documentationUrl!)).toBeUndefined();
		},
	);
});
