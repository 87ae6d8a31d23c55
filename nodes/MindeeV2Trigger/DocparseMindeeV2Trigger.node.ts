import type {
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	INodeCredentialTestResult,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import type { SignedTriggerApi } from '../MindeeTrigger/signedWebhook';
import { receiveDelivery, signedWebhookMethods } from '../MindeeTrigger/signedWebhook';
import { testMindeeV2Credential } from '../MindeeV2/methods/credentialTest';
import { MINDEE_V2_CREDENTIAL } from '../MindeeV2/transport/session';
import type { V2Payload } from './delivery';
import { checkV2Delivery, deliveryId } from './delivery';
import { deliveryItems } from './deliveryItems';
import { readTriggerOptions, triggerProperties } from './triggerProperties';

const mindeeV2Deliveries: SignedTriggerApi<V2Payload> = {
	label: 'Mindee V2 Trigger',
	credentialName: MINDEE_V2_CREDENTIAL,
	secretWhere: "your model's webhook",
	readOptions: readTriggerOptions,
	check: checkV2Delivery,
	jobId: deliveryId,
	failed: (payload) => payload.kind === 'failed',
	items: (context, payload) => deliveryItems(payload, readTriggerOptions(context).output),
};

export class DocparseMindeeV2Trigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Mindee V2 (Docparse) Trigger',
		name: 'docparseMindeeV2Trigger',
		icon: 'file:mindee.svg',
		group: ['trigger'],
		version: 1,
		subtitle: 'When Mindee V2 delivers a result',
		description: 'Starts the workflow when Mindee V2 delivers a result to its webhook',
		defaults: { name: 'Mindee V2 (Docparse) Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: 'docparseMindeeV2Api', required: true, testedBy: 'docparseMindeeV2ApiTest' },
		],
		// With responseData empty, n8n answers an accepted delivery with the node's webhookResponse.
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				responseData: '',
				path: 'mindee-v2',
			},
		],
		properties: triggerProperties,
	};

	/** n8n asks the first node it finds with the credential for its test, which may be this one. */
	methods = {
		credentialTest: {
			async docparseMindeeV2ApiTest(
				this: ICredentialTestFunctions,
				credential: ICredentialsDecrypted,
			): Promise<INodeCredentialTestResult> {
				return await testMindeeV2Credential(credential);
			},
		},
	};

	webhookMethods = signedWebhookMethods(mindeeV2Deliveries);

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await receiveDelivery(this, mindeeV2Deliveries);
	}
}
