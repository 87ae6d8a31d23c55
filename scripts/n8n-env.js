'use strict';
/**
 * Installs and drives a real n8n for `npm start` and the end-to-end tests.
 *
 * Everything lands in the ignored cache folder of the project (`.cache/`, or DOCPARSE_CACHE_DIR):
 *   .cache/node24/  a Node 24 binary from the npm registry (package node-<os>-<arch>), when the system Node is older
 *   .cache/n8n/     n8n@N8N_VERSION, installed with --ignore-scripts, then sqlite3 compiled for that Node
 *   .cache/package/<hash>/  the packed n8n-nodes-docparse tarball for the current sources
 * Each step writes a stamp and is skipped when its stamp matches, so a second run installs nothing.
 *
 * Plain CommonJS on purpose: `npm start` and .ci/run use it before anything is built.
 */
const { spawn, spawnSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const N8N_VERSION = '2.40.7';
const NODE_MAJOR = 24;
const PACKAGE_NAME = 'n8n-nodes-docparse';

const REPO_ROOT = path.resolve(__dirname, '..');
const CACHE_DIR = path.resolve(process.env.DOCPARSE_CACHE_DIR || path.join(REPO_ROOT, '.cache'));
const NODE24_DIR = path.join(CACHE_DIR, 'node24');
const N8N_DIR = path.join(CACHE_DIR, 'n8n');
const PACK_DIR = path.join(CACHE_DIR, 'package');
const LOG_DIR = path.join(CACHE_DIR, 'logs');
const GUARD = path.join(__dirname, 'lib', 'guard.js');

const isTty = Boolean(process.stdout.isTTY) && !process.env.CI;

function log(message) {
	process.stdout.write(`[docparse] ${message}\n`);
}

function seconds(since) {
	return `${((Date.now() - since) / 1000).toFixed(0)}s`;
}

/* ------------------------------------------------------------------ processes */

/**
 * The environment for npm and n8n child processes: the wanted Node first on PATH, and none of the
 * `npm_*` variables of an outer `npm start`/`npm test` (they would leak that project's settings, such as
 * its ignore-scripts, into installs that happen in other folders).
 */
function childEnv(extra = {}, { binDir } = {}) {
	const env = {};
	for (const [key, value] of Object.entries(process.env)) {
		if (
			/^npm_/i.test(key) &&
			!/^npm_config_(registry|cache|userconfig|globalconfig|proxy|https_proxy|noproxy|cafile|strict_ssl)$/i.test(
				key,
			)
		)
			continue;
		if (value !== undefined) env[key] = value;
	}
	if (binDir) env.PATH = `${binDir}${path.delimiter}${env.PATH || ''}`;
	return { ...env, ...extra };
}

/**
 * Runs a command to completion. Output goes to a log file (and to the console with `echo`); `progress`
 * gets each output line and may return a short status that is shown while the command runs.
 */
function run(
	command,
	args,
	{ cwd = REPO_ROOT, env = childEnv(), label, logName, progress, echo = false } = {},
) {
	fs.mkdirSync(LOG_DIR, { recursive: true });
	const logFile = path.join(LOG_DIR, `${logName || 'command'}.log`);
	const out = fs.createWriteStream(logFile);
	out.write(`$ ${command} ${args.join(' ')}\n(cwd ${cwd})\n`);
	const started = Date.now();
	let status = '';
	let lastShown = 0;
	const show = (final) => {
		if (!label) return;
		const current = (!final && progress && progress.idle && progress.idle()) || status;
		const line = `${label}${current ? `: ${current}` : ''} (${seconds(started)})`;
		if (isTty) process.stdout.write(`\r[docparse] ${line}\x1b[K${final ? '\n' : ''}`);
		else if (final || Date.now() - lastShown > 15000) {
			process.stdout.write(`[docparse] ${line}\n`);
			lastShown = Date.now();
		}
	};
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
		const tail = [];
		let partial = '';
		const onData = (chunk) => {
			out.write(chunk);
			if (echo) process.stdout.write(chunk);
			const lines = (partial + chunk.toString('utf8')).split('\n');
			partial = lines.pop() ?? '';
			for (const line of lines) {
				tail.push(line);
				if (tail.length > 40) tail.shift();
				if (progress) {
					const next = progress(line);
					if (next) status = next;
				}
			}
		};
		child.stdout.on('data', onData);
		child.stderr.on('data', onData);
		const timer = label ? setInterval(() => show(false), isTty ? 1000 : 5000) : undefined;
		if (label) {
			lastShown = Date.now();
			process.stdout.write(`[docparse] ${label}...${isTty ? '' : '\n'}`);
		}
		child.on('error', (error) => {
			if (timer) clearInterval(timer);
			out.end();
			reject(error);
		});
		child.on('close', (code, signal) => {
			if (timer) clearInterval(timer);
			if (partial) tail.push(partial);
			out.end();
			if (code === 0) {
				status = 'done';
				show(true);
				resolve({ logFile, output: tail.join('\n') });
			} else {
				if (label && isTty) process.stdout.write('\n');
				const error = new Error(
					`${command} ${args.join(' ')} failed (${signal || `exit ${code}`}) after ${seconds(started)}; full log: ${logFile}\n--- last lines ---\n${tail.join('\n')}`,
				);
				reject(error);
			}
		});
	});
}

