'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { readJson, writeJson } = require('./jsonFile');
const { withLock } = require('./lock');
const { log, seconds } = require('./log');
const { ensureNode } = require('./node24');
const { n8nTraits } = require('./n8nVersions');
const { LOG_DIR, N8N_DIR, N8N_VERSION } = require('./paths');
const { childEnv, npmCommand, npmInstallFromRegistry, run } = require('./run');

const N8N_STAMP = path.join(N8N_DIR, '.docparse-install.json');

function n8nBinPath() {
	return path.join(N8N_DIR, 'node_modules', 'n8n', 'bin', 'n8n');
}

/** The native modules (of `names`) that do not load with this Node. */
function unloadable(node, names) {
	return names.filter(
		(name) =>
			spawnSync(node.nodeBin, ['-e', `require(${JSON.stringify(name)})`], {
				cwd: N8N_DIR,
				encoding: 'utf8',
			}).status !== 0,
	);
}

/**
 * n8n@N8N_VERSION in .cache/n8n/<version>: `npm install --ignore-scripts` (nothing downloads binaries from
 * outside the registry; the version's npm overrides in the runtime's package.json), then `npm rebuild` of its
 * native modules, compiled from source against the Node 24 headers (n8nVersions.js says which, per version).
 * Skipped when the stamp says it is done for this n8n, this Node and these steps.
 * Returns { ...node, n8nBin, n8nVersion, traits }.
 */
async function ensureN8n({ node } = {}) {
	node = node || (await ensureNode());
	const traits = n8nTraits(N8N_VERSION);
	const wanted = {
		n8n: N8N_VERSION,
		node: node.version.split('.')[0],
		overrides: traits.overrides,
		compiled: traits.nativeModules,
	};
	const done = () => {
		const stamp = readJson(N8N_STAMP);
		return (
			stamp &&
			Object.entries(wanted).every(
				([key, value]) => JSON.stringify(stamp[key]) === JSON.stringify(value),
			) &&
			fs.existsSync(n8nBinPath())
		);
	};
	if (!done()) {
		await withLock(`n8n-${N8N_VERSION}`, async () => {
			if (done()) return;
			const started = Date.now();
			fs.mkdirSync(N8N_DIR, { recursive: true });
			fs.rmSync(N8N_STAMP, { force: true });
			writeJson(path.join(N8N_DIR, 'package.json'), {
				name: 'docparse-n8n-runtime',
				private: true,
				...(Object.keys(traits.overrides).length ? { overrides: traits.overrides } : {}),
			});
			const env = childEnv({}, { binDir: node.binDir });
			await npmInstallFromRegistry(`n8n@${N8N_VERSION}`, {
				cwd: N8N_DIR,
				env,
				label: `installing n8n@${N8N_VERSION} (~2,400 packages, a few minutes the first time)`,
				logName: `n8n-install-${N8N_VERSION}`,
			});
			const modules = traits.nativeModules.join(' and ');
			const logName = `native-rebuild-${N8N_VERSION}`;
			let compiled = 0;
			await run(
				npmCommand(),
				[
					'rebuild',
					...traits.nativeModules,
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
					label: `compiling ${modules} for Node ${node.version} (a minute or more each)`,
					logName,
					progress: (line) => {
						if (/prebuild-install .*(http|ENOTFOUND|ECONN)/i.test(line))
							return 'no prebuilt binary, building from source';
						const cc = /^\s*(?:CC|CXX)\(target\)\s+(\S+)/.exec(line);
						if (cc) return `file ${++compiled}: ${path.basename(cc[1]).replace(/\.o$/, '')}`;
						return undefined;
					},
				},
			);
			const broken = unloadable(node, traits.nativeModules);
			if (broken.length) {
				throw new Error(
					`${broken.join(' and ')} ${broken.length > 1 ? 'were' : 'was'} rebuilt but ${broken.length > 1 ? 'do' : 'does'} not load with Node ${node.version}; see ${path.join(LOG_DIR, `${logName}.log`)} (a C++ toolchain, make and python3 are needed)`,
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
	return { ...node, n8nBin: n8nBinPath(), n8nVersion: N8N_VERSION, traits };
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
