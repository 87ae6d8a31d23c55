import type { ICredentialDataDecryptedObject, IExecuteFunctions } from 'n8n-workflow';

import { mindeeV2AuthHeaders } from '../../../credentials/DocparseMindeeV2Api.credentials';
import type { ApiAccess, ApiSession, HttpClientSettings } from '../../shared/transport/session';
import { apiHttpClient, openApiSession } from '../../shared/transport/session';
import type { MindeeV2Options } from '../actions/options';
import { MindeeV2Client } from './mindeeV2Client';

export type MindeeV2Session = ApiSession<MindeeV2Client>;

export const MINDEE_V2_CREDENTIAL = 'docparseMindeeV2Api';

/** Messages say "Mindee"; the rate budget is V2's own, apart from a V1 key's. */
const MINDEE_V2_API: ApiAccess = {
	service: 'Mindee',
	budgetName: 'Mindee V2',
	credentialName: MINDEE_V2_CREDENTIAL,
	defaultBaseUrl: 'https://api-v2.mindee.net',
	authHeaders: mindeeV2AuthHeaders,
	secretFields: ['apiKey', 'webhookSecret'],
};

export async function openSession(
	context: IExecuteFunctions,
	options: MindeeV2Options,
): Promise<MindeeV2Session> {
	return await openApiSession(context, MINDEE_V2_API, options, (http) => new MindeeV2Client(http));
}

export function httpClientFor(
	credentials: ICredentialDataDecryptedObject,
	settings: HttpClientSettings,
) {
	return apiHttpClient(MINDEE_V2_API, credentials, settings);
}
