import type { IExecuteFunctions } from 'n8n-workflow';

import type { DocumentRules } from '../../shared/document';
import { documentFromBase64, documentFromBinary } from '../../shared/document';
import { DocparseError } from '../../shared/errors';
import { documentInputProperties } from '../../shared/inputProperties';
import { displayUrl } from '../../shared/urls';
import { PRODUCT_OPERATIONS } from '../products';
import type { DocumentSource } from '../transport/mindeeV2Client';

export const inputProperties = documentInputProperties({
	urlChoice: 'A public HTTPS link that Mindee downloads itself',
	urlDescription:
		'A public HTTPS link to the file; Mindee fetches it, so it must be reachable from the internet',
	fileNameDescription: 'The name Mindee shows for this document',
	show: { operation: [...PRODUCT_OPERATIONS, 'submit'] },
});

const MB = 1_000_000;

/** Mindee V2's documented file limits: 100 MB, 200 pages, PDF and common image types. */
export const MINDEE_V2_RULES: DocumentRules = {
	service: 'Mindee',
	maxBytes: 100 * MB,
	maxPages: 200,
	allowedTypes: [
		'application/pdf',
		'image/jpeg',
		'image/png',
		'image/webp',
		'image/heic',
		'image/tiff',
	],
};

/** The item's document, checked before anything is uploaded. */
export async function readSource(
	context: IExecuteFunctions,
	itemIndex: number,
): Promise<DocumentSource> {
	const inputType = context.getNodeParameter('inputType', itemIndex) as string;
	if (inputType === 'url') {
		const url = (context.getNodeParameter('documentUrl', itemIndex) as string).trim();
		if (!isHttpsUrl(url)) {
			throw new DocparseError(
				'DOCPARSE_INPUT',
				`The document URL "${displayUrl(url)}" is not a public https:// link; Mindee only fetches HTTPS URLs`,
			);
		}
		return { kind: 'url', url };
	}
	if (inputType === 'base64') {
		const content = context.getNodeParameter('base64Content', itemIndex) as string;
		const fileName = context.getNodeParameter('fileName', itemIndex, 'document.pdf') as string;
		return { kind: 'file', file: await documentFromBase64(content, fileName, MINDEE_V2_RULES) };
	}
	if (inputType !== 'binary')
		throw new DocparseError('DOCPARSE_INPUT', `Unknown input type "${inputType}"`);
	const propertyName = context.getNodeParameter('binaryPropertyName', itemIndex) as string;
	return {
		kind: 'file',
		file: await documentFromBinary(context, itemIndex, propertyName, MINDEE_V2_RULES),
	};
}

/** The name errors and Submit's output give the document: a link without its query (signed-link tokens). */
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
