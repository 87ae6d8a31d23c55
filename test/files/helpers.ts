import type { IBinaryData } from 'n8n-workflow';
import { BinaryDataService } from 'n8n-core';
import { Container } from '@n8n/di';
import fs from 'node:fs';
import path from 'node:path';

import { mindeeFixturesDir } from '../fakes/fixtures';

/** A shared fixture file's bytes, by its path under fixtures/mindee-v2 or fixtures/mindee. */
export const v2File = (relative: string) =>
	fs.readFileSync(path.join(mindeeFixturesDir, '..', 'mindee-v2', relative));
export const v1File = (relative: string) => fs.readFileSync(path.join(mindeeFixturesDir, relative));

/** An input item holding one file in binary `data`. */
export const fileItem = (fileName: string, data: Buffer, mimeType: string) => ({
	json: {},
	binary: { data: { data, fileName, mimeType } },
});

/** An output item's file as the next node reads it: its bytes from n8n's binary store. */
export async function outputBytes(binary: IBinaryData | undefined): Promise<Buffer> {
	if (!binary) throw new Error('the item carries no file');
	return await Container.get(BinaryDataService).getAsBuffer(binary);
}

export async function pdfPageSizes(bytes: Uint8Array) {
	const { PDFDocument } = await import('@cantoo/pdf-lib');
	const pdf = await PDFDocument.load(bytes);
	return pdf.getPages().map((page) => {
		const { width, height } = page.getCropBox();
		return { width: Math.round(width), height: Math.round(height) };
	});
}

export async function imageSize(bytes: Buffer) {
	const sharp = (await import('sharp')).default;
	const { width, height, format } = await sharp(bytes).metadata();
	return { width, height, format };
}
