/**
 * The nodes' waits (polling, Retry-After, backoff, the rate limiter) stop as soon as the execution is
 * cancelled, with the cancel's reason, on every n8n-workflow the package runs with: the one of n8n 2.x and the
 * one of n8n 1.123 (devDependency n8n-workflow-1), whose `sleep` takes no signal.
 */
type Sleep = (ms: number, signal?: AbortSignal) => Promise<void>;

const LINES = [
	{ line: 'n8n 2.x', workflowPackage: 'n8n-workflow' },
	{ line: 'n8n 1.123', workflowPackage: 'n8n-workflow-1' },
];

/** nodes/shared/compat/sleep.ts loaded with the given n8n-workflow in place of the one n8n provides. */
function sleepWith(workflowPackage: string): { sleep: Sleep; n8nSleep: Sleep } {
	let loaded!: { sleep: Sleep; n8nSleep: Sleep };
	jest.isolateModules(() => {
		jest.doMock('n8n-workflow', () => jest.requireActual(workflowPackage));
		loaded = {
			// eslint-disable-next-line @typescript-eslint/no-require-imports
			sleep: (require('../../nodes/shared/compat') as { sleep: Sleep }).sleep,
			// eslint-disable-next-line @typescript-eslint/no-require-imports
			n8nSleep: (require('n8n-workflow') as { sleep: Sleep }).sleep,
		};
	});
	return loaded;
}

/** How long a 5 s sleep lasts when `signal` is aborted after 50 ms, and how it ends. */
async function cancelledAfter50ms(sleep: Sleep) {
	const cancel = new AbortController();
	const reason = new Error('the execution was cancelled');
	const started = Date.now();
	const timer = setTimeout(() => cancel.abort(reason), 50);
	const outcome = await sleep(5_000, cancel.signal).then(
		() => 'resolved',
		(error: unknown) => (error === reason ? 'rejected with the reason' : `rejected with ${error}`),
	);
	clearTimeout(timer);
	return { outcome, ms: Date.now() - started };
}

test('n8n 1.123’s own sleep ignores the signal (why nodes/shared/compat/sleep.ts exists)', async () => {
	const { n8nSleep } = sleepWith('n8n-workflow-1');
	const cancel = new AbortController();
	cancel.abort();
	const started = Date.now();
	await expect(n8nSleep(300, cancel.signal)).resolves.toBeUndefined();
	expect(Date.now() - started).toBeGreaterThanOrEqual(290);
});

describe.each(LINES)('with the n8n-workflow of $line', ({ workflowPackage }) => {
	const { sleep } = sleepWith(workflowPackage);

	test('a cancelled wait ends at once, rejected with the cancel’s reason', async () => {
		const { outcome, ms } = await cancelledAfter50ms(sleep);
		expect(outcome).toBe('rejected with the reason');
		expect(ms).toBeLessThan(1_000);
	});

	test('a wait on a signal already aborted does not start', async () => {
		const cancel = new AbortController();
		const reason = new Error('cancelled before');
		cancel.abort(reason);
		await expect(sleep(5_000, cancel.signal)).rejects.toBe(reason);
	});

	test('without a cancel, the wait lasts its time', async () => {
		const started = Date.now();
		await sleep(100, new AbortController().signal);
		await sleep(100);
		expect(Date.now() - started).toBeGreaterThanOrEqual(190);
	});
});
