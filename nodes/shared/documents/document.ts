import type { IBinaryData, IExecuteFunctions } from 'n8n-workflow';
import { BINARY_MODE_COMBINED } from 'n8n-workflow';
import { open as openFile, stat } from 'node:fs/promises';
import { Readable } from 'node:stream';

import { formatMegabytes } from './bytes';
import { decodeBase64Content } from './dataUrl';
import { DocparseError } from '../errors';
import { PdfPageCounter } from './pdfPages';
import { sleep } from '../compat';

/** A document ready to upload: checked, and re-openable for each upload attempt. */
export interface DocumentFile {
	fileName: string;
	/** The type found in the file's own bytes, not the one it was labelled with. */
	mimeType: string;
	size: number;
	/** A fresh stream of the bytes; stored binaries are streamed from n8n's store, never loaded whole. */
	open(): Promise<Readable>;
	/**
	 * The bytes read into a few buffers used over and over, so that a large file leaves no garbage behind
	 * (the chunks of a stream are new buffers that the garbage collector frees only much later). A chunk
	 * is valid only until the next one is asked for. Present when the file is on n8n's local disk.
	 */
	chunks?: () => AsyncIterable<Buffer>;
}

export interface DocumentRules {
	/** The service accepting the upload, for messages. */
	service: string;
	maxBytes: number;
	/** Largest page count for PDFs, where the count can be read from the file. */
	maxPages?: number;
	allowedTypes: readonly FileType[];
}

export type FileType =
	'application/pdf' | 'image/jpeg' | 'image/png' | 'image/webp' | 'image/heic' | 'image/tiff';

const TYPE_NAMES: Record<FileType, string> = {
	'application/pdf': 'PDF',
	'image/jpeg': 'JPEG',
	'image/png': 'PNG',
	'image/webp': 'WEBP',
	'image/heic': 'HEIC',
	'image/tiff': 'TIFF',
};

/** Reads an item's binary property (streaming when n8n stores it by id) and checks it before upload. */
export async function documentFromBinary(
	context: IExecuteFunctions,
	itemIndex: number,
	propertyName: string,
	rules: DocumentRules,
): Promise<DocumentFile> {
	checkBinaryField(context, itemIndex, propertyName);
	const binary: IBinaryData = context.helpers.assertBinaryData(itemIndex, propertyName);
	const fileName = binary.fileName ?? `${propertyName}.${binary.fileExtension ?? 'bin'}`;
	if (binary.id) {
		const { fileSize } = await context.helpers.getBinaryMetadata(binary.id);
		const id = binary.id;
		const path = await localPath(context, id, fileSize);
		return await checkDocument(
			{
				fileName,
				size: fileSize,
				open: async () => await context.helpers.getBinaryStream(id),
				chunks: path ? () => readInPlace(path) : undefined,
			},
			rules,
		);
	}
	// Kept in memory by n8n (default binary mode): the bytes are already loaded.
	const bytes = await context.helpers.getBinaryDataBuffer(itemIndex, propertyName);
	return await documentFromBytes(bytes, fileName, rules);
}

/**
 * Names the binary fields the item does have when the one asked for is missing (n8n's own message names
 * neither). With binary data kept in the JSON ("combined" mode) n8n resolves the name as a path: its check
 * stays.
 */
function checkBinaryField(context: IExecuteFunctions, itemIndex: number, propertyName: string) {
	if (context.getWorkflowSettings().binaryMode === BINARY_MODE_COMBINED) return;
	const fields = Object.keys(context.getInputData()[itemIndex]?.binary ?? {});
	if (fields.includes(propertyName)) return;
	throw new DocparseError(
		'DOCPARSE_INPUT',
		fields.length > 0
			? `The item has no binary field '${propertyName}'; it has: ${fields.join(', ')}`
			: `The item has no binary field '${propertyName}', nor any other: the previous node output no file`,
	);
}

/** The File Name field's default: a data: URL's own name= replaces it. */
export const DEFAULT_FILE_NAME = 'document.pdf';

/** A document given as base64 text or as a data: URL, under the File Name given unless the URL names it. */
export async function documentFromBase64(content: string, fileName: string, rules: DocumentRules) {
	const { bytes, name } = decodeBase64Content(content);
	const given = fileName && fileName !== DEFAULT_FILE_NAME ? fileName : undefined;
	return await documentFromBytes(bytes, given ?? name ?? (fileName || 'document'), rules);
}

export async function documentFromBytes(bytes: Buffer, fileName: string, rules: DocumentRules) {
	return await checkDocument(
		{ fileName, size: bytes.length, open: async () => Readable.from([bytes]) },
		rules,
	);
}