function npmCommand() {
	return process.platform === 'win32' ? 'npm.cmd' : 'npm';
}

/**
 * Progress for `npm install --loglevel=http`: one line per registry request (metadata or tarball, from the
 * network or npm's cache); once they stop, npm is unpacking and linking.
 */
function npmFetchProgress() {
	let fetched = 0;
	let lastFetch = Date.now();
	const progress = (line) => {
		if (/^npm http (fetch|cache) /.test(line)) {
			fetched += 1;
			lastFetch = Date.now();
			return `${fetched} registry fetches`;
		}
		return undefined;
	};
	progress.idle = () =>
		fetched > 0 && Date.now() - lastFetch > 8000
			? `${fetched} registry fetches, unpacking and linking`
			: undefined;
	return progress;
}

/* ------------------------------------------------------------------ stamps and locks */

function readJson(file) {
	try {
		return JSON.parse(fs.readFileSync(file, 'utf8'));
	} catch {
		return undefined;
	}
}

function writeJson(file, value) {
	fs.mkdirSync(path.dirname(file), { recursive: true });
	fs.writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

function isAlive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return error.code === 'EPERM';
	}
}

/** A lock between processes (jest workers, a second `npm start`): a folder that holds the owner's pid. */
async function withLock(name, fn) {
	const dir = path.join(CACHE_DIR, 'locks', `${name}.lock`);
	fs.mkdirSync(path.dirname(dir), { recursive: true });
	let waitingSince;
	for (;;) {
		try {
			fs.mkdirSync(dir);
			fs.writeFileSync(path.join(dir, 'pid'), String(process.pid));
			break;
		} catch (error) {
			if (error.code !== 'EEXIST') throw error;
			let owner = 0;
			try {
				owner = Number(fs.readFileSync(path.join(dir, 'pid'), 'utf8').trim() || 0);
			} catch {
				/* just created by another process, or left without its pid by one that died right then */
			}
			const stale = owner
				? !isAlive(owner)
				: Date.now() - (fs.statSync(dir, { throwIfNoEntry: false })?.mtimeMs ?? 0) > 30000;
			if (stale) {
				fs.rmSync(dir, { recursive: true, force: true });
				continue;
			}
			if (!waitingSince) {
				waitingSince = Date.now();
				log(`waiting for another process (pid ${owner || '?'}) to finish "${name}"`);
			}
			await new Promise((resolve) => setTimeout(resolve, 1000));
		}
	}
	try {
		return await fn();
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
}

/* ------------------------------------------------------------------ Node 24 */

function nodePackageName() {
	const platform = process.platform === 'win32' ? 'win' : process.platform;
	return `node-${platform}-${process.arch}`;
}

function nodeMajor(nodeBin) {
	const result = spawnSync(nodeBin, ['-p', 'process.versions.node'], { encoding: 'utf8' });
	if (result.status !== 0) return 0;
	return Number(String(result.stdout).trim().split('.')[0]);
}

/**
 * A Node >= 24 for n8n: the running one if it is recent enough (and has its headers for native builds),
 * else the binary of the npm package node-<os>-<arch>@24 in .cache/node24.
 * Returns { nodeBin, binDir, nodeDir, version }.
 */
async function ensureNode() {
	const systemMajor = Number(process.versions.node.split('.')[0]);
	const systemPrefix = path.resolve(path.dirname(process.execPath), '..');
	if (
		systemMajor >= NODE_MAJOR &&
		fs.existsSync(path.join(systemPrefix, 'include', 'node', 'node.h'))
	) {
		return {
			nodeBin: process.execPath,
			binDir: path.dirname(process.execPath),
			nodeDir: systemPrefix,
			version: process.versions.node,
		};
	}
	const pkg = nodePackageName();
	const nodeDir = path.join(NODE24_DIR, 'node_modules', pkg);
	const nodeBin = path.join(nodeDir, 'bin', process.platform === 'win32' ? 'node.exe' : 'node');
	if (!(fs.existsSync(nodeBin) && nodeMajor(nodeBin) === NODE_MAJOR)) {
		await withLock('node24', async () => {
			if (fs.existsSync(nodeBin) && nodeMajor(nodeBin) === NODE_MAJOR) return;
			fs.mkdirSync(NODE24_DIR, { recursive: true });
			if (!fs.existsSync(path.join(NODE24_DIR, 'package.json'))) {
				writeJson(path.join(NODE24_DIR, 'package.json'), {
					name: 'docparse-node24',
					private: true,
				});
			}
			log(
				`Node ${process.versions.node} is older than ${NODE_MAJOR}: fetching ${pkg}@${NODE_MAJOR} from the npm registry`,
			);
			await run(
				npmCommand(),
				[
					'install',
					'--no-save',
					'--no-audit',
					'--no-fund',
					'--ignore-scripts',
					'--loglevel=http',
					`${pkg}@${NODE_MAJOR}`,
				],
				{
					cwd: NODE24_DIR,
					label: `installing ${pkg}@${NODE_MAJOR} (~60 MB)`,
					logName: 'node24-install',
					progress: npmFetchProgress(),
				},
			);
			if (nodeMajor(nodeBin) !== NODE_MAJOR)
				throw new Error(`${nodeBin} does not run as Node ${NODE_MAJOR}`);
		});
	}
	const version = spawnSync(nodeBin, ['-p', 'process.versions.node'], {
		encoding: 'utf8',
	}).stdout.trim();
	return { nodeBin, binDir: path.dirname(nodeBin), nodeDir, version };
}

/* ------------------------------------------------------------------ n8n */

const N8N_STAMP = path.join(N8N_DIR, '.docparse-install.json');

function n8nBinPath() {
	return path.join(N8N_DIR, 'node_modules', 'n8n', 'bin', 'n8n');
}

function sqliteLoads(node) {
	const result = spawnSync(node.nodeBin, ['-e', "require('sqlite3')"], {
		cwd: N8N_DIR,
		encoding: 'utf8',
	});
	return result.status === 0;
}

/**
 * n8n@N8N_VERSION in .cache/n8n: `npm install --ignore-scripts` (nothing downloads binaries from outside the
 * registry), then `npm rebuild sqlite3` compiled from source against the Node 24 headers. Skipped when the
 * stamp says it is done for this n8n and this Node. Returns { ...node, n8nBin, n8nVersion }.
 */
async function ensureN8n({ node } = {}) {
	node = node || (await ensureNode());
	const wanted = { n8n: N8N_VERSION, node: node.version.split('.')[0], sqlite3: 'built' };
	const done = () => {
		const stamp = readJson(N8N_STAMP);
		return (
			stamp && stamp.n8n === wanted.n8n && stamp.node === wanted.node && fs.existsSync(n8nBinPath())
		);
	};
	if (!done()) {
		await withLock('n8n', async () => {
			if (done()) return;
			const started = Date.now();
			fs.mkdirSync(N8N_DIR, { recursive: true });
			fs.rmSync(N8N_STAMP, { force: true });
			writeJson(path.join(N8N_DIR, 'package.json'), {
				name: 'docparse-n8n-runtime',
				private: true,
			});
			const env = childEnv({}, { binDir: node.binDir });
			await run(
				npmCommand(),
				[
					'install',
					'--no-save',
					'--no-audit',
					'--no-fund',
					'--ignore-scripts',
					'--loglevel=http',
					`n8n@${N8N_VERSION}`,
				],
				{
					cwd: N8N_DIR,
					env,
					label: `installing n8n@${N8N_VERSION} (~2,400 packages, a few minutes the first time)`,
					logName: 'n8n-install',
					progress: npmFetchProgress(),
				},
			);
			let compiled = 0;
			await run(
				npmCommand(),
				[
					'rebuild',
					'sqlite3',
					'--ignore-scripts=false',
					'--foreground-scripts',
					`--nodedir=${node.nodeDir}`,
				],
				{
					cwd: N8N_DIR,
					env: childEnv(
						{ npm_config_nodedir: node.nodeDir, JOBS: String(Math.max(1, os.cpus().length)) },
						{ binDir: node.binDir },
					),
					label: `compiling sqlite3 for Node ${node.version} (about a minute)`,
					logName: 'sqlite3-rebuild',
					progress: (line) => {
						if (/prebuild-install .*(http|ENOTFOUND|ECONN)/i.test(line))
							return 'no prebuilt binary, building from source';
						const cc = /^\s*(?:CC|CXX)\(target\)\s+(\S+)/.exec(line);
						if (cc) return `file ${++compiled}: ${path.basename(cc[1]).replace(/\.o$/, '')}`;
						return undefined;
					},
				},
			);
			if (!sqliteLoads(node)) {
				throw new Error(
					`sqlite3 was rebuilt but does not load with Node ${node.version}; see ${path.join(LOG_DIR, 'sqlite3-rebuild.log')} (a C++ toolchain, make and python3 are needed)`,
				);
			}
			writeJson(N8N_STAMP, {
				...wanted,
				nodeVersion: node.version,
				installedAt: new Date().toISOString(),
			});
			log(`n8n@${N8N_VERSION} ready in ${seconds(started)}`);
		});
	}
	return { ...node, n8nBin: n8nBinPath(), n8nVersion: N8N_VERSION };
}

/* ------------------------------------------------------------------ this package */

function listFiles(dir, filter) {
	const found = [];
	if (!fs.existsSync(dir)) return found;
	for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
		const full = path.join(dir, entry.name);
		if (entry.isDirectory()) found.push(...listFiles(full, filter));
		else if (filter(full)) found.push(full);
	}
	return found;
}

