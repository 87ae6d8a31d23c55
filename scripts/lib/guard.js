'use strict';
/**
 * Runs one command and makes sure it does not outlive whoever started it.
 *
 *   node scripts/lib/guard.js <watchedPid> <command> [args...]
 *
 * The guard is started as the leader of a new process group (spawn `detached: true`) and the command
 * inherits that group, so `process.kill(-guardPid)` stops the command and everything it spawned (n8n's
 * task runner, for example). When the watched process (the test runner, `npm start`) disappears, even
 * by SIGKILL, the guard notices within a second and stops the whole group: no n8n is left behind.
 * SIGTERM/SIGINT sent to the guard are passed on to the command, once: n8n handles its first SIGTERM with
 * a clean shutdown, and dies at once on a second one (leaving "Last session crashed" for its next start).
 * Whoever sent the signal decides when to give up (stopGuarded); the guard exits with the command's code.
 */
const { spawn } = require('node:child_process');

const [watchedArg, command, ...args] = process.argv.slice(2);
const watchedPid = Number(watchedArg);
if (!command || !Number.isInteger(watchedPid)) {
	process.stderr.write('usage: guard.js <watchedPid> <command> [args...]\n');
	process.exit(2);
}

const child = spawn(command, args, { stdio: 'inherit' });
let signalled = false;
let stopping = false;

function killGroup(signal) {
	try {
		process.kill(-process.pid, signal);
	} catch {
		try {
			child.kill(signal);
		} catch {
			/* already gone */
		}
	}
}

/** Asks the command to stop, once whatever the number of signals received. */
function signalCommand() {
	if (signalled) return;
	signalled = true;
	try {
		child.kill('SIGTERM');
	} catch {
		/* already gone */
	}
}

/** The watched process is gone: nobody else will stop the command, so the guard gives it a deadline. */
function stopAll(reason) {
	if (stopping) return;
	stopping = true;
	process.stderr.write(`[guard] ${reason}: stopping ${command}\n`);
	signalCommand();
	// Whatever is still alive after a grace period goes with the whole group (the guard included).
	setTimeout(() => killGroup('SIGKILL'), 8000).unref();
}

const watcher = setInterval(() => {
	try {
		process.kill(watchedPid, 0);
	} catch {
		stopAll(`process ${watchedPid} is gone`);
	}
}, 1000);

for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) {
	process.on(signal, signalCommand);
}

child.on('error', (error) => {
	process.stderr.write(`[guard] cannot start ${command}: ${error.message}\n`);
	process.exit(127);
});

child.on('exit', (code, signal) => {
	clearInterval(watcher);
	// Children of the command (if any survived it) get a last signal before the guard leaves.
	try {
		process.kill(-process.pid, 0);
		process.on('SIGTERM', () => {});
		process.kill(-process.pid, 'SIGTERM');
	} catch {
		/* no group left */
	}
	process.exit(code ?? (signal ? 128 + (require('node:os').constants.signals[signal] ?? 1) : 1));
});
