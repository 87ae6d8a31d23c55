'use strict';
/**
 * `npm start`: a real n8n with this package, for newcomers, in one command.
 *
 *   1. Node 24 (from the npm registry when the system Node is older) and n8n in .cache/ (once);
 *   2. builds this package and installs it where n8n's Community Nodes panel would, in
 *      <N8N_USER_FOLDER>/.n8n/nodes/node_modules/n8n-nodes-docparse;
 *   3. without MINDEE_API_KEY / MINDEE_V2_API_KEY / BIROS_API_KEY: starts the local sandbox API (sample responses on
 *      127.0.0.1) and points the credentials at it; with the keys: real credentials;
 *   4. imports the example workflows of examples/ and starts n8n on http://localhost:5678.
 *
 * Options: --check  runs every example workflow once with `n8n execute` before starting n8n
 *          --no-start  stops after the setup (and --check)
 *          --queue  n8n's queue mode: a throw-away Redis (redis-server), the main process and 2 `n8n worker`
 *                   processes (--workers=N) that run the executions (scripts/lib/queue.js)
 * Environment: N8N_VERSION (2.40.7; scripts/lib/n8nVersions.js), N8N_PORT (5678), N8N_USER_FOLDER (.cache/n8n-user,
 *          .cache/n8n-user-<version> for another N8N_VERSION), MINDEE_API_KEY, MINDEE_WEBHOOK_SECRET,
 *          MINDEE_BASE_URL, MINDEE_V2_API_KEY, MINDEE_V2_WEBHOOK_SECRET, MINDEE_V2_BASE_URL, BIROS_API_KEY, BIROS_BASE_URL, DOCPARSE_OWNER_EMAIL, DOCPARSE_OWNER_PASSWORD,
 *          DOCPARSE_DEBUG (the stack of a failure of this script).
 */
const crypto = require('node:crypto');
const dns = require('node:dns');
const fs = require('node:fs');
const path = require('node:path');
const env = require('./n8n-env');
const queueMode = require('./lib/queue');
const { startSandbox } = require('./sandbox');

const { log, REPO_ROOT, SANDBOX_USER_DIR } = env;

const DEFAULT_OWNER = { email: 'demo@example.com', password: 'Docparse-demo-1' };
/**
 * The APIs of the examples, in the order their credentials are imported: the credential n8n gets (same id
 * on every start, so the example workflows keep it), the environment variables of a real account, and
 * the sandbox port used when the API key is not set (fixed when free: stable credentials).
 */
const APIS = [
	{
		name: 'mindee',
		label: 'Mindee',
		credential: { id: 'dpMindeeDemo0001', name: 'Mindee account', type: 'docparseMindeeApi' },
		keyVar: 'MINDEE_API_KEY',
		baseUrlVar: 'MINDEE_BASE_URL',
		baseUrl: 'https://api.mindee.net',
		webhookSecretVar: 'MINDEE_WEBHOOK_SECRET',
		sandboxPort: 5690,
		sandboxAnswers: 'sample responses',
	},
	{
		name: 'mindeeV2',
		label: 'Mindee V2',
		credential: { id: 'dpMindeeV2Demo01', name: 'Mindee V2 account', type: 'docparseMindeeV2Api' },
		keyVar: 'MINDEE_V2_API_KEY',
		baseUrlVar: 'MINDEE_V2_BASE_URL',
		baseUrl: 'https://api-v2.mindee.net',
		webhookSecretVar: 'MINDEE_V2_WEBHOOK_SECRET',
		sandboxPort: 5692,
		sandboxAnswers: 'shipped sample responses',
	},
	{
		name: 'biros',
		label: 'Biros',
		credential: { id: 'dpBirosDemo00001', name: 'Biros account', type: 'docparseBirosApi' },
		keyVar: 'BIROS_API_KEY',
		baseUrlVar: 'BIROS_BASE_URL',
		baseUrl: 'https://platform.mybiros.com',
		sandboxPort: 5691,
		sandboxAnswers: 'sample responses',
	},
];

function sha(value) {
	return crypto.createHash('sha256').update(value).digest('hex');
}

/**
 * The credentials for the examples: real ones from the environment, else the sandbox's. `mode` says which,
 * per API name ('real' | 'sandbox'; absent: no credential).
 */
