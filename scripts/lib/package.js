'use strict';
/** This package: built and packed once per state of its sources, and installed into an n8n user folder. */
const { spawnSync } = require('node:child_process');
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const { readJson, writeJson } = require('./jsonFile');
const { withLock } = require('./lock');
const { log, seconds } = require('./log');
const { PACK_DIR, PACKAGE_NAME, REPO_ROOT } = require('./paths');
const { withRegistry } = require('./registry');
const { npmCommand, run } = require('./run');

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

/** The version a build is published as: one per state of the sources (npm refuses to publish a version twice). */
function publishedVersion(built) {
	return `${built.version}-dev-${built.hash}`;
}

/**
 * Installs the package into <userFolder>/.n8n/nodes exactly as n8n's Community Nodes panel does
 * (community-packages.service.js, `downloadPackage`): `npm pack <name>@<version>` from a registry (here the
 * local one, registry.js, after publishing the build there), untar into node_modules/<name>, drop
 * dev/peer/optional dependencies from its package.json, a shallow `npm install` without scripts inside it,
 * and the version noted in the folder's package.json (n8n's ledger). So the runtime dependencies come along
 * and n8n-workflow does not (n8n provides it). `version` (default: one per build) lets the update test
 * publish a later one. Skipped when that version is already installed there.
 */
async function installPackage(userFolder, built, { version = publishedVersion(built) } = {}) {
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	const target = path.join(nodesDir, 'node_modules', PACKAGE_NAME);
	const stampFile = path.join(nodesDir, `.${PACKAGE_NAME}.installed`);
	const stamp = fs.existsSync(stampFile) ? fs.readFileSync(stampFile, 'utf8').trim() : '';
	if (stamp === version && fs.existsSync(path.join(target, 'package.json')))
		return { target, version, installed: false };
	fs.mkdirSync(nodesDir, { recursive: true });
	await withRegistry(async (registry) => {
		await registry.publish(built.tarball, version);
		const packed = await run(
			npmCommand(),
			['pack', `${PACKAGE_NAME}@${version}`, '--quiet', ...registry.registryArgs],
			{ cwd: nodesDir, logName: 'package-pack' },
		);
		const tarballName = packed.output.split('\n').find((line) => /\.tgz$/.test(line.trim()));
		if (!tarballName) throw new Error(`npm pack printed no tarball name:\n${packed.output}`);
		const tarball = path.join(nodesDir, tarballName.trim());
		try {
			fs.rmSync(target, { recursive: true, force: true });
			fs.mkdirSync(target, { recursive: true });
			const untar = spawnSync('tar', ['-xzf', tarball, '-C', target, '--strip-components=1'], {
				encoding: 'utf8',
			});
			if (untar.status !== 0) throw new Error(`tar -xzf ${tarball} failed: ${untar.stderr}`);
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
					...registry.registryArgs,
				],
				{ cwd: target, logName: 'package-install' },
			);
		} finally {
			fs.rmSync(tarball, { force: true });
		}
	});
	noteInLedger(nodesDir, version);
	fs.writeFileSync(stampFile, `${version}\n`);
	return { target, version, installed: true };
}

/** n8n's ledger of installed community packages: <nodes>/package.json's dependencies (updatePackageJsonDependency). */
function noteInLedger(nodesDir, version) {
	const file = path.join(nodesDir, 'package.json');
	const ledger = readJson(file);
	const base = ledger && ledger.dependencies ? ledger : { name: 'installed-nodes', private: true };
	writeJson(file, { ...base, dependencies: { ...base.dependencies, [PACKAGE_NAME]: version } });
}

/** A tarball made elsewhere (DOCPARSE_PACKAGE_TARBALL, e.g. the one to publish) instead of building the sources. */
function givenTarball(file) {
	const tarball = path.resolve(file);
	const hash = crypto
		.createHash('sha256')
		.update(fs.readFileSync(tarball))
		.digest('hex')
		.slice(0, 16);
	const manifest = spawnSync('tar', ['-xzOf', tarball, 'package/package.json'], {
		encoding: 'utf8',
	});
	if (manifest.status !== 0) throw new Error(`${tarball} has no package/package.json`);
	log(`using the package tarball ${tarball} (DOCPARSE_PACKAGE_TARBALL)`);
	// Its own version, published as <version>-dev-<hash> like a build.
	return { tarball, hash, version: JSON.parse(manifest.stdout).version };
}

module.exports = { sourceHash, buildPackage, installPackage, publishedVersion, givenTarball };
