/**
 * One Parse Document run on N small invoices (high-volume plan), in a process of its own, reporting that
 * process's peak RSS. Usage: node batch-child.js <fake server url> <api key> <N>
 * The fake server lives in the parent process, so its memory does not count here.
 */
import { invoiceItems, runMindeeNode } from './lib/nodeRun';
import type { FakeMindee } from './lib/fake';

async function main() {
	const [url, apiKey, count] = process.argv.slice(2);
	const server = {
		url,
		apiKey,
		requests: [],
		rateLimited: 0,
		connections: 0,
	} as unknown as FakeMindee;
	const result = await runMindeeNode(server, invoiceItems(Number(count)), {
		requestsPerSecond: 50,
		requestsPerMinute: 0,
	});
	const peakRss = process.resourceUsage().maxRSS * 1024;
	process.stdout.write(
		`${JSON.stringify({ peakRss, items: result.items, failed: result.failed, firstError: result.firstError, ms: result.ms })}\n`,
	);
}

main().then(
	() => process.exit(0),
	(error) => {
		console.error(error);
		process.exit(1);
	},
);
