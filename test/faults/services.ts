/**
 * The services the fault-injection suite runs against, behind one shape: each fault test is written once
 * and runs for every entry of SERVICES: Mindee V1, Biros and Mindee V2. A new node joins by adding an entry.
 */
import type {
	ICredentialsDecrypted,
	INodeCredentialTestResult,
	INodeParameters,
} from 'n8n-workflow';

import { DocparseBiros } from '../../nodes/Biros/DocparseBiros.node';
import { DocparseMindee } from '../../nodes/Mindee/DocparseMindee.node';
import { DocparseMindeeV2 } from '../../nodes/MindeeV2/DocparseMindeeV2.node';
import type { RunOptions, RunResult } from '../harness/engine';
import type { FakeBiros } from '../biros/setup';
import { runBiros, startBirosServer } from '../biros/setup';
import type { FakeMindee } from '../mindee/setup';
import { runMindee, startMindeeServer } from '../mindee/setup';
import type { FakeMindeeV2 } from '../mindeeV2/setup';
import { runMindeeV2, startMindeeV2Server } from '../mindeeV2/setup';
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
	/** As the suite's titles name it. */
	name: string;
	/** As the node's messages name it ("Mindee" for both Mindee nodes). */
	says: string;
	credentialType: string;
	start(options?: { processingMs?: number; apiKey?: string }): Promise<FakeServer>;
	/** Kinds of the fake's requests: the upload that returns a job, the check of that job. */
	kinds: { submit: string; check: string; probe: string };
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
	says: 'Mindee',
	kinds: { submit: 'submit', check: 'queue', probe: 'queue' },
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
	says: 'Biros',
	kinds: { submit: 'submit', check: 'result', probe: 'result' },
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

export const MINDEE_V2: ServiceUnderTest = {
	name: 'Mindee V2',
	says: 'Mindee',
	credentialType: 'docparseMindeeV2Api',
	start: async (options = {}) =>
		(await startMindeeV2Server({ apiKey: API_KEY, ...options })) as unknown as FakeServer,
	kinds: { submit: 'enqueue', check: 'job', probe: 'search' },
	documentFields: {
		_inference_id: expect.any(String),
		_job_id: expect.any(String),
		_filename: expect.any(String),
		_product: 'extraction',
	},
	submitAndWait: { operation: 'extract' },
	submitOnly: { operation: 'submit' },
	run: async (server, parameters, extra) =>
		remember(await runMindeeV2(server as unknown as FakeMindeeV2, parameters, extra)),
	testCredential: async (data) =>
		await new DocparseMindeeV2().methods.credentialTest.docparseMindeeV2ApiTest.call(
			{} as never,
			credentialOf('docparseMindeeV2Api', data),
		),
	jobIdOf: (upload) => upload.jobId as string,
	resultIdOf: (upload) => upload.jobId as string,
};

export const SERVICES: ServiceUnderTest[] = [MINDEE, BIROS, MINDEE_V2];
