import * as n8nWorkflow from 'n8n-workflow';

type AbortableSleep = (ms: number, signal?: AbortSignal) => Promise<void>;

/**
 * n8n-workflow's sleep, cut short by `signal` (it rejects with the signal's reason, as a cancelled execution
 * must stop waiting at once) on every n8n the package supports. n8n 2.x's `sleep(ms, signal)` does that;
 * n8n 1.x's `sleep` takes no signal (it would wait to the end) and its `sleepWithAbort` does, rejecting with
 * an error of its own that is replaced by the signal's reason here.
 */
export async function sleep(ms: number, signal?: AbortSignal): Promise<void> {
	const sleepWithAbort = (n8nWorkflow as { sleepWithAbort?: AbortableSleep }).sleepWithAbort;
	if (!signal || !sleepWithAbort) return await (n8nWorkflow.sleep as AbortableSleep)(ms, signal);
	try {
		await sleepWithAbort(ms, signal);
	} catch (error) {
		if (!signal.aborted) throw error;
		throw signal.reason instanceof Error ? signal.reason : error;
	}
}
