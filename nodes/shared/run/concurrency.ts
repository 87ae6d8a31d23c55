import { setMaxListeners } from 'node:events';

/**
 * Runs `work` for every index with at most `limit` in flight, and returns the results in index order,
 * so output order and pairedItem are those of a sequential run.
 *
 * `work` gets a signal that aborts when the parent signal does (execution cancelled) or when another
 * index failed: the run then fails with that first error and no further work is started.
 */
export async function mapInOrder<T>(
	count: number,
	limit: number,
	work: (index: number, signal: AbortSignal) => Promise<T>,
	parentSignal?: AbortSignal,
): Promise<T[]> {
	const controller = new AbortController();
	const signal = parentSignal
		? AbortSignal.any([parentSignal, controller.signal])
		: controller.signal;
	// Every item in flight listens to it (its request, its wait): not a leak, so no warning past 10.
	setMaxListeners(Math.max(10, Math.min(limit, count) * 4), signal);
	const results = new Array<T>(count);
	let next = 0;
	const worker = async () => {
		while (next < count) {
			signal.throwIfAborted();
			const index = next++;
			try {
				results[index] = await work(index, signal);
			} catch (error) {
				if (!controller.signal.aborted) controller.abort(error);
				throw error;
			}
		}
	};
	const workers = Array.from({ length: Math.max(1, Math.min(limit, count)) }, worker);
	const settled = await Promise.allSettled(workers);
	const failure = settled.find((outcome) => outcome.status === 'rejected');
	if (failure) {
		// The first error in time, which made the other workers stop.
		throw parentSignal?.aborted
			? parentSignal.reason
			: (controller.signal.reason ?? failure.reason);
	}
	return results;
}
