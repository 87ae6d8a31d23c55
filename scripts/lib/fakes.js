'use strict';
/**
 * The fake APIs of test/fakes/ (TypeScript) for plain Node: `npm start`'s sandbox, `node scripts/sandbox.js`
 * and the scripts that read its settings. The sources are transpiled (no type check: `tsc --noEmit` and
 * ts-jest do that) with the project's own typescript into .cache/fakes/, once per state of the sources.
 */
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const { CACHE_DIR, REPO_ROOT } = require('./paths');
const { withLock } = require('./lock');

const SOURCE_DIR = path.join(REPO_ROOT, 'test', 'fakes');
const OUT_DIR = path.join(CACHE_DIR, 'fakes');
const STAMP = path.join(OUT_DIR, '.sources-hash');

function sources() {
	return fs
		.readdirSync(SOURCE_DIR)
		.filter((name) => name.endsWith('.ts'))
		.sort();
}

function sourcesHash(names) {
	const hash = crypto.createHash('sha256');
	for (const name of names) {
		hash.update(name);
		hash.update('\0');
		hash.update(fs.readFileSync(path.join(SOURCE_DIR, name)));
		hash.update('\0');
	}
	return hash.digest('hex').slice(0, 16);
}

function isCurrent(hash) {
	try {
		return fs.readFileSync(STAMP, 'utf8').trim() === hash;
	} catch {
		return false;
	}
}

/** Writes .cache/fakes/*.js from test/fakes/*.ts, into a fresh folder renamed into place (readers never see half). */
function transpile(names, hash) {
	const ts = require(require.resolve('typescript', { paths: [REPO_ROOT] }));
	const tmp = `${OUT_DIR}.tmp-${process.pid}`;
	fs.rmSync(tmp, { recursive: true, force: true });
	fs.mkdirSync(tmp, { recursive: true });
	for (const name of names) {
		const { outputText } = ts.transpileModule(
			fs.readFileSync(path.join(SOURCE_DIR, name), 'utf8'),
			{
				fileName: name,
				compilerOptions: {
					module: ts.ModuleKind.CommonJS,
					target: ts.ScriptTarget.ES2022,
					esModuleInterop: true,
				},
			},
		);
		fs.writeFileSync(path.join(tmp, name.replace(/\.ts$/, '.js')), outputText);
	}
	fs.writeFileSync(path.join(tmp, path.basename(STAMP)), `${hash}\n`);
	fs.rmSync(OUT_DIR, { recursive: true, force: true });
	fs.renameSync(tmp, OUT_DIR);
}

/** The compiled fake module `name` (e.g. 'mindee-server'), transpiled first when the sources changed. */
async function loadFake(name) {
	const names = sources();
	const hash = sourcesHash(names);
	if (!isCurrent(hash)) {
		await withLock('fakes', async () => {
			if (!isCurrent(hash)) transpile(names, hash);
		});
	}
	return require(path.join(OUT_DIR, `${name}.js`));
}

module.exports = { loadFake };
