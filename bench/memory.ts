/**
 * Memory: the peak RSS of a process running Parse Document on one 20 MB file against one 1 kB file, and
 * on one batch of 1,000 small invoices against 100 (high-volume plan). Each run is a child process of its
 * own (bench/rss-child.ts, bench/batch-child.ts) and the fake API stays in this one, so that only the
 * node's memory counts. Target (4).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { samplePdf } from '../test/harness/files';
import type { FakeMindee } from './lib/fake';
import { HIGH_VOLUME, P } from './lib/plans';
import type { Section } from './lib/report';
import { mb, seconds } from './lib/report';
import { onFakeApi, runChild } from './lib/runner';

const BATCH_SMALL = 100;
const BATCH_LARGE = 1_000;

interface ChildRun {
	peakRss: number;
	failed: number;
	firstError?: string;
	ms: number;
}

/** A child's run, or the error of its first failed item. */
async function childRun(what: string, script: string, args: Array<string | number>) {
	const report = await runChild<ChildRun>(script, args);
	if (report.failed) throw new Error(`${what} failed: ${report.firstError}`);
	return report;
}

/** Peak RSS of a process running the node on one 20 MB file, vs one 1 kB file. */
async function uploads() {
	const dir = mkdtempSync(path.join(os.tmpdir(), 'docparse-bench-'));
	const big = path.join(dir, 'big.pdf');
	const small = path.join(dir, 'small.pdf');
	writeFileSync(big, samplePdf(1, 20_000_000));
	writeFileSync(small, samplePdf(1, 1_000));
	const upload = (server: FakeMindee, file: string) =>
		childRun('The RSS run', 'rss-child.js', [server.url, server.apiKey, file]);
	const { result } = await onFakeApi(
		'memory: 1 kB and 20 MB uploads',
		{ processingMs: 200 },
		async (server) => {
			const smallRun = await upload(server, small);
			const bigRun = await upload(server, big);
			const bigUpload = server.requests.find(
				(request) =>
					request.kind === 'submit' && (request as { bodySize?: number }).bodySize! > 19_000_000,
			);
			if (!bigUpload) throw new Error('The 20 MB upload did not reach the fake server');
			return { smallRun, bigRun };
		},
	);
	return result;
}

/** Peak RSS of a process running one large batch (high-volume plan), vs a small one. */
async function batches() {
	const batch = (server: FakeMindee, count: number) =>
		childRun(`The ${count}-document batch`, 'batch-child.js', [server.url, server.apiKey, count]);
	const { result } = await onFakeApi(
		`memory: batches of ${BATCH_SMALL} and ${BATCH_LARGE} documents`,
		{ processingMs: P, limits: HIGH_VOLUME },
		async (server) => ({
			small: await batch(server, BATCH_SMALL),
			large: await batch(server, BATCH_LARGE),
		}),
	);
	return result;
}

export async function memorySection(): Promise<Section> {
	const rss = await uploads();
	const { small, large } = await batches();
	const rssDiff = rss.bigRun.peakRss - rss.smallRun.peakRss;
	const batchDiff = large.peakRss - small.peakRss;
	return {
		rows: [],
		targets: [
			{
				id: 4,
				name: 'peak RSS, 20 MB upload vs 1 kB: < 10 MB more',
				value: mb(rssDiff),
				met: rssDiff < 10 * 1_048_576,
			},
		],
		notes: [
			[
				"Memory (Parse Document on one file, in a child process of its own; the fake API in the parent; n8n's filesystem binary mode, the file put into the store by a kernel file copy so that only the node under test handles its bytes; peak RSS = the kernel's maxrss of that process):",
				'',
				`- 1 kB file: peak RSS ${mb(rss.smallRun.peakRss)}; 20 MB file: peak RSS ${mb(rss.bigRun.peakRss)}; difference **${mb(rssDiff)}**.`,
				'- Why a stream alone leaves about the file\'s size behind (dead chunks the garbage collector frees late), and what removes it: bench/README.md, "Memory".',
			].join('\n'),
			[
				'One large batch (Parse Document, high-volume plan, small invoices, each run in a process of its own, the fake API in the parent):',
				'',
				`- ${BATCH_SMALL} documents: peak RSS ${mb(small.peakRss)} (${seconds(small.ms)}); ${BATCH_LARGE} documents: peak RSS ${mb(large.peakRss)} (${seconds(large.ms)}); difference **${mb(batchDiff)}**, ${(batchDiff / (BATCH_LARGE - BATCH_SMALL) / 1024).toFixed(1)} kB per additional document (its input and output items, which n8n keeps for the run, included).`,
			].join('\n'),
		],
	};
}
