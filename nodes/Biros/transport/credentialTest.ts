import type { ICredentialsDecrypted, INodeCredentialTestResult } from 'n8n-workflow';

import { DocparseError } from '../../shared/errors';
import { redactSecrets } from '../../shared/redact';
import { BirosClient } from './birosClient';
import { explainBirosError } from './explainError';
import { httpClientFor } from './session';

/**
 * The credential's Test button: one authenticated read of a made-up document. Biros answers 401/403 when it
 * refuses the key; any other answer (404 for the made-up document) means the key was accepted. A server
 * error or no connection proves nothing either way, so it fails the test with the reason.
 */
export async function testBirosCredential(
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const data = credential.data ?? {};
	const secrets = [data.apiKey as string | undefined];
	let http;
	try {
		http = httpClientFor(data, {
			timeoutMs: 15_000,
			retry: { transientAttempts: 1, rateLimitAttempts: 1 },
		});
	} catch (error) {
		return { status: 'Error', message: redactSecrets((error as Error).message, secrets) };
	}
	try {
		await new BirosClient(http).probeKey();
		return { status: 'OK', message: 'Biros accepted the API key' };
	} catch (error) {
		if (!(error instanceof DocparseError))
			return {
				status: 'Error',
				message: redactSecrets(String((error as Error)?.message ?? error), secrets),
			};
		const status = error.code === 'DOCPARSE_HTTP_STATUS' ? (error.status ?? 0) : 0;
		if (status === 401)
			return {
				status: 'Error',
				message:
					'Biros refused the API key (401 Unauthorized): check that it is complete and still valid',
			};
		if (status === 403) {
			return {
				status: 'Error',
				message:
					"Biros refused the API key (403 Forbidden): it is not allowed to use the API, or its plan's quota is used up",
			};
		}
		if (status === 429)
			return {
				status: 'Error',
				message: 'Biros is rate-limiting this key (429 Too Many Requests); test again in a moment',
			};
		if (status >= 400 && status < 500)
			return { status: 'OK', message: 'Biros accepted the API key' };
		const { message, description } = explainBirosError(error);
		return {
			status: 'Error',
			message: redactSecrets(description ? `${message}. ${description}` : message, secrets),
		};
	} finally {
		await http.close();
	}
}
