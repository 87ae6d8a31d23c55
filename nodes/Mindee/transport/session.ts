import type { ICredentialDataDecryptedObject, IExecuteFunctions } from 'n8n-workflow';

import type { CredentialBudget } from '../../shared/credentialBudget';
import { joinBudget } from '../../shared/credentialBudget';
import type { RetryPolicy } from '../../shared/http';
import { credentialText, HttpClient } from '../../shared/http';
import type { RateLimiter } from '../../shared/rateLimiter';
import type { MindeeOptions } from '../helpers/options';
import { MindeeClient } from './mindeeClient';

/**
 * What one execute() call uses across its items: its own connection pool, and the credential's budget
 * (rate limiter, learned processing times) that it shares with the other executions of this process.
 */
export interface MindeeSession {
	client: MindeeClient;
	http: HttpClient;
	budget: CredentialBudget;
	secrets: string[];
	close(): Promise<void>;
}

export const MINDEE_CREDENTIAL = 'docparseMindeeApi';

const SERVICE = 'Mindee';
const DEFAULT_BASE_URL = 'https://api.mindee.net';

export async function openSession(
	context: IExecuteFunctions,
	options: MindeeOptions,
): Promise<MindeeSession> {
	const credentials = await context.getCredentials(MINDEE_CREDENTIAL);
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
		client: new MindeeClient(http),
		http,
		budget,
		secrets: [
			credentials.apiKey as string,
			credentialText(credentials.apiKey),
			credentials.webhookSecret as string,
		],
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
		authHeaders: { authorization: `Token ${credentialText(credentials.apiKey)}` },
		timeoutMs: settings.timeoutMs,
		limiter: settings.limiter,
		retry: settings.retry,
	});
}
