import type { ICredentialDataDecryptedObject, IExecuteFunctions } from 'n8n-workflow';

import type { AuthHeaders } from '../../../credentials/apiKeyCredential';
import { credentialText } from '../../../credentials/apiKeyCredential';
import type { CredentialBudget, RateLimiter } from '../limits';
import { joinBudget } from '../limits';
import { HttpClient } from './client';
import type { RetryPolicy } from './retry';

/** What sets one API apart when a node opens its session. */
interface ApiAccess {
	/** The API's name in messages ("Mindee", "Biros"). */
	service: string;
	/** The API whose rate budget requests count against ("Mindee", "Mindee V2"): two APIs never share one. */
	budgetName: string;
	credentialName: string;
	defaultBaseUrl: string;
	/** The credential's own definition of its headers (the one its `authenticate` applies). */
	authHeaders: AuthHeaders;
	/** The credential fields that are secrets, redacted from errors and items. */
	secretFields: string[];
}

/** The node options a session reads: the rate limits and the per-request timeout. */
interface SessionOptions {
	requestsPerSecond: number;
	requestsPerMinute: number;
	/** Seconds. */
	requestTimeout: number;
}

/**
 * What one execute() call uses across its items: its own connection pool, and the credential's budget
 * (rate limiter, learned processing times) that it shares with the other executions of this process.
 */
export interface ApiSession<Client> {
	client: Client;
	http: HttpClient;
	budget: CredentialBudget;
	/** The credential's secrets as stored and as sent (trimmed), for redaction. */
	secrets: string[];
	close(): Promise<void>;
}

interface HttpClientSettings {
	timeoutMs: number;
	limiter?: RateLimiter;
	retry?: Partial<RetryPolicy>;
	/** Send no key at all (a credential test's control request, which the API must refuse). */
	withoutKey?: boolean;
}

/**
 * An API's `openSession(context, options)` and `httpClientFor(credentials, settings)` (a client outside a
 * run: credential tests, list searches), from its definition and how its client wraps the HTTP client.
 */
export function apiTransport<Options extends SessionOptions, Client>(
	api: ApiAccess,
	clientOf: (http: HttpClient) => Client,
) {
	return {
		openSession: async (
			context: IExecuteFunctions,
			options: Options,
		): Promise<ApiSession<Client>> => await openApiSession(context, api, options, clientOf),
		httpClientFor: (credentials: ICredentialDataDecryptedObject, settings: HttpClientSettings) =>
			apiHttpClient(api, credentials, settings),
	};
}

async function openApiSession<Client>(
	context: IExecuteFunctions,
	api: ApiAccess,
	options: SessionOptions,
	clientOf: (http: HttpClient) => Client,
): Promise<ApiSession<Client>> {
	const credentials = await context.getCredentials(api.credentialName);
	const budget = joinBudget(
		{
			service: api.budgetName,
			baseUrl: baseUrlOf(api, credentials),
			apiKey: credentialText(credentials.apiKey),
		},
		{ perSecond: options.requestsPerSecond, perMinute: options.requestsPerMinute },
	);
	let http: HttpClient;
	try {
		http = apiHttpClient(api, credentials, {
			timeoutMs: options.requestTimeout * 1000,
			limiter: budget.limiter,
		});
	} catch (error) {
		// A base URL that cannot be used: this run never starts, so its limits must not stay in the budget.
		budget.release();
		throw error;
	}
	return {
		client: clientOf(http),
		http,
		budget,
		secrets: api.secretFields.flatMap((field) => [
			credentials[field] as string,
			credentialText(credentials[field]),
		]),
		close: async () => {
			budget.release();
			await http.close();
		},
	};
}

/** The API's client for a credential: its base URL (trimmed, else the default) and its own auth headers. */
function apiHttpClient(
	api: ApiAccess,
	credentials: ICredentialDataDecryptedObject,
	settings: HttpClientSettings,
): HttpClient {
	return new HttpClient({
		service: api.service,
		baseUrl: baseUrlOf(api, credentials),
		authHeaders: settings.withoutKey ? {} : api.authHeaders(credentials),
		timeoutMs: settings.timeoutMs,
		limiter: settings.limiter,
		retry: settings.retry,
	});
}

function baseUrlOf(api: ApiAccess, credentials: ICredentialDataDecryptedObject): string {
	return credentialText(credentials.baseUrl) || api.defaultBaseUrl;
}
