/**
 * How busy polling is: requests per document spent by the nodes (default options, no request limits) against
 * the fake Mindee V1 and V2 APIs with a processing time of 2 s and 6 s, beside what Mindee's SDK spends on the
 * same job (its cadence: a check 2 s after the submit, then one every 1.5 s, then the result), and how long a
 * finished job waited to be seen (completion to the check that saw it, on the fake's clock).
 */
import type { FakeMindee } from './lib/fake';
import { percentile, startFakeMindee, startFakeMindeeV2 } from './lib/fake';
import type { NodeRunResult } from './lib/nodeRun';
import { invoiceItems, runMindeeNode, runMindeeV2Node } from './lib/nodeRun';

const PROCESSING_MS = [2_000, 6_000];
/** Documents in one execution (a batch learns processing times from its first jobs) and alone. */
const BATCHES = [1, 10];
const SDK = { initialDelayMs: 2_000, intervalMs: 1_500 };

const APIS = [
	{ name: 'Mindee V1 (Parse Document)', start: startFakeMindee, run: runMindeeNode },
	{ name: 'Mindee V2 (Extract Data)', start: startFakeMindeeV2, run: runMindeeV2Node },
];

/** The SDK's job checks for a job of this processing time, and when the last one sees it done. */
function sdkCadence(processingMs: number) {
	const checks = 1 + Math.max(0, Math.ceil((processingMs - SDK.initialDelayMs) / SDK.intervalMs));
	return { checks, seenAfterMs: SDK.initialDelayMs + (checks - 1) * SDK.intervalMs - processingMs };
}

interface PollingRow {
	api: string;
	processingMs: number;
	documents: number;
	result: NodeRunResult;
	seenAfterMs: number[];
}

async function measure(
	api: (typeof APIS)[number],
	processingMs: number,
	documents: number,
): Promise<PollingRow> {
	const server: FakeMindee = await api.start({ processingMs });
	try {
		const result = await api.run(server, invoiceItems(documents), {
			requestsPerSecond: 0,
			requestsPerMinute: 0,
		});
		const seenAfterMs = [...server.jobs.values()].map(
			(job) => (job.seenAt ?? Infinity) - job.completesAt,
		);
		return { api: api.name, processingMs, documents, result, seenAfterMs };
	} finally {
		await server.close();
	}
}

/** Runs every case at once (each against its own fake API: they wait, they do not compute) and renders them. */
export async function pollingSection(): Promise<{ markdown: string; allMet: boolean }> {
	const rows = await Promise.all(
		APIS.flatMap((api) =>
			PROCESSING_MS.flatMap((processingMs) =>
				BATCHES.map(async (documents) => await measure(api, processingMs, documents)),
			),
		),
	);
	let allMet = true;
	const lines = rows.map(({ api, processingMs, documents, result, seenAfterMs }) => {
		const sdk = sdkCadence(processingMs);
		// Both spend the submit and the result (V1: the document the queue redirects to) besides the checks.
		const sdkPerDocument = sdk.checks + 2;
		const perDocument = result.requests / documents;
		const p50 = percentile(seenAfterMs, 0.5);
		const p90 = percentile(seenAfterMs, 0.9);
		const met = result.failed === 0 && perDocument <= sdkPerDocument && p90 <= SDK.intervalMs + 100;
		allMet &&= met;
		return `| ${api} | ${processingMs / 1000} s | ${documents} | ${perDocument.toFixed(1)} | ${sdkPerDocument} | ${Math.round(p50)} / ${Math.round(p90)} ms | ${sdk.seenAfterMs} ms | ${met ? 'met' : '**MISSED**'} |`;
	});
	const markdown = [
		"Polling: requests per document, the nodes with their default options (no request limits) against the fake APIs, beside Mindee SDK (first check 2 s after the submit, then every 1.5 s; its figures follow from that cadence). Seen: from the completion of a job to the check that saw it, on the fake API's clock. Target: no more requests than the SDK, and a finished job seen within one interval (1.5 s; 0.1 s allowed for the way of a request).",
		'',
		'| API | Processing | Documents in the execution | Requests per document | SDK | Seen p50 / p90 | SDK seen | ≤ SDK, seen within 1.5 s |',
		'| --- | --- | --- | --- | --- | --- | --- | --- |',
		...lines,
		'',
	].join('\n');
	return { markdown, allMet };
}
