import type {
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import { MINDEE_V2_CREDENTIAL, testMindeeV2Credential } from '../MindeeV2';
import {
	mindeeV2ReviewInput,
	readTriggerReviewRules,
	reviewedItems,
	reviewOutputs,
	reviewTriggerOutputs,
} from '../shared/review';
import type { SignedTriggerApi } from '../shared/webhook';
import { receiveDelivery, signedWebhookMethods, signedTriggerPanel } from '../shared/webhook';
import type { DeliveryPayload } from './helpers/delivery';
import { checkDelivery, deliverySummary } from './helpers/delivery';
import { deliveryItems } from './helpers/deliveryItems';
import { readTriggerOptions, TRIGGER_REVIEW, triggerProperties } from './triggerProperties';

const mindeeV2Deliveries: SignedTriggerApi<DeliveryPayload> = {
	label: 'Mindee V2 Trigger',
	credentialName: MINDEE_V2_CREDENTIAL,
	secretWhere: "your model's webhook",
	readOptions: readTriggerOptions,
	check: checkDelivery,
	summary: deliverySummary,
	items: (context, payload) => {
		const { output } = readTriggerOptions(context);
		const items = deliveryItems(payload, output);
		if (payload.kind !== 'inference') return items;
		const rules = readTriggerReviewRules(context, TRIGGER_REVIEW);
		const { inference } = payload;
		return reviewedItems(items, rules, () => mindeeV2ReviewInput(inference), output.lineItemsField);
	},
	outputs: (context, items) => reviewTriggerOutputs(context, items, TRIGGER_REVIEW),
};

export class DocparseMindeeV2Trigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Mindee V2 (Docparse) Trigger',
		name: 'docparseMindeeV2Trigger',
		icon: { light: 'file:mindee-v2.svg', dark: 'file:mindee-v2.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: 'When Mindee V2 delivers a result',
		description: 'Starts the workflow when Mindee V2 delivers a result to its webhook',
		defaults: { name: 'Mindee V2 (Docparse) Trigger' },
		inputs: [],
		// One output, or Success and Needs Review when Route for Review is on (shared/review).
		outputs: reviewOutputs(),
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
		triggerPanel: signedTriggerPanel({
			platformWebhook: "your model's webhook (or one named in Submit's Webhook IDs option)",
			submit: "the Mindee V2 (Docparse) node's Submit Document operation",
			sandboxCommand: 'node scripts/send-mindee-webhook.js --v2 &lt;test URL&gt;',
		}),
		properties: triggerProperties,
	};

	/** n8n asks the first node it finds with the credential for its test, which may be this one. */
	methods = { credentialTest: { docparseMindeeV2ApiTest: testMindeeV2Credential } };

	webhookMethods = signedWebhookMethods(mindeeV2Deliveries);

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await receiveDelivery(this, mindeeV2Deliveries);
	}
}
