/**
 * A real Chromium driven by playwright-core, for the browser tests and the README's screenshots. The browser
 * is Debian's `chromium` package (/usr/bin/chromium, or DOCPARSE_CHROMIUM): the system package brings its own
 * libraries, installs offline from the distribution's mirror, and stays out of node_modules.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';

import { N8nHarness, REPO_ROOT, type RunningN8n, type Workflow } from '../e2e/harness';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startSandbox } = require('../../scripts/sandbox');

export const CHROMIUM = process.env.DOCPARSE_CHROMIUM || '/usr/bin/chromium';
export const SCREENSHOTS_DIR = path.join(REPO_ROOT, 'docs', 'screenshots');

/** The editor loads slowly on a busy machine (a cold n8n editor bundle is several MB of JavaScript). */
export const UI_TIMEOUT_MS = 60_000;

export interface Browser {
	context: BrowserContext;
	page: Page;
	close(): Promise<void>;
}

/** Chromium, headless, with a fresh profile and nothing that calls the internet on its own. */
export async function launchBrowser(): Promise<Browser> {
	if (!fs.existsSync(CHROMIUM))
		throw new Error(
			`no Chromium at ${CHROMIUM}: install Debian's package (apt-get install -y chromium) or set DOCPARSE_CHROMIUM`,
		);
	const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'docparse-chromium-'));
	const context = await chromium.launchPersistentContext(profile, {
		executablePath: CHROMIUM,
		headless: true,
		args: [
			'--headless',
			'--no-sandbox',
			'--disable-gpu',
			'--disable-quic',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
		],
		viewport: { width: 1440, height: 900 },
	});
	context.setDefaultTimeout(UI_TIMEOUT_MS);
	const page = context.pages()[0] ?? (await context.newPage());
	return {
		context,
		page,
		close: async () => {
			await context.close();
			fs.rmSync(profile, { recursive: true, force: true });
		},
	};
}

/** Waits until the element is visible, failing with what the page shows instead. */
export async function see(locator: Locator, what: string): Promise<void> {
	try {
		await locator.first().waitFor({ state: 'visible', timeout: UI_TIMEOUT_MS });
	} catch (error) {
		const text = await locator
			.page()
			.locator('body')
			.innerText()
			.catch(() => '');
		throw new Error(
			`${what} did not appear: ${(error as Error).message}\n--- the page shows ---\n${text.slice(0, 3000)}`,
		);
	}
}

/** Saves a README screenshot into docs/screenshots/. */
export async function screenshot(page: Page, name: string): Promise<void> {
	fs.mkdirSync(SCREENSHOTS_DIR, { recursive: true });
	await page.screenshot({ path: path.join(SCREENSHOTS_DIR, `${name}.png`) });
}

/** What a Mindee V2 browser test runs against, and how to stop it all. */
export interface MindeeV2Editor {
	browser: Browser;
	/** The editor's address, e.g. http://127.0.0.1:5678. */
	base: string;
	/** Opens a workflow in the editor and waits for its nodes on the canvas. */
	openWorkflow(id: string): Promise<void>;
	close(): Promise<void>;
}

/**
 * A real n8n with the package, the sandbox's Mindee V2 API as the credential the first workflow's Mindee V2
 * node uses, the workflows imported, and Chromium signed in as the owner.
 */
export async function startMindeeV2Editor(
	workflows: Workflow[],
	owner: { email: string; password: string },
): Promise<MindeeV2Editor> {
	const [harness, sandbox] = await Promise.all([
		N8nHarness.create(),
		startSandbox({ mindee: false, biros: false }),
	]);
	let browser: Browser | undefined;
	const close = async () => {
		await Promise.allSettled([browser?.close(), harness.close(), sandbox.close()]);
	};
	try {
		const node = workflows[0].nodes.find((n) => n.type.endsWith('docparseMindeeV2'))!;
		const credential = Object.values(node.credentials ?? {})[0]!;
		await harness.importCredentials([
			{
				id: credential.id,
				name: credential.name,
				type: 'docparseMindeeV2Api',
				data: { apiKey: sandbox.mindeeV2.apiKey, baseUrl: sandbox.mindeeV2.url },
			},
		]);
		await harness.importWorkflows(workflows);
		const [n8n, launched]: [RunningN8n, Browser] = await Promise.all([
			harness.start(harness.ownerEnv(owner.email, owner.password)),
			launchBrowser(),
		]);
		browser = launched;
		const base = `http://127.0.0.1:${n8n.port}`;
		const { page } = browser;
		await page.goto(`${base}/signin`);
		await page.getByLabel(/email/i).fill(owner.email);
		await page.getByLabel(/password/i).fill(owner.password);
		await page.getByRole('button', { name: 'Sign in' }).click();
		await page.waitForURL(/\/home\//);
		const openWorkflow = async (id: string) => {
			await page.goto(`${base}/workflow/${id}`);
			await see(page.locator('[data-test-id="canvas-node"]'), `the nodes of workflow ${id}`);
		};
		return { browser, base, openWorkflow, close };
	} catch (error) {
		await close();
		throw error;
	}
}
