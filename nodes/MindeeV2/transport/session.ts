import type { ICredentialDataDecryptedObject, IExecuteFunctions } from 'n8n-workflow';

import type { RetryPolicy } from '../../shared/http';
import { credentialText, HttpClient } from '../../shared/http';
import { ProcessingTimes } from '../../shared/polling';
import { RateLimiter } from '../../shared/rateLimiter';
import type { MindeeV2Options } from '../actions/options';
import { MindeeV2Client } from './mindeeV2Client';

/** What one execute() call shares across its items: one connection pool, one rate limiter, what was learned. */
export interface MindeeV2Session {
	client: MindeeV2Client;
	http: HttpClient;
	times: ProcessingTimes;
	secrets: string[];
}

export const MINDEE_V2_CREDENTIAL = 'docparseMindeeV2Api';

export const MINDEE_V2_BASE_URL = 'https://api-v2.mindee.net';

export async function openSession(
	context: IExecuteFunctions,
	options: MindeeV2Options,
): Promise<MindeeV2Session> {
	const credentials = await context.getCredentials(MINDEE_V2_CREDENTIAL);
	const http = httpClientFor(credentials, {
		timeoutMs: options.requestTimeout * 1000,
		limiter: new RateLimiter({
			perSecond: options.requestsPerSecond,
			perMinute: options.requestsPerMinute,
		}),
	});
	return {
		client: new MindeeV2Client(http),
		http,
		times: new ProcessingTimes(),
		secrets: [
			credentials.apiKey as string,
			credentialText(credentials.apiKey),
			credentials.webhookSecret as string,
		],
	};
}

/** V2 keys are sent without V1's "Token " prefix; both values trimmed of what copying adds around them. */
export function httpClientFor(
	credentials: ICredentialDataDecryptedObject,
	settings: { timeoutMs: number; limiter?: RateLimiter; retry?: Partial<RetryPolicy> },
) {
	return new HttpClient({
		service: 'Mindee',
		baseUrl: credentialText(credentials.baseUrl) || MINDEE_V2_BASE_URL,
		authHeaders: { authorization: credentialText(credentials.apiKey) },
		timeoutMs: settings.timeoutMs,
		limiter: settings.limiter,
		retry: settings.retry,
	});
}
