import type {
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	IExecuteFunctions,
	INodeCredentialTestResult,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { runItems } from '../shared/runItems';
import { getResult, getResultProperties } from './actions/getResult.operation';
import { inputProperties } from './helpers/input';
import { optionsProperty, readOptions } from './helpers/options';
import { parse, parseProperties } from './actions/parse.operation';
import { productProperties, productSubtitle } from './helpers/product';
import { submit, submitProperties } from './actions/submit.operation';
import { testMindeeCredential } from './methods/credentialTest';
import { explainMindeeError } from './helpers/explainError';
import { openSession } from './transport/session';

const OPERATIONS = { parse, submit, getResult };

export class DocparseMindee implements INodeType {
	// eslint-disable-next-line n8n-nodes-base/node-class-description-missing-subtitle -- the subtitle is built from PRODUCTS (product.ts), so it names every product
	description: INodeTypeDescription = {
		displayName: 'Mindee (Docparse)',
		name: 'docparseMindee',
		icon: 'file:mindee.svg',
		group: ['transform'],
		version: 1,
		subtitle: productSubtitle,
		description: 'Extract invoices, receipts, IDs and custom documents into items with Mindee',
		// Not "Mindee": that is the name n8n gives its own Mindee node.
		defaults: { name: 'Mindee (Docparse)' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		usableAsTool: true,
		credentials: [{ name: 'docparseMindeeApi', required: true, testedBy: 'docparseMindeeApiTest' }],
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
				return await testMindeeCredential(credential);
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
