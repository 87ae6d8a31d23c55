import { DocparseError } from '../errors';

/**
 * The credential's base URL, path included, is the only place a request goes: the base URL must be http(s),
 * every API path is taken under its path (a gateway at https://gateway.example/mindee routes by that
 * prefix), and a URL named by an answer (a Location, a polling or result URL) is followed only when it
 * lies under the base URL, so the key in the headers never reaches another host or another backend of
 * the same gateway. Redirects are returned to the caller, never followed.
 */
export function parseBaseUrl(baseUrl: string, service: string): URL {
	try {
		const url = new URL(baseUrl);
		if (url.protocol === 'http:' || url.protocol === 'https:') return url;
	} catch {
		// Not a URL at all: the same error as for another scheme, below.
	}
	throw new DocparseError(
		'DOCPARSE_INPUT',
		`The ${service} credential's base URL "${baseUrl}" is not an http(s) URL`,
	);
}

/** The base URL's path without its trailing slashes ("" for a bare host): every API path goes under it. */
function basePath(baseUrl: URL): string {
	return baseUrl.pathname.replace(/\/+$/, '');
}

/** An API path ("/v2/jobs/…") under the base URL: https://gateway.example/mindee + /v2/jobs/… */
export function apiUrl(path: string, baseUrl: URL): URL {
	return new URL(basePath(baseUrl) + path, baseUrl.origin);
}

/**
 * Whether a URL lies under the base URL: the same origin, and the base URL's path as a whole prefix
 * (/mindee/… but not /mindee-admin/…), with no encoded slash after it that a server could decode into
 * another path.
 */
function isUnderBaseUrl(url: URL, baseUrl: URL): boolean {
	if (url.origin !== baseUrl.origin) return false;
	const prefix = basePath(baseUrl);
	if (url.pathname !== prefix && !url.pathname.startsWith(`${prefix}/`)) return false;
	return !/%(2f|5c)/i.test(url.pathname.slice(prefix.length));
}

/**
 * The absolute URL of a request: an API path ("/v2/…") goes under the base URL; an absolute URL must lie
 * under it. Either way it is checked (a ".." in a path would climb out of the base URL's).
 */
export function requestUrl(pathOrUrl: string, baseUrl: URL, service: string): URL {
	const isApiPath = pathOrUrl.startsWith('/') && !pathOrUrl.startsWith('//');
	return followOwnUrl(
		isApiPath ? apiUrl(pathOrUrl, baseUrl).toString() : pathOrUrl,
		baseUrl,
		service,
	);
}

/**
 * A URL an answer named (a Location, a polling or result URL), resolved against `relativeTo` (the request
 * it answered): followed only when it lies under the base URL. One of another origin or path (the API's
 * public host, as answers passed on by a proxy or gateway name it) whose path ends in one of `routes`
 * becomes that same route under the base URL: the key still goes only there. Anything else is refused.
 */
export function followOwnUrl(
	reference: string,
	baseUrl: URL,
	service: string,
	{ relativeTo = baseUrl, routes = [] }: { relativeTo?: URL | string; routes?: RegExp[] } = {},
): URL {
	const url = new URL(reference, relativeTo);
	if (isUnderBaseUrl(url, baseUrl)) return url;
	for (const route of routes) {
		const match = route.exec(url.pathname);
		if (match) return apiUrl(match[0], baseUrl);
	}
	const shown = `${url.origin}${url.pathname}`;
	throw new DocparseError(
		'DOCPARSE_REDIRECT_REFUSED',
		url.origin !== baseUrl.origin
			? `${service} pointed to another host (${url.origin}); the request was not sent there so your API key stays private`
			: `${service} pointed outside the credential's base URL (to ${shown}); the request was not sent there so your API key stays private`,
		{ context: { location: shown } },
	);
}
