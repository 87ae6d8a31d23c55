import { loadSharp } from './libraries';
import type { Box } from './pieces';

/** The image formats cut here, each written back in its own format; others (HEIC) are not cut. */
const FORMATS = {
	'image/jpeg': { format: 'jpeg', extension: 'jpg' },
	'image/png': { format: 'png', extension: 'png' },
	'image/webp': { format: 'webp', extension: 'webp' },
	'image/tiff': { format: 'tiff', extension: 'tiff' },
} as const;

export type CuttableImage = keyof typeof FORMATS;

export function isCuttableImage(mimeType: string): mimeType is CuttableImage {
	return mimeType in FORMATS;
}

export function imageExtension(mimeType: CuttableImage) {
	return FORMATS[mimeType].extension;
}

/**
 * The piece of a photo inside the box, in the photo's format. The box is on the photo as shown, so the
 * EXIF orientation is applied first (the piece is then upright and carries no orientation tag).
 */
export async function imageOfBox(
	bytes: Buffer,
	mimeType: CuttableImage,
	box: Box,
): Promise<Buffer> {
	const sharp = loadSharp();
	const { width = 0, height = 0, orientation = 1 } = await sharp(bytes).metadata();
	// Orientations 5-8 turn the photo a quarter: its shown width is its stored height.
	const [shownWidth, shownHeight] = orientation >= 5 ? [height, width] : [width, height];
	const left = Math.min(shownWidth - 1, Math.floor(box.left * shownWidth));
	const top = Math.min(shownHeight - 1, Math.floor(box.top * shownHeight));
	const region = {
		left,
		top,
		width: Math.max(1, Math.min(shownWidth, Math.ceil(box.right * shownWidth)) - left),
		height: Math.max(1, Math.min(shownHeight, Math.ceil(box.bottom * shownHeight)) - top),
	};
	const { format } = FORMATS[mimeType];
	return await sharp(bytes)
		.rotate()
		.extract(region)
		.toFormat(format, format === 'jpeg' ? { quality: 90 } : {})
		.toBuffer();
}
