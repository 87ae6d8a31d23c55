/**
 * One Parse Document run on one file, in a process of its own, reporting that process's peak RSS.
 * Usage: node rss-child.js <fake server url> <api key> <file path>
 * The fake server lives in the parent process, so its buffering of the upload does not count here.
 */
import path from 'node:path';

import { FileSource } from './lib/fileSource';
import { runMindeeNode } from './lib/nodeRun';
import type { FakeMindee } from './lib/fake';

async function main() {
	const [url, apiKey, filePath] = process.argv.slice(2);
	const server = {
		url,
		apiKey,
		requests: [],
		rateLimited: 0,
		connections: 0,
	} as unknown as FakeMindee;
	const before = process.memoryUsage().rss;
	const result = await runMindeeNode(
		server,
		[{ json: { path: filePath, fileName: path.basename(filePath) } }],
		{ requestsPerSecond: 0, requestsPerMinute: 0 },
		{},
		{ testSource: new FileSource() },
	);
	const peakRss = process.resourceUsage().maxRSS * 1024;
	process.stdout.write(
		`${JSON.stringify({ before, peakRss, failed: result.failed, firstError: result.firstError, ms: result.ms })}\n`,
	);
}

main().then(
	() => process.exit(0),
	(error) => {
		console.error(error);
		process.exit(1);
	},
);
