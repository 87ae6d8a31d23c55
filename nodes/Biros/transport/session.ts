import { birosAuthHeaders } from '../../../credentials/DocparseBirosApi.credentials';
import type { ApiSession } from '../../shared/transport';
import { apiTransport } from '../../shared/transport';
import type { BirosOptions } from '../helpers/options';
import { BirosClient, SERVICE } from './birosClient';

export type BirosSession = ApiSession<BirosClient>;

/** `openSession(context, options)` for a node run; `httpClientFor(credentials, settings)` for one request. */
export const { openSession, httpClientFor } = apiTransport<BirosOptions, BirosClient>(
	{
		service: SERVICE,
		budgetName: SERVICE,
		credentialName: 'docparseBirosApi',
		defaultBaseUrl: 'https://platform.mybiros.com',
		authHeaders: birosAuthHeaders,
		secretFields: ['apiKey'],
	},
	(http) => new BirosClient(http),
);
