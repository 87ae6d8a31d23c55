import type { INodeCredentialTestResult } from 'n8n-workflow';

import { DocparseError } from './errors';
import type { HttpClient, HttpResponse } from './http';
import { redactSecrets } from './redact';
import { displayUrl } from './urls';

/** The Test button waits this long at most: one request, no retries, no waiting on a 429. */
export const CREDENTIAL_TEST_TIMEOUT_MS = 10_000;

/** Retry settings of a credential test's client: a single attempt of everything. */
export const SINGLE_ATTEMPT = { transientAttempts: 1, rateLimitAttempts: 1 };

interface CredentialProbe {
	/** The API's name in messages. */
	service: string;
	/** Builds the client (throws for a malformed base URL). */
	open: () => HttpClient;
	/** One authenticated request the API answers without side effects. */
	probe: (http: HttpClient) => Promise<HttpResponse>;
	/**
	 * Whether a status and body are the API's own answer to an accepted key (say, its JSON 404 for a
	 * made-up document): an HTML page, a login redirect or another server's JSON are not.
	 */
	isOwnAnswer: (status: number, body: unknown) => boolean;
	/** The message when the key was accepted. */
	accepted: string;
	/** The message for 401/403: the API refused the key. */
	refused: (status: number) => string;
	secrets: Array<string | undefined>;
}

/**
 * A credential's Test button: success only when the API itself answered as it does to an accepted key.
 * Anything else fails with what was seen: a refused key, a rate limit, an unavailable API, a redirect
 * (a login page or proxy), another server's page, no connection, a malformed base URL.
 */
export async function testCredential(probe: CredentialProbe): Promise<INodeCredentialTestResult> {
	const fail = (message: string): INodeCredentialTestResult => ({
		status: 'Error',
		message: redactSecrets(message, probe.secrets),
	});
	const { service } = probe;
	let http: HttpClient;
	try {
		http = probe.open();
	} catch (error) {
		return fail((error as Error).message);
	}
	try {
		const response = await probe.probe(http);
		if (response.status >= 300) {
			const location = response.headers.location;
			const target =
				typeof location === 'string' && location ? ` to ${displayUrl(location, http.baseUrl)}` : '';
			return fail(
				`The base URL redirected (${response.status})${target}, as a login page or proxy does, instead of answering as the ${service} API: check the base URL in the credential`,
			);
		}
		if (probe.isOwnAnswer(response.status, parseJson(response.text)))
			return { status: 'OK', message: probe.accepted };
		return fail(notTheApi(service, response.status));
	} catch (error) {
		if (!(error instanceof DocparseError)) return fail(String((error as Error)?.message ?? error));
		if (error.code !== 'DOCPARSE_HTTP_STATUS') return fail(error.message);
		const status = error.status ?? 0;
		if (status === 401 || status === 403) return fail(probe.refused(status));
		if (status === 429)
			return fail(
				`${service} is rate-limiting this key (429 Too Many Requests): it was accepted, but test again in a moment`,
			);
		if (probe.isOwnAnswer(status, error.body)) return { status: 'OK', message: probe.accepted };
		if (status >= 500)
			return fail(
				`${service} is unavailable (${status}), so the key could not be checked: test again later`,
			);
		return fail(notTheApi(service, status));
	} finally {
		await http.close();
	}
}

function notTheApi(service: string, status: number) {
	return `The base URL answered ${status} with something that is not the ${service} API: check the base URL in the credential`;
}

function parseJson(text: string): unknown {
	try {
		return JSON.parse(text);
	} catch {
		return text;
	}
}
