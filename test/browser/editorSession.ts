/**
 * An editor session for a browser test file: the sandbox's fake APIs, a real n8n with the given credentials
 * and workflows imported, Chromium signed in as the owner. One beforeAll/afterAll pair starts and stops it.
 */
import type { Page } from 'playwright-core';

import {
	type Credential,
	INSTALL_TIMEOUT_MS,
	N8nHarness,
	type RunningN8n,
	type Workflow,
} from '../e2e/harness';
import { launchBrowser, type Browser } from './browser';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startSandbox } = require('../../scripts/sandbox');

export interface EditorSession {
	page: Page;
	/** The editor's origin, e.g. http://127.0.0.1:5678. */
	base: string;
}

/**
 * Registers the beforeAll that starts the session and the afterAll that stops it. `apis`: the sandbox's
 * APIs to start (`mindee`, `mindeeV2`, `biros`); `credentials` is given the started sandbox.
 */
export function useEditorSession(setup: {
	owner: { email: string; password: string };
	apis: { mindee?: boolean; mindeeV2?: boolean; biros?: boolean };
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	credentials: (sandbox: any) => Credential[];
	workflows: Workflow[];
}): EditorSession {
	const session = {} as EditorSession;
	const started: {
		harness?: N8nHarness;
		browser?: Browser;
		// eslint-disable-next-line @typescript-eslint/no-explicit-any
		sandbox?: any;
	} = {};

	beforeAll(async () => {
		const [harness, sandbox] = await Promise.all([
			N8nHarness.create(),
			startSandbox({ mindee: false, mindeeV2: false, biros: false, ...setup.apis }),
		]);
		Object.assign(started, { harness, sandbox });
		await harness.importCredentials(setup.credentials(sandbox));
		await harness.importWorkflows(setup.workflows);
		const [n8n, browser]: [RunningN8n, Browser] = await Promise.all([
			harness.start(harness.ownerEnv(setup.owner.email, setup.owner.password)),
			launchBrowser(),
		]);
		started.browser = browser;
		const page = browser.page;
		Object.assign(session, { page, base: `http://127.0.0.1:${n8n.port}` });
		await page.goto(`${session.base}/signin`);
		await page.getByLabel(/email/i).fill(setup.owner.email);
		await page.getByLabel(/password/i).fill(setup.owner.password);
		await page.getByRole('button', { name: 'Sign in' }).click();
		await page.waitForURL(/\/home\//);
	}, INSTALL_TIMEOUT_MS);

	afterAll(async () => {
		const { browser, harness, sandbox } = started;
		await Promise.allSettled([browser?.close(), harness?.close(), sandbox?.close()]);
	}, 60_000);

	return session;
}
