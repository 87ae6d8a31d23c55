import type { ICredentialDataDecryptedObject, IExecuteFunctions } from 'n8n-workflow';

import type { CredentialBudget } from '../../shared/credentialBudget';
import { joinBudget } from '../../shared/credentialBudget';
import type { RetryPolicy } from '../../shared/http';
import { credentialText, HttpClient } from '../../shared/http';
import type { RateLimiter } from '../../shared/rateLimiter';
import type { BirosOptions } from '../helpers/options';
import { BirosClient, SERVICE } from './birosClient';

/**
 * What one execute() call uses across its items: its own connection pool, and the credential's budget
 * (rate limiter, learned processing times) that it shares with the other executions of this process.
 */
export interface BirosSession {
	client: BirosClient;
	http: HttpClient;
	budget: CredentialBudget;
	secrets: string[];
	close(): Promise<void>;
}

export const BIROS_CREDENTIAL = 'docparseBirosApi';

export const DEFAULT_BASE_URL = 'https://platform.mybiros.com';

export async function openSession(
	context: IExecuteFunctions,
	options: BirosOptions,
): Promise<BirosSession> {
	const credentials = await context.getCredentials(BIROS_CREDENTIAL);
	const budget = joinBudget(
		{
			service: SERVICE,
			baseUrl: credentialText(credentials.baseUrl) || DEFAULT_BASE_URL,
			apiKey: credentialText(credentials.apiKey),
		},
		{ perSecond: options.requestsPerSecond, perMinute: options.requestsPerMinute },
	);
	const http = httpClientFor(credentials, {
		timeoutMs: options.requestTimeout * 1000,
		limiter: budget.limiter,
	});
	return {
		client: new BirosClient(http),
		http,
		budget,
		secrets: [credentials.apiKey as string, credentialText(credentials.apiKey)],
		close: async () => {
			budget.release();
			await http.close();
		},
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
