/** A file part: its name, declared type and bytes. */
export interface MultipartFile {
	fileName: string;
	contentType: string | undefined;
	data: Buffer;
}

/**
 * Minimal multipart/form-data parser for the fake servers: returns text fields and files (with their
 * bytes). Throws on a malformed body so the fake answers 400 like a real API would.
 */
export function parseMultipart(
	body: Buffer,
	contentType: string | undefined,
): { fields: Record<string, string>; files: Record<string, MultipartFile> } {
	const match = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType ?? '');
	if (!match) throw new Error('missing multipart boundary');
	const boundary = Buffer.from(`--${match[1] ?? match[2]}`);
	const fields: Record<string, string> = {};
	const files: Record<string, MultipartFile> = {};
	let position = body.indexOf(boundary);
	if (position < 0) throw new Error('boundary not found');
	for (;;) {
		position += boundary.length;
		if (body.subarray(position, position + 2).toString() === '--') break;
		position += 2; // CRLF
		const headerEnd = body.indexOf('\r\n\r\n', position);
		if (headerEnd < 0) throw new Error('unterminated part headers');
		const headers = body.subarray(position, headerEnd).toString('utf8');
		const next = body.indexOf(boundary, headerEnd + 4);
		if (next < 0) throw new Error('unterminated part');
		const content = body.subarray(headerEnd + 4, next - 2);
		const name = /name="([^"]*)"/i.exec(headers)?.[1];
		const fileName = /filename="([^"]*)"/i.exec(headers)?.[1];
		const type = /content-type:\s*([^\r\n]+)/i.exec(headers)?.[1];
		if (name === undefined) throw new Error('part without a name');
		if (fileName !== undefined) files[name] = { fileName, contentType: type, data: content };
		else fields[name] = content.toString('utf8');
		position = next;
	}
	return { fields, files };
}
