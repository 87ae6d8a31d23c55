import type { INodeCredentialTestResult } from 'n8n-workflow';

import { DocparseError, redactSecrets } from '../errors';
import type { HttpClient, HttpResponse } from '../transport';
import { displayUrl } from '../urls';

/** The Test button waits this long at most: one request, no retries, no waiting on a 429. */
export const CREDENTIAL_TEST_TIMEOUT_MS = 10_000;

/** Retry settings of a credential test's client: a single attempt of everything. */
export const SINGLE_ATTEMPT = { transientAttempts: 1, rateLimitAttempts: 1 };

interface CredentialProbe {
	/** The API's name in messages. */
	service: string;
	/** Builds the client (throws for a malformed base URL). */
	open: () => HttpClient;
	/**
	 * Builds a client that sends no key, when the API's answer to the probe is not distinctive enough by
	 * itself: the probe is sent with it first and must be refused (401/403). A server that answers without
	 * checking keys (another app's catch-all 404) fails the test and never receives the key.
	 */
	openWithoutKey?: () => HttpClient;
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
	const clients: HttpClient[] = [];
	try {
		let keyless: HttpClient | undefined;
		let http: HttpClient;
		try {
			keyless = probe.openWithoutKey?.();
			if (keyless) clients.push(keyless);
			http = probe.open();
			clients.push(http);
		} catch (error) {
			return fail((error as Error).message);
		}
		if (http.credentialProblem) return fail(http.credentialProblem.message);
		if (keyless) {
			const problem = await keylessProblem(probe, keyless);
			if (problem) return fail(problem);
		}
		const problem = await keyedProblem(probe, http);
		return problem ? fail(problem) : { status: 'OK', message: probe.accepted };
	} finally {
		await Promise.all(clients.map(async (client) => await client.close()));
	}
}

/** What is wrong with the probe's answer when sent with the key (undefined: the API accepted it). */
async function keyedProblem(probe: CredentialProbe, http: HttpClient): Promise<string | undefined> {
	const { service } = probe;
	try {
		const response = await probe.probe(http);
		if (response.status >= 300) {
			const location = response.headers.location;
			const target =
				typeof location === 'string' && location ? ` to ${displayUrl(location, http.baseUrl)}` : '';
			return `The base URL redirected (${response.status})${target}, as a login page or proxy does, instead of answering as the ${service} API: check the base URL in the credential`;
		}
		if (probe.isOwnAnswer(response.status, parseJson(response.text))) return undefined;
		return notTheApi(service, response.status);
	} catch (error) {
		const status = statusOf(error);
		if (status === 401 || status === 403) return probe.refused(status);
		if (status !== undefined && probe.isOwnAnswer(status, (error as DocparseError).body))
			return undefined;
		return failureProblem(service, error) ?? notTheApi(service, status!);
	}
}

/** What is wrong with the probe's answer when sent without a key (undefined: the API refused it, as it must). */
async function keylessProblem(
	probe: CredentialProbe,
	keyless: HttpClient,
): Promise<string | undefined> {
	const { service } = probe;
	let status: number;
	try {
		status = (await probe.probe(keyless)).status;
	} catch (error) {
		const refused = statusOf(error);
		if (refused === 401 || refused === 403) return undefined;
		const problem = failureProblem(service, error);
		if (problem) return problem;
		status = refused!;
	}
	return `The base URL answered ${status} to a request without an API key, which the ${service} API refuses (401): it is not the ${service} API, so the key was not sent. Check the base URL in the credential`;
}

/** The HTTP status of a failed probe, or undefined for a failure without an answer. */
function statusOf(error: unknown): number | undefined {
	if (error instanceof DocparseError && error.code === 'DOCPARSE_HTTP_STATUS')
		return error.status ?? 0;
	return undefined;
}

/** A failure that proves nothing about the key (no answer, a rate limit, an unavailable API), else undefined. */
function failureProblem(service: string, error: unknown): string | undefined {
	const status = statusOf(error);
	if (status === undefined) {
		if (error instanceof DocparseError) return error.message;
		return String((error as Error)?.message ?? error);
	}
	if (status === 429)
		return `${service} is rate-limiting requests (429 Too Many Requests), so the key could not be checked: test again in a moment`;
	if (status >= 500)
		return `${service} is unavailable (${status}), so the key could not be checked: test again later`;
	return undefined;
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
