import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ICredentialDataDecryptedObject, INode } from 'n8n-workflow';

import { mindeeFixturePath } from '../fakes/fixtures';
import { DocparseMindeeTrigger } from '../../nodes/MindeeTrigger/DocparseMindeeTrigger.node';
import { TriggerEndpoint } from '../harness/webhook';

export const SECRET = 'whsec_trigger_test_5b1c9a';
export const API_KEY = 'key_trigger_test_77aa31';

/** A fixture's bytes exactly as stored (pretty-printed or compact, as Mindee's own test data is). */
export function fixtureBytes(relative: string): Buffer {
	return readFileSync(mindeeFixturePath(relative));
}

/** The X-Mindee-Hmac-Signature Mindee would send: hex HMAC-SHA256 of the body bytes. */
export function signatureOf(body: Buffer | string, secret = SECRET): string {
	return createHmac('sha256', secret).update(body).digest('hex');
}

export function signedHeaders(body: Buffer | string, secret = SECRET): Record<string, string> {
	return { 'x-mindee-hmac-signature': signatureOf(body, secret) };
}

export interface StartOptions {
	parameters?: INode['parameters'];
	credentials?: ICredentialDataDecryptedObject;
	mode?: 'webhook' | 'manual';
	credentialReadMs?: number;
}

/** The Mindee Trigger, activated and listening as in an active workflow (production URL). */
export async function startTrigger(options: StartOptions = {}): Promise<TriggerEndpoint> {
	return await TriggerEndpoint.start({
		type: 'docparseMindeeTrigger',
		nodeType: new DocparseMindeeTrigger(),
		parameters: { output: 'simplified', failedJobs: 'emit', options: {}, ...options.parameters },
		credentials: {
			docparseMindeeApi: options.credentials ?? { apiKey: API_KEY, webhookSecret: SECRET },
		},
		mode: options.mode,
		credentialReadMs: options.credentialReadMs,
	});
}
