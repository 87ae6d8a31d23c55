/**
 * End-to-end harness: a real n8n (the version `npm start` uses) with this package installed where n8n's
 * Community Nodes panel puts it, in a temporary N8N_USER_FOLDER per test file. Every process it starts runs
 * in its own process group under scripts/lib/guard.js and is stopped by `close()`, when jest's worker exits,
 * and even when it is killed.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { birosFixturesDir, mindeeFixturePath, mindeeV2FixturePath } from '../fakes/fixtures';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const n8nEnv = require('../../scripts/n8n-env');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const queueMode = require('../../scripts/lib/queue');

export const REPO_ROOT: string = n8nEnv.REPO_ROOT;
export const PACKAGE_NAME: string = n8nEnv.PACKAGE_NAME;

/** Installing Node 24 + n8n cold takes a few minutes; afterwards the install steps are skipped. */
export const INSTALL_TIMEOUT_MS = 30 * 60 * 1000;

export interface CliResult {
	code: number | null;
	stdout: string;
	stderr: string;
}

/** How the n8n under test differs from other versions (scripts/lib/n8nVersions.js). */
export interface N8nTraits {
	version: string;
	major: number;
	publishArgs(workflowId: string): string[];
	published(workflowId: string): RegExp;
	activate(
		workflowId: string,
		versionId: string,
	): { method: 'POST' | 'PATCH'; path: string; body: unknown };
}

export interface RunningN8n {
	url: string;
	port: number;
	traits: N8nTraits;
	output(): string;
	waitFor(re: RegExp, timeoutMs?: number): Promise<RegExpExecArray>;
	ready(timeoutMs?: number): Promise<void>;
	stop(): Promise<void>;
	exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export interface ExecutionRun {
	finished?: boolean;
	status?: string;
	data: {
		resultData: {
			error?: { message: string; description?: string; [key: string]: unknown };
			lastNodeExecuted?: string;
			runData: Record<
				string,
				Array<{
					data?: {
						main: Array<Array<{ json: Record<string, unknown>; binary?: Record<string, unknown> }>>;
					};
					error?: unknown;
				}>
			>;
		};
	};
}

/** n8n in queue mode: Redis, the main process (editor, webhooks) and worker processes (scripts/lib/queue.js). */
export interface QueueMode {
	redis: { port: number };
	main: RunningN8n;
	workers: RunningN8n[];
	stop(): Promise<void>;
}

export interface Credential {
	id: string;
	name: string;
	type: string;
	data: Record<string, unknown>;
}

export interface Workflow {
	id: string;
	name: string;
	nodes: Array<{
		name: string;
		type: string;
		parameters: Record<string, unknown>;
		credentials?: Record<string, { id: string; name: string }>;
		[key: string]: unknown;
	}>;
	connections: Record<string, unknown>;
	[key: string]: unknown;
}

export class N8nHarness {
	readonly userFolder: string;
	private readonly started: Array<{ stop(): Promise<void> }> = [];
	private cliEnv!: NodeJS.ProcessEnv;
	private runtime: unknown;

	private constructor(userFolder: string) {
		this.userFolder = userFolder;
	}

