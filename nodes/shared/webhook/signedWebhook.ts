import type { IncomingMessage, ServerResponse } from 'node:http';
import type {
	IDataObject,
	IHookFunctions,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { DeliveryClaim } from './recentJobs';
import { claimDelivery } from './recentJobs';
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

/** What a delivery is about, for the answers to Mindee and the duplicate window. */
export interface DeliverySummary {
	/** What a retry of this delivery repeats: its job's ID (or, without a job, its inference's). */
	id: string;
	/** How the answers name it: "Job <id>", "Inference <id>". */
	name: string;
	/** A result, a failed job, or a job's status without a result (which starts nothing). */
	kind: 'result' | 'failed' | 'status';
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
	summary(payload: Payload): DeliverySummary;
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
	const { id, name, kind } = api.summary(payload);
	if (kind === 'status')
		return respond(context, 200, `${name} is a job status, not a result; nothing started`);
	if (kind === 'failed' && context.getNodeParameter('failedJobs', 'emit') === 'ignore')
		return respond(context, 200, `${name} failed; ignored`);
	if (options.duplicateWindowHours > 0) {
		const claim = await claimDelivery(context, id, options.duplicateWindowHours * 3_600_000);
		if (claim.repeat) return respond(context, 200, `${name} was already received; nothing started`);
		withdrawUnlessStarted(context, claim);
	}
	const items = api.items(context, payload);
	return {
		workflowData: (api.outputs?.(context, items) ?? [items]).map((output) =>
			context.helpers.returnJsonArray(output),
		),
		webhookResponse: { message: `${name} received; workflow started` },
	};
}

/**
 * n8n answers an accepted delivery once its execution has started, and with a 5xx when it has not (the
 * node failed building its items, or n8n could not start the execution; it then saves no static data).
 * A delivery answered 5xx is withdrawn from the duplicate window, so Mindee's retry can start it.
 */
function withdrawUnlessStarted(
	context: IWebhookFunctions,
	claim: Extract<DeliveryClaim, { repeat: false }>,
) {
	const response = context.getResponseObject() as ServerResponse;
	response.once('close', () => {
		if (response.statusCode >= 500) claim.withdraw();
	});
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
