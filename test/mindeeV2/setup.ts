import type { INodeParameters } from 'n8n-workflow';

import { DocparseMindeeV2 } from '../../nodes/MindeeV2/DocparseMindeeV2.node';
import type { RunExtra } from '../harness/engine';
import { runPackageNode } from '../harness/engine';

import { readMindeeV2Fixture } from '../fakes/fixtures';
import { startMindeeV2Server } from '../fakes/mindee-v2-server';

export type FakeMindeeV2 = Awaited<ReturnType<typeof startMindeeV2Server>>;
export { startMindeeV2Server };

/** Model IDs of shared/fixtures/mindee-v2/search/models.json. */
export const MODELS = {
	extraction: 'b3274545-bb22-bb22-991e-9ca0639829a3',
	split: 'c88c19ba-cc33-cc33-ae83-80253fb7c27d',
	crop: 'd7f3c637-dd44-dd44-8bb0-72ad9d6ea514',
	/** Not in the search answer: any UUID is a model to the fake. */
	classification: '0b6f0c2e-1a1a-4b4b-9c9c-0123456789ab',
	ocr: '1c7a1d3f-2b2b-4c4c-8d8d-0123456789cd',
};

export function v2Fixture<T = Record<string, unknown>>(relative: string): T {
	return JSON.parse(readMindeeV2Fixture(relative)) as T;
}

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

export function mindeeV2Credentials(server: FakeMindeeV2, apiKey = server.apiKey) {
	return {
		docparseMindeeV2Api: { apiKey, baseUrl: server.url, webhookSecret: 'whsec-v2-test-secret' },
	};
}

/** Runs the Mindee V2 node in n8n's engine against the fake server. */
export async function runMindeeV2(
	server: FakeMindeeV2,
	parameters: INodeParameters,
	extra: RunExtra = {},
) {
	const operation = (parameters.operation as string | undefined) ?? 'extract';
	const slug = (
		{
			extract: 'extraction',
			classify: 'classification',
			crop: 'crop',
			ocr: 'ocr',
			split: 'split',
		} as Record<string, keyof typeof MODELS>
	)[operation];
	return await runPackageNode(
		{
			type: 'docparseMindeeV2',
			nodeType: new DocparseMindeeV2(),
			defaults: {
				operation,
				modelId: { __rl: true, mode: 'id', value: MODELS[slug ?? 'extraction'] },
				inputType: 'binary',
			},
			baseOptions: FAST_POLLING,
			credentials: mindeeV2Credentials(server),
		},
		parameters,
		extra,
	);
}
