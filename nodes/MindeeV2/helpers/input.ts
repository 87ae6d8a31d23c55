import type { IExecuteFunctions } from 'n8n-workflow';

import { MB, MINDEE_FILE_TYPES, mindeeInputProperties } from '../../shared/documents';
import type { DocumentRules, DocumentSource } from '../../shared/documents';
import type { PageSelectionOption } from '../../shared/files';
import { readSelectedDocument } from '../../shared/files';
import { PRODUCT_OPERATIONS } from '../products';

export const inputProperties = mindeeInputProperties([...PRODUCT_OPERATIONS, 'submit']);

/** Mindee V2's documented file limits: 100 MB, 200 pages, PDF and common image types. */
const MINDEE_V2_RULES: DocumentRules = {
	service: 'Mindee',
	maxBytes: 100 * MB,
	maxPages: 200,
	allowedTypes: MINDEE_FILE_TYPES,
};

/** The item's document with the pages Page Selection keeps, checked before anything is uploaded. */
export async function readDocument(
	context: IExecuteFunctions,
	itemIndex: number,
	options: { pageSelection?: PageSelectionOption },
): Promise<{ source: DocumentSource; pagesSent?: number[] }> {
	return await readSelectedDocument(context, itemIndex, MINDEE_V2_RULES, options.pageSelection);
}
