import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { Readable } from 'node:stream';

import type { DocumentRules, DocumentSource } from '../documents';
import { documentFromBytes, readDocumentSource } from '../documents';
import { DocparseError } from '../errors';
import { LibraryUnavailable } from './libraries';
import { openPdf, pdfOfPages } from './pdfCut';

/** The Page Selection option as n8n stores it. */
export interface PageSelectionOption {
	selection?: { mode?: 'keep' | 'remove'; pages?: string; minPages?: number };
}

/** Page Selection, in the Options of both Mindee nodes: what the SDKs call page options. */
export function pageSelectionProperty(operations: string[]): INodeProperties {
	return {
		displayName: 'Page Selection',
		name: 'pageSelection',
		type: 'fixedCollection',
		default: {},
		placeholder: 'Add Page Selection',
		description:
			'Send only some pages of a PDF: fewer pages to upload, to process and to pay for. The output lists the pages sent as _pages_sent.',
		options: [
			{
				displayName: 'Selection',
				name: 'selection',
				values: [
					{
						displayName: 'Mode',
						name: 'mode',
						type: 'options',
						default: 'keep',
						options: [
							{ name: 'Keep Only These Pages', value: 'keep' },
							{ name: 'Remove These Pages', value: 'remove' },
						],
					},
					{
						displayName: 'Pages',
						name: 'pages',
						type: 'string',
						default: '0,1,-1',
						description:
							'Comma-separated page numbers counted from 0; negative ones count from the end (-1 is the last page)',
					},
					{
						displayName: 'Only From Page Count',
						name: 'minPages',
						type: 'number',
						typeOptions: { minValue: 0 },
						default: 0,
						description: 'Apply the selection only to PDFs with at least this many pages',
					},
				],
			},
		],
		displayOptions: { show: { '/operation': operations } },
	};
}

/** The most page numbers a selection may list: more than any API's page limit. */
const MAX_LISTED = 1000;

/**
 * The document with only the selected pages (copied, not re-rendered), checked again against the API's
 * rules, and which pages of the given PDF (0-based) were sent. Images and PDFs under the page threshold
 * go as they are.
 */
export async function selectPages(
	source: DocumentSource,
	option: PageSelectionOption | undefined,
	rules: DocumentRules,
): Promise<{ source: DocumentSource; pagesSent?: number[] }> {
	const selection = option?.selection;
	const listed = parsePages(selection?.pages ?? '');
	if (!selection || listed.length === 0) return { source };
	if (source.kind === 'url') {
		throw new DocparseError(
			'DOCPARSE_INPUT',
			'Page Selection needs the file itself: a document given by URL is fetched by Mindee whole. Download it first (HTTP Request node) and pass it as binary.',
		);
	}
	const { file } = source;
	if (file.mimeType !== 'application/pdf') return { source };
	let pdf;
	try {
		pdf = await openPdf(await readAll(file.open()));
	} catch (error) {
		if (error instanceof LibraryUnavailable)
			throw new DocparseError('DOCPARSE_INPUT', error.message);
		throw new DocparseError(
			'DOCPARSE_INPUT',
			`The PDF "${file.fileName}" could not be read to select its pages: ${(error as Error).message}`,
		);
	}
	const count = pdf.getPageCount();
	if (count < (selection.minPages ?? 0)) return { source };
	const resolve = (page: number) => (page < 0 ? count + page : page);
	const named = new Set(listed.map(resolve));
	const missing = listed.filter((page) => resolve(page) < 0 || resolve(page) >= count);
	if (missing.length > 0) {
		throw new DocparseError(
			'DOCPARSE_INPUT',
			`Page Selection names page ${missing[0]}, which "${file.fileName}" (${count} pages, 0 to ${count - 1}) does not have`,
		);
	}
	const keep = selection.mode !== 'remove';
	const pagesSent = Array.from({ length: count }, (_, page) => page).filter(
		(page) => named.has(page) === keep,
	);
	if (pagesSent.length === 0) {
		throw new DocparseError(
			'DOCPARSE_INPUT',
			`Page Selection removes every page of "${file.fileName}": nothing is left to send`,
		);
	}
	if (pagesSent.length === count) return { source, pagesSent };
	const bytes = Buffer.from(await pdfOfPages(pdf, pagesSent));
	return {
		source: { kind: 'file', file: await documentFromBytes(bytes, file.fileName, rules) },
		pagesSent,
	};
}

/** "0, 1, -1" → [0, 1, -1]. */
export function parsePages(text: string): number[] {
	const parts = text
		.split(',')
		.map((part) => part.trim())
		.filter(Boolean);
	if (parts.length > MAX_LISTED) {
		throw new DocparseError(
			'DOCPARSE_INPUT',
			`Page Selection lists ${parts.length} pages; at most ${MAX_LISTED} can be listed`,
		);
	}
	return parts.map((part) => {
		if (!/^-?\d{1,6}$/.test(part)) {
			throw new DocparseError(
				'DOCPARSE_INPUT',
				`Page Selection: "${part.slice(0, 20)}" is not a page number (use e.g. 0,1,-1: counted from 0, negative from the end)`,
			);
		}
		return Number(part);
	});
}

/** A file's bytes in one buffer (the cutting libraries need the whole file; its size was checked). */
export async function readAll(stream: Promise<Readable>): Promise<Buffer> {
	const chunks: Buffer[] = [];
	for await (const chunk of await stream) chunks.push(Buffer.from(chunk as Buffer));
	return Buffer.concat(chunks);
}

/**
 * The item's document (Input Type and its fields) with Page Selection applied. With a selection the page
 * limit is checked on the pages sent, so a long PDF can be brought under it.
 */
export async function readSelectedDocument(
	context: IExecuteFunctions,
	itemIndex: number,
	rules: DocumentRules,
	option: PageSelectionOption | undefined,
): Promise<{ source: DocumentSource; pagesSent?: number[] }> {
	if (!option?.selection?.pages?.trim())
		return { source: await readDocumentSource(context, itemIndex, rules) };
	const whole = await readDocumentSource(context, itemIndex, { ...rules, maxPages: undefined });
	return await selectPages(whole, option, rules);
}
