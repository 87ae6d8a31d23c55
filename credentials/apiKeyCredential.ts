import type { IAuthenticate, ICredentialDataDecryptedObject, INodeProperties } from 'n8n-workflow';

/** The headers that carry a credential's key, from its decrypted values. */
export type AuthHeaders = (credentials: ICredentialDataDecryptedObject) => Record<string, string>;

/** A credential's text value as pasted, without the spaces and line breaks copying often adds around it. */
export function credentialText(value: unknown): string {
	return typeof value === 'string' ? value.trim() : '';
}

/**
 * A credential's `authenticate`, built from its headers: the one definition of how a request carries the
 * key. n8n applies it to the requests it authenticates, and the nodes' own HTTP client sends the very same
 * headers (each node's session reads them from the credential's module).
 */
export function authenticateWith(authHeaders: AuthHeaders): IAuthenticate {
	return async (credentials, requestOptions) => ({
		...requestOptions,
		headers: { ...requestOptions.headers, ...authHeaders(credentials) },
	});
}

/** What differs between the API key credentials: their descriptions and default base URL. */
interface ApiKeyCredentialTexts {
	apiKeyDescription: string;
	defaultBaseUrl: string;
	/** Default: a proxy or a test server. */
	baseUrlDescription?: string;
	/** Present for APIs that sign their webhooks. */
	webhookSecretDescription?: string;
}

/** The fields of an API key credential: API Key, Base URL and, for signed webhooks, Webhook Signing Secret. */
export function apiKeyCredentialProperties(texts: ApiKeyCredentialTexts): INodeProperties[] {
	const properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: texts.apiKeyDescription,
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: texts.defaultBaseUrl,
			description:
				texts.baseUrlDescription ??
				'Change only for a proxy or a test server. The key is never sent to any other host.',
		},
	];
	if (texts.webhookSecretDescription) {
		properties.push({
			displayName: 'Webhook Signing Secret',
			name: 'webhookSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description: texts.webhookSecretDescription,
		});
	}
	return properties;
}
