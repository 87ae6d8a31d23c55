import type {
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	IExecuteFunctions,
	INodeCredentialTestResult,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';

import {
	CREDENTIAL_TEST_TIMEOUT_MS,
	SINGLE_ATTEMPT,
	testCredential,
} from '../shared/credentialTest';
import { runItems } from '../shared/runItems';
import { getResult, getResultProperties } from './actions/getResult';
import { inputProperties } from './actions/input';
import { isObject } from './output/fields';
import { optionsProperty, readOptions } from './actions/options';
import { parse, parseProperties } from './actions/parse';
import { productProperties } from './actions/product';
import { submit, submitProperties } from './actions/submit';
import { explainMindeeError } from './transport/explainError';
import { httpClientFor, MINDEE_CREDENTIAL, openSession } from './transport/session';
import { MindeeClient } from './transport/mindeeClient';

const OPERATIONS = { parse, submit, getResult };

export class DocparseMindee implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Mindee (Docparse)',
		name: 'docparseMindee',
		icon: 'file:mindee.svg',
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["product"] }}',
		description: 'Extract invoices, receipts, IDs and custom documents into items with Mindee',
		defaults: { name: 'Mindee' },
		inputs: ['main'],
		outputs: ['main'],
		usableAsTool: true,
		credentials: [{ name: MINDEE_CREDENTIAL, required: true, testedBy: 'docparseMindeeApiTest' }],
		properties: [
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				default: 'parse',
				options: [
					{
						name: 'Parse Document',
						value: 'parse',
						action: 'Parse a document',
						description: 'Send a document and wait for its fields',
					},
					{
						name: 'Submit Document',
						value: 'submit',
						action: 'Submit a document',
						description:
							'Enqueue a document; its result comes later through the Mindee Trigger or Get Result',
					},
					{
						name: 'Get Result',
						value: 'getResult',
						action: 'Get a result',
						description: 'Fetch the fields of a submitted document by job or document ID',
					},
				],
			},
			...productProperties,
			...inputProperties,
			...parseProperties,
			...submitProperties,
			...getResultProperties,
			optionsProperty,
		],
	};

	methods = {
		credentialTest: {
			async docparseMindeeApiTest(
				this: ICredentialTestFunctions,
				credential: ICredentialsDecrypted,
			): Promise<INodeCredentialTestResult> {
				const data = credential.data ?? {};
				return await testCredential({
					service: 'Mindee',
					open: () =>
						httpClientFor(data, { timeoutMs: CREDENTIAL_TEST_TIMEOUT_MS, retry: SINGLE_ATTEMPT }),
					probe: async (http) => await new MindeeClient(http).probeKey(),
					// Mindee's JSON envelope, answering 404 for the made-up job of the probe.
					isOwnAnswer: (status, body) =>
						(status === 404 || status < 300) && isObject(body) && isObject(body.api_request),
					accepted: 'Connection successful',
					refused: (status) => `Mindee refused the API key (${status})`,
					secrets: [data.apiKey as string | undefined],
				});
			},
		},
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const operation = this.getNodeParameter('operation', 0) as keyof typeof OPERATIONS;
		const run = OPERATIONS[operation];
		const options = readOptions(this, 0);
		const session = await openSession(this, options);
		try {
			return await runItems(this, {
				concurrency: options.concurrency,
				explain: explainMindeeError,
				secrets: session.secrets,
				work: async (itemIndex, signal) => await run(this, itemIndex, session, signal),
				stopSubmissions: () => session.http.stopSubmissions(),
			});
		} finally {
			await session.close();
		}
	}
}
