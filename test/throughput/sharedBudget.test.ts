/**
 * One budget per credential per process: executions running at the same time with one credential share
 * its rate limiter and what was learned about processing times; other credentials have their own.
 */
import { budgetCount, joinBudget } from '../../nodes/shared/limits';
import { pdfItem } from '../harness/files';
import type { FakeMindee } from '../mindee/setup';
import { runMindee, startMindeeServer } from '../mindee/setup';

const MINDEE = { service: 'Mindee', baseUrl: 'https://api.mindee.net', apiKey: 'key-a' };
const PLAN = { perSecond: 4, perMinute: 75 };

describe('the registry', () => {
	test('the same service, base URL and key share one limiter and one record per kind of job', () => {
		const first = joinBudget(MINDEE, PLAN);
		const second = joinBudget({ ...MINDEE, baseUrl: 'https://api.mindee.net/' }, PLAN);
		try {
			expect(second.limiter).toBe(first.limiter);
			expect(second.timesFor('mindee/invoices v4')).toBe(first.timesFor('mindee/invoices v4'));
			expect(second.timesFor('mindee/expense_receipts v5')).not.toBe(
				first.timesFor('mindee/invoices v4'),
			);
		} finally {
			first.release();
			second.release();
		}
	});

	test('another key, another base URL or another API never share', () => {
		const budgets = [
			MINDEE,
			{ ...MINDEE, apiKey: 'key-b' },
			{ ...MINDEE, baseUrl: 'http://127.0.0.1:9' },
			{ ...MINDEE, service: 'Biros' },
		].map((identity) => joinBudget(identity, PLAN));
		try {
			expect(new Set(budgets.map((budget) => budget.limiter)).size).toBe(4);
		} finally {
			for (const budget of budgets) budget.release();
		}
	});

	test('executions with different limits on one credential: the strictest applies while they run', async () => {
		jest.useFakeTimers({ now: 0 });
		try {
			const lax = joinBudget({ ...MINDEE, apiKey: 'strictest' }, { perSecond: 10, perMinute: 0 });
			const strict = joinBudget({ ...MINDEE, apiKey: 'strictest' }, { perSecond: 2, perMinute: 0 });
			const grants: number[] = [];
			for (let i = 0; i < 4; i++) void lax.limiter.acquire().then((at) => grants.push(at));
			await jest.advanceTimersByTimeAsync(0);
			expect(grants).toEqual([0, 0]);
			// Once the strict execution is done, the lax one's own limit applies again.
			strict.release();
			await jest.advanceTimersByTimeAsync(1_100);
			expect(grants).toHaveLength(4);
			lax.release();
		} finally {
			jest.useRealTimers();
		}
	});

	test('an entry nobody uses is dropped after 10 idle minutes (lazily, on the next lookup)', () => {
		let now = 1_000_000;
		const clock = () => now;
		const before = budgetCount(now);
		const budget = joinBudget({ ...MINDEE, apiKey: 'idle' }, PLAN, clock);
		expect(budgetCount(now)).toBe(before + 1);
		now += 60 * 60_000;
		// In use: kept however long it runs.
		expect(budgetCount(now)).toBe(before + 1);
		budget.release();
		now += 9 * 60_000;
		expect(budgetCount(now)).toBe(before + 1);
		now += 2 * 60_000;
		expect(budgetCount(now)).toBe(before);
	});
});

describe('executions at the same time, one credential (n8n engine, fake API with the plan’s limits)', () => {
	let server: FakeMindee;
	afterEach(async () => await server?.close());

	test('12 executions of one document each, started together: one budget, no 429', async () => {
		server = await startMindeeServer({ processingMs: 300, limits: { perSecond: 6, perMinute: 0 } });
		const results = await Promise.all(
			Array.from(
				{ length: 12 },
				async (_, index) =>
					await runMindee(
						server,
						{ options: { requestsPerSecond: 6, requestsPerMinute: 0, pollInitialDelay: 0.4 } },
						{ items: [pdfItem(`invoice-${index}.pdf`)] },
					),
			),
		);
		expect(results.map((result) => result.error)).toEqual(Array(12).fill(undefined));
		expect(results.map((result) => result.items.length)).toEqual(Array(12).fill(1));
		expect(server.requestsOf('submit').filter((request) => request.status === 202)).toHaveLength(
			12,
		);
		expect(server.rateLimited).toBe(0);
	}, 30_000);
});
