'use strict';
/** Child processes that run to completion (npm installs, builds): their environment, log file and progress line. */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const { seconds } = require('./log');
const { LOG_DIR, REPO_ROOT } = require('./paths');

const isTty = Boolean(process.stdout.isTTY) && !process.env.CI;

/**
 * The environment for npm and n8n child processes: the wanted Node first on PATH, and none of the
 * `npm_*` variables of an outer `npm start`/`npm test` (they would leak that project's settings, such as
 * its ignore-scripts, into installs that happen in other folders).
 */
function childEnv(extra = {}, { binDir } = {}) {
	const env = {};
	for (const [key, value] of Object.entries(process.env)) {
		if (
			/^npm_/i.test(key) &&
			!/^npm_config_(registry|cache|userconfig|globalconfig|proxy|https_proxy|noproxy|cafile|strict_ssl)$/i.test(
				key,
			)
		)
			continue;
		if (value !== undefined) env[key] = value;
	}
	if (binDir) env.PATH = `${binDir}${path.delimiter}${env.PATH || ''}`;
	return { ...env, ...extra };
}

/**
 * Runs a command to completion. Output goes to a log file (and to the console with `echo`); `progress`
 * gets each output line and may return a short status that is shown while the command runs.
 */
function run(
	command,
	args,
	{ cwd = REPO_ROOT, env = childEnv(), label, logName, progress, echo = false } = {},
) {
	fs.mkdirSync(LOG_DIR, { recursive: true });
	const logFile = path.join(LOG_DIR, `${logName || 'command'}.log`);
	const out = fs.createWriteStream(logFile);
	out.write(`$ ${command} ${args.join(' ')}\n(cwd ${cwd})\n`);
	const started = Date.now();
	let status = '';
	let lastShown = 0;
	const show = (final) => {
		if (!label) return;
		const current = (!final && progress && progress.idle && progress.idle()) || status;
		const line = `${label}${current ? `: ${current}` : ''} (${seconds(started)})`;
		if (isTty) process.stdout.write(`\r[docparse] ${line}\x1b[K${final ? '\n' : ''}`);
		else if (final || Date.now() - lastShown > 15000) {
			process.stdout.write(`[docparse] ${line}\n`);
			lastShown = Date.now();
		}
	};
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
		const tail = [];
		let partial = '';
		const onData = (chunk) => {
			out.write(chunk);
			if (echo) process.stdout.write(chunk);
			const lines = (partial + chunk.toString('utf8')).split('\n');
			partial = lines.pop() ?? '';
			for (const line of lines) {
				tail.push(line);
				if (tail.length > 40) tail.shift();
				if (progress) {
					const next = progress(line);
					if (next) status = next;
				}
			}
		};
		child.stdout.on('data', onData);
		child.stderr.on('data', onData);
		const timer = label ? setInterval(() => show(false), isTty ? 1000 : 5000) : undefined;
		if (label) {
			lastShown = Date.now();
			process.stdout.write(`[docparse] ${label}...${isTty ? '' : '\n'}`);
		}
		child.on('error', (error) => {
			if (timer) clearInterval(timer);
			out.end();
			reject(error);
		});
		child.on('close', (code, signal) => {
			if (timer) clearInterval(timer);
			if (partial) tail.push(partial);
			out.end();
			if (code === 0) {
				status = 'done';
				show(true);
				resolve({ logFile, output: tail.join('\n') });
			} else {
				if (label && isTty) process.stdout.write('\n');
				const error = new Error(
					`${command} ${args.join(' ')} failed (${signal || `exit ${code}`}) after ${seconds(started)}; full log: ${logFile}\n--- last lines ---\n${tail.join('\n')}`,
				);
				reject(error);
			}
		});
	});
}

function npmCommand() {
	return process.platform === 'win32' ? 'npm.cmd' : 'npm';
}

/**
 * Progress for `npm install --loglevel=http`: one line per registry request (metadata or tarball, from the
 * network or npm's cache); once they stop, npm is unpacking and linking.
 */
function npmFetchProgress() {
	let fetched = 0;
	let lastFetch = Date.now();
	const progress = (line) => {
		if (/^npm http (fetch|cache) /.test(line)) {
			fetched += 1;
			lastFetch = Date.now();
			return `${fetched} registry fetches`;
		}
		return undefined;
	};
	progress.idle = () =>
		fetched > 0 && Date.now() - lastFetch > 8000
			? `${fetched} registry fetches, unpacking and linking`
			: undefined;
	return progress;
}

/**
 * `npm install <spec>` into `cwd` (its own throw-away package.json): nothing saved, no install scripts (nothing
 * downloads from outside the registry), with the registry fetches as progress.
 */
function npmInstallFromRegistry(spec, { cwd, env, label, logName }) {
	return run(
		npmCommand(),
		[
			'install',
			'--no-save',
			'--no-audit',
			'--no-fund',
			'--ignore-scripts',
			'--loglevel=http',
			spec,
		],
		{ cwd, ...(env ? { env } : {}), label, logName, progress: npmFetchProgress() },
	);
}

module.exports = { childEnv, run, npmCommand, npmInstallFromRegistry };
