/**
 * A real Chromium driven by playwright-core, for the browser tests and the README's screenshots. The browser
 * is Debian's `chromium` package (/usr/bin/chromium, or DOCPARSE_CHROMIUM): the system package brings its own
 * libraries, installs offline from the distribution's mirror, and stays out of node_modules.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';

import { REPO_ROOT, type N8nHarness, type RunningN8n } from '../e2e/harness';

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

/**
 * Starts the harness's n8n (with this owner) and Chromium side by side, then signs in: the Overview is open.
 * `browser` is handed to `onBrowser` as soon as it runs, so afterAll closes it even if signing in fails.
 */
export async function startSignedIn(
	harness: N8nHarness,
	owner: { email: string; password: string },
	onBrowser: (browser: Browser) => void,
): Promise<{ n8n: RunningN8n; page: Page; base: string }> {
	const [n8n, browser] = await Promise.all([
		harness.start(harness.ownerEnv(owner.email, owner.password)),
		launchBrowser(),
	]);
	onBrowser(browser);
	const { page } = browser;
	const base = `http://127.0.0.1:${n8n.port}`;
	await page.goto(`${base}/signin`);
	await page.getByLabel(/email/i).fill(owner.email);
	await page.getByLabel(/password/i).fill(owner.password);
	await page.getByRole('button', { name: 'Sign in' }).click();
	await page.waitForURL(/\/home\//);
	return { n8n, page, base };
}
