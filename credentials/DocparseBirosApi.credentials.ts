import type { IAuthenticate, ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

import type { AuthHeaders } from './apiKeyCredential';
import { apiKeyCredentialProperties, authenticateWith, credentialText } from './apiKeyCredential';

/** How a Biros request carries the key: n8n's `authenticate` and the Biros node both send this. */
export const birosAuthHeaders: AuthHeaders = (credentials) => ({
	'x-api-key': credentialText(credentials.apiKey),
});

export class DocparseBirosApi implements ICredentialType {
	name = 'docparseBirosApi';

	displayName = 'Biros (Docparse) API';

	icon: Icon = { light: 'file:biros.svg', dark: 'file:biros.dark.svg' };

	documentationUrl =
		'https://github.com/docparse/n8n-nodes-docparse/blob/main/docs/credentials.md#biros-docparse-api-docparsebirosapi';

	properties: INodeProperties[] = apiKeyCredentialProperties({
		apiKeyDescription: 'A Biros platform API key allowed to use your services',
		defaultBaseUrl: 'https://platform.mybiros.com',
		baseUrlDescription: 'Change only for a test server. The key is never sent to any other host.',
	});

	authenticate: IAuthenticate = authenticateWith(birosAuthHeaders);
}
