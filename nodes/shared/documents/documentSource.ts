import type { IExecuteFunctions } from 'n8n-workflow';
import { isIP } from 'node:net';

import type { DocumentFile, DocumentRules } from './document';
import { DEFAULT_FILE_NAME, documentFromBase64, documentFromBinary } from './document';
import { DocparseError } from '../errors';
import { displayUrl, isNonPublicAddress } from '../urls';

/** A document for an API that takes either the file or a public link it downloads itself (Mindee). */
export type DocumentSource = { kind: 'file'; file: DocumentFile } | { kind: 'url'; url: string };

/** The item's document (Input Type and its fields), checked against `rules` before anything is uploaded. */
export async function readDocumentSource(
	context: IExecuteFunctions,
	itemIndex: number,
	rules: DocumentRules,
): Promise<DocumentSource> {
	const inputType = context.getNodeParameter('inputType', itemIndex) as string;
	if (inputType === 'url') {
		const url = (context.getNodeParameter('documentUrl', itemIndex) as string).trim();
		checkPublicHttpsUrl(url, rules.service);
		return { kind: 'url', url };
	}
	if (inputType === 'base64') {
		const content = context.getNodeParameter('base64Content', itemIndex) as string;
		const fileName = context.getNodeParameter('fileName', itemIndex, DEFAULT_FILE_NAME) as string;
		return { kind: 'file', file: await documentFromBase64(content, fileName, rules) };
	}
	if (inputType !== 'binary')
		throw new DocparseError('DOCPARSE_INPUT', `Unknown input type "${inputType}"`);
	const propertyName = context.getNodeParameter('binaryPropertyName', itemIndex) as string;
	return {
		kind: 'file',
		file: await documentFromBinary(context, itemIndex, propertyName, rules),
	};
}

/** The name errors and outputs give the document: a link without its query (often an access token). */
export function sourceName(source: DocumentSource): string {
	return source.kind === 'file' ? source.file.fileName : displayUrl(source.url);
}

/**
 * The API downloads the URL itself, from the internet: refuses what it cannot reach, before anything is
 * sent. Checked: an https: URL whose host is neither a localhost name nor a loopback, private, link-local
 * or otherwise non-public IP address. A name is not resolved here (the API resolves it).
 */
function checkPublicHttpsUrl(value: string, service: string) {
	const shown = displayUrl(value);
	let url: URL;
	try {
		url = new URL(value);
	} catch {
		throw new DocparseError(
			'DOCPARSE_INPUT',
			`The document URL "${shown}" is not a URL; ${service} needs a public https:// link`,
		);
	}
	if (url.protocol !== 'https:') {
		throw new DocparseError(
			'DOCPARSE_INPUT',
			`The document URL "${shown}" is not an https:// link; ${service} only fetches HTTPS URLs`,
		);
	}
	const host = url.hostname.replace(/^\[|\]$/g, '');
	const local = /(^|\.)localhost\.?$/i.test(host)
		? 'a localhost name (this machine)'
		: isIP(host) !== 0 && isNonPublicAddress(host)
			? 'a loopback, private, link-local or otherwise non-public address'
			: undefined;
	if (local) {
		throw new DocparseError(
			'DOCPARSE_INPUT',
			`The document URL "${shown}" points to ${host}, ${local}; ${service} downloads the URL itself from the internet, so it must be a public https:// link`,
		);
	}
}