/** A hash of everything that goes into the built package. */
function sourceHash() {
	const hash = crypto.createHash('sha256');
	const files = [
		...[
			'package.json',
			'package-lock.json',
			'tsconfig.json',
			'tsconfig.build.json',
			'gulpfile.js',
		].map((f) => path.join(REPO_ROOT, f)),
		...listFiles(path.join(REPO_ROOT, 'nodes'), (f) => !f.endsWith('.test.ts')),
		...listFiles(path.join(REPO_ROOT, 'credentials'), (f) => !f.endsWith('.test.ts')),
	].sort();
	for (const file of files) {
		if (!fs.existsSync(file)) continue;
		hash.update(path.relative(REPO_ROOT, file));
		hash.update('\0');
		hash.update(fs.readFileSync(file));
		hash.update('\0');
	}
	return hash.digest('hex').slice(0, 16);
}

/**
 * `npm run build` and `npm pack` of this repository, once per state of the sources (cached by hash in
 * .cache/package/<hash>/). Returns { tarball, hash, version }.
 */
async function buildPackage({ quiet = false } = {}) {
	const pkg = readJson(path.join(REPO_ROOT, 'package.json'));
	const hash = sourceHash();
	const dir = path.join(PACK_DIR, hash);
	const tarball = path.join(dir, `${PACKAGE_NAME}-${pkg.version}.tgz`);
	if (!fs.existsSync(tarball)) {
		await withLock('package', async () => {
			if (fs.existsSync(tarball)) return;
			const started = Date.now();
			await run(npmCommand(), ['run', 'build'], {
				label: quiet ? undefined : 'building n8n-nodes-docparse (npm run build)',
				logName: 'build',
			});
			const missing = [...pkg.n8n.nodes, ...pkg.n8n.credentials].filter(
				(f) => !fs.existsSync(path.join(REPO_ROOT, f)),
			);
			if (missing.length)
				log(`warning: the build has no ${missing.join(', ')} (listed in package.json "n8n")`);
			const tmp = `${dir}.tmp-${process.pid}`;
			fs.rmSync(tmp, { recursive: true, force: true });
			fs.mkdirSync(tmp, { recursive: true });
			await run(npmCommand(), ['pack', '--pack-destination', tmp, '--ignore-scripts'], {
				logName: 'pack',
			});
			fs.rmSync(dir, { recursive: true, force: true });
			fs.renameSync(tmp, dir);
			if (!quiet) log(`packed ${path.relative(REPO_ROOT, tarball)} in ${seconds(started)}`);
			// Keep the cache small: the last few builds only.
			const builds = fs
				.readdirSync(PACK_DIR)
				.map((name) => path.join(PACK_DIR, name))
				.filter((p) => p !== dir && fs.statSync(p).isDirectory())
				.sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs);
			for (const old of builds.slice(3)) fs.rmSync(old, { recursive: true, force: true });
		});
	}
	return { tarball, hash, version: pkg.version };
}

