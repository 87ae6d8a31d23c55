import type { IAuthenticateGeneric, ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

export class DocparseMindeeApi implements ICredentialType {
	name = 'docparseMindeeApi';

	displayName = 'Mindee (Docparse) API';

	icon: Icon = 'file:mindee.svg';

	documentationUrl = 'https://developers.mindee.com/docs/create-api-key';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'The API key from your Mindee platform account (API Keys page)',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api.mindee.net',
			description:
				'Change only for a proxy or a test server. The key is never sent to any other host.',
		},
		{
			displayName: 'Webhook Signing Secret',
			name: 'webhookSecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			description:
				"Optional. The signing secret of your API's webhook on the Mindee platform. The Mindee Trigger node uses it to verify the X-Mindee-Hmac-Signature header of each delivery.",
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: { headers: { Authorization: '=Token {{$credentials.apiKey}}' } },
	};
}
