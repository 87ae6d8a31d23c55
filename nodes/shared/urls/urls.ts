/**
 * A URL as shown to users (messages, items, file names): without its query string and fragment, which
 * often carry access tokens (signed links: X-Amz-Signature, sig=…), nor any user name or password.
 * Relative URLs are resolved against `base`; text that is no URL is cut at the first `?` or `#`.
 */
export function displayUrl(value: string | URL, base?: string | URL): string {
	try {
		const url = new URL(value, base);
		return `${url.origin === 'null' ? `${url.protocol}//` : url.origin}${url.pathname}`;
	} catch {
		return String(value).split(/[?#]/)[0];
	}
}

/**
 * A file name an API derived from a document URL, as shown: without the link's query string (signed-link
 * tokens). Only a `?` followed by `name=value` is cut, so a name such as "why?.pdf" stays whole; a fragment
 * never reaches the API, and "#" is common in real file names.
 */
export function displayFileName(name: string): string {
	if (/^https?:\/\//i.test(name)) return displayUrl(name);
	return name.replace(/\?[^?]*=.*$/s, '');
}
