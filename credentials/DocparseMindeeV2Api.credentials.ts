import type { IAuthenticate, ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

import type { AuthHeaders } from './apiKeyCredential';
import { apiKeyCredentialProperties, authenticateWith, credentialText } from './apiKeyCredential';

/**
 * How a Mindee V2 request carries the key: the bare key, without V1's "Token " prefix. n8n's
 * `authenticate` and the Mindee V2 node both send this.
 */
export const mindeeV2AuthHeaders: AuthHeaders = (credentials) => ({
	authorization: credentialText(credentials.apiKey),
});

export class DocparseMindeeV2Api implements ICredentialType {
	name = 'docparseMindeeV2Api';

	displayName = 'Mindee V2 (Docparse) API';

	icon: Icon = { light: 'file:mindee.svg', dark: 'file:mindee.dark.svg' };

	documentationUrl =
		'https://github.com/docparse/n8n-nodes-docparse/blob/main/docs/credentials.md#mindee-v2-docparse-api-docparsemindeev2api';

	properties: INodeProperties[] = apiKeyCredentialProperties({
		apiKeyDescription:
			'A Mindee V2 API key (platform app.mindee.com, API Keys). Keys of the older V1 platform do not work here.',
		defaultBaseUrl: 'https://api-v2.mindee.net',
		webhookSecretDescription:
			'Optional. The signing secret of your webhook on the Mindee platform. The Mindee V2 Trigger node uses it to verify the X-Mindee-Hmac-Signature header of each delivery.',
	});

	authenticate: IAuthenticate = authenticateWith(mindeeV2AuthHeaders);
}
