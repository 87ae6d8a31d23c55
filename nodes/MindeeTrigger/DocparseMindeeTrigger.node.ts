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

import { outputSettings } from '../Mindee/output/description';
import { testMindeeCredential } from '../Mindee/transport/credentialTest';
import { checkDelivery } from './delivery';
import { deliveryItems } from './deliveryItems';
import { isRepeatDelivery } from './recentJobs';
import { signatureHeader } from './signature';
import { readTriggerOptions, triggerProperties } from './triggerProperties';

const CREDENTIAL = 'docparseMindeeApi';

/** n8n's body reader keeps the bytes exactly as received (decompressed) next to the parsed body. */
type WebhookRequest = IncomingMessage & { rawBody?: Buffer };

export class DocparseMindeeTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Mindee (Docparse) Trigger',
		name: 'docparseMindeeTrigger',
		icon: 'file:mindee.svg',
		group: ['trigger'],
		version: 1,
		subtitle: 'When Mindee delivers a result',
		description: 'Starts the workflow when Mindee delivers a processed document to its webhook',
		// Not "Mindee Trigger", which n8n's own nodes may use.
		defaults: { name: 'Mindee (Docparse) Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
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
		properties: triggerProperties,
	};

	/** n8n asks the first node it finds with the credential for its test, which may be this one. */
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

	/** Nothing to register at Mindee (the URL is pasted there by hand); publishing only checks the secret. */
	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return false;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				if (!(await signingSecret(this)) && !readTriggerOptions(this).skipSignatureVerification) {
					throw new NodeOperationError(
						this.getNode(),
						'The Mindee credential has no Webhook Signing Secret',
						{
							description:
								"Copy the signing secret of your API's webhook on the Mindee platform into the credential, so that only Mindee can start this workflow. To accept unsigned deliveries anyway, tick Skip Signature Verification (Insecure) in the node's options.",
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
		const check = checkDelivery(
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
				`Mindee Trigger "${this.getNode().name}" answered ${check.status} and started nothing: ${check.logMessage}`,
				{
					workflowId: this.getWorkflow().id,
				},
			);
			return respond(this, check.status, check.message);
		}

		const { payload } = check;
		if (
			options.duplicateWindowHours > 0 &&
			(await isRepeatDelivery(this, payload.job.id, options.duplicateWindowHours * 3_600_000))
		) {
			return respond(this, 200, `Job ${payload.job.id} was already received; nothing started`);
		}
		if (
			payload.job.status === 'failed' &&
			this.getNodeParameter('failedJobs', 'emit') === 'ignore'
		) {
			return respond(this, 200, `Job ${payload.job.id} failed; ignored`);
		}
		const settings = outputSettings(
			this.getNodeParameter('output', 'simplified') as string,
			options.includeConfidence,
		);
		return {
			workflowData: [this.helpers.returnJsonArray(deliveryItems(payload, settings))],
			webhookResponse: { message: `Job ${payload.job.id} received; workflow started` },
		};
	}
}

async function signingSecret(
	context: Pick<IWebhookFunctions, 'getCredentials'>,
): Promise<string | undefined> {
	const { webhookSecret } = await context.getCredentials(CREDENTIAL);
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
