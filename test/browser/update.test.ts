/**
 * The update path, as a user takes it: n8n runs version A of the package with a credential and a published
 * Mindee V2 trigger workflow; version B (the next patch) is published to the local registry and installed
 * over A the way n8n installs a package (scripts/lib/package.js); n8n restarts. The trigger still answers
 * a signed delivery, the example workflow still runs from the editor (Chromium), and Settings → Community
 * nodes shows A before and B after.
 */
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

import type { Page } from 'playwright-core';

import {
	INSTALL_TIMEOUT_MS,
	N8nHarness,
	OwnerSession,
	PACKAGE_NAME,
	mindeeV2FixtureBytes,
	readExample,
	type RunningN8n,
} from '../e2e/harness';
import { launchBrowser, see, type Browser } from './browser';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const n8nEnv = require('../../scripts/n8n-env');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startSandbox } = require('../../scripts/sandbox');

// Two n8n starts, an install and the editor on a machine that CI shares with other tests: minutes each.
jest.setTimeout(600_000);

const OWNER = { email: 'update@example.com', password: 'Update-test-pass-1' };
const EXTRACT = readExample('mindee-v2-extract.json');
const TRIGGER = readExample('mindee-v2-webhook-trigger.json');
const TRIGGER_NODE = TRIGGER.nodes.find((n) => n.type.endsWith('docparseMindeeV2Trigger'))!;
const CREDENTIAL = Object.values(TRIGGER_NODE.credentials ?? {})[0]!;
const JOB_ID = '12345678-1234-1234-1234-jobid1234567';
const delivery = mindeeV2FixtureBytes('products/extraction/financial_document/complete.json');

/** The next patch version of a build's version, as a release would be (0.1.0-dev-<hash> → 0.1.1-dev-<hash>). */
function nextPatch(version: string): string {
	return version.replace(/^(\d+)\.(\d+)\.(\d+)/, (_all, major, minor, patch) =>
		[major, minor, Number(patch) + 1].join('.'),
	);
}

