/**
 * The plans the benchmark's fake APIs enforce, the processing time of their jobs, and the bound a run of N
 * documents is measured against (bench/README.md, "Bounds").
 */
import type { Plan } from '../../test/harness/planBound';
import { planBound } from '../../test/harness/planBound';

/** Processing time of every job. */
export const P = 2_000;
/** Mindee v1's published defaults. */
export const DEFAULT_PLAN: Plan = { perSecond: 4, perMinute: 75 };
export const HIGH_VOLUME: Plan = { perSecond: 50, perMinute: 0 };

/** The node options that set a plan's limits. */
export const planOptions = (plan: Plan) => ({
	requestsPerSecond: plan.perSecond,
	requestsPerMinute: plan.perMinute,
});

/**
 * The requests a document costs at least: submit, the queue check that answers 302 (or finds it
 * Processed), the result.
 */
export const REQUESTS_PER_DOCUMENT = 3;

/**
 * The plan's bound for N documents: their requests as early as both sliding windows allow, plus P
 * (test/harness/planBound.ts). Submit Document costs one request a document and waits for no job.
 */
export function documentsBound(documents: number, plan: Plan, perDocument = REQUESTS_PER_DOCUMENT) {
	return planBound(perDocument * documents, plan, perDocument === 1 ? 0 : P);
}
