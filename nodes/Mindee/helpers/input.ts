import type { IExecuteFunctions } from 'n8n-workflow';

import { MB } from '../../shared/bytes';
import type { DocumentRules } from '../../shared/document';
import type { DocumentSource } from '../../shared/documentSource';
import { readDocumentSource } from '../../shared/documentSource';
import { documentInputProperties } from '../../shared/inputProperties';

export const inputProperties = documentInputProperties({
	urlChoice: 'A public HTTPS link that Mindee downloads itself',
	urlDescription:
		'A public HTTPS link to the file; Mindee fetches it, so it must be reachable from the internet',
	fileNameDescription: 'The name Mindee shows for this document',
	show: { operation: ['parse', 'submit'] },
});

/** Mindee's documented limits: 20 MB / 20 pages asynchronously, 10 MB synchronously. */
export function mindeeRules(mode: 'async' | 'sync'): DocumentRules {
	return {
		service: 'Mindee',
		maxBytes: mode === 'async' ? 20 * MB : 10 * MB,
		maxPages: mode === 'async' ? 20 : undefined,
		allowedTypes: [
			'application/pdf',
			'image/jpeg',
			'image/png',
			'image/webp',
			'image/heic',
			'image/tiff',
		],
	};
}

/** The item's document, checked before anything is uploaded. */
export async function readDocument(
	context: IExecuteFunctions,
	itemIndex: number,
	mode: 'async' | 'sync',
): Promise<DocumentSource> {
	return await readDocumentSource(context, itemIndex, mindeeRules(mode));
}