/**
 * Installs the packed package the way n8n's Community Nodes panel does (n8n 2.40: `npm pack`, untar into
 * <N8N_USER_FOLDER>/.n8n/nodes/node_modules/<name>, drop dev/peer/optional dependencies from its
 * package.json, then a shallow `npm install` inside it): the runtime dependencies (undici, zod) come along,
 * n8n-workflow does not (n8n provides it). Skipped when this build is already installed there.
 */
async function installPackage(userFolder, built) {
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	const target = path.join(nodesDir, 'node_modules', PACKAGE_NAME);
	const stampFile = path.join(nodesDir, `.${PACKAGE_NAME}.installed`);
	const stamp = fs.existsSync(stampFile) ? fs.readFileSync(stampFile, 'utf8').trim() : '';
	if (stamp === built.hash && fs.existsSync(path.join(target, 'package.json')))
		return { target, installed: false };
	fs.rmSync(target, { recursive: true, force: true });
	fs.mkdirSync(target, { recursive: true });
	const untar = spawnSync('tar', ['-xzf', built.tarball, '-C', target, '--strip-components=1'], {
		encoding: 'utf8',
	});
	if (untar.status !== 0) throw new Error(`tar -xzf ${built.tarball} failed: ${untar.stderr}`);
	const pkgFile = path.join(target, 'package.json');
	// eslint-disable-next-line @typescript-eslint/no-unused-vars
	const { devDependencies, peerDependencies, optionalDependencies, ...pkg } = readJson(pkgFile);
	writeJson(pkgFile, pkg);
	await run(
		npmCommand(),
		[
			'install',
			'--audit=false',
			'--fund=false',
			'--bin-links=false',
			'--install-strategy=shallow',
			'--ignore-scripts=true',
			'--package-lock=false',
			'--omit=dev',
		],
		{ cwd: target, logName: 'package-install' },
	);
	fs.writeFileSync(stampFile, `${built.hash}\n`);
	return { target, installed: true };
}