function credentialsFor(sandbox) {
	const credentials = [];
	const mode = {};
	for (const api of APIS) {
		const real = process.env[api.keyVar];
		const server = sandbox[api.name];
		if (!real && !server) continue;
		mode[api.name] = real ? 'real' : 'sandbox';
		const data = real
			? { apiKey: real, baseUrl: process.env[api.baseUrlVar] || api.baseUrl }
			: { apiKey: server.apiKey, baseUrl: server.url };
		if (api.webhookSecretVar)
			data.webhookSecret = real ? process.env[api.webhookSecretVar] || '' : server.webhookSecret;
		credentials.push({ ...api.credential, data });
	}
	return { credentials, mode };
}

/** Whether n8n's own online services resolve (they do not on an offline machine, a CI runner, a sandbox). */
async function n8nServicesReachable() {
	const lookup = dns.promises.lookup('api.n8n.io').then(
		() => true,
		() => false,
	);
	return Promise.race([
		lookup,
		new Promise((resolve) => setTimeout(() => resolve(false), 3000).unref()),
	]);
}

function exampleFiles() {
	const dir = path.join(REPO_ROOT, 'examples');
	if (!fs.existsSync(dir)) return [];
	return fs
		.readdirSync(dir)
		.filter((name) => name.endsWith('.json'))
		.sort()
		.map((name) => path.join(dir, name));
}

async function cli(runtime, args, n8nEnv, what, expect) {
	const result = await env.runN8nCli(runtime, args, { env: n8nEnv });
	const output = `${result.stdout}\n${result.stderr}`;
	if (result.code !== 0 || (expect && !expect.test(output))) {
		throw new Error(
			`${what} failed (n8n ${args[0]} exited ${result.code}):\n${output.slice(-3000)}`,
		);
	}
	return result;
}

