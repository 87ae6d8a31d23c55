/**
 * Development helper: one node run, e.g. `node .cache/bench/bench/try.js high 100 concurrency=50`; many
 * executions at once (default plan): `try.js concurrent 24`, or across queue-mode workers: `try.js queue 48`.
 */
import { explain429s, median, slacks, startFakeMindee } from './lib/fake';
import { invoiceItems, runConcurrentExecutions, runMindeeNode } from './lib/nodeRun';
import { runQueueMode } from './lib/queueRun';

async function main() {
	const [regime = 'high', n = '100', ...rest] = process.argv.slice(2);
	const limits =
		regime === 'high' ? { perSecond: 50, perMinute: 0 } : { perSecond: 4, perMinute: 75 };
	const options: Record<string, number> = {
		requestsPerSecond: limits.perSecond,
		requestsPerMinute: limits.perMinute,
	};
	for (const pair of rest) {
		const [key, value] = pair.split('=');
		options[key] = Number(value);
	}
	const server = await startFakeMindee({ processingMs: 2000, limits });
	const log = (message: string) => console.error(message);
	const result =
		regime === 'queue'
			? await runQueueMode(server, { executions: Number(n), workers: 2, options, log })
			: regime === 'concurrent'
				? await runConcurrentExecutions(server, Number(n), options)
				: await runMindeeNode(server, invoiceItems(Number(n)), options);
	const kinds: Record<string, number> = {};
	for (const request of server.requests)
		kinds[`${request.kind} ${request.status}`] =
			(kinds[`${request.kind} ${request.status}`] ?? 0) + 1;
	const s = slacks(server);
	console.log(
		JSON.stringify({
			...result,
			seconds: result.ms / 1000,
			kinds,
			slackMedian: median(s),
			slackMax: Math.max(...s),
		}),
	);
	// Why each 429: the accepted requests in the second and the minute before it (the server's clock).
	for (const text of explain429s(server)) console.log(`429 ${text}`);
	await server.close();
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
