import type { LookupAddress, LookupOptions } from 'node:dns';
import { lookup as dnsLookup } from 'node:dns';
import { isIP } from 'node:net';
import { Agent, request } from 'undici';

import { formatMegabytes, documentFromBytes } from '../documents';
import type { DocumentFile, DocumentRules } from '../documents';
import { DocparseError } from '../errors';
import { displayUrl, isNonPublicAddress } from '../urls';
import { readCapped } from './body';
import { USER_AGENT } from './userAgent';

interface DownloadOptions {
	/** The whole download, redirects and body included, must finish within this time. */
	timeoutMs: number;
	/** Allow loopback, private, link-local and other non-public addresses (off by default: SSRF guard). */
	allowPrivateNetwork: boolean;
}

const MAX_REDIRECTS = 5;

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/**
 * Downloads a document given by URL, for APIs that only take uploads. Only http(s); no credential is ever
 * attached (the API key lives in the API's HttpClient, which this never touches); redirects are followed
 * by hand so each hop is checked again; the size cap is enforced while the body streams, so an oversized
 * or endless body is cut off. The bytes are buffered in memory up to the cap (so at most cap × concurrency
 * per node run), then checked like any other input. Each download has its own connection pool: the hosts
 * of a batch are usually unrelated, and the private-network choice is made per item.
 */
export async function downloadDocument(
	rawUrl: string,
	rules: DocumentRules,
	options: DownloadOptions,
	signal?: AbortSignal,
): Promise<DocumentFile> {
	let url = parseDownloadUrl(rawUrl);
	const checkAddresses = !options.allowPrivateNetwork;
	const agent = new Agent({
		connect: {
			timeout: 10_000,
			// Checked at connect time for every host (redirects included), so DNS cannot swap in a private
			// address after a check: the socket only ever connects to an address that passed.
			...(checkAddresses ? { lookup: publicOnlyLookup } : {}),
		},
	});
	const deadline = AbortSignal.timeout(options.timeoutMs);
	const combined = signal ? AbortSignal.any([signal, deadline]) : deadline;
	try {
		for (let redirects = 0; ; redirects++) {
			if (checkAddresses) refuseLiteralAddress(url);
			const response = await request(url, {
				method: 'GET',
				headers: { accept: '*/*', 'user-agent': USER_AGENT },
				dispatcher: agent,
				signal: combined,
				headersTimeout: options.timeoutMs,
				bodyTimeout: options.timeoutMs,
			});
			if (REDIRECT_STATUSES.has(response.statusCode)) {
				await response.body.dump();
				const location = headerValue(response.headers.location);
				if (!location)
					throw inputError(
						`${displayUrl(url)} answered ${response.statusCode} without a Location header`,
					);
				if (redirects >= MAX_REDIRECTS)
					throw inputError(`${displayUrl(url)} redirected more than ${MAX_REDIRECTS} times`);
				url = parseDownloadUrl(new URL(location, url).toString());
				continue;
			}
			if (response.statusCode < 200 || response.statusCode >= 300) {
				await response.body.dump();
				throw inputError(
					`Downloading ${displayUrl(url)} failed: the server answered ${response.statusCode}`,
					{
						status: response.statusCode,
					},
				);
			}
			const declared = Number(headerValue(response.headers['content-length']));
			if (Number.isFinite(declared) && declared > rules.maxBytes) {
				response.body.destroy();
				throw tooLarge(url, rules, declared);
			}
			const bytes = await readCapped(response.body, rules.maxBytes, () => tooLarge(url, rules));
			return await documentFromBytes(
				bytes,
				fileNameOf(headerValue(response.headers['content-disposition']), url),
				rules,
			);
		}
	} catch (error) {
		if (signal?.aborted) throw signal.reason ?? error;
		if (deadline.aborted) {
			throw inputError(
				`Downloading ${displayUrl(url)} did not finish within ${Math.round(options.timeoutMs / 1000)} s`,
			);
		}
		throw downloadError(error, url);
	} finally {
		await agent.destroy();
	}
}

/** A host given as an IP address is never looked up, so the connect-time check does not see it. */
function refuseLiteralAddress(url: URL) {
	const host = url.hostname.replace(/^\[|\]$/g, '');
	if (isIP(host) !== 0 && isNonPublicAddress(host)) throw privateAddressError(url.hostname, host);
}

