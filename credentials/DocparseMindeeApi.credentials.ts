import type { IAuthenticate, ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

import type { AuthHeaders } from './apiKeyCredential';
import { apiKeyCredentialProperties, authenticateWith, credentialText } from './apiKeyCredential';

/** How a Mindee V1 request carries the key ("Token <key>"): n8n's `authenticate` and the Mindee node both send this. */
export const mindeeAuthHeaders: AuthHeaders = (credentials) => ({
	authorization: `Token ${credentialText(credentials.apiKey)}`,
});

export class DocparseMindeeApi implements ICredentialType {
	name = 'docparseMindeeApi';

	displayName = 'Mindee (Docparse) API';

	icon: Icon = { light: 'file:mindee.svg', dark: 'file:mindee.dark.svg' };

	documentationUrl =
		'https://github.com/docparse/n8n-nodes-docparse/blob/main/docs/credentials.md#mindee-docparse-api-docparsemindeeapi';

	properties: INodeProperties[] = apiKeyCredentialProperties({
		apiKeyDescription: 'The API key from your Mindee platform account (API Keys page)',
		defaultBaseUrl: 'https://api.mindee.net',
		webhookSecretDescription:
			"Optional. The signing secret of your API's webhook on the Mindee platform. The Mindee Trigger node uses it to verify the X-Mindee-Hmac-Signature header of each delivery.",
	});

	authenticate: IAuthenticate = authenticateWith(mindeeAuthHeaders);
}
