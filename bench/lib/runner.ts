/**
 * How `npm run bench` runs its measurements: its flags, its progress log, a run against a fake API of its
 * own (its own limits, as a separate account), and a run in a child process of its own.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

import type { FakeMindee, FakeMindeeOptions } from './fake';
import { startFakeMindee } from './fake';

export interface Args {
	/** Documents in the default-plan batches. */
	nDefault: number;
	/** Documents in the high-volume batches. */
	nHigh: number;
	queue: boolean;
	write: boolean;
}

export function parseArgs(argv: string[]): Args {
	const quick = argv.includes('--quick');
	const value = (name: string, fallback: number) => {
		const arg = argv.find((a) => a.startsWith(`--${name}=`));
		return arg ? Number(arg.split('=')[1]) : fallback;
	};
	return {
		nDefault: value('n-default', quick ? 30 : 100),
		nHigh: value('n-high', quick ? 40 : 100),
		queue: !argv.includes('--no-queue'),
		write: !argv.includes('--no-write'),
	};
}

export const log = (message: string) =>
	process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);

export async function measured<T>(label: string, run: () => Promise<T>): Promise<T> {
	log(`${label}: started`);
	const result = await run();
	log(`${label}: done`);
	return result;
}

/** One measurement against a fake API started for it alone, closed after it. */
export async function onFakeApi<T>(
	label: string,
	options: FakeMindeeOptions,
	run: (server: FakeMindee) => Promise<T>,
	start: typeof startFakeMindee = startFakeMindee,
): Promise<{ result: T; server: FakeMindee }> {
	return await measured(label, async () => {
		const server = await start(options);
		try {
			return { result: await run(server), server };
		} finally {
			await server.close();
		}
	});
}

/**
 * Runs one of the benchmark's child scripts (bench/*-child.ts) in a Node process of its own and returns the
 * JSON of its last stdout line. `showProgress` passes the child's stderr through as it comes.
 */
export async function runChild<T>(
	script: string,
	args: Array<string | number>,
	showProgress = false,
): Promise<T> {
	const run = promisify(execFile)(
		process.execPath,
		[path.join(__dirname, '..', script), ...args.map(String)],
		{ maxBuffer: 16 * 1024 * 1024 },
	);
	if (showProgress) run.child.stderr?.on('data', (chunk: Buffer) => process.stderr.write(chunk));
	const { stdout } = await run;
	return JSON.parse(stdout.trim().split('\n').pop()!) as T;
}
