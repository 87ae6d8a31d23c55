/**
 * Mindee retries a delivery it thinks failed, so the same job can arrive twice. The trigger remembers the
 * job IDs it accepted lately in the workflow's static data (saved in n8n's database, so every main and
 * webhook process of a queue-mode setup sees it), oldest first, bounded in age and in count.
 */

/** One accepted delivery: the job ID and when it arrived (epoch milliseconds). */
export type RecentJob = { id: string; at: number };

/** At most this many job IDs are kept: beyond it the oldest are forgotten, whatever the window. */
export const MAX_RECENT_JOBS = 1000;

export interface DeliveryRecord {
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
