/**
 * An editor session for a browser test file: the sandbox's fake APIs, a real n8n with the given credentials
 * and workflows imported, Chromium signed in as the owner. One beforeAll/afterAll pair starts and stops it.
 */
import type { Page } from 'playwright-core';

import { type Credential, INSTALL_TIMEOUT_MS, N8nHarness, type Workflow } from '../e2e/harness';
import { see, startSignedIn, type Browser } from './browser';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startSandbox } = require('../../scripts/sandbox');

export interface EditorSession {
	page: Page;
	/** The editor's origin, e.g. http://127.0.0.1:5678. */
	base: string;
	/** Opens a workflow in the editor and waits for its nodes on the canvas. */
	openWorkflow(id: string): Promise<void>;
}

/** A sandbox API, by the name startSandbox() gives it. */
type SandboxApi = 'mindee' | 'mindeeV2' | 'biros';

/**
 * Registers the beforeAll that starts the session and the afterAll that stops it. `credentials`: the
 * credential of each named node (of `workflows`), pointed at its sandbox API, which is started.
 */
export function useEditorSession(setup: {
	owner: { email: string; password: string };
	credentials: Array<{ node: string; api: SandboxApi }>;
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
			startSandbox({
				mindee: false,
				mindeeV2: false,
				biros: false,
				...Object.fromEntries(setup.credentials.map(({ api }) => [api, true])),
			}),
		]);
		Object.assign(started, { harness, sandbox });
		await harness.importCredentials(
			setup.credentials.map(({ node, api }): Credential => {
				const nodes = setup.workflows.flatMap((workflow) => workflow.nodes);
				const [type, { id, name }] = Object.entries(
					nodes.find((candidate) => candidate.name === node)!.credentials!,
				)[0];
				return { id, name, type, data: { apiKey: sandbox[api].apiKey, baseUrl: sandbox[api].url } };
			}),
		);
		await harness.importWorkflows(setup.workflows);
		const { page, base } = await startSignedIn(harness, setup.owner, (browser) => {
			started.browser = browser;
		});
		const openWorkflow = async (id: string) => {
			await page.goto(`${base}/workflow/${id}`);
			await see(page.locator('[data-test-id="canvas-node"]'), `the nodes of workflow ${id}`);
		};
		Object.assign(session, { page, base, openWorkflow });
	}, INSTALL_TIMEOUT_MS);

	afterAll(async () => {
		const { browser, harness, sandbox } = started;
		await Promise.allSettled([browser?.close(), harness?.close(), sandbox?.close()]);
	}, 60_000);

	return session;
}
