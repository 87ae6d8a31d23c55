/**
 * The plan's bound: how soon a run of R requests can end when the API enforces its limits over sliding
 * windows (at most `perSecond` requests in any 1 s, `perMinute` in any 60 s; 0: no limit). Used by the
 * simulated plan (test/harness/simulatedPlan.ts) and by every row of `npm run bench`.
 */
export interface Plan {
	perSecond: number;
	perMinute: number;
}

/**
 * The earliest time, counted from the first request, at which the last of `requests` requests can be sent:
 * each request goes as soon as both windows ending then hold fewer than their limit (a window's budget spent
 * at once, the next request when the oldest one leaves the window). 4/s and 75/min: request 72 at 17 s, 75 at
 * 18 s, 76 at 60 s.
 */
function earliestLastRequest(requests: number, { perSecond, perMinute }: Plan): number {
	const sent: number[] = [];
	for (let index = 0; index < requests; index++) {
		let time = index > 0 ? sent[index - 1] : 0;
		if (perSecond > 0 && index >= perSecond) time = Math.max(time, sent[index - perSecond] + 1_000);
		if (perMinute > 0 && index >= perMinute)
			time = Math.max(time, sent[index - perMinute] + 60_000);
		sent.push(time);
	}
	return sent.length > 0 ? sent[sent.length - 1] : 0;
}

/**
 * The bound of a run: its requests as early as the plan allows, plus one processing time `processingMs`.
 * A run whose jobs are processed while its other requests go can end a little before it.
 */
export function planBound(requests: number, plan: Plan, processingMs: number): number {
	return earliestLastRequest(requests, plan) + processingMs;
}

/**
 * The looser bound `npm run bench` used before planBound: the requests at the plan's steady pace (the minute's
 * rate, or the second's where that is tighter), plus one processing time. It ignores that a window's budget
 * may go at once, so it overstates runs of a few minutes or less (24 documents on the default plan: 59.6 s
 * against 19 s). The queue-mode target (≤ 1.3 × this, see bench/README.md) was set against it and is kept.
 */
export function paceBound(
	requests: number,
	{ perSecond, perMinute }: Plan,
	processingMs: number,
): number {
	const perMs = Math.min(
		perSecond > 0 ? perSecond / 1_000 : Infinity,
		perMinute > 0 ? perMinute / 60_000 : Infinity,
	);
	return requests / perMs + processingMs;
}
