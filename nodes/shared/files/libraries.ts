import type * as PdfLib from '@cantoo/pdf-lib';
import { arch, platform } from 'node:os';
import type Sharp from 'sharp';

import { joinSentences } from '../errors';

/**
 * The two file libraries, required where a file is cut and not before, so that loading the nodes and every
 * run that cuts nothing never pays for them (sharp loads a native libvips).
 */
export function loadPdfLib(): typeof PdfLib {
	return load('@cantoo/pdf-lib', 'PDF pages') as typeof PdfLib;
}

export function loadSharp(): typeof Sharp {
	return load('sharp', 'images') as typeof Sharp;
}

/** Why a library did not load, in words a user can act on. */
export class LibraryUnavailable extends Error {}

function load(name: string, purpose: string): unknown {
	try {
		// eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on first use only (see above)
		return require(name) as unknown;
	} catch (error) {
		throw new LibraryUnavailable(
			joinSentences(
				`The package "${name}" that cuts ${purpose} could not be loaded on this platform (${platform()}-${arch()}): ${(error as Error).message.split('\n')[0]}`,
				'Reinstall n8n-nodes-docparse so npm fetches its prebuilt files for this platform',
			),
		);
	}
}
