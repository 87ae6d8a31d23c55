import type { IAuthenticateGeneric, ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

export class DocparseBirosApi implements ICredentialType {
	name = 'docparseBirosApi';

	displayName = 'Biros (Docparse) API';

	icon: Icon = 'file:biros.svg';

	documentationUrl = 'https://platform.mybiros.com';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'A Biros platform API key allowed to use your services',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://platform.mybiros.com',
			description: 'Change only for a test server. The key is never sent to any other host.',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: { headers: { 'x-api-key': '={{$credentials.apiKey}}' } },
	};
}
