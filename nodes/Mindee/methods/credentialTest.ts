import type { ICredentialsDecrypted, INodeCredentialTestResult } from 'n8n-workflow';

import {
	CREDENTIAL_TEST_TIMEOUT_MS,
	SINGLE_ATTEMPT,
	testCredential,
} from '../../shared/credentials';
import { refusedKeyTestMessage } from '../../shared/errors';
import { MINDEE_V1_KEYS } from '../helpers/explainError';
import { isObject } from '../../shared/json';
import { MindeeClient } from '../transport/mindeeClient';
import { httpClientFor } from '../transport/session';

/**
 * The credential's Test button. The Mindee node and the Mindee Trigger both declare it: n8n asks the first
 * node it finds with the credential for its test.
 */
export async function testMindeeCredential(
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const data = credential.data ?? {};
	return await testCredential({
		service: 'Mindee',
		open: () =>
			httpClientFor(data, { timeoutMs: CREDENTIAL_TEST_TIMEOUT_MS, retry: SINGLE_ATTEMPT }),
		probe: async (http) => await new MindeeClient(http).probeKey(),
		// Mindee's JSON envelope, answering 404 for the made-up job of the probe.
		isOwnAnswer: (status, body) =>
			(status === 404 || status < 300) && isObject(body) && isObject(body.api_request),
		accepted: 'Connection successful',
		refused: (status) => refusedKeyTestMessage(MINDEE_V1_KEYS, status),
		secrets: [data.apiKey as string | undefined],
	});
}
