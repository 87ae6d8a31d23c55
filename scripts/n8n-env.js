'use strict';
/**
 * Installs and drives a real n8n for `npm start`, the end-to-end tests and the benchmark: the one entry
 * point to scripts/lib/, one module per concern:
 *   paths.js       versions and the .cache/ folders        log.js, jsonFile.js  log lines, JSON stamps
 *   n8nVersions.js N8N_VERSION and how n8n versions differ (install, owner, publishing workflows)
 *   run.js         child processes run to completion (npm), their environment and progress line
 *   lock.js        a lock between processes (jest workers, a second `npm start`)
 *   node24.js      Node 24 from the npm registry           n8nInstall.js  n8n and its sqlite3 build
 *   package.js     this package built, packed and installed into an n8n user folder
 *   registry.js    the local npm registry it is published to and installed from, as n8n installs it
 *   installedPackages.js  n8n's database record of it (its Community nodes page)
 *   ports.js       free ports                               guarded.js  processes stopped with this one
 *   n8nProcess.js  n8n's environment, `n8n start`/`worker`, CLI commands, the owner on n8n 1.x
 *   n8nOutput.js   reading what `n8n execute` prints
 * Each install step writes a stamp and is skipped when its stamp matches, so a second run installs nothing.
 *
 * Plain CommonJS on purpose: `npm start` and .ci/run use it before anything is built.
 *   node scripts/n8n-env.js   # Node 24 + n8n + the package built and packed, nothing else (.ci/run)
 */
const { seconds, log } = require('./lib/log');
const { ensureN8n, bcryptHash } = require('./lib/n8nInstall');
const { parseExecuteOutput, nodeItems } = require('./lib/n8nOutput');
const { n8nEnv, ownerEnv, setUpOwner, runN8nCli, startN8n } = require('./lib/n8nProcess');
const { ensureNode } = require('./lib/node24');
const { recordInstalledPackage } = require('./lib/installedPackages');
const {
	buildPackage,
	givenTarball,
	installPackage,
	publishedVersion,
	sourceHash,
} = require('./lib/package');
const paths = require('./lib/paths');
const { freePort, portIsFree } = require('./lib/ports');
const { spawnGuarded, stopGuarded } = require('./lib/guarded');
const { childEnv, run } = require('./lib/run');
const { withLock } = require('./lib/lock');

/** Everything needed to run n8n with this package: Node 24, n8n, the package built and packed. */
async function ensureAll() {
	const started = Date.now();
	const runtime = await ensureN8n();
	const built = process.env.DOCPARSE_PACKAGE_TARBALL
		? givenTarball(process.env.DOCPARSE_PACKAGE_TARBALL)
		: await buildPackage();
	log(
		`n8n ${runtime.n8nVersion} on Node ${runtime.version} and ${paths.PACKAGE_NAME} (${built.hash}) ready after ${seconds(started)}`,
	);
	return { runtime, built };
}

module.exports = {
	N8N_VERSION: paths.N8N_VERSION,
	NODE_MAJOR: paths.NODE_MAJOR,
	PACKAGE_NAME: paths.PACKAGE_NAME,
	REPO_ROOT: paths.REPO_ROOT,
	CACHE_DIR: paths.CACHE_DIR,
	N8N_DIR: paths.N8N_DIR,
	SANDBOX_USER_DIR: paths.SANDBOX_USER_DIR,
	LOG_DIR: paths.LOG_DIR,
	log,
	run,
	childEnv,
	withLock,
	ensureNode,
	ensureN8n,
	sourceHash,
	buildPackage,
	installPackage,
	publishedVersion,
	recordInstalledPackage,
	ensureAll,
	freePort,
	portIsFree,
	n8nEnv,
	ownerEnv,
	setUpOwner,
	spawnGuarded,
	stopGuarded,
	runN8nCli,
	startN8n,
	parseExecuteOutput,
	nodeItems,
	bcryptHash,
};

if (require.main === module) {
	ensureAll().catch((error) => {
		process.stderr.write(`[docparse] ${error.stack || error.message}\n`);
		process.exit(1);
	});
}
