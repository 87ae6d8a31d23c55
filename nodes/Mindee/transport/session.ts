import type { ICredentialDataDecryptedObject, IExecuteFunctions } from 'n8n-workflow';

import type { RetryPolicy } from '../../shared/http';
import { credentialText, HttpClient } from '../../shared/http';
import { ProcessingTimes } from '../../shared/polling';
import { RateLimiter } from '../../shared/rateLimiter';
import type { MindeeOptions } from '../actions/options';
import { MindeeClient } from './mindeeClient';

/** What one execute() call shares across its items: one connection pool, one rate limiter, what was learned. */
export interface MindeeSession {
	client: MindeeClient;
	http: HttpClient;
	times: ProcessingTimes;
	secrets: string[];
}

export const MINDEE_CREDENTIAL = 'docparseMindeeApi';

export async function openSession(
	context: IExecuteFunctions,
	options: MindeeOptions,
): Promise<MindeeSession> {
	const credentials = await context.getCredentials(MINDEE_CREDENTIAL);
	const http = httpClientFor(credentials, {
		timeoutMs: options.requestTimeout * 1000,
		limiter: new RateLimiter({
			perSecond: options.requestsPerSecond,
			perMinute: options.requestsPerMinute,
		}),
	});
	return {
		client: new MindeeClient(http),
		http,
		times: new ProcessingTimes(),
		secrets: [
			credentials.apiKey as string,
			credentialText(credentials.apiKey),
			credentials.webhookSecret as string,
		],
	};
}

export function httpClientFor(
	credentials: ICredentialDataDecryptedObject,
	settings: { timeoutMs: number; limiter?: RateLimiter; retry?: Partial<RetryPolicy> },
) {
	return new HttpClient({
		service: 'Mindee',
		baseUrl: credentialText(credentials.baseUrl) || 'https://api.mindee.net',
		authHeaders: { authorization: `Token ${credentialText(credentials.apiKey)}` },
		timeoutMs: settings.timeoutMs,
		limiter: settings.limiter,
		retry: settings.retry,
	});
}
