'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const { writeJson } = require('./jsonFile');
const { withLock } = require('./lock');
const { log } = require('./log');
const { NODE24_DIR, NODE_MAJOR } = require('./paths');
const { npmInstallFromRegistry } = require('./run');

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
			await npmInstallFromRegistry(`${pkg}@${NODE_MAJOR}`, {
				cwd: NODE24_DIR,
				label: `installing ${pkg}@${NODE_MAJOR} (~60 MB)`,
				logName: 'node24-install',
			});
			if (nodeMajor(nodeBin) !== NODE_MAJOR)
				throw new Error(`${nodeBin} does not run as Node ${NODE_MAJOR}`);
		});
	}
	const version = spawnSync(nodeBin, ['-p', 'process.versions.node'], {
		encoding: 'utf8',
	}).stdout.trim();
	return { nodeBin, binDir: path.dirname(nodeBin), nodeDir, version };
}

module.exports = { ensureNode };
