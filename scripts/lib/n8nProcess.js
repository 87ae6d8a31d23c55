'use strict';
/** n8n processes: their environment, `n8n start` / `n8n worker` until stopped, and CLI commands. */
const fs = require('node:fs');

const { spawnGuarded, stopGuarded } = require('./guarded');
const { terminalEcho } = require('./n8nOutput');
const { childEnv } = require('./run');

/**
 * Environment for an n8n process: SQLite in <userFolder>/.n8n, no telemetry, no version or personalisation
 * prompts, no owner-setup screen (n8n 2.x creates the owner from N8N_INSTANCE_OWNER_* when `ownerPasswordHash`
 * is given; 1.x through setUpOwner()), and the task broker on its own port so several n8n processes can run
 * side by side. N8N_DISABLED_MODULES keeps only the modules this n8n version has.
 */
function n8nEnv(
	runtime,
	{ userFolder, port, brokerPort, ownerEmail, ownerPasswordHash, logLevel, extra = {} } = {},
) {
	const env = childEnv(
		{
			N8N_USER_FOLDER: userFolder,
			DB_TYPE: 'sqlite',
			N8N_DIAGNOSTICS_ENABLED: 'false',
			N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
			N8N_PERSONALIZATION_ENABLED: 'false',
			N8N_HIRING_BANNER_ENABLED: 'false',
			N8N_SECURE_COOKIE: 'false',
			N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
			N8N_RUNNERS_MODE: 'internal',
			N8N_UNVERIFIED_PACKAGES_ENABLED: 'true',
			// Expressions may not read the environment: n8n 2.x's default, which 1.x does not have yet.
			N8N_BLOCK_ENV_ACCESS_IN_NODE: 'true',
			N8N_LOG_LEVEL: logLevel || process.env.N8N_LOG_LEVEL || 'info',
			N8N_LOG_OUTPUT: 'console',
			NODE_ENV: 'production',
		},
		{ binDir: runtime.binDir },
	);
	if (port) env.N8N_PORT = String(port);
	if (brokerPort) env.N8N_RUNNERS_BROKER_PORT = String(brokerPort);
	if (ownerPasswordHash) Object.assign(env, ownerEnv(runtime, ownerEmail, ownerPasswordHash));
	return withKnownModules(runtime, { ...env, ...extra });
}

/** The variables that make n8n 2.x create (or update) its owner at start; none for 1.x (see setUpOwner). */
function ownerEnv(runtime, email, passwordHash) {
	if (!runtime.traits.ownerFromEnv) return {};
	return {
		N8N_INSTANCE_OWNER_MANAGED_BY_ENV: 'true',
		N8N_INSTANCE_OWNER_EMAIL: email,
		N8N_INSTANCE_OWNER_PASSWORD_HASH: passwordHash,
	};
}

function withKnownModules(runtime, env) {
	if (!env.N8N_DISABLED_MODULES) return env;
	const modules = env.N8N_DISABLED_MODULES.split(',')
		.map((name) => name.trim())
		.filter((name) => runtime.traits.knownModules.includes(name));
	const kept = { ...env, N8N_DISABLED_MODULES: modules.join(',') };
	if (!modules.length) delete kept.N8N_DISABLED_MODULES;
	return kept;
}

/**
 * On n8n 1.x, sets up the owner of a started n8n whose owner is not set up yet, as the editor's setup screen
 * does (2.x created it at start from ownerEnv()).
 */
async function setUpOwner(n8n, { email, password }) {
	if (n8n.traits.ownerFromEnv) return;
	const base = `http://127.0.0.1:${n8n.port}`;
	const settings = await fetch(`${base}/rest/settings`).then((response) => response.json());
	if (!settings.data.userManagement.showSetupOnFirstLoad) return;
	const response = await fetch(`${base}/rest/owner/setup`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ email, password, firstName: 'Docparse', lastName: 'Owner' }),
	});
	if (response.status !== 200)
		throw new Error(
			`setting up the owner ${email} failed: ${response.status} ${await response.text()}`,
		);
}

