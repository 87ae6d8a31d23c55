import type { ICredentialsDecrypted, INodeCredentialTestResult } from 'n8n-workflow';

import {
	CREDENTIAL_TEST_TIMEOUT_MS,
	SINGLE_ATTEMPT,
	testCredential,
} from '../../shared/credentials';
import { refusedKeyTestMessage } from '../../shared/errors';
import { BIROS_KEYS } from '../helpers/explainError';
import { BirosClient, SERVICE } from '../transport/birosClient';
import { errorBodySchema } from '../transport/schemas';
import { httpClientFor } from '../transport/session';

/**
 * The credential's Test button: one read of a made-up document, first without the key, then with it. Biros
 * refuses the first (401) and answers the second with 401/403 when it refuses the key, or its JSON 404
 * (`detail`) for the made-up document when it accepts it. A JSON 404 alone proves nothing: it is also what
 * any FastAPI app answers for a route it does not have, so a host that does not refuse the keyless read is
 * not Biros, and never receives the key.
 */
export async function testBirosCredential(
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const data = credential.data ?? {};
	const settings = { timeoutMs: CREDENTIAL_TEST_TIMEOUT_MS, retry: SINGLE_ATTEMPT };
	return await testCredential({
		service: SERVICE,
		openWithoutKey: () => httpClientFor(data, { ...settings, withoutKey: true }),
		open: () => httpClientFor(data, settings),
		probe: async (http) => await new BirosClient(http).probeKey(),
		isOwnAnswer: (status, body) =>
			status === 404 &&
			typeof body === 'object' &&
			body !== null &&
			'detail' in body &&
			errorBodySchema.safeParse(body).success,
		accepted: 'Biros accepted the API key',
		refused: (status) => refusedKeyTestMessage(BIROS_KEYS, status),
		secrets: [data.apiKey as string | undefined],
	});
}
