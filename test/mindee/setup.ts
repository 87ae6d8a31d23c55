import type { INodeParameters } from 'n8n-workflow';

import { DocparseMindee } from '../../nodes/Mindee/DocparseMindee.node';
import type { RunExtra } from '../harness/engine';
import { runPackageNode } from '../harness/engine';

import { startMindeeServer } from '../fakes/mindee-server';

export type FakeMindee = Awaited<ReturnType<typeof startMindeeServer>>;
export { startMindeeServer };

/**
 * Fast polling (the nodes never check a job more often than once a second) so tests do not wait on
 * real-world delays; behaviour, not timing, is asserted.
 */
export const FAST_POLLING = {
	pollInitialDelay: 0,
	pollInterval: 1,
	requestsPerSecond: 0,
	requestsPerMinute: 0,
};

export function mindeeCredentials(server: FakeMindee, apiKey = server.apiKey) {
	return { docparseMindeeApi: { apiKey, baseUrl: server.url, webhookSecret: 'whsec-test-secret' } };
}

/** Runs the Mindee node in n8n's engine against the fake server. */
export async function runMindee(
	server: FakeMindee,
	parameters: INodeParameters,
	extra: RunExtra = {},
) {
	return await runPackageNode(
		{
			type: 'docparseMindee',
			nodeType: new DocparseMindee(),
			defaults: { operation: 'parse', product: 'invoices', inputType: 'binary' },
			baseOptions: FAST_POLLING,
			credentials: mindeeCredentials(server),
		},
		parameters,
		extra,
	);
}
