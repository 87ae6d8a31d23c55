import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Agent, fetch } from 'undici';

import { samplePdf } from '../../test/harness/files';
import { webhookNode } from '../../test/harness/webhookNode';
import type { FakeMindee } from './fake';
import { repoRoot } from './fake';
import type { NodeRunResult } from './nodeRun';

/* eslint-disable @typescript-eslint/no-require-imports -- the plain-CommonJS scripts of the repository */
const n8nEnv = require(path.join(repoRoot, 'scripts', 'n8n-env.js'));
const queueMode = require(path.join(repoRoot, 'scripts', 'lib', 'queue.js'));
/* eslint-enable @typescript-eslint/no-require-imports */

/** The n8n version of the queue-mode rows (N8N_VERSION). */
export const QUEUE_N8N_VERSION: string = n8nEnv.N8N_VERSION;

const patientClient = new Agent({ headersTimeout: 0, bodyTimeout: 0, connections: 256 });

const CREDENTIAL = { id: 'dpBenchMindee001', name: 'Mindee (bench)' };
const WORKFLOW_ID = 'dpBenchQueue0001';
const WEBHOOK_PATH = 'docparse-bench';

/** Webhook (JSON { fileName, pdfBase64 }) → Mindee Parse Document, answering with the parsed items. */
function workflow(options: Record<string, number>) {
	return {
		id: WORKFLOW_ID,
		name: 'Bench: one document per execution',
		nodes: [
			webhookNode(WEBHOOK_PATH),
			{
				id: crypto.randomUUID(),
				name: 'Mindee',
				type: 'n8n-nodes-docparse.docparseMindee',
				typeVersion: 1,
				position: [200, 0],
				onError: 'continueRegularOutput',
				credentials: { docparseMindeeApi: CREDENTIAL },
				parameters: {
					operation: 'parse',
					product: 'invoices',
					inputType: 'base64',
					base64Content: '={{ $json.body.pdfBase64 }}',
					fileName: '={{ $json.body.fileName }}',
					output: 'simplified',
					options,
				},
			},
		],
		connections: { Webhook: { main: [[{ node: 'Mindee', type: 'main', index: 0 }]] } },
		settings: { executionOrder: 'v1' },
	};
}

async function cli(runtime: unknown, env: NodeJS.ProcessEnv, args: string[], expect: RegExp) {
	const result = (await n8nEnv.runN8nCli(runtime, args, { env })) as {
		code: number;
		stdout: string;
		stderr: string;
	};
	if (result.code !== 0 || !expect.test(result.stdout + result.stderr))
		throw new Error(`n8n ${args[0]} failed:\n${(result.stdout + result.stderr).slice(-3000)}`);
}

/**
 * n8n (N8N_VERSION, default 2.40.7) in queue mode (Redis, one main, `workers` worker processes, scripts/lib/queue.js) with the
 * package installed as the Community Nodes panel installs it; `executions` webhook calls at once, one
 * document each, against the fake API. `ms` runs from the first call to the last answer. The setup
 * (install, import, start) is not timed.
 */
export async function runQueueMode(
	server: FakeMindee,
	{
		executions,
		workers,
		options,
		log,
	}: {
		executions: number;
		workers: number;
		options: Record<string, number>;
		log: (message: string) => void;
	},
): Promise<NodeRunResult & { perWorker: number[] }> {
	const { runtime, built } = await n8nEnv.ensureAll();
	const userFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'docparse-bench-queue-'));
	let queue: {
		main: { port: number };
		workers: Array<{ output(): string }>;
		stop(): Promise<void>;
	};
	try {
		await n8nEnv.installPackage(userFolder, built);
		const env = n8nEnv.n8nEnv(runtime, {
			userFolder,
			brokerPort: await n8nEnv.freePort(),
			logLevel: 'info',
			extra: { N8N_DISABLED_MODULES: 'mcp-registry', N8N_LISTEN_ADDRESS: '127.0.0.1' },
		}) as NodeJS.ProcessEnv;
		const file = path.join(userFolder, 'import.json');
		fs.writeFileSync(
			file,
			JSON.stringify([
				{
					...CREDENTIAL,
					type: 'docparseMindeeApi',
					data: { apiKey: server.apiKey, baseUrl: server.url, webhookSecret: 'bench' },
				},
			]),
		);
		await cli(runtime, env, ['import:credentials', `--input=${file}`], /Successfully imported/);
		fs.writeFileSync(file, JSON.stringify(workflow(options)));
		await cli(runtime, env, ['import:workflow', `--input=${file}`], /Successfully imported/);
		const { traits } = runtime as {
			traits: { publishArgs(id: string): string[]; published(id: string): RegExp };
		};
		await cli(runtime, env, traits.publishArgs(WORKFLOW_ID), traits.published(WORKFLOW_ID));
		fs.rmSync(file);

		const port: number = await n8nEnv.freePort();
		queue = await queueMode.startQueueMode(runtime, {
			baseEnv: env,
			port,
			workers,
			concurrency: executions,
			logDir: userFolder,
		});
		const url = `http://127.0.0.1:${port}/webhook/${WEBHOOK_PATH}`;
		// Production webhooks are registered a moment after start: wait for a 404 to stop (without a document).
		for (const deadline = Date.now() + 60_000; ;) {
			const probe = await fetch(url, { method: 'GET' });
			if (probe.status !== 404 || Date.now() > deadline) break;
			await new Promise((resolve) => setTimeout(resolve, 500));
		}
		log(`queue mode up (${workers} workers); ${executions} executions at once`);

		const requestsBefore = server.requests.length;
		const refusedBefore = server.rateLimited;
		const started = Date.now();
		const answers = await Promise.all(
			Array.from({ length: executions }, async (_, index) => {
				const response = await fetch(url, {
					// The webhook answers when its execution ends: with many at once, later than fetch's 300 s default.
					dispatcher: patientClient,
					method: 'POST',
					headers: { 'content-type': 'application/json' },
					body: JSON.stringify({
						fileName: `queue-${index}.pdf`,
						pdfBase64: samplePdf(1, 3_000 + index).toString('base64'),
					}),
				});
				const text = await response.text();
				try {
					return { status: response.status, items: JSON.parse(text) as Array<{ error?: unknown }> };
				} catch {
					return { status: response.status, items: [{ error: text.slice(0, 300) }] };
				}
			}),
		);
		const ms = Date.now() - started;
		const failures = answers.flatMap((answer) =>
			answer.status !== 200 || !Array.isArray(answer.items)
				? [`HTTP ${answer.status}`]
				: answer.items.filter((item) => item.error !== undefined).map((item) => String(item.error)),
		);
		const byExecution: Map<string, number> = queueMode.executionsByWorker(queue.workers);
		const perWorker = Array.from({ length: workers }, () => 0);
		for (const worker of byExecution.values()) perWorker[worker] += 1;
		return {
			ms,
			items: answers.reduce((sum, answer) => sum + (answer.items?.length ?? 0), 0),
			failed: failures.length,
			firstError: failures[0],
			requests: server.requests.length - requestsBefore,
			rateLimited: server.rateLimited - refusedBefore,
			connections: server.connections,
			perWorker,
		};
	} finally {
		await queue!?.stop();
		if (process.env.DOCPARSE_BENCH_KEEP)
			log(`kept ${userFolder} (n8n-*.log: each process's output)`);
		else fs.rmSync(userFolder, { recursive: true, force: true });
	}
}
