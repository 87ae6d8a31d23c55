import type { ICredentialDataDecryptedObject, IExecuteFunctions } from 'n8n-workflow';

import { mindeeAuthHeaders } from '../../../credentials/DocparseMindeeApi.credentials';
import type { ApiAccess, ApiSession, HttpClientSettings } from '../../shared/transport/session';
import { apiHttpClient, openApiSession } from '../../shared/transport/session';
import type { MindeeOptions } from '../actions/options';
import { MindeeClient } from './mindeeClient';

export type MindeeSession = ApiSession<MindeeClient>;

const MINDEE_API: ApiAccess = {
	service: 'Mindee',
	budgetName: 'Mindee',
	credentialName: 'docparseMindeeApi',
	defaultBaseUrl: 'https://api.mindee.net',
	authHeaders: mindeeAuthHeaders,
	secretFields: ['apiKey', 'webhookSecret'],
};

export async function openSession(
	context: IExecuteFunctions,
	options: MindeeOptions,
): Promise<MindeeSession> {
	return await openApiSession(context, MINDEE_API, options, (http) => new MindeeClient(http));
}

export function httpClientFor(
	credentials: ICredentialDataDecryptedObject,
	settings: HttpClientSettings,
) {
	return apiHttpClient(MINDEE_API, credentials, settings);
}