/** Rejects, before anything is uploaded, a file the API would refuse: empty, too large, wrong type, too many pages. */
async function checkDocument(
	file: Omit<DocumentFile, 'mimeType'>,
	rules: DocumentRules,
): Promise<DocumentFile> {
	const { fileName } = file;
	if (file.size === 0) {
		throw new DocparseError('DOCPARSE_INPUT', `The file "${fileName}" is empty`);
	}
	if (file.size > rules.maxBytes) {
		throw new DocparseError(
			'DOCPARSE_INPUT',
			`The file "${fileName}" is ${formatMegabytes(file.size)} (${file.size} bytes); ${rules.service} accepts at most ${formatMegabytes(rules.maxBytes)} (${rules.maxBytes} bytes) here`,
			{ context: { size: file.size, maxBytes: rules.maxBytes } },
		);
	}
	const { mimeType, pages } = await inspect(
		file.chunks?.() ?? (await file.open()),
		rules.maxPages !== undefined,
	);
	if (!mimeType || !rules.allowedTypes.includes(mimeType)) {
		const accepted = rules.allowedTypes.map((type) => TYPE_NAMES[type]).join(', ');
		throw new DocparseError(
			'DOCPARSE_INPUT',
			`The file "${fileName}" is ${mimeType ? `a ${TYPE_NAMES[mimeType]}` : 'not a supported document'}; ${rules.service} accepts ${accepted}`,
		);
	}
	if (rules.maxPages !== undefined && pages !== undefined && pages > rules.maxPages) {
		throw new DocparseError(
			'DOCPARSE_INPUT',
			`The PDF "${fileName}" has ${pages} pages; ${rules.service} accepts at most ${rules.maxPages} here`,
			{ context: { pages, maxPages: rules.maxPages } },
		);
	}
	return { ...file, mimeType };
}

/** Finds the type from the leading bytes and, for PDFs, reads the page count while streaming through. */
async function inspect(
	stream: AsyncIterable<Buffer> & { destroy?: () => void },
	countPages: boolean,
): Promise<{ mimeType?: FileType; pages?: number }> {
	let head = Buffer.alloc(0);
	const counter = new PdfPageCounter();
	try {
		for await (const chunk of stream) {
			if (head.length < HEAD_BYTES) head = Buffer.concat([head, chunk]).subarray(0, HEAD_BYTES);
			if (!countPages || sniff(head) !== 'application/pdf') {
				if (head.length >= HEAD_BYTES) break;
				continue;
			}
			await countPagesOf(counter, chunk);
		}
	} finally {
		stream.destroy?.();
	}
	const mimeType = sniff(head);
	return { mimeType, pages: mimeType === 'application/pdf' ? counter.pages() : undefined };
}

const HEAD_BYTES = 16;

/**
 * A file held in memory (base64 input, n8n's default binary mode) arrives as one chunk: it is counted a
 * slice at a time, letting n8n answer its webhooks and other executions in between.
 */
async function countPagesOf(counter: PdfPageCounter, chunk: Buffer) {
	for (let at = 0; at < chunk.length; at += COUNT_SLICE) {
		if (at > 0) await sleep(0);
		counter.push(chunk.subarray(at, at + COUNT_SLICE));
	}
}

const COUNT_SLICE = 1024 * 1024;

/** The file behind a binary in n8n's filesystem store, if it is there whole (other modes: undefined). */
async function localPath(
	context: IExecuteFunctions,
	id: string,
	size: number,
): Promise<string | undefined> {
	if (!id.startsWith('filesystem')) return undefined;
	try {
		const path = context.helpers.getBinaryPath(id);
		return (await stat(path)).size === size ? path : undefined;
	} catch {
		return undefined;
	}
}

const CHUNK_BYTES = 64 * 1024;
const BUFFERS = 4;

/**
 * Reads a file into a ring of buffers. Safe for consumers that are done with a chunk when they ask for the
 * next: the checks here, and undici's request body writer, which waits for the socket to drain (the
 * chunk handed to the OS) before it asks again, whenever a chunk is larger than the socket's 16 kB buffer.
 */
async function* readInPlace(path: string): AsyncGenerator<Buffer> {
	const handle = await openFile(path, 'r');
	const ring = Array.from({ length: BUFFERS }, () => Buffer.allocUnsafeSlow(CHUNK_BYTES));
	try {
		for (let index = 0; ; index++) {
			const buffer = ring[index % BUFFERS];
			const { bytesRead } = await handle.read(buffer, 0, CHUNK_BYTES, null);
			if (bytesRead === 0) return;
			yield buffer.subarray(0, bytesRead);
		}
	} finally {
		await handle.close();
	}
}

function sniff(head: Buffer): FileType | undefined {
	const ascii = head.toString('latin1');
	if (ascii.startsWith('%PDF-')) return 'application/pdf';
	if (head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'image/jpeg';
	if (ascii.startsWith('\x89PNG\r\n\x1a\n')) return 'image/png';
	if (ascii.startsWith('RIFF') && ascii.slice(8, 12) === 'WEBP') return 'image/webp';
	if (
		ascii.slice(4, 8) === 'ftyp' &&
		/^(heic|heix|hevc|hevx|heim|heis|mif1|msf1)$/.test(ascii.slice(8, 12))
	) {
		return 'image/heic';
	}
	if (ascii.startsWith('II*\x00') || ascii.startsWith('MM\x00*')) return 'image/tiff';
	return undefined;
}
