import type { IExecuteFunctions } from 'n8n-workflow';

import type { DocumentFile, DocumentRules } from './document';
import { DEFAULT_FILE_NAME, documentFromBase64, documentFromBinary } from './document';
import { DocparseError } from './errors';
import { displayUrl } from './urls';

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
		if (!isHttpsUrl(url)) {
			throw new DocparseError(
				'DOCPARSE_INPUT',
				`The document URL "${displayUrl(url)}" is not a public https:// link; ${rules.service} only fetches HTTPS URLs`,
			);
		}
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

function isHttpsUrl(value: string) {
	try {
		return new URL(value).protocol === 'https:';
	} catch {
		return false;
	}
}
