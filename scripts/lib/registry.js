'use strict';
/**
 * A local npm registry (verdaccio, a devDependency) that this package is published to, so that it can be
 * installed the way n8n installs a community package: from a registry. Its storage is .cache/registry/;
 * every other package (the package's own dependencies) comes through an uplink to the npm registry this
 * machine uses, and is cached there. Publishing from localhost needs no account. One registry runs per
 * `withRegistry` call, under the guard (guarded.js), so none outlives the process that started it.
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');

const { spawnGuarded, stopGuarded } = require('./guarded');
const { readJson, writeJson } = require('./jsonFile');
const { withLock } = require('./lock');
const { CACHE_DIR, LOG_DIR, PACKAGE_NAME, REPO_ROOT } = require('./paths');
const { freePort } = require('./ports');
const { npmCommand, run } = require('./run');

const REGISTRY_DIR = path.join(CACHE_DIR, 'registry');
const START_TIMEOUT_MS = 120_000;

/** The registry npm uses on this machine (`npm config get registry`): the uplink. */
function upstreamRegistry() {
	const result = spawnSync(npmCommand(), ['config', 'get', 'registry'], {
		cwd: REGISTRY_DIR,
		encoding: 'utf8',
	});
	const url = result.status === 0 ? result.stdout.trim() : '';
	return /^https?:\/\//.test(url) ? url : 'https://registry.npmjs.org/';
}

function writeConfig() {
	fs.mkdirSync(path.join(REGISTRY_DIR, 'storage'), { recursive: true });
	const file = path.join(REGISTRY_DIR, 'config.yaml');
	// This package is only ever local (never proxied: a same-named package upstream cannot shadow it), and
	// anyone on localhost may publish it. Upstream metadata is kept for 30 minutes, so a later install asks
	// the uplink nothing.
	const config = [
		`storage: ${JSON.stringify(path.join(REGISTRY_DIR, 'storage'))}`,
		'auth:',
		'  htpasswd:',
		`    file: ${JSON.stringify(path.join(REGISTRY_DIR, 'htpasswd'))}`,
		'    max_users: -1',
		'uplinks:',
		'  upstream:',
		`    url: ${JSON.stringify(upstreamRegistry())}`,
		'    maxage: 30m',
		'    timeout: 60s',
		'packages:',
		`  ${JSON.stringify(PACKAGE_NAME)}:`,
		'    access: $all',
		'    publish: $all',
		"  '**':",
		'    access: $all',
		'    publish: $authenticated',
		'    proxy: upstream',
		'log: { type: stdout, format: pretty, level: warn }',
		'',
	].join('\n');
	fs.writeFileSync(file, config);
	return file;
}

function get(url) {
	return new Promise((resolve, reject) => {
		const request = http.get(url, { timeout: 10_000 }, (response) => {
			const chunks = [];
			response.on('data', (chunk) => chunks.push(chunk));
			response.on('end', () =>
				resolve({ status: response.statusCode, body: Buffer.concat(chunks).toString('utf8') }),
			);
		});
		request.on('timeout', () => request.destroy(new Error(`GET ${url} timed out`)));
		request.on('error', reject);
	});
}

async function waitUntilUp(url, child) {
	const deadline = Date.now() + START_TIMEOUT_MS;
	for (;;) {
		if (child.exitCode !== null || child.signalCode !== null)
			throw new Error(`verdaccio exited at start; see ${path.join(LOG_DIR, 'registry.log')}`);
		try {
			if ((await get(`${url}-/ping`)).status === 200) return;
		} catch {
			/* not listening yet */
		}
		if (Date.now() > deadline)
			throw new Error(`verdaccio did not answer ${url}-/ping within ${START_TIMEOUT_MS / 1000} s`);
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
}

/**
 * Runs `fn(registry)` with the local registry started; `registry` has `url`, `registryArgs` and
 * `publish(tarball, version)`. One process at a time uses the storage (a lock), and the registry is stopped
 * when `fn` settles.
 */
async function withRegistry(fn) {
	return withLock('registry', async () => {
		const config = writeConfig();
		const port = await freePort();
		const url = `http://127.0.0.1:${port}/`;
		fs.mkdirSync(LOG_DIR, { recursive: true });
		const logFd = fs.openSync(path.join(LOG_DIR, 'registry.log'), 'w');
		const verdaccio = require.resolve('verdaccio/bin/verdaccio', { paths: [REPO_ROOT] });
		const child = spawnGuarded(
			process.execPath,
			[verdaccio, '-c', config, '-l', `127.0.0.1:${port}`],
			{ stdio: ['ignore', logFd, logFd] },
		);
		fs.closeSync(logFd);
		try {
			await waitUntilUp(url, child);
			return await fn({
				url,
				registryArgs: [`--registry=${url}`],
				publish: (tarball, version) => publish(url, tarball, version),
			});
		} finally {
			await stopGuarded(child, 5000);
		}
	});
}

/**
 * Publishes a packed tarball under `version` (a package.json edit of the unpacked tarball), unless the
 * registry has that version already (it refuses to publish one twice).
 */
async function publish(url, tarball, version) {
	const answer = await get(`${url}${PACKAGE_NAME}`);
	if (answer.status === 200 && JSON.parse(answer.body).versions?.[version]) return false;
	const dir = fs.mkdtempSync(path.join(REGISTRY_DIR, 'publish-'));
	try {
		const untar = spawnSync('tar', ['-xzf', tarball, '-C', dir, '--strip-components=1']);
		if (untar.status !== 0) throw new Error(`tar -xzf ${tarball} failed: ${untar.stderr}`);
		const pkgFile = path.join(dir, 'package.json');
		writeJson(pkgFile, { ...readJson(pkgFile), version });
		await run(
			npmCommand(),
			// Anyone may publish here; the token only satisfies npm's check that there is one.
			[
				'publish',
				dir,
				'--ignore-scripts',
				'--tag=dev',
				`--registry=${url}`,
				`--${url.replace(/^https?:/, '')}:_authToken=local`,
			],
			{ cwd: REGISTRY_DIR, logName: 'registry-publish' },
		);
		return true;
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
}

module.exports = { withRegistry };
