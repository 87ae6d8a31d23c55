'use strict';
/**
 * n8n's queue mode on one machine, for `npm start -- --queue`, the queue-mode tests and the benchmark:
 *
 *   Redis       Debian's `redis-server` (apt-get install redis-server), on a free 127.0.0.1 port, in a temporary
 *               folder, nothing persisted (--save "" --appendonly no); stopped with the rest
 *   main        `n8n start` with EXECUTIONS_MODE=queue: editor, webhooks, the queue's producer
 *   workers     `n8n worker --concurrency=N` processes that take executions from the queue and run them
 *
 * All share one N8N_USER_FOLDER: its config (encryption key), its SQLite database file and the community
 * package installed in it. n8n warns that queue mode "is not officially supported with sqlite" (PostgreSQL
 * is what it recommends for production); on one machine the shared file works, once SQLite's busy timeout
 * is raised from 1 s (sqlite-busy-timeout.js: without it, many executions started at once fail with
 * SQLITE_BUSY).
 * Each process runs its task broker on a port of its own.
 */
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const { spawnGuarded, stopGuarded } = require('./guarded');
const { startN8n } = require('./n8nProcess');
const { N8N_DIR } = require('./paths');
const { freePort } = require('./ports');

/** The redis-server binary: REDIS_SERVER, else the first on PATH or in the usual places. */
function redisServerPath() {
	if (process.env.REDIS_SERVER) return process.env.REDIS_SERVER;
	const dirs = [...(process.env.PATH || '').split(path.delimiter), '/usr/bin', '/usr/local/bin'];
	for (const dir of dirs) {
		const candidate = path.join(dir, 'redis-server');
		if (dir && fs.existsSync(candidate)) return candidate;
	}
	throw new Error(
		'queue mode needs Redis: install it (Debian/Ubuntu: sudo apt-get install -y redis-server) or set REDIS_SERVER to its redis-server binary',
	);
}

/** Resolves once Redis answers PING on the port (a RESP round trip, no client library). */
async function waitForPong(port, child, timeoutMs = 20000) {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const pong = await new Promise((resolve) => {
			const socket = net.connect(port, '127.0.0.1');
			let answer = '';
			socket.setTimeout(1000, () => socket.destroy());
			socket.on('connect', () => socket.write('PING\r\n'));
			socket.on('data', (chunk) => {
				answer += chunk;
				if (answer.includes('\r\n')) socket.end();
			});
			socket.on('close', () => resolve(answer.startsWith('+PONG')));
			socket.on('error', () => resolve(false));
		});
		if (pong) return;
		if (child.exitCode !== null) throw new Error(`redis-server exited (${child.exitCode})`);
		if (Date.now() > deadline) throw new Error(`redis-server did not answer on port ${port}`);
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
}

/** Starts a throw-away Redis. Returns { port, output(), stop() }. */
async function startRedis() {
	const bin = redisServerPath();
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'docparse-redis-'));
	const port = await freePort();
	const child = spawnGuarded(
		bin,
		[
			'--port',
			String(port),
			'--bind',
			'127.0.0.1',
			'--dir',
			dir,
			'--save',
			'',
			'--appendonly',
			'no',
			'--daemonize',
			'no',
		],
		{ env: process.env, cwd: dir },
	);
	let output = '';
	child.stdout.on('data', (chunk) => (output += chunk));
	child.stderr.on('data', (chunk) => (output += chunk));
	try {
		await waitForPong(port, child);
	} catch (error) {
		await stopGuarded(child, 2000);
		throw new Error(`${error.message}\n${output.slice(-2000)}`);
	}
	return {
		port,
		output: () => output,
		stop: async () => {
			await stopGuarded(child, 5000);
			fs.rmSync(dir, { recursive: true, force: true });
		},
	};
}

/** The environment that puts an n8n process into queue mode on this Redis. */
function queueEnv(redisPort, baseEnv = {}) {
	const preload = `--require ${JSON.stringify(path.join(__dirname, 'sqlite-busy-timeout.js'))}`;
	return {
		// One SQLite file for all processes: writers wait for each other's locks (see sqlite-busy-timeout.js).
		NODE_OPTIONS: [baseEnv.NODE_OPTIONS, preload].filter(Boolean).join(' '),
		DOCPARSE_SQLITE3: path.join(N8N_DIR, 'node_modules', 'sqlite3'),
		EXECUTIONS_MODE: 'queue',
		QUEUE_BULL_REDIS_HOST: '127.0.0.1',
		QUEUE_BULL_REDIS_PORT: String(redisPort),
		// Executions started from the editor run on the workers too (n8n's announced default).
		OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
	};
}

/**
 * Redis, then the main process (it migrates the database), then the workers. `baseEnv` is an n8n environment
 * for the user folder (n8nEnv()); ports are chosen here. `echo` prints the main process's output; every
 * process's output also goes to <logDir>/n8n-{main,worker-N}-<port>.log. Returns { redis, main, workers, stop() }.
 */
async function startQueueMode(
	runtime,
	{ baseEnv, port, workers = 2, concurrency = 10, logDir, echo = false },
) {
	const redis = await startRedis();
	const started = [];
	const stop = async () => {
		await Promise.allSettled(started.map((n8n) => n8n.stop()));
		await redis.stop();
	};
	try {
		const queue = queueEnv(redis.port, baseEnv);
		const logFile = (name) => (logDir ? path.join(logDir, `${name}.log`) : undefined);
		const main = startN8n(runtime, {
			env: {
				...baseEnv,
				...queue,
				N8N_PORT: String(port),
				N8N_RUNNERS_BROKER_PORT: String(await freePort()),
			},
			port,
			logFile: logFile(`n8n-main-${port}`),
			echo,
		});
		started.push(main);
		await main.ready();
		const pool = [];
		for (let index = 1; index <= workers; index++) {
			const worker = startN8n(runtime, {
				env: { ...baseEnv, ...queue, N8N_RUNNERS_BROKER_PORT: String(await freePort()) },
				worker: { concurrency },
				logFile: logFile(`n8n-worker-${index}-${port}`),
			});
			started.push(worker);
			pool.push(worker);
		}
		await Promise.all(pool.map(async (worker) => await worker.ready()));
		return { redis, main, workers: pool, stop };
	} catch (error) {
		await stop();
		throw error;
	}
}

/** Which worker ran each execution, from the workers' "Worker started execution <id>" lines: id → worker index. */
function executionsByWorker(workers) {
	const byExecution = new Map();
	workers.forEach((worker, index) => {
		for (const match of worker.output().matchAll(/Worker started execution (\d+)/g))
			byExecution.set(match[1], index);
	});
	return byExecution;
}

module.exports = { startRedis, queueEnv, startQueueMode, executionsByWorker, redisServerPath };