	/** Ensures Node 24 + n8n (shared installer of `npm start`), builds/packs the package and installs it. */
	static async create(): Promise<N8nHarness> {
		const { runtime, built } = await n8nEnv.ensureAll();
		const userFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'docparse-e2e-'));
		const harness = new N8nHarness(userFolder);
		harness.runtime = runtime;
		await n8nEnv.installPackage(userFolder, built);
		harness.cliEnv = await harness.env();
		return harness;
	}

	/** The environment of an n8n process of this harness (own task-broker port, quiet unless N8N_LOG_LEVEL). */
	async env(extra: Record<string, string> = {}, port?: number): Promise<NodeJS.ProcessEnv> {
		return n8nEnv.n8nEnv(this.runtime, {
			userFolder: this.userFolder,
			port,
			brokerPort: await n8nEnv.freePort(),
			logLevel: process.env.N8N_LOG_LEVEL || 'info',
			extra: {
				// n8n fetches its MCP-server registry from the internet at start; not needed here.
				N8N_DISABLED_MODULES: 'mcp-registry',
				N8N_LISTEN_ADDRESS: '127.0.0.1',
				...extra,
			},
		});
	}

	/**
	 * Environment that makes n8n 2.x create (or update) its owner at start, so no setup screen is shown (on 1.x
	 * `OwnerSession.login` sets the owner up).
	 */
	ownerEnv(email: string, password: string): Record<string, string> {
		return n8nEnv.ownerEnv(this.runtime, email, n8nEnv.bcryptHash(this.runtime, password));
	}

	/**
	 * Records the installed package in this n8n's database as n8n does on install (its Community nodes page
	 * lists it); n8n creates the database at its first start. Returns what it did ('recorded <version>', ...).
	 */
	recordInstalledPackage(): string {
		return n8nEnv.recordInstalledPackage(this.runtime, this.userFolder);
	}

	/** Runs an n8n CLI command against this user folder. */
	async cli(args: string[], timeoutMs = 180_000): Promise<CliResult> {
		return n8nEnv.runN8nCli(this.runtime, args, { env: this.cliEnv, timeoutMs });
	}

	private async cliOk(args: string[], expect: RegExp): Promise<CliResult> {
		const result = await this.cli(args);
		const output = `${result.stdout}\n${result.stderr}`;
		if (result.code !== 0 || !expect.test(output)) {
			throw new Error(
				`n8n ${args.join(' ')} failed (exit ${result.code}):\n${output.slice(-4000)}`,
			);
		}
		return result;
	}

	/** `n8n import:credentials` of plain (unencrypted) credentials; n8n encrypts their `data`. */
	async importCredentials(credentials: Credential[]): Promise<void> {
		const file = path.join(this.userFolder, `credentials-${Date.now()}.json`);
		fs.writeFileSync(file, JSON.stringify(credentials), { mode: 0o600 });
		try {
			await this.cliOk(['import:credentials', `--input=${file}`], /Successfully imported/);
		} finally {
			fs.rmSync(file, { force: true });
		}
	}

	/** `n8n import:workflow --separate` of several workflow objects at once (one n8n start instead of one each). */
	async importWorkflows(workflows: Workflow[]): Promise<void> {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'docparse-e2e-workflows-'));
		try {
			for (const workflow of workflows)
				fs.writeFileSync(path.join(dir, `${workflow.id}.json`), JSON.stringify(workflow));
			await this.cliOk(
				['import:workflow', '--separate', `--input=${dir}`],
				new RegExp(`Successfully imported ${workflows.length} workflows`),
			);
		} finally {
			fs.rmSync(dir, { recursive: true, force: true });
		}
	}

	/** Makes a workflow's triggers go live at the next start: `n8n publish:workflow` (2.x), `update:workflow --active=true` (1.x). */
	async publishWorkflow(workflowId: string): Promise<CliResult> {
		const traits = (this.runtime as { traits: N8nTraits }).traits;
		return this.cliOk(traits.publishArgs(workflowId), traits.published(workflowId));
	}

	/** `n8n import:workflow` of one workflow object. */
	async importWorkflow(workflow: Workflow): Promise<void> {
		const file = path.join(this.userFolder, `workflow-${workflow.id}.json`);
		fs.writeFileSync(file, JSON.stringify(workflow));
		await this.cliOk(['import:workflow', `--input=${file}`], /Successfully imported 1 workflow/);
	}

	/** `n8n execute --id <id> --rawOutput`: the run data (also on a failed run, with its error), plus the raw result. */
	async execute(workflowId: string): Promise<{ run: ExecutionRun | undefined; result: CliResult }> {
		const result = await this.cli(['execute', `--id=${workflowId}`, '--rawOutput']);
		const run = n8nEnv.parseExecuteOutput(`${result.stdout}\n${result.stderr}`) as
			ExecutionRun | undefined;
		return { run, result };
	}

	/** Starts `n8n start` on a free port; waits until the editor is up and the database is ready. */
	async start(extra: Record<string, string> = {}): Promise<RunningN8n> {
		const port: number = await n8nEnv.freePort();
		const env = await this.env(extra, port);
		const logFile = path.join(this.userFolder, `n8n-start-${port}.log`);
		const n8n: RunningN8n = n8nEnv.startN8n(this.runtime, { env, port, logFile });
		this.started.push(n8n);
		await n8n.ready();
		return n8n;
	}

	/**
	 * Starts n8n in queue mode on this user folder: a throw-away Redis, `n8n start` (EXECUTIONS_MODE=queue) on a
	 * free port, then `n8n worker` processes; resolves once all are ready.
	 */
	async startQueue(
		extra: Record<string, string> = {},
		{ workers = 2, concurrency = 10 } = {},
	): Promise<QueueMode> {
		const port: number = await n8nEnv.freePort();
		const queue = (await queueMode.startQueueMode(this.runtime, {
			baseEnv: await this.env(extra, port),
			port,
			workers,
			concurrency,
			logDir: this.userFolder,
		})) as QueueMode;
		this.started.push(queue);
		return queue;
	}

	/** Which worker (index) ran each execution id, from the workers' logs. */
	static executionsByWorker(queue: QueueMode): Map<string, number> {
		return queueMode.executionsByWorker(queue.workers) as Map<string, number>;
	}

	/** Stops every n8n this harness started and removes the user folder (kept with DOCPARSE_E2E_KEEP=1). */
	async close(): Promise<void> {
		await Promise.allSettled(this.started.map((n8n) => n8n.stop()));
		if (process.env.DOCPARSE_E2E_KEEP) {
			process.stdout.write(`[docparse] e2e user folder kept: ${this.userFolder}\n`);
			return;
		}
		fs.rmSync(this.userFolder, { recursive: true, force: true });
	}
}

