import type { ICredentialsDecrypted, INodeCredentialTestResult } from 'n8n-workflow';

import { DocparseError } from '../../shared/errors';
import { MindeeClient } from './mindeeClient';
import { httpClientFor } from './session';

/**
 * The credential's Test button (the Mindee node and the Mindee Trigger both declare it, since n8n asks the
 * first node it finds with the credential): one cheap authenticated request. 401/403 mean a refused key;
 * any other answer means Mindee accepted it.
 */
export async function testMindeeCredential(
	credential: ICredentialsDecrypted,
): Promise<INodeCredentialTestResult> {
	const http = httpClientFor(credential.data ?? {}, { timeoutMs: 15_000 });
	try {
		await new MindeeClient(http).probeKey();
		return { status: 'OK', message: 'Connection successful' };
	} catch (error) {
		if (error instanceof DocparseError && error.code === 'DOCPARSE_HTTP_STATUS') {
			if (error.status === 401 || error.status === 403)
				return { status: 'Error', message: `Mindee refused the API key (${error.status})` };
			return { status: 'OK', message: 'Connection successful' };
		}
		return { status: 'Error', message: (error as Error).message };
	} finally {
		await http.close();
	}
}
