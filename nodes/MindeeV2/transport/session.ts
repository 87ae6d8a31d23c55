import type { ICredentialDataDecryptedObject, IExecuteFunctions } from 'n8n-workflow';

import type { CredentialBudget } from '../../shared/credentialBudget';
import { joinBudget } from '../../shared/credentialBudget';
import type { RetryPolicy } from '../../shared/http';
import { credentialText, HttpClient } from '../../shared/http';
import type { RateLimiter } from '../../shared/rateLimiter';
import type { MindeeV2Options } from '../helpers/options';
import { MindeeV2Client } from './mindeeV2Client';

/**
 * What one execute() call uses across its items: its own connection pool, and the credential's budget
 * (rate limiter, learned processing times) that it shares with the other executions of this process.
 */
export interface MindeeV2Session {
	client: MindeeV2Client;
	http: HttpClient;
	budget: CredentialBudget;
	secrets: string[];
	close(): Promise<void>;
}

export const MINDEE_V2_CREDENTIAL = 'docparseMindeeV2Api';

export const MINDEE_V2_BASE_URL = 'https://api-v2.mindee.net';

export async function openSession(
	context: IExecuteFunctions,
	options: MindeeV2Options,
): Promise<MindeeV2Session> {
	const credentials = await context.getCredentials(MINDEE_V2_CREDENTIAL);
	const budget = joinBudget(
		{
			service: 'Mindee V2',
			baseUrl: credentialText(credentials.baseUrl) || MINDEE_V2_BASE_URL,
			apiKey: credentialText(credentials.apiKey),
		},
		{ perSecond: options.requestsPerSecond, perMinute: options.requestsPerMinute },
	);
	const http = httpClientFor(credentials, {
		timeoutMs: options.requestTimeout * 1000,
		limiter: budget.limiter,
	});
	return {
		client: new MindeeV2Client(http),
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