/** A session of the instance owner on a running n8n (REST API as the editor uses it). */
export class OwnerSession {
	private constructor(
		private readonly base: string,
		private readonly cookie: string,
		private readonly traits: N8nTraits,
	) {}

	static async login(n8n: RunningN8n, email: string, password: string): Promise<OwnerSession> {
		await n8nEnv.setUpOwner(n8n, { email, password });
		const base = `http://127.0.0.1:${n8n.port}`;
		const response = await fetch(`${base}/rest/login`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'browser-id': 'docparse-e2e' },
			body: JSON.stringify({ emailOrLdapLoginId: email, password }),
		});
		if (response.status !== 200)
			throw new Error(`login as ${email} failed: ${response.status} ${await response.text()}`);
		const cookie = response.headers
			.getSetCookie()
			.map((c) => c.split(';')[0])
			.join('; ');
		return new OwnerSession(base, cookie, n8n.traits);
	}

	async get(urlPath: string): Promise<{ status: number; body: string; json<T = unknown>(): T }> {
		const response = await fetch(`${this.base}${urlPath}`, {
			headers: { cookie: this.cookie, 'browser-id': 'docparse-e2e' },
		});
		const body = await response.text();
		return { status: response.status, body, json: <T>() => JSON.parse(body) as T };
	}

	async post(
		urlPath: string,
		payload: unknown,
		method: 'POST' | 'PATCH' = 'POST',
	): Promise<{ status: number; body: string; json<T = unknown>(): T }> {
		const response = await fetch(`${this.base}${urlPath}`, {
			method,
			headers: {
				cookie: this.cookie,
				'browser-id': 'docparse-e2e',
				'content-type': 'application/json',
			},
			body: JSON.stringify(payload),
		});
		const body = await response.text();
		return { status: response.status, body, json: <T>() => JSON.parse(body) as T };
	}

	/** Publishes (2.x) or activates (1.x) a saved workflow version, as the editor's button does. */
	async activate(workflowId: string, versionId: string) {
		const call = this.traits.activate(workflowId, versionId);
		return this.post(call.path, call.body, call.method);
	}

	/** The executions of a workflow, newest first: [{ id, status, mode, ... }]. */
	async executions(
		workflowId: string,
	): Promise<Array<{ id: string; status: string; mode: string; finished?: boolean }>> {
		const filter = encodeURIComponent(JSON.stringify({ workflowId }));
		const response = await this.get(`/rest/executions?filter=${filter}`);
		if (response.status !== 200)
			throw new Error(`GET /rest/executions: ${response.status} ${response.body}`);
		const data = response.json<{
			data: { results: Array<{ id: string; status: string; mode: string; finished?: boolean }> };
		}>().data;
		return data.results;
	}

	/** One execution's run data (n8n sends it in "flatted" form; parsed with n8n's own flatted). */
	async execution(id: string): Promise<ExecutionRun> {
		const response = await this.get(`/rest/executions/${id}`);
		if (response.status !== 200)
			throw new Error(`GET /rest/executions/${id}: ${response.status} ${response.body}`);
		const execution = response.json<{ data: { data: string; status: string } }>().data;
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const flatted = require(path.join(n8nEnv.N8N_DIR, 'node_modules', 'flatted')) as {
			parse(text: string): unknown;
		};
		return { status: execution.status, data: flatted.parse(execution.data) } as ExecutionRun;
	}
}

