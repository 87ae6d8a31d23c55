'use strict';
const fs = require('node:fs');
const path = require('node:path');

const { log } = require('./log');
const { CACHE_DIR } = require('./paths');

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

module.exports = { withLock };
