/* eslint-disable n8n-nodes-base/node-filename-against-convention -- the rule reads "V2" in a file name as a version suffix; here it is part of the node name docparseMindeeV2 (a separate node beside the V1 one) */
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
import { modelProperties, searchModels } from './helpers/model';
import { optionsProperty, readOptions } from './helpers/options';
import { outputProperties, processDocument } from './actions/processDocument.operation';
import { submit, submitProperties } from './actions/submit.operation';
import { testMindeeV2Credential } from './methods/credentialTest';
import { explainMindeeV2Error } from './helpers/explainError';
import { openSession } from './transport/session';

const OPERATIONS = {
	extract: processDocument,
	classify: processDocument,
	crop: processDocument,
	ocr: processDocument,
	split: processDocument,
	submit,
	getResult,
};

export class DocparseMindeeV2 implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Mindee V2 (Docparse)',
		name: 'docparseMindeeV2',
		icon: 'file:mindee.svg',
		group: ['transform'],
		version: 1,
		subtitle: '={{ $parameter["operation"] }}',
		description:
			'Extract, classify, crop, split or read documents with your Mindee V2 models (api-v2.mindee.net)',
		defaults: { name: 'Mindee V2 (Docparse)' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		usableAsTool: true,
		credentials: [
			{ name: 'docparseMindeeV2Api', required: true, testedBy: 'docparseMindeeV2ApiTest' },
		],
		properties: [
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				default: 'extract',
				options: [
					{
						name: 'Classify Document',
						value: 'classify',
						action: 'Classify a document',
						description: 'Send a document to a classification model and wait for its type',
					},
					{
						name: 'Crop Document',
						value: 'crop',
						action: 'Crop a document',
						description: 'Find the documents on a page or photo: one item per crop',
					},
					{
						name: 'Extract Data',
						value: 'extract',
						action: 'Extract data from a document',
						description: 'Send a document to an extraction model and wait for its fields',
					},
					{
						name: 'Get Result',
						value: 'getResult',
						action: 'Get a result',
						description: 'Fetch the result of a submitted document by job or inference ID',
					},
					{
						name: 'Read Text (OCR)',
						value: 'ocr',
						action: 'Read the text of a document',
						description: 'Read the words of each page: one item per page',
					},
					{
						name: 'Split Document',
						value: 'split',
						action: 'Split a document',
						description: 'Find the documents in a multi-page file: one item per page range',
					},
					{
						name: 'Submit Document',
						value: 'submit',
						action: 'Submit a document',
						description:
							'Enqueue a document to any model; its result comes later through the Mindee V2 Trigger or Get Result',
					},
				],
			},
			...modelProperties,
			...inputProperties,
			...submitProperties,
			...getResultProperties,
			...outputProperties,
			optionsProperty,
		],
	};

	methods = {
		listSearch: { searchModels },
		credentialTest: {
			async docparseMindeeV2ApiTest(
				this: ICredentialTestFunctions,
				credential: ICredentialsDecrypted,
			): Promise<INodeCredentialTestResult> {
				return await testMindeeV2Credential(credential);
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
				explain: explainMindeeV2Error,
				secrets: session.secrets,
				work: async (itemIndex, signal) => await run(this, itemIndex, session, signal),
				stopSubmissions: () => session.http.stopSubmissions(),
			});
		} finally {
			await session.close();
		}
	}
}
