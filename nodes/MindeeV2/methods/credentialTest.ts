import type { ICredentialsDecrypted, INodeCredentialTestResult } from 'n8n-workflow';

import {
	CREDENTIAL_TEST_TIMEOUT_MS,
	SINGLE_ATTEMPT,
	testCredential,
} from '../../shared/credentials';
import { refusedKeyTestMessage } from '../../shared/errors';
import { MINDEE_V2_KEYS } from '../helpers/explainError';
import { modelsResponseSchema } from '../transport/schemas';
import { httpClientFor } from '../transport/session';

/**
 * The credential's Test button: one search of the account's models, which costs no page. Only Mindee's
 * own answer (a `models` list) passes: a proxy's page, a login redirect or another API's 200 does not.
 */
export async function testMindeeV2Credential(
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const data = credential.data ?? {};
	let modelCount = 0;
	const result = await testCredential({
		service: 'Mindee',
		open: () =>
			httpClientFor(data, { timeoutMs: CREDENTIAL_TEST_TIMEOUT_MS, retry: SINGLE_ATTEMPT }),
		probe: async (http) =>
			await http.send({
				method: 'GET',
				url: '/v2/search/models',
				headers: { accept: 'application/json' },
				idempotent: true,
			}),
		isOwnAnswer: (status, body) => {
			const parsed = modelsResponseSchema.safeParse(body);
			if (status >= 300 || !parsed.success) return false;
			modelCount = parsed.data.models.length;
			return true;
		},
		accepted: '',
		refused: (status) => refusedKeyTestMessage(MINDEE_V2_KEYS, status),
		secrets: [data.apiKey as string | undefined, data.webhookSecret as string | undefined],
	});
	if (result.status !== 'OK') return result;
	return {
		status: 'OK',
		message: `Mindee accepted the API key (${modelCount} model${modelCount === 1 ? '' : 's'} found)`,
	};
}
