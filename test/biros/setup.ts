import type { INodeParameters } from 'n8n-workflow';

import { DocparseBiros } from '../../nodes/Biros/DocparseBiros.node';
import type { RunExtra } from '../harness/engine';
import { runPackageNode } from '../harness/engine';

import { startBirosServer } from '../fakes/biros-server';

export type FakeBiros = Awaited<ReturnType<typeof startBirosServer>>;
export { startBirosServer };

/** Fast polling so tests do not wait on real-world delays; behaviour, not timing, is asserted. */
export const FAST_POLLING = { pollInitialDelay: 0, pollInterval: 1 };

export function birosCredentials(server: FakeBiros, apiKey = server.apiKey) {
	return { docparseBirosApi: { apiKey, baseUrl: server.url } };
}

/** Runs the Biros node in n8n's engine against the fake server (Predict, sync, binary input by default). */
export async function runBiros(
	server: FakeBiros,
	parameters: INodeParameters,
	extra: RunExtra = {},
) {
	return await runPackageNode(
		{
			type: 'docparseBiros',
			nodeType: new DocparseBiros(),
			defaults: {
				operation: 'predict',
				serviceId: 'svc-health-card',
				inputType: 'binary',
				pushResultOnPlatform: 'never',
			},
			baseOptions: FAST_POLLING,
			credentials: birosCredentials(server),
		},
		parameters,
		extra,
	);
}

/** What a user could see of a run: every item, and the error with its description. */
export function visibleText(result: Awaited<ReturnType<typeof runBiros>>) {
	const error = result.error as (Error & { description?: string }) | undefined;
	return (
		JSON.stringify(result.items) +
		(error ? `${error.message} ${error.description ?? ''} ${JSON.stringify(error)}` : '')
	);
}
