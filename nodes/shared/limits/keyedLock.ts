/**
 * Runs async work one at a time per key within this process: each caller waits for the previous one
 * holding the same key. Soft state: a key's entry exists only while work for it is queued or running.
 * It orders work inside one process only; it is no lock between processes (queue mode).
 */
const tails = new Map<string, Promise<void>>();

export async function withKeyLock<T>(key: string, work: () => Promise<T> | T): Promise<T> {
	const previous = tails.get(key) ?? Promise.resolve();
	let release!: () => void;
	const turn = new Promise<void>((resolve) => (release = resolve));
	const tail = previous.then(async () => await turn);
	tails.set(key, tail);
	try {
		await previous;
		return await work();
	} finally {
		release();
		// The last holder leaves no entry behind.
		if (tails.get(key) === tail) tails.delete(key);
	}
}

/** Keys with work queued or running (for tests: no entry outlives its work). */
export function lockedKeyCount(): number {
	return tails.size;
}
