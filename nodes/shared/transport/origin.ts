import { DocparseError } from '../errors';

/**
 * The API's origin is the only place a request goes: the credential's base URL must be http(s), every
 * path or Location is resolved against it, and another origin is refused rather than followed, so the
 * key in the headers never reaches another host. Redirects are returned to the caller, never followed.
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

/** The absolute URL for a path, or for a Location header; refuses other origins than the base URL's. */
export function resolveOwnUrl(pathOrUrl: string, baseUrl: URL, service: string): URL {
	const url = new URL(pathOrUrl, baseUrl);
	if (url.origin !== baseUrl.origin) {
		throw new DocparseError(
			'DOCPARSE_REDIRECT_REFUSED',
			`${service} pointed to another host (${url.origin}); the request was not sent there so your API key stays private`,
			{ context: { location: `${url.origin}${url.pathname}` } },
		);
	}
	return url;
}
