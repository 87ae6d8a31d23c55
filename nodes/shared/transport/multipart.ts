import { randomBytes } from 'node:crypto';

import type { DocumentFile } from '../documents';

interface MultipartUpload {
	headers: Record<string, string>;
	/** A fresh body per attempt: text fields, then the file streamed from its source, never buffered whole. */
	body: () => AsyncIterable<Uint8Array>;
}

/** multipart/form-data with text fields and one file, with an exact Content-Length. */
export function multipartUpload(
	fields: Record<string, string>,
	fileField: string,
	file: DocumentFile,
): MultipartUpload {
	const boundary = newBoundary();
	const fileHead =
		`--${boundary}\r\nContent-Disposition: form-data; name="${quote(fileField)}"; filename="${quote(file.fileName)}"\r\n` +
		`Content-Type: ${file.mimeType}\r\n\r\n`;
	const head = Buffer.from(fieldParts(boundary, fields) + fileHead, 'utf8');
	const end = Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8');
	return {
		headers: {
			'content-type': `multipart/form-data; boundary=${boundary}`,
			'content-length': String(head.length + file.size + end.length),
		},
		body: async function* () {
			yield head;
			let sent = 0;
			for await (const chunk of file.chunks?.() ?? ((await file.open()) as AsyncIterable<Buffer>)) {
				sent += chunk.length;
				yield chunk;
			}
			if (sent !== file.size)
				throw new Error(`The file "${file.fileName}" changed while it was being sent`);
			yield end;
		},
	};
}

function newBoundary() {
	return `----docparse${randomBytes(12).toString('hex')}`;
}

/** The text fields' parts, each with its closing line break. */
function fieldParts(boundary: string, fields: Record<string, string>): string {
	return Object.entries(fields)
		.map(
			([name, value]) =>
				`--${boundary}\r\nContent-Disposition: form-data; name="${quote(name)}"\r\n\r\n${value}\r\n`,
		)
		.join('');
}

function quote(value: string) {
	return value.replace(/["\r\n\\]/g, (char) => encodeURIComponent(char));
}

/** multipart/form-data with text fields only (e.g. a URL instead of a file). */
export function multipartFields(fields: Record<string, string>): MultipartUpload {
	const boundary = newBoundary();
	const bytes = Buffer.from(`${fieldParts(boundary, fields)}--${boundary}--\r\n`, 'utf8');
	return {
		headers: {
			'content-type': `multipart/form-data; boundary=${boundary}`,
			'content-length': String(bytes.length),
		},
		body: async function* () {
			yield bytes;
		},
	};
}