/* ------------------------------------------------------------------ running n8n */

/** A free TCP port on 127.0.0.1 (asked from the OS). */
function freePort(host = '127.0.0.1') {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, host, () => {
			const { port } = server.address();
			server.close(() => resolve(port));
		});
	});
}

/** Whether a TCP port on host can be listened on right now. */
function portIsFree(port, host = '127.0.0.1') {
	return new Promise((resolve) => {
		const server = net.createServer();
		server.unref();
		server.once('error', () => resolve(false));
		server.listen(port, host, () => server.close(() => resolve(true)));
	});
}

/**
 * Environment for an n8n process: SQLite in <userFolder>/.n8n, no telemetry, no version or personalisation
 * prompts, no owner-setup screen (the owner is created from N8N_INSTANCE_OWNER_* when `ownerPasswordHash`
 * is given), and the task broker on its own port so several n8n processes can run side by side.
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
			N8N_LOG_LEVEL: logLevel || process.env.N8N_LOG_LEVEL || 'info',
			N8N_LOG_OUTPUT: 'console',
			NODE_ENV: 'production',
		},
		{ binDir: runtime.binDir },
	);
	if (port) env.N8N_PORT = String(port);
	if (brokerPort) env.N8N_RUNNERS_BROKER_PORT = String(brokerPort);
	if (ownerPasswordHash) {
		env.N8N_INSTANCE_OWNER_MANAGED_BY_ENV = 'true';
		env.N8N_INSTANCE_OWNER_EMAIL = ownerEmail;
		env.N8N_INSTANCE_OWNER_PASSWORD_HASH = ownerPasswordHash;
	}
	return { ...env, ...extra };
}

const running = new Set();
let exitHookInstalled = false;

function installExitHook() {
	if (exitHookInstalled) return;
	exitHookInstalled = true;
	process.on('exit', () => {
		for (const child of running) {
			try {
				process.kill(-child.pid, 'SIGKILL');
			} catch {
				/* gone */
			}
		}
	});
}

