'use strict';
/**
 * n8n's record of an installed community package: the rows its Community Nodes panel writes on install
 * (installed-packages.repository.js, `persistPackageWithNodes`) and its Settings → Community nodes page
 * lists. n8n loads the nodes from the nodes folder without them; the page shows only what is recorded.
 * The rows can only be written once n8n has created its database (at its first start), so this runs
 * after n8n is up: n8n reads the table on every visit of the page.
 */
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const { PACKAGE_NAME } = require('./paths');

// Runs with n8n's Node and n8n's sqlite3 (cwd: n8n's install folder); n8n-workflow for the node classes via NODE_PATH.
// The rows as n8n writes them: the package (name, version, author) and, per node, its display name, type
// `<package>.<name>` and version (the last of a version list), replacing the previous record in one go.
const RECORD_SCRIPT = `
const fs = require('node:fs');
const path = require('node:path');
const sqlite3 = require('sqlite3');
const [dbFile, packageDir] = process.argv.slice(1);
const pkg = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8'));
const nodes = pkg.n8n.nodes.map((file) => {
	const exported = require(path.join(packageDir, file));
	const description = new (Object.values(exported)[0])().description;
	const version = Array.isArray(description.version) ? description.version.slice(-1)[0] : description.version;
	return [description.displayName, pkg.name + '.' + description.name, version, pkg.name];
});
const now = new Date().toISOString().replace('T', ' ').replace('Z', '');
const db = new sqlite3.Database(dbFile);
db.configure('busyTimeout', 30000);
const fail = (error) => { if (error) { console.error(error.message); process.exit(1); } };
db.get("SELECT installedVersion FROM installed_packages WHERE packageName = ?", [pkg.name], (error, row) => {
	fail(error);
	if (row && row.installedVersion === pkg.version) return db.close(() => console.log('unchanged'));
	db.serialize(() => {
		db.run('BEGIN IMMEDIATE', fail);
		db.run('DELETE FROM installed_nodes WHERE package = ?', [pkg.name], fail);
		db.run('DELETE FROM installed_packages WHERE packageName = ?', [pkg.name], fail);
		db.run('INSERT INTO installed_packages (packageName, installedVersion, authorName, authorEmail, createdAt, updatedAt) VALUES (?, ?, ?, ?, ?, ?)',
			[pkg.name, pkg.version, pkg.author && pkg.author.name, pkg.author && pkg.author.email, now, now], fail);
		for (const node of nodes)
			db.run('INSERT INTO installed_nodes (name, type, latestVersion, package) VALUES (?, ?, ?, ?)', node, fail);
		db.run('COMMIT', (error) => { fail(error); db.close(() => console.log('recorded ' + pkg.version)); });
	});
});
`;

/**
 * Records the package installed in <userFolder>/.n8n/nodes in that n8n's database, as n8n does on install
 * (nothing when n8n has not created its database yet, or the record already names this version).
 * Returns what it did: 'recorded <version>', 'unchanged' or 'no database'.
 */
function recordInstalledPackage(runtime, userFolder) {
	const dbFile = path.join(userFolder, '.n8n', 'database.sqlite');
	const packageDir = path.join(userFolder, '.n8n', 'nodes', 'node_modules', PACKAGE_NAME);
	if (!fs.existsSync(dbFile)) return 'no database';
	// The folder n8n is installed in: <dir>/node_modules/n8n/bin/n8n.
	const n8nDir = path.resolve(runtime.n8nBin, '..', '..', '..', '..');
	const result = spawnSync(runtime.nodeBin, ['-e', RECORD_SCRIPT, dbFile, packageDir], {
		cwd: n8nDir,
		encoding: 'utf8',
		env: { ...process.env, NODE_PATH: path.join(n8nDir, 'node_modules') },
	});
	if (result.status !== 0)
		throw new Error(`could not record ${PACKAGE_NAME} in ${dbFile}: ${result.stderr}`);
	return result.stdout.trim();
}

module.exports = { recordInstalledPackage };
