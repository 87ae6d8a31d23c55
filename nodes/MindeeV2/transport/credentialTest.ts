import type { ICredentialsDecrypted, INodeCredentialTestResult } from 'n8n-workflow';

import { DocparseError } from '../../shared/errors';
import { redactSecrets } from '../../shared/redact';
import { explainMindeeV2Error } from './explainError';
import { MindeeV2Client } from './mindeeV2Client';
import { httpClientFor } from './session';

/**
 * The credential's Test button: one search of the account's models, which costs no page. Only Mindee's
 * own answer (a `models` list) passes: a proxy's page or another API's 200 does not. One attempt with a
 * short timeout, so the button answers quickly.
 */
export async function testMindeeV2Credential(
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const data = credential.data ?? {};
	const secrets = [data.apiKey as string | undefined, data.webhookSecret as string | undefined];
	let http;
	try {
		http = httpClientFor(data, {
			timeoutMs: 10_000,
			retry: { transientAttempts: 1, rateLimitAttempts: 1 },
		});
	} catch (error) {
		return { status: 'Error', message: redactSecrets((error as Error).message, secrets) };
	}
	try {
		const models = await new MindeeV2Client(http).searchModels({});
		return {
			status: 'OK',
			message: `Mindee accepted the API key (${models.length} model${models.length === 1 ? '' : 's'} found)`,
		};
	} catch (error) {
		if (!(error instanceof DocparseError))
			return {
				status: 'Error',
				message: redactSecrets(String((error as Error)?.message ?? error), secrets),
			};
		if (error.code === 'DOCPARSE_HTTP_STATUS' && error.status === 401)
			return {
				status: 'Error',
				message:
					'Mindee refused the API key (401 Unauthorized): use a V2 key from app.mindee.com (API Keys), complete and still valid',
			};
		const { message, description } = explainMindeeV2Error(error);
		return {
			status: 'Error',
			message: redactSecrets(description ? `${message}. ${description}` : message, secrets),
		};
	} finally {
		await http.close();
	}
}
