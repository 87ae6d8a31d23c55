'use strict';
/**
 * Long-running processes (n8n, Redis) under the guard (guard.js): each in its own process group, stopped
 * with its children by stopGuarded(), when this process exits, and when this process dies without cleaning up.
 */
const { spawn } = require('node:child_process');
const path = require('node:path');

const { REPO_ROOT } = require('./paths');

const GUARD = path.join(__dirname, 'guard.js');

const running = new Set();
let exitHookInstalled = false;

function installExitHook() {
	if (exitHookInstalled) return;
	exitHookInstalled = true;
	process.on('exit', () => {
		for (const child of running) {
			try {
				process.kill(-child.pid, 'SIGKILL');
			} catch {
				/* gone */
			}
		}
	});
}

/**
 * Spawns a command under the guard (scripts/lib/guard.js) in its own process group: it is stopped with
 * its children by stop(), when this process exits, and when this process dies without cleaning up.
 */
function spawnGuarded(
	command,
	args,
	{ env, cwd = REPO_ROOT, stdio = ['ignore', 'pipe', 'pipe'] } = {},
) {
	installExitHook();
	const child = spawn(process.execPath, [GUARD, String(process.pid), command, ...args], {
		env,
		cwd,
		stdio,
		detached: true,
	});
	running.add(child);
	child.on('exit', () => running.delete(child));
	return child;
}

/**
 * Stops a guarded process group: SIGTERM to the guard, which passes it on to the command once (a signal to
 * the whole group would reach the command twice), then SIGKILL to the group after `graceMs`. Resolves once
 * it has exited.
 */
function stopGuarded(child, graceMs = 10000) {
	return new Promise((resolve) => {
		if (child.exitCode !== null || child.signalCode !== null) {
			running.delete(child);
			resolve();
			return;
		}
		const timer = setTimeout(() => {
			try {
				process.kill(-child.pid, 'SIGKILL');
			} catch {
				/* gone */
			}
		}, graceMs);
		child.once('exit', () => {
			clearTimeout(timer);
			// Anything left in the group (it should be empty by now).
			try {
				process.kill(-child.pid, 'SIGKILL');
			} catch {
				/* gone */
			}
			running.delete(child);
			resolve();
		});
		try {
			child.kill('SIGTERM');
		} catch {
			/* gone */
		}
	});
}

module.exports = { spawnGuarded, stopGuarded };
