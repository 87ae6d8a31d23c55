import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { operationSubtitle } from '../shared/parameters';
import { router } from './actions/router';
import { versionProperties } from './actions/versionDescription';
import { testBirosCredential } from './methods/credentialTest';

export class DocparseBiros implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Biros (Docparse)',
		name: 'docparseBiros',
		icon: { light: 'file:biros.svg', dark: 'file:biros.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: operationSubtitle(
			{ predict: 'Predict', submit: 'Submit', getResult: 'Get Result' },
			'"Service " + $parameter["serviceId"]',
		),
		description: 'Extract the fields of documents with your Biros services',
		defaults: { name: 'Biros (Docparse)' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'docparseBirosApi', required: true, testedBy: 'docparseBirosApiTest' }],
		properties: versionProperties,
	};

	methods = {
		credentialTest: {
			docparseBirosApiTest: testBirosCredential,
		},
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
