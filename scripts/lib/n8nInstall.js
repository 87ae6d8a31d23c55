'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { readJson, writeJson } = require('./jsonFile');
const { withLock } = require('./lock');
const { log, seconds } = require('./log');
const { ensureNode } = require('./node24');
const { LOG_DIR, N8N_DIR, N8N_VERSION } = require('./paths');
const { childEnv, npmCommand, npmInstallFromRegistry, run } = require('./run');

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
			await npmInstallFromRegistry(`n8n@${N8N_VERSION}`, {
				cwd: N8N_DIR,
				env,
				label: `installing n8n@${N8N_VERSION} (~2,400 packages, a few minutes the first time)`,
				logName: 'n8n-install',
			});
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

module.exports = { ensureN8n, bcryptHash };
