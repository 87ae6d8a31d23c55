import type {
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';

import { outputSettings, reviewDocumentItems, testMindeeCredential } from '../Mindee';
import { readTriggerReviewRules, reviewOutputs, reviewTriggerOutputs } from '../shared/review';
import type { SignedTriggerApi } from '../shared/webhook';
import { receiveDelivery, signedWebhookMethods, signedTriggerPanel } from '../shared/webhook';
import type { DeliveryPayload } from './helpers/delivery';
import { checkDelivery, deliverySummary } from './helpers/delivery';
import { deliveryItems } from './helpers/deliveryItems';
import { readTriggerOptions, TRIGGER_REVIEW, triggerProperties } from './triggerProperties';

const mindeeV1Deliveries: SignedTriggerApi<DeliveryPayload> = {
	label: 'Mindee Trigger',
	credentialName: 'docparseMindeeApi',
	secretWhere: "your API's webhook",
	readOptions: readTriggerOptions,
	check: checkDelivery,
	summary: deliverySummary,
	items: (context, payload) => {
		const settings = outputSettings(
			context.getNodeParameter('output', 'simplified') as string,
			readTriggerOptions(context).includeConfidence,
		);
		const items = deliveryItems(payload, settings);
		const { document } = payload;
		if (payload.job.status === 'failed' || !document) return items;
		const rules = readTriggerReviewRules(context, TRIGGER_REVIEW);
		return reviewDocumentItems(rules, document, items, settings);
	},
	outputs: (context, items) => reviewTriggerOutputs(context, items, TRIGGER_REVIEW),
};

export class DocparseMindeeTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Mindee (Docparse) Trigger',
		name: 'docparseMindeeTrigger',
		icon: { light: 'file:mindee.svg', dark: 'file:mindee.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: 'When Mindee delivers a result',
		description: 'Starts the workflow when Mindee delivers a processed document to its webhook',
		// Not "Mindee Trigger", which n8n's own nodes may use.
		defaults: { name: 'Mindee (Docparse) Trigger' },
		inputs: [],
		// One output, or Success and Needs Review when Route for Review is on (shared/review).
		outputs: reviewOutputs(),
		credentials: [{ name: 'docparseMindeeApi', required: true, testedBy: 'docparseMindeeApiTest' }],
		// With responseData empty, n8n answers an accepted delivery with the node's webhookResponse (left
		// undefined, n8n 2.40 would answer the text "firstEntryJson").
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				responseData: '',
				path: 'mindee',
			},
		],
		triggerPanel: signedTriggerPanel({
			platformWebhook: "your API's webhook",
			submit: "the Mindee (Docparse) node's Submit Document operation",
			sandboxCommand: 'node scripts/send-mindee-webhook.js &lt;test URL&gt;',
		}),
		properties: triggerProperties,
	};

	/** n8n asks the first node it finds with the credential for its test, which may be this one. */
	methods = { credentialTest: { docparseMindeeApiTest: testMindeeCredential } };

	webhookMethods = signedWebhookMethods(mindeeV1Deliveries);

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		return await receiveDelivery(this, mindeeV1Deliveries);
	}
}
