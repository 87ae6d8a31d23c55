import type { IncomingMessage, ServerResponse } from 'node:http';
import type {
	ICredentialsDecrypted,
	ICredentialTestFunctions,
	IHookFunctions,
	INodeCredentialTestResult,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { isRepeatDelivery } from '../MindeeTrigger/recentJobs';
import { signatureHeader } from '../MindeeTrigger/signature';
import { testMindeeV2Credential } from '../MindeeV2/transport/credentialTest';
import { MINDEE_V2_CREDENTIAL } from '../MindeeV2/transport/session';
import { checkV2Delivery, deliveryId } from './delivery';
import { deliveryItems } from './deliveryItems';
import { readTriggerOptions, triggerProperties } from './triggerProperties';

/** n8n's body reader keeps the bytes exactly as received (decompressed) next to the parsed body. */
type WebhookRequest = IncomingMessage & { rawBody?: Buffer };

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

	/** Nothing to register at Mindee (the URL is added to the model by hand); publishing only checks the secret. */
	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return false;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				if (!(await signingSecret(this)) && !readTriggerOptions(this).skipSignatureVerification) {
					throw new NodeOperationError(
						this.getNode(),
						'The Mindee V2 credential has no Webhook Signing Secret',
						{
							description:
								"Copy the signing secret of your model's webhook on the Mindee platform into the credential, so that only Mindee can start this workflow. To accept unsigned deliveries anyway, tick Skip Signature Verification (Insecure) in the node's options.",
						},
					);
				}
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const options = readTriggerOptions(this);
		const request = this.getRequestObject() as WebhookRequest;
		const check = checkV2Delivery(
			Buffer.isBuffer(request.rawBody) ? request.rawBody : Buffer.alloc(0),
			signatureHeader(request.headers),
			{
				secret: await signingSecret(this),
				skipVerification: options.skipSignatureVerification,
				maxBytes: options.maxBodyBytes,
			},
		);
		if (!check.accepted) {
			this.logger.warn(
				`Mindee V2 Trigger "${this.getNode().name}" answered ${check.status} and started nothing: ${check.logMessage}`,
				{ workflowId: this.getWorkflow().id },
			);
			return respond(this, check.status, check.message);
		}

		const { payload } = check;
		const id = deliveryId(payload);
		if (
			options.duplicateWindowHours > 0 &&
			(await isRepeatDelivery(this, id, options.duplicateWindowHours * 3_600_000))
		)
			return respond(this, 200, `Job ${id} was already received; nothing started`);
		if (payload.kind === 'failed' && this.getNodeParameter('failedJobs', 'emit') === 'ignore')
			return respond(this, 200, `Job ${id} failed; ignored`);
		return {
			workflowData: [this.helpers.returnJsonArray(deliveryItems(payload, options.output))],
			webhookResponse: { message: `Job ${id} received; workflow started` },
		};
	}
}

async function signingSecret(
	context: Pick<IWebhookFunctions, 'getCredentials'>,
): Promise<string | undefined> {
	const { webhookSecret } = await context.getCredentials(MINDEE_V2_CREDENTIAL);
	return typeof webhookSecret === 'string' && webhookSecret.trim() !== ''
		? webhookSecret.trim()
		: undefined;
}

/** Answers the sender directly; n8n then starts no execution (there is no workflow data). */
function respond(
	context: IWebhookFunctions,
	status: number,
	message: string,
): IWebhookResponseData {
	const response = context.getResponseObject() as ServerResponse;
	response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' });
	response.end(JSON.stringify({ message }));
	return { noWebhookResponse: true };
}
