import type { IExecuteFunctions } from 'n8n-workflow';

import { MB, MINDEE_FILE_TYPES, mindeeInputProperties } from '../../shared/documents';
import type { DocumentRules, DocumentSource } from '../../shared/documents';
import type { PageSelectionOption } from '../../shared/files';
import { readSelectedDocument } from '../../shared/files';

export const inputProperties = mindeeInputProperties(['parse', 'submit']);

/** Mindee's documented limits: 20 MB / 20 pages asynchronously, 10 MB synchronously. */
export function mindeeRules(mode: 'async' | 'sync'): DocumentRules {
	return {
		service: 'Mindee',
		maxBytes: mode === 'async' ? 20 * MB : 10 * MB,
		maxPages: mode === 'async' ? 20 : undefined,
		allowedTypes: MINDEE_FILE_TYPES,
	};
}

/** The item's document with the pages Page Selection keeps, checked before anything is uploaded. */
export async function readDocument(
	context: IExecuteFunctions,
	itemIndex: number,
	mode: 'async' | 'sync',
	options: { pageSelection?: PageSelectionOption },
): Promise<{ source: DocumentSource; pagesSent?: number[] }> {
	return await readSelectedDocument(context, itemIndex, mindeeRules(mode), options.pageSelection);
}
