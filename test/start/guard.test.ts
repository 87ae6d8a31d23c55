/**
 * Stopping a process started under scripts/lib/guard.js (how `npm start` and the tests run n8n): n8n shuts
 * down cleanly on its first SIGTERM and dies at once on a second one, after which its next start says "Last
 * session crashed". The stand-in command below records every SIGTERM it receives.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { spawnGuarded, stopGuarded } = require('../../scripts/lib/guarded');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { terminalEcho } = require('../../scripts/lib/n8nOutput');

/** Like n8n: counts each SIGTERM, and takes a moment to shut down after the first one. */
const STAND_IN = `
const fs = require('node:fs');
const file = process.argv[1];
process.on('SIGTERM', () => {
	fs.appendFileSync(file, 'SIGTERM\\n');
	setTimeout(() => process.exit(0), 700);
});
fs.writeFileSync(file + '.ready', '');
setInterval(() => {}, 1000);
`;

test('stopping a guarded command signals it once, and waits for its clean exit', async () => {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'docparse-guard-'));
	const record = path.join(dir, 'signals');
	try {
		const child = spawnGuarded(process.execPath, ['-e', STAND_IN, record], {
			env: process.env,
		});
		const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
		for (let i = 0; i < 100 && !fs.existsSync(`${record}.ready`); i++)
			await new Promise((resolve) => setTimeout(resolve, 100));

		await stopGuarded(child, 10000);

		expect(await exited).toBe(0);
		expect(fs.readFileSync(record, 'utf8')).toBe('SIGTERM\n');
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
});

test("n8n's output on the terminal: each message one line, its stack trace left out (the log keeps it)", () => {
	const shown: string[] = [];
	const echo = terminalEcho((text: string) => shown.push(text), '.cache/logs/n8n.log');
	echo(
		'Problem with execution 7: The service refused the API key\n    at ExecuteContext.execute (',
	);
	echo('/n8n/node_modules/n8n-core/dist/execute.js:10:5)\n    at async Promise.all (index 0)\n');
	echo('Error fetching community nodes: getaddrinfo ENOTFOUND api.n8n.io\n');
	echo('    at GetAddrInfoReqWrap.onlookup [as oncomplete] (node:dns:120:26)\nEditor is now acc');
	echo('essible via:\n');
	expect(shown.join('')).toBe(
		[
			'Problem with execution 7: The service refused the API key',
			"(stack traces are left out here; n8n's full output: .cache/logs/n8n.log)",
			'Error fetching community nodes: getaddrinfo ENOTFOUND api.n8n.io',
			'Editor is now accessible via:',
			'',
		].join('\n'),
	);
});
