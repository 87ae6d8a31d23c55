import type { IncomingMessage, ServerResponse } from 'node:http';
import type {
	IDataObject,
	IHookFunctions,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { isRepeatDelivery } from './recentJobs';
import { signatureHeader } from './signature';
import type { DeliveryCheck, DeliveryPolicy } from './signedJson';

/** n8n's body reader keeps the bytes exactly as received (decompressed) next to the parsed body. */
type WebhookRequest = IncomingMessage & { rawBody?: Buffer };

/** The options every signed Mindee trigger reads, whatever the API generation. */
export interface SignedTriggerOptions {
	duplicateWindowHours: number;
	maxBodyBytes: number;
	skipSignatureVerification: boolean;
}

/**
 * What differs between the Mindee (V1) and Mindee V2 triggers. The rest of a delivery's handling (the
 * signature, the answers to Mindee, the duplicate window, failed jobs) is the same and lives here.
 */
export interface SignedTriggerApi<Payload> {
	/** Names the trigger in n8n's log and in the publish error. */
	label: string;
	credentialName: string;
	/** Where the user finds the signing secret on the Mindee platform, for the publish error. */
	secretWhere: string;
	readOptions(context: Pick<IWebhookFunctions, 'getNodeParameter'>): SignedTriggerOptions;
	check(
		body: Buffer,
		signature: string | undefined,
		policy: DeliveryPolicy,
	): DeliveryCheck<Payload>;
	jobId(payload: Payload): string;
	failed(payload: Payload): boolean;
	items(context: IWebhookFunctions, payload: Payload): IDataObject[];
	/** The items by output (Route for Review's Success and Needs Review); absent: one output. */
	outputs?(context: IWebhookFunctions, items: IDataObject[]): IDataObject[][];
}

/** Checks, deduplicates and turns one delivery into the workflow's items, or answers Mindee directly. */
export async function receiveDelivery<Payload>(
	context: IWebhookFunctions,
	api: SignedTriggerApi<Payload>,
): Promise<IWebhookResponseData> {
	const options = api.readOptions(context);
	const request = context.getRequestObject() as WebhookRequest;
	const check = api.check(
		Buffer.isBuffer(request.rawBody) ? request.rawBody : Buffer.alloc(0),
		signatureHeader(request.headers),
		{
			secret: await signingSecret(context, api.credentialName),
			skipVerification: options.skipSignatureVerification,
			maxBytes: options.maxBodyBytes,
		},
	);
	if (!check.accepted) {
		context.logger.warn(
			`${api.label} "${context.getNode().name}" answered ${check.status} and started nothing: ${check.logMessage}`,
			{ workflowId: context.getWorkflow().id },
		);
		return respond(context, check.status, check.message);
	}

	const { payload } = check;
	const jobId = api.jobId(payload);
	if (
		options.duplicateWindowHours > 0 &&
		(await isRepeatDelivery(context, jobId, options.duplicateWindowHours * 3_600_000))
	) {
		return respond(context, 200, `Job ${jobId} was already received; nothing started`);
	}
	if (api.failed(payload) && context.getNodeParameter('failedJobs', 'emit') === 'ignore') {
		return respond(context, 200, `Job ${jobId} failed; ignored`);
	}
	const items = api.items(context, payload);
	return {
		workflowData: (api.outputs?.(context, items) ?? [items]).map((output) =>
			context.helpers.returnJsonArray(output),
		),
		webhookResponse: { message: `Job ${jobId} received; workflow started` },
	};
}

/** Nothing to register at Mindee (the URL is pasted there by hand); publishing only checks the secret. */
export function signedWebhookMethods<Payload>(api: SignedTriggerApi<Payload>) {
	return {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				return false;
			},
			async create(this: IHookFunctions): Promise<boolean> {
				const secret = await signingSecret(this, api.credentialName);
				if (!secret && !api.readOptions(this).skipSignatureVerification) {
					throw new NodeOperationError(
						this.getNode(),
						`The ${api.label.replace(/ Trigger$/, '')} credential has no Webhook Signing Secret`,
						{
							description: `Copy the signing secret of ${api.secretWhere} on the Mindee platform into the credential, so that only Mindee can start this workflow. To accept unsigned deliveries anyway, tick Skip Signature Verification (Insecure) in the node's options.`,
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
}

async function signingSecret(
	context: Pick<IWebhookFunctions, 'getCredentials'>,
	credentialName: string,
): Promise<string | undefined> {
	const { webhookSecret } = await context.getCredentials(credentialName);
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