function downloadError(error: unknown, url: URL): DocparseError {
	if (error instanceof DocparseError) return error;
	const refused = findCause(error, (cause) => cause instanceof DocparseError) as
		DocparseError | undefined;
	if (refused) return refused;
	const code = (
		findCause(error, (cause) => typeof (cause as { code?: unknown }).code === 'string') as
			{ code?: string } | undefined
	)?.code;
	if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
		return inputError(`Could not resolve the host of ${displayUrl(url)} (${code})`);
	if (code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
		return inputError(
			`Downloading ${displayUrl(url)} timed out: the server stopped sending (${code})`,
		);
	}
	return inputError(
		`Downloading ${displayUrl(url)} failed (${code ?? (error as Error)?.message ?? String(error)})`,
		{ cause: error },
	);
}

/** Checks a URL given by the user: http(s) only, and no user name or password in it. */
function parseDownloadUrl(raw: string): URL {
	let url: URL;
	try {
		url = new URL(raw.trim());
	} catch {
		throw inputError(`"${displayUrl(raw.trim()).slice(0, 200)}" is not a valid URL`);
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') {
		throw inputError(`Only http and https URLs can be downloaded, not ${url.protocol} URLs`);
	}
	if (url.username || url.password) {
		throw inputError(
			`The URL of ${url.origin} contains a user name or password; download it with the HTTP Request node and pass the file as binary data`,
		);
	}
	return url;
}

function tooLarge(url: URL, rules: DocumentRules, declared?: number) {
	const size =
		declared === undefined
			? `is larger than ${formatMegabytes(rules.maxBytes)}`
			: `is ${formatMegabytes(declared)}`;
	return inputError(
		`The file at ${displayUrl(url)} ${size}; ${rules.service} accepts at most ${formatMegabytes(rules.maxBytes)} here, so the download was stopped`,
		{ context: { maxBytes: rules.maxBytes } },
	);
}

/** Content-Disposition's file name (RFC 6266, both forms), else the URL's last path segment. */
function fileNameOf(disposition: string | undefined, url: URL): string {
	const extended = disposition && /filename\*\s*=\s*[^']*'[^']*'([^;]+)/i.exec(disposition)?.[1];
	if (extended) {
		try {
			return decodeURIComponent(extended.trim());
		} catch {
			// Not valid percent-encoding: fall back to the plain filename= form below.
		}
	}
	const plain = disposition && /filename\s*=\s*(?:"([^"]*)"|([^;]+))/i.exec(disposition);
	if (plain) return (plain[1] ?? plain[2]).trim();
	const segment = url.pathname.split('/').filter(Boolean).pop();
	if (segment) {
		try {
			return decodeURIComponent(segment);
		} catch {
			return segment;
		}
	}
	return 'document';
}

function headerValue(value: string | string[] | undefined) {
	return Array.isArray(value) ? value[0] : value;
}

function inputError(message: string, details: ConstructorParameters<typeof DocparseError>[2] = {}) {
	return new DocparseError('DOCPARSE_INPUT', message, details);
}

function privateAddressError(hostname: string, address: string) {
	const resolved = hostname.replace(/^\[|\]$/g, '') === address ? '' : ` (${address})`;
	return inputError(
		`The URL's host ${hostname}${resolved} is a loopback, private or otherwise non-public address; turn on "Allow Private Network URLs" to download from it`,
	);
}

function findCause(error: unknown, test: (cause: object) => boolean): object | undefined {
	let current = error;
	for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
		if (test(current)) return current;
		current = (current as { cause?: unknown }).cause;
	}
	return undefined;
}

type LookupCallback = (
	error: NodeJS.ErrnoException | null,
	address: string | LookupAddress[],
	family?: number,
) => void;

function publicOnlyLookup(hostname: string, options: LookupOptions, callback: LookupCallback) {
	dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
		if (error) return callback(error, []);
		const refused = addresses.find((entry) => isNonPublicAddress(entry.address));
		if (refused) return callback(privateAddressError(hostname, refused.address) as never, []);
		if (options.all) return callback(null, addresses);
		return callback(null, addresses[0].address, addresses[0].family);
	});
}
