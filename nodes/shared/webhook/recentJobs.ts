import type { IWebhookFunctions } from 'n8n-workflow';

import { withKeyLock } from '../limits';

/**
 * Mindee retries a delivery it thinks failed, and proxies may duplicate one, so the same job can arrive
 * twice, even at the same moment. The trigger remembers the job IDs it accepted lately in the workflow's
 * static data (saved in n8n's database, so every main and webhook process of a queue-mode setup sees it),
 * oldest first, bounded in age and in count. Any trigger keyed by a job or inference ID can use it.
 */

/** One accepted delivery: the job ID and when it arrived (epoch milliseconds). */
type RecentJob = { id: string; at: number };

/** At most this many job IDs are kept: beyond it the oldest are forgotten, whatever the window. */
export const MAX_RECENT_JOBS = 1000;

interface DeliveryRecord {
	duplicate: boolean;
	/** The list to store: old entries dropped and, unless a duplicate, this job added. */
	recentJobs: RecentJob[];
}

/** Whether `jobId` was accepted within the last `windowMs`, and the list to store after this delivery. */
export function recordDelivery(
	stored: unknown,
	jobId: string,
	now: number,
	windowMs: number,
): DeliveryRecord {
	const recentJobs = validEntries(stored).filter((entry) => entry.at > now - windowMs);
	if (recentJobs.some((entry) => entry.id === jobId)) return { duplicate: true, recentJobs };
	recentJobs.push({ id: jobId, at: now });
	return { duplicate: false, recentJobs: recentJobs.slice(-MAX_RECENT_JOBS) };
}

/** Static data is plain JSON from the database: keep only entries of the expected shape. */
function validEntries(stored: unknown): RecentJob[] {
	if (!Array.isArray(stored)) return [];
	return stored.filter(
		(entry): entry is RecentJob =>
			typeof entry === 'object' &&
			entry !== null &&
			typeof entry.id === 'string' &&
			typeof entry.at === 'number',
	);
}

/** How long a workflow's in-process list outlives its last delivery: far longer than n8n takes to save. */
const IDLE_MS = 10 * 60_000;

/**
 * Per trigger node of an active workflow (soft state): the list every delivery in flight stores, and the
 * claims withdrawn since, which another delivery's save may have carried into the database before.
 */
const remembered = new Map<string, { jobs: RecentJob[]; withdrawn: RecentJob[]; usedAt: number }>();

/** A repeat delivery, or this delivery's claim, which `withdraw` takes back (its execution did not start). */
export type DeliveryClaim = { repeat: true } | { repeat: false; withdraw(): void };

/**
 * Claims `deliveryId` for this delivery: a repeat if it was claimed within the window, else a new claim.
 *
 * n8n loads the static data when a delivery arrives and saves it after webhook() returned, so concurrent
 * deliveries each see the list as it was before any of them, and the last save wins. Therefore, within
 * this process, the claim runs under a lock per trigger node, merges what the database held with what this
 * process accepted since, and stores one shared list that every delivery not yet saved holds: whichever
 * save lands last, it has every claim made before it. Other webhook processes only see the saved list.
 * Test URLs (manual mode) keep nothing, as n8n saves nothing for them.
 */
export async function claimDelivery(
	context: Pick<IWebhookFunctions, 'getWorkflowStaticData' | 'getWorkflow' | 'getNode' | 'getMode'>,
	deliveryId: string,
	windowMs: number,
): Promise<DeliveryClaim> {
	const staticData = context.getWorkflowStaticData('node');
	if (context.getMode() === 'manual') {
		const { duplicate, recentJobs } = recordDelivery(
			staticData.recentJobs,
			deliveryId,
			Date.now(),
			windowMs,
		);
		staticData.recentJobs = recentJobs;
		// n8n saves nothing for a test URL: there is nothing to take back.
		return duplicate ? { repeat: true } : { repeat: false, withdraw: () => {} };
	}
	const key = `${context.getWorkflow().id ?? ''}/${context.getNode().id}`;
	return await withKeyLock(key, (): DeliveryClaim => {
		const now = Date.now();
		forgetIdle(now);
		const shared = remembered.get(key) ?? { jobs: [], withdrawn: [], usedAt: now };
		remembered.set(key, shared);
		shared.usedAt = now;
		shared.withdrawn = shared.withdrawn.filter((claim) => claim.at > now - windowMs);
		const stored = validEntries(staticData.recentJobs).filter(
			(entry) => !shared.withdrawn.some((claim) => sameClaim(claim, entry)),
		);
		const { duplicate, recentJobs } = recordDelivery(
			union(stored, shared.jobs),
			deliveryId,
			now,
			windowMs,
		);
		// Changed in place: the deliveries still waiting for their save hold this very list.
		shared.jobs.splice(0, shared.jobs.length, ...recentJobs);
		// Replaced rather than changed in place, so that n8n notices the change and saves it.
		staticData.recentJobs = shared.jobs;
		if (duplicate) return { repeat: true };
		const claim = recentJobs[recentJobs.length - 1];
		return {
			repeat: false,
			withdraw: () => {
				const at = shared.jobs.findIndex((entry) => sameClaim(claim, entry));
				if (at >= 0) shared.jobs.splice(at, 1);
				shared.withdrawn.push(claim);
				shared.withdrawn.splice(0, shared.withdrawn.length - MAX_RECENT_JOBS);
			},
		};
	});
}

function sameClaim(left: RecentJob, right: RecentJob): boolean {
	return left.id === right.id && left.at === right.at;
}

/** Both lists' jobs, each once with its first arrival, oldest first. */
function union(stored: RecentJob[], inProcess: RecentJob[]): RecentJob[] {
	const firstSeen = new Map<string, number>();
	for (const { id, at } of [...stored, ...inProcess])
		firstSeen.set(id, Math.min(at, firstSeen.get(id) ?? at));
	return [...firstSeen].map(([id, at]) => ({ id, at })).sort((left, right) => left.at - right.at);
}

/** Forgets idle workflows, unless a withdrawn claim may still be in their stored list. */
function forgetIdle(now: number) {
	for (const [key, entry] of remembered)
		if (entry.usedAt < now - IDLE_MS && entry.withdrawn.length === 0) remembered.delete(key);
}
