import { DocparseError } from '../errors';

/** What would move a request elsewhere once in a URL path: a dot segment, a separator, a control character. */
// eslint-disable-next-line no-control-regex -- control characters are part of what this finds
const UNSAFE = /[/\\?#\x00-\x1f\x7f]/;

/**
 * An id or name typed by the user, checked before it becomes one segment of an authenticated URL: "." and
 * ".." would move the request (and the API key) to another path, and servers may decode an encoded slash.
 */
export function checkPathPart(value: string, parameter: string): string {
	const text = value.trim();
	if (!text) throw new DocparseError('DOCPARSE_INPUT', `The ${parameter} is empty`);
	if (text === '.' || text === '..' || UNSAFE.test(text)) {
		throw new DocparseError(
			'DOCPARSE_INPUT',
			`The ${parameter} ${JSON.stringify(text.slice(0, 100))} cannot be used: it must not be "." or "..", nor contain "/", "\\", "?", "#" or line breaks`,
		);
	}
	return text;
}
