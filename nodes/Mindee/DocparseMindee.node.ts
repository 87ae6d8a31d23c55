import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { reviewOutputs } from '../shared/review';
import { router } from './actions/router';
import { versionProperties } from './actions/versionDescription';
import { productSubtitle } from './helpers/product';
import { REVIEW_SETUP } from './helpers/review';
import { testMindeeCredential } from './methods/credentialTest';

export class DocparseMindee implements INodeType {
	// The subtitle is built from PRODUCTS (helpers/product.ts), so it names every product.
	description: INodeTypeDescription = {
		displayName: 'Mindee (Docparse)',
		name: 'docparseMindee',
		icon: { light: 'file:mindee.svg', dark: 'file:mindee.dark.svg' },
		group: ['transform'],
		// 1.1: Submit names the job's ID `_job_id` (shared/parameters/jobIdKey.ts).
		version: [1, 1.1],
		subtitle: productSubtitle,
		description: 'Extract invoices, receipts, IDs and custom documents into items with Mindee',
		// Not "Mindee": that is the name n8n gives its own Mindee node.
		defaults: { name: 'Mindee (Docparse)' },
		inputs: [NodeConnectionTypes.Main],
		// One output, or Success and Needs Review when Route for Review is on (shared/review).
		outputs: reviewOutputs(REVIEW_SETUP.operations),
		usableAsTool: true,
		credentials: [{ name: 'docparseMindeeApi', required: true, testedBy: 'docparseMindeeApiTest' }],
		properties: versionProperties,
	};

	methods = {
		credentialTest: { docparseMindeeApiTest: testMindeeCredential },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
