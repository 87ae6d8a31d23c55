import { mindeeV2AuthHeaders } from '../../../credentials/DocparseMindeeV2Api.credentials';
import type { ApiSession } from '../../shared/transport';
import { apiTransport } from '../../shared/transport';
import type { MindeeV2Options } from '../helpers/options';
import { MindeeV2Client } from './mindeeV2Client';

export type MindeeV2Session = ApiSession<MindeeV2Client>;

export const MINDEE_V2_CREDENTIAL = 'docparseMindeeV2Api';

/**
 * `openSession(context, options)` for a node run; `httpClientFor(credentials, settings)` for one request.
 * Messages say "Mindee"; the rate budget is V2's own, apart from a V1 key's.
 */
export const { openSession, httpClientFor } = apiTransport<MindeeV2Options, MindeeV2Client>(
	{
		service: 'Mindee',
		budgetName: 'Mindee V2',
		credentialName: MINDEE_V2_CREDENTIAL,
		defaultBaseUrl: 'https://api-v2.mindee.net',
		authHeaders: mindeeV2AuthHeaders,
		secretFields: ['apiKey', 'webhookSecret'],
	},
	(http) => new MindeeV2Client(http),
);
