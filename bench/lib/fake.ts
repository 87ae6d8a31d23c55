import path from 'node:path';

import { startMindeeServer } from '../../test/fakes/mindee-server';
import { startMindeeV2Server } from '../../test/fakes/mindee-v2-server';

/** The repository root, from the sources (bench/lib) or the compiled copy (.cache/bench/bench/lib). */
export const repoRoot = path.resolve(
	__dirname,
	__dirname.includes(`${path.sep}.cache${path.sep}`) ? '../../../..' : '../..',
);

export interface FakeJob {
	id: string;
	submittedAt: number;
	completesAt: number;
	/** When a queue check first answered 302 for this job. */
	seenAt?: number;
}

export interface FakeMindee {
	url: string;
	port: number;
	apiKey: string;
	requests: Array<{ kind: string; status?: number; time: number }>;
	jobs: Map<string, FakeJob>;
	requestsOf(kind: string): unknown[];
	readonly rateLimited: number;
	readonly connections: number;
	close(): Promise<void>;
}

export interface FakeMindeeOptions {
	processingMs?: number;
	limits?: { perSecond?: number; perMinute?: number };
	syncProcessing?: boolean;
}

/**
 * The fake Mindee API of the tests (compiled with the benchmark into .cache/bench/test/fakes), seen through
 * the fields the benchmark reads.
 */
export async function startFakeMindee(options: FakeMindeeOptions): Promise<FakeMindee> {
	return (await startMindeeServer(options)) as unknown as FakeMindee;
}

export function median(values: number[]): number | undefined {
	if (values.length === 0) return undefined;
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** The value below which a share `p` (0 to 1) of the values lie; NaN when there are none. */
export function percentile(values: number[], p: number): number {
	if (values.length === 0) return NaN;
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

/** Time from each job's completion to the first queue check that saw it (the server's clock, both ends). */
export function slacks(server: FakeMindee): number[] {
	return [...server.jobs.values()]
		.filter((job) => job.seenAt !== undefined)
		.map((job) => job.seenAt! - job.completesAt);
}

/**
 * Which window each 429 broke, on the fake API's clock: the accepted requests in the second and the minute
 * before each refusal (what the limiter has to allow for).
 */
export function explain429s(server: Pick<FakeMindee, 'requests'>): string[] {
	const start = server.requests[0]?.time ?? 0;
	const accepted = server.requests.filter((request) => request.status !== 429);
	const within = (end: number, ms: number) =>
		accepted.filter((request) => request.time > end - ms && request.time <= end).length;
	return server.requests
		.filter((request) => request.status === 429)
		.map(
			(refused) =>
				`${refused.kind} at ${((refused.time - start) / 1000).toFixed(1)} s: ${within(refused.time, 1_000)} in the second before, ${within(refused.time, 60_000)} in the minute before`,
		);
}

/** The fake Mindee V2 API of the tests: same shape of records (its jobs also carry completesAt and seenAt). */
export async function startFakeMindeeV2(options: FakeMindeeOptions): Promise<FakeMindee> {
	return (await startMindeeV2Server(options)) as unknown as FakeMindee;
}
