/**
 * `npm start` as a user runs it (scripts/start.js in a fresh user folder): n8n's output on the terminal has
 * no stack traces, Ctrl-C (SIGINT) stops n8n cleanly, and the next start does not say "Last session crashed".
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { INSTALL_TIMEOUT_MS, REPO_ROOT } from './harness';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { freePort } = require('../../scripts/lib/ports');

const STACK_FRAME = /^\s+at \S/m;

interface StartRun {
	output: string;
	code: number | null;
}

/** Runs `node scripts/start.js` until its banner, then presses Ctrl-C; resolves when it has exited. */
async function startThenInterrupt(userFolder: string, port: number): Promise<StartRun> {
	const env: NodeJS.ProcessEnv = {
		...process.env,
		N8N_USER_FOLDER: userFolder,
		N8N_PORT: String(port),
	};
	for (const key of ['MINDEE_API_KEY', 'MINDEE_V2_API_KEY', 'BIROS_API_KEY']) delete env[key];
	const child = spawn(process.execPath, [path.join(REPO_ROOT, 'scripts', 'start.js')], {
		cwd: REPO_ROOT,
		env,
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let output = '';
	const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
	await new Promise<void>((resolve, reject) => {
		const onData = (chunk: Buffer) => {
			output += chunk.toString('utf8');
			if (output.includes('n8n is running:')) resolve();
		};
		child.stdout.on('data', onData);
		child.stderr.on('data', onData);
		void exited.then((code) => reject(new Error(`npm start exited (${code}):\n${output}`)));
	});
	child.kill('SIGINT');
	const code = await exited;
	return { output, code };
}

test(
	'Ctrl-C stops n8n cleanly: the next start has no "Last session crashed"; the terminal shows no stack trace',
	async () => {
		const userFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'docparse-start-'));
		try {
			const port = (await freePort()) as number;
			const first = await startThenInterrupt(userFolder, port);
			expect(first.code).toBe(0);
			expect(first.output).toContain(`http://localhost:${port}/home/workflows`);
			expect(first.output).toContain('[docparse] n8n stopped');
			expect(fs.existsSync(path.join(userFolder, '.n8n', 'crash.journal'))).toBe(false);

			const second = await startThenInterrupt(userFolder, port);
			expect(second.code).toBe(0);
			expect(second.output).not.toContain('Last session crashed');
			expect(`${first.output}${second.output}`).not.toMatch(STACK_FRAME);
		} finally {
			fs.rmSync(userFolder, { recursive: true, force: true });
		}
	},
	INSTALL_TIMEOUT_MS,
);
