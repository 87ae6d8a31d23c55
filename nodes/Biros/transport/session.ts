import type { ICredentialDataDecryptedObject, IExecuteFunctions } from 'n8n-workflow';

import type { RetryPolicy } from '../../shared/http';
import { credentialText, HttpClient } from '../../shared/http';
import { ProcessingTimes } from '../../shared/polling';
import { RateLimiter } from '../../shared/rateLimiter';
import type { BirosOptions } from '../actions/options';
import { BirosClient, SERVICE } from './birosClient';

/** What one execute() call shares across its items: one connection pool, one rate limiter, what was learned. */
export interface BirosSession {
	client: BirosClient;
	http: HttpClient;
	times: ProcessingTimes;
	secrets: string[];
}

export const BIROS_CREDENTIAL = 'docparseBirosApi';

export const DEFAULT_BASE_URL = 'https://platform.mybiros.com';

export async function openSession(
	context: IExecuteFunctions,
	options: BirosOptions,
): Promise<BirosSession> {
	const credentials = await context.getCredentials(BIROS_CREDENTIAL);
	const http = httpClientFor(credentials, {
		timeoutMs: options.requestTimeout * 1000,
		limiter: new RateLimiter({
			perSecond: options.requestsPerSecond,
			perMinute: options.requestsPerMinute,
		}),
	});
	return {
		client: new BirosClient(http),
		http,
		times: new ProcessingTimes(),
		secrets: [credentials.apiKey as string, credentialText(credentials.apiKey)],
	};
}

export function httpClientFor(
	credentials: ICredentialDataDecryptedObject,
	settings: { timeoutMs: number; limiter?: RateLimiter; retry?: Partial<RetryPolicy> },
) {
	return new HttpClient({
		service: SERVICE,
		baseUrl: credentialText(credentials.baseUrl) || DEFAULT_BASE_URL,
		authHeaders: { 'x-api-key': credentialText(credentials.apiKey) },
		timeoutMs: settings.timeoutMs,
		limiter: settings.limiter,
		retry: settings.retry,
	});
}
