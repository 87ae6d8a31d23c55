import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { runItems } from '../shared/runItems';
import { getResult, getResultProperties } from './actions/getResult.operation';
import { uploadProperties } from './helpers/input';
import { optionsProperty, readOptions } from './helpers/options';
import { predict, predictProperties } from './actions/predict.operation';
import { serviceIdProperty } from './helpers/service';
import { submit, submitProperties } from './actions/submit.operation';
import { outputProperty } from './output/predictionItems';
import { testBirosCredential } from './methods/credentialTest';
import { explainBirosError } from './helpers/explainError';
import type { BirosSession } from './transport/session';
import { openSession } from './transport/session';

type Action = (
	context: IExecuteFunctions,
	itemIndex: number,
	session: BirosSession,
	signal: AbortSignal,
) => Promise<INodeExecutionData[]>;

const ACTIONS: Record<string, Action> = { predict, submit, getResult };

export class DocparseBiros implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Biros',
		name: 'docparseBiros',
		icon: 'file:biros.svg',
		group: ['transform'],
		version: 1,
		subtitle:
			'={{ ({"predict":"Predict","submit":"Submit","getResult":"Get Result"}[$parameter["operation"]] || $parameter["operation"]) + " · Service " + $parameter["serviceId"] }}',
		description: 'Extract the fields of documents with your Biros services',
		defaults: { name: 'Biros' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'docparseBirosApi', required: true, testedBy: 'docparseBirosApiTest' }],
		properties: [
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				default: 'predict',
				options: [
					{
						name: 'Predict',
						value: 'predict',
						action: 'Extract the fields of a document',
						description: "Send a document and get the service's fields",
					},
					{
						name: 'Submit',
						value: 'submit',
						action: 'Submit a document for asynchronous prediction',
						description: 'Send a document to the asynchronous API and get its document ID',
					},
					{
						name: 'Get Result',
						value: 'getResult',
						action: 'Get the result of a submitted document',
						description: 'Get the fields of a document sent with Submit',
					},
				],
			},
			serviceIdProperty,
			...predictProperties,
			...submitProperties,
			...uploadProperties,
			...getResultProperties,
			{ ...outputProperty, displayOptions: { show: { operation: ['predict', 'getResult'] } } },
			optionsProperty,
		],
	};

	methods = {
		credentialTest: {
			docparseBirosApiTest: testBirosCredential,
		},
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const options = readOptions(this, 0);
		const session = await openSession(this, options);
		try {
			return await runItems(this, {
				concurrency: Math.max(1, Math.floor(options.concurrency)),
				explain: explainBirosError,
				secrets: session.secrets,
				work: async (itemIndex, signal) => {
					const operation = this.getNodeParameter('operation', itemIndex) as string;
					const action = ACTIONS[operation];
					if (!action)
						throw new NodeOperationError(this.getNode(), `Unknown operation "${operation}"`, {
							itemIndex,
						});
					return await action(this, itemIndex, session, signal);
				},
				stopSubmissions: () => session.http.stopSubmissions(),
			});
		} finally {
			await session.close();
		}
	}
}
