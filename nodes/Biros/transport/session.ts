import type { ICredentialDataDecryptedObject, IExecuteFunctions } from 'n8n-workflow';

import { birosAuthHeaders } from '../../../credentials/DocparseBirosApi.credentials';
import type { ApiAccess, ApiSession, HttpClientSettings } from '../../shared/transport/session';
import { apiHttpClient, openApiSession } from '../../shared/transport/session';
import type { BirosOptions } from '../actions/options';
import { BirosClient, SERVICE } from './birosClient';

export type BirosSession = ApiSession<BirosClient>;

const BIROS_API: ApiAccess = {
	service: SERVICE,
	budgetName: SERVICE,
	credentialName: 'docparseBirosApi',
	defaultBaseUrl: 'https://platform.mybiros.com',
	authHeaders: birosAuthHeaders,
	secretFields: ['apiKey'],
};

export async function openSession(
	context: IExecuteFunctions,
	options: BirosOptions,
): Promise<BirosSession> {
	return await openApiSession(context, BIROS_API, options, (http) => new BirosClient(http));
}

export function httpClientFor(
	credentials: ICredentialDataDecryptedObject,
	settings: HttpClientSettings,
) {
	return apiHttpClient(BIROS_API, credentials, settings);
}
