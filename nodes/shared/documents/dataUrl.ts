import { DocparseError } from '../errors';

/** The file given in a Base64 field: its bytes, and its name when a data: URL gave one. */
export interface Base64Content {
	bytes: Buffer;
	name?: string;
}

/**
 * Decodes base64 text, or a data: URL as RFC 2397 writes it,
 * `data:[<type>/<subtype>][;<attribute>=<value>]*[;base64],<data>`: the parameters are read (`name=` is
 * the file's name, URL-encoded; the others say nothing the file's own bytes do not), and data without
 * `;base64` is URL-encoded bytes.
 */
export function decodeBase64Content(content: string): Base64Content {
	const dataUrl = DATA_URL.exec(content);
	if (!dataUrl) return { bytes: decodeBase64(content) };
	// The first part is the type: the file's own bytes say what it is.
	const parameters = dataUrl[1].split(';').slice(1);
	const isBase64 = parameters.at(-1)?.trim().toLowerCase() === 'base64';
	if (isBase64) parameters.pop();
	let name: string | undefined;
	for (const parameter of parameters) {
		const equals = parameter.indexOf('=');
		if (equals > 0 && parameter.slice(0, equals).trim().toLowerCase() === 'name')
			name = urlDecoded(parameter.slice(equals + 1).trim()).toString('utf8') || undefined;
	}
	const data = content.slice(dataUrl[0].length);
	return { bytes: isBase64 ? decodeBase64(data) : urlDecoded(data), name };
}

/** `data:` and the type and parameters up to the first comma (a comma cannot appear in them). */
const DATA_URL = /^\s*data:([^,]{0,2048}),/i;

function decodeBase64(text: string): Buffer {
	const base64 = text.replace(/\s+/g, '');
	if (!/^[A-Za-z0-9+/_-]*={0,2}$/.test(base64)) {
		throw new DocparseError('DOCPARSE_INPUT', 'The base64 content is not valid base64 text');
	}
	return Buffer.from(base64, 'base64');
}

/** URL-encoded text: each %XX is that byte, any other character its UTF-8 bytes. */
function urlDecoded(text: string): Buffer {
	const ascii = text.replace(/[^\p{ASCII}]+/gu, (run) =>
		Buffer.from(run, 'utf8').toString('hex').replace(/../g, '%$&'),
	);
	const bytes = ascii.replace(/%([0-9A-Fa-f]{2})/g, (_, hex: string) =>
		String.fromCharCode(parseInt(hex, 16)),
	);
	return Buffer.from(bytes, 'latin1');
}