async function main() {
	const argv = process.argv.slice(2);
	const check = argv.includes('--check');
	const noStart = argv.includes('--no-start');
	const queue = argv.includes('--queue');
	const workerCount = Number(
		(argv.find((arg) => arg.startsWith('--workers=')) || '=2').split('=')[1],
	);
	const started = Date.now();

	const { runtime, built } = await env.ensureAll();

	const userFolder = path.resolve(process.env.N8N_USER_FOLDER || SANDBOX_USER_DIR);
	fs.mkdirSync(userFolder, { recursive: true });
	const installed = await env.installPackage(userFolder, built);
	log(
		`${installed.installed ? 'installed' : 'already installed'}: ${path.relative(REPO_ROOT, installed.target) || installed.target}`,
	);

	const port = Number(process.env.N8N_PORT || 5678);
	if (!noStart && !(await env.portIsFree(port, '0.0.0.0'))) {
		throw new Error(
			`port ${port} is in use (another n8n?). Stop it or choose another port: N8N_PORT=5688 npm start`,
		);
	}
	const brokerPort = (await env.portIsFree(5679)) && port !== 5679 ? 5679 : await env.freePort();

	// The sandbox for each API without a key, on its fixed port when free (stable credentials).
	const sandboxOptions = {};
	for (const api of APIS) {
		const wanted = !process.env[api.keyVar];
		sandboxOptions[api.name] = wanted;
		sandboxOptions[`${api.name}Port`] =
			wanted && (await env.portIsFree(api.sandboxPort)) ? api.sandboxPort : 0;
	}
	const sandbox = await startSandbox(sandboxOptions);
	let n8n;
	let stopping = false;
	const shutdown = async (code) => {
		if (stopping) return;
		stopping = true;
		if (n8n) {
			log('stopping n8n...');
			await n8n.stop();
			log('n8n stopped');
		}
		await sandbox.close();
		process.exit(code);
	};
	// Ctrl-C, or the terminal closing: n8n stops cleanly before this process exits.
	for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => shutdown(0));

	try {
		const owner = {
			email: process.env.DOCPARSE_OWNER_EMAIL || DEFAULT_OWNER.email,
			password: process.env.DOCPARSE_OWNER_PASSWORD || DEFAULT_OWNER.password,
		};
		// What was imported into this user folder's database (kept beside it: a new database starts afresh).
		const stateFile = path.join(userFolder, '.n8n', 'docparse-start.json');
		const state = (() => {
			if (!fs.existsSync(path.join(userFolder, '.n8n', 'database.sqlite'))) return {};
			try {
				return JSON.parse(fs.readFileSync(stateFile, 'utf8'));
			} catch {
				return {};
			}
		})();
		const ownerKey = sha(`${owner.email}\0${owner.password}`);
		const ownerPasswordHash =
			state.ownerKey === ownerKey && state.ownerPasswordHash
				? state.ownerPasswordHash
				: env.bcryptHash(runtime, owner.password);
		// Offline, n8n's MCP-server registry module prints a stack trace at every start: leave it out then.
		const extra = {};
		if (!process.env.N8N_DISABLED_MODULES && !(await n8nServicesReachable())) {
			extra.N8N_DISABLED_MODULES = 'mcp-registry';
			log('api.n8n.io does not resolve (offline?): starting n8n without its MCP-registry module');
		}
		const n8nEnv = env.n8nEnv(runtime, {
			userFolder,
			port,
			brokerPort,
			ownerEmail: owner.email,
			ownerPasswordHash,
			extra,
		});
		const cliEnv = { ...n8nEnv, N8N_RUNNERS_BROKER_PORT: String(await env.freePort()) };

		// Credentials: re-imported when they change (the sandbox port, a key). Same ids, so workflows keep them.
		const { credentials, mode } = credentialsFor(sandbox);
		const credentialsKey = sha(JSON.stringify(credentials));
		if (credentials.length && state.credentialsKey !== credentialsKey) {
			const file = path.join(userFolder, '.docparse-credentials.json');
			fs.writeFileSync(file, JSON.stringify(credentials), { mode: 0o600 });
			try {
				await cli(
					runtime,
					['import:credentials', `--input=${file}`],
					cliEnv,
					'importing the credentials',
					/Successfully imported/,
				);
			} finally {
				fs.rmSync(file, { force: true });
			}
			log(
				`credentials imported: ${APIS.filter((api) => mode[api.name])
					.map((api) => `${api.credential.name} (${mode[api.name]})`)
					.join(', ')}`,
			);
		}

		// Example workflows: imported when examples/ changed since the last import (your edits in n8n stay otherwise).
		const examples = exampleFiles();
		const examplesKey = sha(examples.map((f) => fs.readFileSync(f, 'utf8')).join('\0'));
		if (examples.length && state.examplesKey !== examplesKey) {
			await cli(
				runtime,
				['import:workflow', '--separate', `--input=${path.join(REPO_ROOT, 'examples')}`],
				cliEnv,
				'importing the example workflows',
				/Successfully imported/,
			);
			log(`example workflows imported: ${examples.map((f) => path.basename(f)).join(', ')}`);
		}
		fs.writeFileSync(
			stateFile,
			JSON.stringify({ ownerKey, ownerPasswordHash, credentialsKey, examplesKey }, null, 2),
			{ mode: 0o600 },
		);
		// The imports above created the database: the package's record, as n8n's panel writes it on install,
		// so Settings → Community nodes lists it with its version.
		const recorded = env.recordInstalledPackage(runtime, userFolder);
		if (recorded !== 'unchanged') log(`Community nodes record: ${recorded}`);

		if (check) {
			for (const file of examples) {
				const workflow = JSON.parse(fs.readFileSync(file, 'utf8'));
				if (
					workflow.nodes.some(
						(node) => /trigger/i.test(node.type) && !/manualTrigger$/.test(node.type),
					)
				)
					continue;
				const t0 = Date.now();
				const result = await env.runN8nCli(
					runtime,
					['execute', `--id=${workflow.id}`, '--rawOutput'],
					{ env: cliEnv },
				);
				const summary = summarizeRun(result.stdout);
				if (result.code !== 0 || !summary) {
					throw new Error(
						`example "${workflow.name}" failed:\n${(result.stdout + result.stderr).slice(-3000)}`,
					);
				}
				log(
					`example "${workflow.name}" ran in ${((Date.now() - t0) / 1000).toFixed(0)}s: ${summary}`,
				);
			}
		}

		if (noStart) {
			await shutdown(0);
			return;
		}

		log(
			`starting n8n ${runtime.n8nVersion} (Node ${runtime.version})${queue ? ` in queue mode with ${workerCount} workers` : ''}, user folder ${userFolder}`,
		);
		let redisPort;
		if (queue) {
			const setup = await queueMode.startQueueMode(runtime, {
				baseEnv: n8nEnv,
				port,
				workers: workerCount,
				concurrency: 10,
				logDir: env.LOG_DIR,
				echo: true,
			});
			n8n = { ...setup.main, stop: setup.stop };
			redisPort = setup.redis.port;
		} else {
			n8n = env.startN8n(runtime, {
				env: n8nEnv,
				port,
				echo: true,
				logFile: path.join(env.LOG_DIR, 'n8n.log'),
			});
		}
		n8n.exited.then(({ code, signal }) => {
			if (!stopping) {
				log(`n8n stopped (${signal || `exit ${code}`})`);
				shutdown(code || 1);
			}
		});
		await n8n.ready();
		await env.setUpOwner(n8n, owner);
		const loadError =
			/Failed to load package "n8n-nodes-docparse"|n8n-nodes-docparse[^\n]*(error|failed)/i.exec(
				n8n.output(),
			);
		const lines = [
			'',
			'='.repeat(72),
			// The Overview: from the bare address, n8n 2.40 lands on its Assistant page after sign-in.
			`n8n is running: http://localhost:${port}/home/workflows   (ready after ${((Date.now() - started) / 1000).toFixed(0)}s; Ctrl-C stops it)`,
			`Log in as ${owner.email} / ${process.env.DOCPARSE_OWNER_PASSWORD ? '(the password in DOCPARSE_OWNER_PASSWORD)' : owner.password}`,
			loadError
				? `WARNING: n8n reported a problem loading n8n-nodes-docparse: ${loadError[0]}`
				: 'Nodes: search "Mindee", "Mindee V2" or "Biros" in the node panel (package n8n-nodes-docparse).',
			...APIS.map(
				(api) =>
					`${`${api.label}:`.padEnd(7)} ${
						mode[api.name] === 'real'
							? `real API (${api.keyVar})`
							: sandbox[api.name]
								? `local sandbox ${sandbox[api.name].url} (${api.sandboxAnswers})`
								: 'no credential'
					}`,
			),
			examples.length
				? `Example workflows (Overview page): ${examples.map((f) => path.basename(f, '.json')).join(', ')}`
				: '',
			queue
				? `Queue mode: Redis on 127.0.0.1:${redisPort}, ${workerCount} workers run the executions (logs: ${path.relative(REPO_ROOT, env.LOG_DIR)}/n8n-worker-*.log)`
				: '',
			'='.repeat(72),
			'',
		].filter((line) => line !== '');
		process.stdout.write(`${lines.join('\n')}\n`);
	} catch (error) {
		await shutdown(1).catch(() => {});
		throw error;
	}
}

/** "1 item from "X": invoice_number=..., ..." from `n8n execute --rawOutput` output (the last node's items). */
function summarizeRun(stdout) {
	const run = env.parseExecuteOutput(stdout);
	const resultData = run?.data?.resultData;
	if (!resultData || resultData.error) return undefined;
	const last = resultData.lastNodeExecuted;
	const items = env.nodeItems(run, last);
	const first = items[0]?.json ?? {};
	const fields = Object.entries(first)
		.slice(0, 4)
		.map(([key, value]) => `${key}=${typeof value === 'object' ? JSON.stringify(value) : value}`)
		.join(', ');
	return `${items.length} item${items.length === 1 ? '' : 's'} from "${last}"${fields ? `: ${fields}` : ''}`;
}

main().catch((error) => {
	// Expected failures (a port in use, an install step) say what to do in their message; the stack is for bugs.
	const detail = process.env.DOCPARSE_DEBUG ? error.stack : error.message;
	process.stderr.write(
		`[docparse] npm start failed: ${detail}${process.env.DOCPARSE_DEBUG ? '' : '\n(DOCPARSE_DEBUG=1 npm start shows the stack)'}\n`,
	);
	process.exit(1);
});