/**
 * Spawns a command under the guard (scripts/lib/guard.js) in its own process group: it is stopped with
 * its children by stop(), when this process exits, and when this process dies without cleaning up.
 */
function spawnGuarded(
	command,
	args,
	{ env, cwd = REPO_ROOT, stdio = ['ignore', 'pipe', 'pipe'] } = {},
) {
	installExitHook();
	const child = spawn(process.execPath, [GUARD, String(process.pid), command, ...args], {
		env,
		cwd,
		stdio,
		detached: true,
	});
	running.add(child);
	child.on('exit', () => running.delete(child));
	return child;
}

/** Stops a guarded process group: SIGTERM, then SIGKILL after `graceMs`. Resolves once it has exited. */
function stopGuarded(child, graceMs = 10000) {
	return new Promise((resolve) => {
		if (child.exitCode !== null || child.signalCode !== null) {
			running.delete(child);
			resolve();
			return;
		}
		const timer = setTimeout(() => {
			try {
				process.kill(-child.pid, 'SIGKILL');
			} catch {
				/* gone */
			}
		}, graceMs);
		child.once('exit', () => {
			clearTimeout(timer);
			// Anything left in the group (it should be empty by now).
			try {
				process.kill(-child.pid, 'SIGKILL');
			} catch {
				/* gone */
			}
			running.delete(child);
			resolve();
		});
		try {
			process.kill(-child.pid, 'SIGTERM');
		} catch {
			try {
				child.kill('SIGTERM');
			} catch {
				/* gone */
			}
		}
	});
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

/**
 * Starts `n8n start` (or `n8n worker` with `worker: { concurrency }`, for queue mode) under the guard.
 * Returns { child, url, port, output(), waitFor(re, ms), ready(ms), stop() }.
 * `output()` is everything n8n printed so far; it is also written to `logFile` when given.
 */
function startN8n(runtime, { env, port, logFile, echo = false, worker }) {
	const args = worker ? ['worker', `--concurrency=${worker.concurrency}`] : ['start'];
	const child = spawnGuarded(runtime.nodeBin, [runtime.n8nBin, ...args], { env });
	let output = '';
	const file = logFile ? fs.createWriteStream(logFile) : undefined;
	const waiters = new Set();
	const onData = (chunk) => {
		const text = chunk.toString('utf8');
		output += text;
		if (file) file.write(text);
		if (echo) process.stdout.write(text);
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
		output: () => output,
		exited: exitPromise,
		waitFor,
		ready,
		stop: () => stopGuarded(child),
	};
}

/**
 * The run data that `n8n execute` prints as pretty JSON: on stdout after a successful run (`--rawOutput`),
 * and after "Execution error:" for a failed one. Returns the first such object, or undefined.
 */
function parseExecuteOutput(text) {
	const lines = String(text).split('\n');
	for (let i = 0; i < lines.length; i++) {
		if (!lines[i].startsWith('{')) continue;
		const ends =
			lines[i].trimEnd() === '{'
				? lines.map((line, j) => (j > i && line.trimEnd() === '}' ? j : -1)).filter((j) => j > 0)
				: [i];
		for (const j of ends) {
			try {
				return JSON.parse(lines.slice(i, j + 1).join('\n'));
			} catch {
				/* not the end of this object, or not JSON */
			}
		}
	}
	return undefined;
}

/** The items a node produced in a run (first run, first output), as n8n shows them: [{ json, binary? }]. */
function nodeItems(run, nodeName, { output = 0, runIndex = 0 } = {}) {
	return run?.data?.resultData?.runData?.[nodeName]?.[runIndex]?.data?.main?.[output] ?? [];
}

/* ------------------------------------------------------------------ owner */

/** A bcrypt hash made with n8n's own bcryptjs (N8N_INSTANCE_OWNER_PASSWORD_HASH must be pre-hashed). */
function bcryptHash(runtime, password) {
	const script = "process.stdout.write(require('bcryptjs').hashSync(process.argv[1], 10))";
	const result = spawnSync(runtime.nodeBin, ['-e', script, password], {
		cwd: N8N_DIR,
		encoding: 'utf8',
	});
	if (result.status !== 0) throw new Error(`could not hash the owner password: ${result.stderr}`);
	return result.stdout.trim();
}

/** A tarball made elsewhere (DOCPARSE_PACKAGE_TARBALL, e.g. the one to publish) instead of building the sources. */
function givenTarball(file) {
	const tarball = path.resolve(file);
	const hash = crypto
		.createHash('sha256')
		.update(fs.readFileSync(tarball))
		.digest('hex')
		.slice(0, 16);
	log(`using the package tarball ${tarball} (DOCPARSE_PACKAGE_TARBALL)`);
	return { tarball, hash, version: 'given' };
}

/** Everything needed to run n8n with this package: Node 24, n8n, the package built and packed. */
async function ensureAll() {
	const started = Date.now();
	const runtime = await ensureN8n();
	const built = process.env.DOCPARSE_PACKAGE_TARBALL
		? givenTarball(process.env.DOCPARSE_PACKAGE_TARBALL)
		: await buildPackage();
	log(
		`n8n ${runtime.n8nVersion} on Node ${runtime.version} and ${PACKAGE_NAME} (${built.hash}) ready after ${seconds(started)}`,
	);
	return { runtime, built };
}

module.exports = {
	N8N_VERSION,
	NODE_MAJOR,
	PACKAGE_NAME,
	REPO_ROOT,
	CACHE_DIR,
	N8N_DIR,
	LOG_DIR,
	log,
	run,
	childEnv,
	withLock,
	ensureNode,
	ensureN8n,
	sourceHash,
	buildPackage,
	installPackage,
	ensureAll,
	freePort,
	portIsFree,
	n8nEnv,
	spawnGuarded,
	stopGuarded,
	runN8nCli,
	startN8n,
	parseExecuteOutput,
	nodeItems,
	bcryptHash,
};

if (require.main === module) {
	// `node scripts/n8n-env.js`: install Node 24 + n8n + build the package, nothing else (used by .ci/run).
	ensureAll().catch((error) => {
		process.stderr.write(`[docparse] ${error.stack || error.message}\n`);
		process.exit(1);
	});
}
