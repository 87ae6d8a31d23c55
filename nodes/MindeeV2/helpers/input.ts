import type { IExecuteFunctions } from 'n8n-workflow';

import { MB } from '../../shared/bytes';
import type { DocumentRules } from '../../shared/document';
import type { DocumentSource } from '../../shared/documentSource';
import { readDocumentSource } from '../../shared/documentSource';
import { documentInputProperties } from '../../shared/inputProperties';
import { PRODUCT_OPERATIONS } from '../products';

export const inputProperties = documentInputProperties({
	urlChoice: 'A public HTTPS link that Mindee downloads itself',
	urlDescription:
		'A public HTTPS link to the file; Mindee fetches it, so it must be reachable from the internet',
	fileNameDescription: 'The name Mindee shows for this document',
	show: { operation: [...PRODUCT_OPERATIONS, 'submit'] },
});

/** Mindee V2's documented file limits: 100 MB, 200 pages, PDF and common image types. */
const MINDEE_V2_RULES: DocumentRules = {
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
export async function readDocument(
	context: IExecuteFunctions,
	itemIndex: number,
): Promise<DocumentSource> {
	return await readDocumentSource(context, itemIndex, MINDEE_V2_RULES);
}