/** Asserts that `n8n execute` ran the workflow to the end: exit code 0 and no error in its run data. */
export function expectSucceeded(run: ExecutionRun | undefined, result: CliResult): void {
	expect({ code: result.code, error: run?.data.resultData.error?.message }).toEqual({
		code: 0,
		error: undefined,
	});
}

/** The items a node produced in a run (first run, first output). */
export function nodeItems(
	run: ExecutionRun | undefined,
	nodeName: string,
	output = 0,
): Array<{ json: Record<string, unknown>; binary?: Record<string, unknown> }> {
	return n8nEnv.nodeItems(run, nodeName, { output });
}

/** Reads a workflow of examples/. */
export function readExample(name: string): Workflow {
	return JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'examples', name), 'utf8')) as Workflow;
}

/** shared/fixtures/mindee (beside the clone in CI, beside the work tree for developers). */
export { mindeeFixturesDir } from '../fakes/fixtures';

export function readMindeeFixture(relative: string): Record<string, unknown> {
	return JSON.parse(fs.readFileSync(mindeeFixturePath(relative), 'utf8')) as Record<
		string,
		unknown
	>;
}

/** The bytes of a body of shared/fixtures/mindee-v2, as stored. */
export function mindeeV2FixtureBytes(relative: string): Buffer {
	return fs.readFileSync(mindeeV2FixturePath(relative));
}

/** The multi-page invoice result the fake Biros API serves for the service svc-invoices. */
export const birosInvoice = JSON.parse(
	fs.readFileSync(path.join(birosFixturesDir, 'invoice_multipage.json'), 'utf8'),
) as {
	service_fields: Record<string, { tag_alias: string; tag_multiple_values: boolean }>;
	document: { original_name: string; page_count: number };
	document_pages: Array<{ entities: Record<string, { text: string } | Array<{ text: string }>> }>;
};

/** The first text found for a field (by alias) in that invoice's result, page by page. */
export function birosInvoiceText(alias: string): string {
	const id = Object.keys(birosInvoice.service_fields).find(
		(key) => birosInvoice.service_fields[key].tag_alias === alias,
	)!;
	for (const page of birosInvoice.document_pages) {
		const entity = page.entities[id];
		if (Array.isArray(entity) && entity.length) return entity[0].text;
		if (entity && !Array.isArray(entity)) return entity.text;
	}
	throw new Error(`no ${alias} in the Biros fixture`);
}

/** A copy of an example workflow of examples/ under another id and name, changed by `edit`. */
export function exampleVariant(
	file: string,
	id: string,
	name: string,
	edit: (workflow: Workflow) => void,
): Workflow {
	const workflow = readExample(file);
	workflow.id = id;
	workflow.name = name;
	edit(workflow);
	return workflow;
}

/**
 * A copy of an example whose node `submitNode` only submits (with `submit` parameters) and whose next node
 * `resultNode` becomes the same node type, with its credentials, getting the result by the submitted job ID
 * and waiting for it (`getResult`: other parameters of that Get Result).
 */
export function submitThenGetResult(
	file: string,
	id: string,
	name: string,
	nodes: { submitNode: string; resultNode: string },
	parameters: { submit: Record<string, unknown>; getResult?: Record<string, unknown> },
): Workflow {
	return exampleVariant(file, id, name, (workflow) => {
		const submit = workflow.nodes.find((node) => node.name === nodes.submitNode)!;
		Object.assign(submit.parameters, parameters.submit);
		Object.assign(
			workflow.nodes.find((node) => node.name === nodes.resultNode)!,
			{
				type: submit.type,
				typeVersion: submit.typeVersion,
				credentials: submit.credentials,
				parameters: {
					operation: 'getResult',
					lookupBy: 'jobId',
					jobId: '={{ $json.job_id }}',
					waitForCompletion: true,
					options: {},
					...parameters.getResult,
				},
			},
		);
	});
}

/** The id of the (first) credential a workflow's node uses, by node name. */
export function credentialIdOf(workflow: Workflow, nodeName: string): string {
	return Object.values(workflow.nodes.find((n) => n.name === nodeName)!.credentials ?? {})[0]!.id;
}

/** The parameters of a workflow's node, by name (for `exampleVariant` edits). */
export function nodeParameters(workflow: Workflow, nodeName: string): Record<string, unknown> {
	return workflow.nodes.find((n) => n.name === nodeName)!.parameters;
}

export { webhookNode } from '../harness/webhookNode';