describe('updating the package over an installed version (n8n restarted, Chromium)', () => {
	let harness: N8nHarness;
	let browser: Browser;
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	let sandbox: any;
	let page: Page;
	let versionA: string;
	let versionB: string;

	/** Starts n8n with the owner, records the installed package as n8n's panel does, signs in. */
	const startN8n = async (): Promise<{ n8n: RunningN8n; owner: OwnerSession }> => {
		const n8n = await harness.start(harness.ownerEnv(OWNER.email, OWNER.password));
		harness.recordInstalledPackage();
		const owner = await OwnerSession.login(n8n, OWNER.email, OWNER.password);
		await page.goto(`http://127.0.0.1:${n8n.port}/signin`);
		await page.getByLabel(/email/i).fill(OWNER.email);
		await page.getByLabel(/password/i).fill(OWNER.password);
		await page.getByRole('button', { name: 'Sign in' }).click();
		await page.waitForURL(/\/home\//);
		return { n8n, owner };
	};

	/** A signed delivery of the sample result for `jobId`; waits until n8n has registered the webhook. */
	const deliver = async (n8n: RunningN8n, jobId: string) => {
		const body = Buffer.from(delivery.toString('utf8').split(JOB_ID).join(jobId));
		const signature = crypto
			.createHmac('sha256', sandbox.mindeeV2.webhookSecret)
			.update(body)
			.digest('hex');
		const url = `http://127.0.0.1:${n8n.port}/webhook/${TRIGGER_NODE.webhookId}/mindee-v2`;
		const deadline = Date.now() + 60_000;
		for (;;) {
			const response = await fetch(url, {
				method: 'POST',
				headers: { 'content-type': 'application/json', 'X-Mindee-Hmac-Signature': signature },
				body,
			});
			if (response.status !== 404 || Date.now() > deadline) return response.status;
			await new Promise((resolve) => setTimeout(resolve, 500));
		}
	};

	/** The trigger workflow's executions once none is running: [{ status, mode }]. */
	const triggerRuns = async (owner: OwnerSession, count: number) => {
		const deadline = Date.now() + 30_000;
		for (;;) {
			const executions = await owner.executions(TRIGGER.id);
			const settled = executions.every((e) => !['running', 'new'].includes(e.status));
			if ((executions.length >= count && settled) || Date.now() > deadline)
				return executions.map((e) => ({ status: e.status, mode: e.mode }));
			await new Promise((resolve) => setTimeout(resolve, 500));
		}
	};

	/** Settings → Community nodes lists the package with this version (and no other). */
	const expectListed = async (n8n: RunningN8n, version: string) => {
		await page.goto(`http://127.0.0.1:${n8n.port}/settings/community-nodes`);
		await see(page.getByText(PACKAGE_NAME), 'the package on the Community nodes page');
		await see(page.getByText(version), `version ${version} on the Community nodes page`);
	};

	/** The example workflow run from the editor: the V2 node extracts the sample invoice. */
	const runExample = async (n8n: RunningN8n) => {
		await page.goto(`http://127.0.0.1:${n8n.port}/workflow/${EXTRACT.id}`);
		await see(page.locator('[data-test-id="canvas-node"]'), 'the example workflow');
		await page.locator('[data-test-id="execute-workflow-button"]').click();
		await see(page.getByText(/Workflow executed successfully/i), 'the success message');
	};

	beforeAll(async () => {
		[harness, sandbox] = await Promise.all([
			N8nHarness.create(),
			startSandbox({ mindee: false, biros: false }),
		]);
		const built = (await n8nEnv.ensureAll()).built;
		versionA = n8nEnv.publishedVersion(built);
		versionB = nextPatch(versionA);
		await harness.importCredentials([
			{
				id: CREDENTIAL.id,
				name: CREDENTIAL.name,
				type: 'docparseMindeeV2Api',
				data: {
					apiKey: sandbox.mindeeV2.apiKey,
					baseUrl: sandbox.mindeeV2.url,
					webhookSecret: sandbox.mindeeV2.webhookSecret,
				},
			},
		]);
		await harness.importWorkflows([EXTRACT, TRIGGER]);
		const published = await harness.cli(['publish:workflow', `--id=${TRIGGER.id}`]);
		expect(published.code).toBe(0);
		browser = await launchBrowser();
		page = browser.page;
	}, INSTALL_TIMEOUT_MS);

	afterAll(async () => {
		await Promise.allSettled([browser?.close(), harness?.close(), sandbox?.close()]);
	}, 60_000);

	test('version A: the trigger answers a signed delivery, the example runs, Community nodes shows A', async () => {
		const { n8n, owner } = await startN8n();
		await expectListed(n8n, versionA);
		expect(await deliver(n8n, JOB_ID)).toBe(200);
		expect(await triggerRuns(owner, 1)).toEqual([{ status: 'success', mode: 'webhook' }]);
		await runExample(n8n);
		await n8n.stop();
	});

	test('version B installed over A, n8n restarted: the same credential, workflows and published trigger keep working, Community nodes shows B', async () => {
		const built = (await n8nEnv.ensureAll()).built;
		const installed = await n8nEnv.installPackage(harness.userFolder, built, {
			version: versionB,
		});
		expect(installed).toMatchObject({ installed: true, version: versionB });
		expect(
			JSON.parse(fs.readFileSync(path.join(installed.target, 'package.json'), 'utf8')),
		).toMatchObject({ version: versionB });

		const { n8n, owner } = await startN8n();
		await expectListed(n8n, versionB);
		const otherJob = JOB_ID.replace('1234567', '7654321');
		expect(await deliver(n8n, otherJob)).toBe(200);
		expect(await triggerRuns(owner, 2)).toEqual([
			{ status: 'success', mode: 'webhook' },
			{ status: 'success', mode: 'webhook' },
		]);
		await runExample(n8n);
	});
});
