import type { FileType } from './document';
import { documentInputProperties } from './inputProperties';

/** What both generations of Mindee's API accept (their size and page limits differ). */
export const MINDEE_FILE_TYPES: readonly FileType[] = [
	'application/pdf',
	'image/jpeg',
	'image/png',
	'image/webp',
	'image/heic',
	'image/tiff',
];

/** The document input of a Mindee node's operations that upload a file. */
export function mindeeInputProperties(operations: string[]) {
	return documentInputProperties({
		urlChoice: 'A public HTTPS link that Mindee downloads itself',
		urlDescription:
			'A public HTTPS link to the file; Mindee fetches it, so it must be reachable from the internet',
		fileNameDescription: 'The name Mindee shows for this document',
		show: { operation: operations },
	});
}
