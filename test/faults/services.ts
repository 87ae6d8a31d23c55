/**
 * The services the fault-injection suite runs against, behind one shape: each fault test is written once
 * and runs for every entry of SERVICES. A new node (Mindee v2) joins by adding an entry.
 */
import type {
	ICredentialsDecrypted,
	INodeCredentialTestResult,
	INodeParameters,
} from 'n8n-workflow';

import { DocparseBiros } from '../../nodes/Biros/DocparseBiros.node';
import { DocparseMindee } from '../../nodes/Mindee/DocparseMindee.node';
import type { RunOptions, RunResult } from '../harness/engine';
import type { FakeBiros } from '../biros/setup';
import { runBiros, startBirosServer } from '../biros/setup';
import type { FakeMindee } from '../mindee/setup';
import { runMindee, startMindeeServer } from '../mindee/setup';
import { API_KEY, DOCUMENT_FIELDS, remember } from './helpers';

/** What the suite needs of a fake server, whichever API it plays. */
export interface FakeServer {
	url: string;
	apiKey: string;
	requests: Array<Record<string, any>>;
	requestsOf(kind: string): Array<Record<string, any>>;
	inject(on: string, action: unknown, times?: number): void;
	setProcessingMs(ms: number): void;
	close(): Promise<void>;
}

export interface ServiceUnderTest {
	/** As messages name it. */
	name: string;
	credentialType: string;
	start(options?: { processingMs?: number; apiKey?: string }): Promise<FakeServer>;
	/** Kinds of the fake's requests: the upload that returns a job, the check of that job. */
	kinds: { submit: string; check: string };
	/** What every simplified document item of the service has. */
	documentFields: Record<string, unknown>;
	/** Parameters of the operation that submits, then waits for the result. */
	submitAndWait: INodeParameters;
	/** Parameters of the operation that only submits. */
	submitOnly: INodeParameters;
	/** Runs the node in n8n's engine against the fake. */
	run(
		server: FakeServer,
		parameters: INodeParameters,
		extra: {
			items?: RunOptions['items'];
			continueOnFail?: boolean;
			credentials?: RunOptions['credentials'];
		},
	): Promise<RunResult>;
	/** The credential's Test button. */
	testCredential(data: Record<string, unknown>): Promise<INodeCredentialTestResult>;
	/** The job id the fake created for an accepted upload request. */
	jobIdOf(upload: Record<string, any>): string;
	/** The id Get Result takes for an accepted upload request (Mindee: the job; Biros: the document). */
	resultIdOf(upload: Record<string, any>): string;
}

function credentialOf(type: string, data: Record<string, unknown>): ICredentialsDecrypted {
	return { id: 'c1', name: type, type, data: data as ICredentialsDecrypted['data'] };
}

export const MINDEE: ServiceUnderTest = {
	name: 'Mindee',
	credentialType: 'docparseMindeeApi',
	start: async (options = {}) =>
		(await startMindeeServer({ apiKey: API_KEY, ...options })) as unknown as FakeServer,
	kinds: { submit: 'submit', check: 'queue' },
	documentFields: DOCUMENT_FIELDS,
	submitAndWait: { operation: 'parse', options: { mode: 'async' } },
	submitOnly: { operation: 'submit' },
	run: async (server, parameters, extra) =>
		remember(await runMindee(server as unknown as FakeMindee, parameters, extra)),
	testCredential: async (data) =>
		await new DocparseMindee().methods.credentialTest.docparseMindeeApiTest.call(
			{} as never,
			credentialOf('docparseMindeeApi', data),
		),
	jobIdOf: (upload) => upload.jobId as string,
	resultIdOf: (upload) => upload.jobId as string,
};

export const BIROS: ServiceUnderTest = {
	name: 'Biros',
	credentialType: 'docparseBirosApi',
	start: async (options = {}) =>
		(await startBirosServer({ apiKey: API_KEY, ...options })) as unknown as FakeServer,
	kinds: { submit: 'submit', check: 'result' },
	documentFields: {
		service: expect.any(String),
		document_id: expect.any(String),
		document: expect.objectContaining({ original_name: expect.any(String) }),
	},
	submitAndWait: { operation: 'predict', mode: 'async' },
	submitOnly: { operation: 'submit' },
	run: async (server, parameters, extra) =>
		remember(await runBiros(server as unknown as FakeBiros, parameters, extra)),
	testCredential: async (data) =>
		await new DocparseBiros().methods.credentialTest.docparseBirosApiTest(
			credentialOf('docparseBirosApi', data),
		),
	jobIdOf: (upload) => upload.job as string,
	resultIdOf: (upload) => upload.documentId as string,
};

export const SERVICES: ServiceUnderTest[] = [MINDEE, BIROS];