/** Runs an n8n CLI command (`import:workflow`, `execute`, ...) to completion. Resolves { code, stdout, stderr }. */
function runN8nCli(runtime, args, { env, timeoutMs = 180000 } = {}) {
	return new Promise((resolve, reject) => {
		const child = spawnGuarded(runtime.nodeBin, [runtime.n8nBin, ...args], { env });
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (chunk) => (stdout += chunk));
		child.stderr.on('data', (chunk) => (stderr += chunk));
		const timer = setTimeout(() => {
			stopGuarded(child, 2000);
			reject(
				new Error(
					`n8n ${args.join(' ')} did not finish within ${timeoutMs / 1000}s\n${stdout}\n${stderr}`,
				),
			);
		}, timeoutMs);
		child.on('error', (error) => {
			clearTimeout(timer);
			reject(error);
		});
		child.on('close', (code) => {
			clearTimeout(timer);
			resolve({ code, stdout, stderr });
		});
	});
}

/** How long `n8n start` may take to shut down before it is killed: beyond n8n's own limit. */
const STOP_GRACE_MS = 35000;

/**
 * Starts `n8n start` (or `n8n worker` with `worker: { concurrency }`, for queue mode) under the guard.
 * Returns { child, url, port, traits (n8nVersions.js), output(), waitFor(re, ms), ready(ms), stop() }.
 * `output()` is everything n8n printed so far; it is also written to `logFile` when given.
 */
function startN8n(runtime, { env, port, logFile, echo = false, worker }) {
	const args = worker ? ['worker', `--concurrency=${worker.concurrency}`] : ['start'];
	const child = spawnGuarded(runtime.nodeBin, [runtime.n8nBin, ...args], { env });
	let output = '';
	const file = logFile ? fs.createWriteStream(logFile) : undefined;
	const waiters = new Set();
	const toTerminal = echo ? terminalEcho((text) => process.stdout.write(text), logFile) : undefined;
	const onData = (chunk) => {
		const text = chunk.toString('utf8');
		output += text;
		if (file) file.write(text);
		if (toTerminal) toTerminal(text);
		for (const waiter of waiters) waiter();
	};
	child.stdout.on('data', onData);
	child.stderr.on('data', onData);
	let exited;
	const exitPromise = new Promise((resolve) =>
		child.on('exit', (code, signal) => resolve((exited = { code, signal }))),
	);
	exitPromise.then(() => {
		if (file) file.end();
		for (const waiter of waiters) waiter();
	});
	const url = `http://localhost:${port}`;

	/** Resolves with the match once n8n's output matches `re`; rejects on exit or timeout. */
	const waitFor = (re, timeoutMs = 120000) =>
		new Promise((resolve, reject) => {
			const check = () => {
				const match = re.exec(output);
				if (match) return done(null, match);
				if (exited)
					return done(
						new Error(
							`n8n exited (${exited.signal || exited.code}) before printing ${re}\n${output.slice(-4000)}`,
						),
					);
				return undefined;
			};
			const timer = setTimeout(
				() =>
					done(
						new Error(
							`n8n did not print ${re} within ${timeoutMs / 1000}s\n${output.slice(-4000)}`,
						),
					),
				timeoutMs,
			);
			function done(error, match) {
				clearTimeout(timer);
				waiters.delete(check);
				if (error) reject(error);
				else resolve(match);
			}
			waiters.add(check);
			check();
		});

	/** Waits until the editor answers and /healthz/readiness says the database is up (a worker: until it says so). */
	const ready = async (timeoutMs = 180000) => {
		if (worker) {
			await waitFor(/n8n worker is now ready/, timeoutMs);
			return;
		}
		await waitFor(/Editor is now accessible via/, timeoutMs);
		const deadline = Date.now() + 30000;
		for (;;) {
			try {
				const response = await fetch(`http://127.0.0.1:${port}/healthz/readiness`);
				if (response.ok) return;
			} catch {
				/* not yet */
			}
			if (Date.now() > deadline)
				throw new Error(`n8n on port ${port} is not ready\n${output.slice(-4000)}`);
			await new Promise((resolve) => setTimeout(resolve, 250));
		}
	};

	return {
		child,
		port,
		url,
		traits: runtime.traits,
		output: () => output,
		exited: exitPromise,
		waitFor,
		ready,
		// n8n shuts down cleanly within its own limit (N8N_GRACEFUL_SHUTDOWN_TIMEOUT, 30 s by default); killed
		// before, its next start says "Last session crashed" and waits 10 s.
		stop: () => stopGuarded(child, worker ? 10000 : STOP_GRACE_MS),
	};
}

module.exports = { n8nEnv, ownerEnv, setUpOwner, runN8nCli, startN8n };
