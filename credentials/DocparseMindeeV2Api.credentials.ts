import type { IAuthenticateGeneric, ICredentialType, INodeProperties, Icon } from 'n8n-workflow';

export class DocparseMindeeV2Api implements ICredentialType {
	name = 'docparseMindeeV2Api';

	displayName = 'Mindee V2 (Docparse) API';

	icon: Icon = 'file:mindee.svg';

	documentationUrl = 'https://docs.mindee.com/integrations/api-keys';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description:
				'A Mindee V2 API key (platform app.mindee.com, API Keys). Keys of the older V1 platform do not work here.',
		},
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'string',
			default: 'https://api-v2.mindee.net',
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
				'Optional. The signing secret of your webhook on the Mindee platform. The Mindee V2 Trigger node uses it to verify the X-Mindee-Hmac-Signature header of each delivery.',
		},
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: { headers: { Authorization: '={{$credentials.apiKey}}' } },
	};
}
