import { DocparseError } from '../errors';

/** Control characters (line breaks…) and anything beyond Latin-1: undici refuses such header values. */
// eslint-disable-next-line no-control-regex -- control characters are exactly what this finds
const INVALID_HEADER_VALUE = /[\x00-\x08\x0a-\x1f\x7f]|[^\x00-\xff]/;

/**
 * The error for a credential whose headers cannot be sent (a key pasted with a line break inside), else
 * undefined. Found once, when the client is built: every request then fails with it before anything is sent.
 */
export function unsendableCredential(
	authHeaders: Record<string, string>,
	service: string,
): DocparseError | undefined {
	if (!Object.values(authHeaders).some((value) => INVALID_HEADER_VALUE.test(value)))
		return undefined;
	return new DocparseError(
		'DOCPARSE_CREDENTIAL',
		`The ${service} credential's API key contains a line break or another character that cannot be sent in an HTTP header; nothing was sent. Copy the API key again into the credential.`,
	);
}
