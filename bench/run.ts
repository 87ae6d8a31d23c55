/**
 * `npm run bench`: this node against a fake Mindee API enforcing rate limits, next to the limit the API
 * allows and to sequential baselines (the `mindee` SDK, and the synchronous loop of n8n's built-in node).
 * Prints one table and writes it to bench/RESULTS.md. See bench/README.md for what each row means.
 *
 *   --quick          smaller N everywhere (for a try-out; the targets are meant for the full run)
 *   --n-default=N    documents in the default-plan batches (default 100)
 *   --n-high=N       documents in the high-volume batches (default 100)
 *   --no-queue       leave out the queue-mode runs (they need redis-server and the n8n of `npm start`)
 *   --no-write       print only; leave bench/RESULTS.md as it is
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';

import { batchSection } from './batch';
import { concurrentSection } from './concurrent';
import { fileRows } from './files';
import { repoRoot } from './lib/fake';
import { renderReport } from './lib/report';
import { log, measured, parseArgs } from './lib/runner';
import { memorySection } from './memory';
import { pageCountSection } from './pdfPages';
import { pollingSection } from './polling';
import { queueSection } from './queue';

async function main() {
	const args = parseArgs(process.argv.slice(2));
	const started = Date.now();
	log(`default plan N=${args.nDefault}, high-volume N=${args.nHigh}, every run on its own`);

	// Every measurement runs alone, one after another: beside other runs in this process, a rate-bound run
	// shares the CPU with them and misses slots its plan allows (24 executions at once took 1.46× their
	// bound next to the 96-execution row and the batches, 1.00× alone). Polling first (its latencies are
	// measured on the wall clock); queue mode, which starts three n8n processes a row, last but the files.
	const polling = await measured('polling: requests per document', pollingSection);
	const batch = await batchSection(args);
	const concurrent = await concurrentSection();
	const memory = await memorySection();
	const queue = await queueSection(args);
	const files = await measured('files: split and crop', fileRows);
	const pageCount = pageCountSection();

	const report = renderReport(
		args,
		[batch, concurrent, queue, memory],
		(Date.now() - started) / 60_000,
	);
	const markdown = [report.markdown, pageCount.markdown, polling.markdown, files].join('\n');
	process.stdout.write(`\n${markdown}\n`);
	if (args.write) {
		writeFileSync(path.join(repoRoot, 'bench', 'RESULTS.md'), markdown);
		log('written to bench/RESULTS.md');
	}
	process.exitCode = report.allMet && pageCount.allMet && polling.allMet ? 0 : 1;
}

main().catch((error) => {
	console.error(error);
	process.exit(1);
});
