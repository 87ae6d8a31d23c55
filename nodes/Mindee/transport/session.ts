import { mindeeAuthHeaders } from '../../../credentials/DocparseMindeeApi.credentials';
import type { ApiSession } from '../../shared/transport';
import { apiTransport } from '../../shared/transport';
import type { MindeeOptions } from '../helpers/options';
import { MindeeClient } from './mindeeClient';

export type MindeeSession = ApiSession<MindeeClient>;

/** `openSession(context, options)` for a node run; `httpClientFor(credentials, settings)` for one request. */
export const { openSession, httpClientFor } = apiTransport<MindeeOptions, MindeeClient>(
	{
		service: 'Mindee',
		budgetName: 'Mindee',
		credentialName: 'docparseMindeeApi',
		defaultBaseUrl: 'https://api.mindee.net',
		authHeaders: mindeeAuthHeaders,
		secretFields: ['apiKey', 'webhookSecret'],
	},
	(http) => new MindeeClient(http),
);
