import { MAX_RECENT_JOBS, recordDelivery } from '../../nodes/shared/webhook';

const HOUR = 3_600_000;
const T0 = Date.UTC(2024, 1, 23, 16, 35);

describe('recent Mindee jobs (duplicate window)', () => {
	it('accepts a first delivery and remembers it', () => {
		const first = recordDelivery(undefined, 'job-1', T0, 24 * HOUR);
		expect(first).toEqual({ duplicate: false, recentJobs: [{ id: 'job-1', at: T0 }] });
	});

	it('flags the same job again within the window, and keeps the first arrival time', () => {
		const { recentJobs } = recordDelivery(undefined, 'job-1', T0, 24 * HOUR);
		const again = recordDelivery(recentJobs, 'job-1', T0 + 23 * HOUR, 24 * HOUR);
		expect(again).toEqual({ duplicate: true, recentJobs: [{ id: 'job-1', at: T0 }] });
	});

	it('accepts the same job again once the window has passed', () => {
		const { recentJobs } = recordDelivery(undefined, 'job-1', T0, 24 * HOUR);
		const later = recordDelivery(recentJobs, 'job-1', T0 + 24 * HOUR, 24 * HOUR);
		expect(later).toEqual({ duplicate: false, recentJobs: [{ id: 'job-1', at: T0 + 24 * HOUR }] });
	});

	it('keeps other jobs apart', () => {
		const { recentJobs } = recordDelivery(undefined, 'job-1', T0, HOUR);
		const other = recordDelivery(recentJobs, 'job-2', T0 + 1, HOUR);
		expect(other.duplicate).toBe(false);
		expect(other.recentJobs.map((entry) => entry.id)).toEqual(['job-1', 'job-2']);
	});

	it(`keeps at most ${MAX_RECENT_JOBS} jobs, forgetting the oldest`, () => {
		let recentJobs: unknown = [];
		for (let n = 0; n <= MAX_RECENT_JOBS; n++)
			recentJobs = recordDelivery(recentJobs, `job-${n}`, T0 + n, 24 * HOUR).recentJobs;
		const kept = recentJobs as Array<{ id: string }>;
		expect(kept).toHaveLength(MAX_RECENT_JOBS);
		expect(kept[0].id).toBe('job-1');
		expect(recordDelivery(recentJobs, 'job-0', T0 + MAX_RECENT_JOBS + 1, 24 * HOUR).duplicate).toBe(
			false,
		);
		expect(recordDelivery(recentJobs, 'job-1', T0 + MAX_RECENT_JOBS + 1, 24 * HOUR).duplicate).toBe(
			true,
		);
	});

	it('starts afresh from stored data of an unexpected shape', () => {
		expect(recordDelivery({ not: 'a list' }, 'job-1', T0, HOUR).duplicate).toBe(false);
		expect(recordDelivery([null, 'job-1', { id: 'job-1' }], 'job-1', T0, HOUR)).toEqual({
			duplicate: false,
			recentJobs: [{ id: 'job-1', at: T0 }],
		});
	});
});
