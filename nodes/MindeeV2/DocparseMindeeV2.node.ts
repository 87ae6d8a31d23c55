/* eslint-disable n8n-nodes-base/node-filename-against-convention -- the rule reads "V2" in a file name as a version suffix; here it is part of the node name docparseMindeeV2 (a separate node beside the V1 one) */
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
import { REVIEW_SETUP } from './helpers/review';
import { testMindeeV2Credential } from './methods/credentialTest';
import { searchModels } from './methods/listSearch';
import { MODEL_SUBTITLE } from './helpers/model';

export class DocparseMindeeV2 implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Mindee V2 (Docparse)',
		name: 'docparseMindeeV2',
		icon: { light: 'file:mindee-v2.svg', dark: 'file:mindee-v2.dark.svg' },
		group: ['transform'],
		// 1.1: Submit names the job's ID `_job_id` (shared/parameters/jobIdKey.ts).
		version: [1, 1.1],
		subtitle: MODEL_SUBTITLE,
		description:
			'Extract, classify, crop, split or read documents with your Mindee V2 models (api-v2.mindee.net)',
		defaults: { name: 'Mindee V2 (Docparse)' },
		inputs: [NodeConnectionTypes.Main],
		// One output, or Success and Needs Review when Route for Review is on (shared/review).
		outputs: reviewOutputs(REVIEW_SETUP.operations),
		usableAsTool: true,
		credentials: [
			{ name: 'docparseMindeeV2Api', required: true, testedBy: 'docparseMindeeV2ApiTest' },
		],
		properties: versionProperties,
	};

	methods = {
		listSearch: { searchModels },
		credentialTest: { docparseMindeeV2ApiTest: testMindeeV2Credential },
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
