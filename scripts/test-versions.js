'use strict';
/**
 * `npm run test:versions`: the end-to-end subset below against each n8n version of the matrix
 * (scripts/lib/n8nVersions.js), one after the other, each installed in .cache/n8n/<version>/ on first use.
 * The subset exercises every node, both triggers, the credential tests and queue mode:
 *   load            the package loads: every node and credential listed, no load error
 *   credentialTest  each credential's Test button (good and wrong key)
 *   mindee, mindeeV2, biros   each node's operations run with `n8n execute` (V2: the Model list, the V2 Trigger)
 *   trigger         both triggers on a published workflow (signed deliveries, duplicates, a fixed trigger)
 *   queue           queue mode: Redis, a main process and two workers
 * Writes .cache/versions/<version>.json (jest's results) and .cache/versions/results.md (the table the docs
 * quote); exits 1 when a test failed or a version did not install.
 *
 *   npm run test:versions                 # 1.123.81, 2.40.7, 2.41.1
 *   npm run test:versions -- 2.41.1       # only the versions given
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const { log, seconds } = require('./lib/log');
const { MATRIX_N8N_VERSIONS, selectedN8nVersion } = require('./lib/n8nVersions');
const { CACHE_DIR, REPO_ROOT } = require('./lib/paths');
const { childEnv } = require('./lib/run');

const SUBSET = ['load', 'credentialTest', 'mindee', 'mindeeV2', 'biros', 'trigger', 'queue'].map(
	(name) => `test/e2e/${name}.test.ts`,
);
const RESULTS_DIR = path.join(CACHE_DIR, 'versions');

/** Runs a command with N8N_VERSION set, its output passed through; resolves with its exit code. */
function runWith(version, command, args) {
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, {
			cwd: REPO_ROOT,
			env: childEnv({ N8N_VERSION: version }),
			stdio: 'inherit',
		});
		child.on('error', reject);
		child.on('close', (code) => resolve(code));
	});
}

/** One version: install (timed apart), then the subset in one jest run. */
async function testVersion(version) {
	const installStarted = Date.now();
	const installed = await runWith(version, process.execPath, ['scripts/n8n-env.js']);
	const install = seconds(installStarted);
	if (installed !== 0) return { version, install, failure: 'did not install (see .cache/logs/)' };
	const outputFile = path.join(RESULTS_DIR, `${version}.json`);
	fs.rmSync(outputFile, { force: true });
	const started = Date.now();
	await runWith(version, process.execPath, [
		require.resolve('jest/bin/jest'),
		'--selectProjects',
		'e2e',
		'--runInBand',
		'--json',
		`--outputFile=${outputFile}`,
		...SUBSET,
	]);
	const time = seconds(started);
	if (!fs.existsSync(outputFile))
		return { version, install, time, failure: 'jest wrote no results' };
	const results = JSON.parse(fs.readFileSync(outputFile, 'utf8'));
	const failed = results.testResults.flatMap((file) =>
		file.assertionResults.length
			? file.assertionResults
					.filter((test) => test.status === 'failed')
					.map((test) => `${path.basename(file.name)}: ${test.fullName}`)
			: file.status === 'failed'
				? [`${path.basename(file.name)}: ${file.message.split('\n')[0]}`]
				: [],
	);
	return {
		version,
		install,
		time,
		passed: results.numPassedTests,
		total: results.numTotalTests,
		failed,
	};
}

function table(rows) {
	const lines = [
		'| n8n | install | e2e subset | time | failures |',
		'| --- | --- | --- | --- | --- |',
		...rows.map((row) =>
			row.failure
				? `| ${row.version} | ${row.install} | — | ${row.time || '—'} | ${row.failure} |`
				: `| ${row.version} | ${row.install} | ${row.passed}/${row.total} passed | ${row.time} | ${row.failed.length ? row.failed.join('<br>') : 'none'} |`,
		),
	];
	return `${lines.join('\n')}\n`;
}

async function main() {
	const given = process.argv.slice(2);
	const versions = given.length
		? given.map((version) => selectedN8nVersion({ N8N_VERSION: version }))
		: MATRIX_N8N_VERSIONS;
	fs.mkdirSync(RESULTS_DIR, { recursive: true });
	const rows = [];
	for (const version of versions) {
		log(`n8n ${version}: ${SUBSET.length} end-to-end files`);
		rows.push(await testVersion(version));
	}
	const text = `Node ${process.versions.node} runs the tests; n8n runs on Node 24. ${new Date().toISOString()}\n\n${table(rows)}`;
	fs.writeFileSync(path.join(RESULTS_DIR, 'results.md'), text);
	process.stdout.write(`\n${text}`);
	process.exitCode = rows.every((row) => !row.failure && row.failed.length === 0) ? 0 : 1;
}

main().catch((error) => {
	process.stderr.write(`[docparse] ${error.stack || error.message}\n`);
	process.exit(1);
});
