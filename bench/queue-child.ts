/**
 * One queue-mode row in a process of its own: the fake API and the webhook calls live here, not in the
 * benchmark's process, where (after the 1,000-document batches) the same rows drew up to three times as
 * many 429s: the fake API must answer on time for its counts to be the workers' own, as the real API,
 * elsewhere, would be.
 * Usage: node queue-child.js <executions> <workers> <processing ms> <per second> <per minute>
 * Prints one JSON line: the run's result and why each 429 was answered.
 */
import { explain429s, startFakeMindee } from './lib/fake';
import { runQueueMode } from './lib/queueRun';

async function main() {
	const [executions, workers, processingMs, perSecond, perMinute] = process.argv
		.slice(2)
		.map(Number);
	const server = await startFakeMindee({ processingMs, limits: { perSecond, perMinute } });
	try {
		const result = await runQueueMode(server, {
			executions,
			workers,
			options: { requestsPerSecond: perSecond, requestsPerMinute: perMinute },
			log: (message) => process.stderr.write(`${message}\n`),
		});
		process.stdout.write(`${JSON.stringify({ result, refusals: explain429s(server) })}\n`);
	} finally {
		await server.close();
	}
}

main().then(
	() => process.exit(0),
	(error) => {
		console.error(error);
		process.exit(1);
	},
);
