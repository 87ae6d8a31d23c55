/** Small real-looking files for tests: valid magic bytes, so the nodes' type checks see what users send. */

export function samplePdf(pages = 1, padTo = 0): Buffer {
	const objects = Array.from(
		{ length: pages },
		(_, index) => `${index + 3} 0 obj << /Type /Page /Parent 2 0 R >> endobj\n`,
	).join('');
	const kids = Array.from({ length: pages }, (_, index) => `${index + 3} 0 R`).join(' ');
	let text = `%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [${kids}] /Count ${pages} >> endobj\n${objects}trailer << /Root 1 0 R >>\n%%EOF\n`;
	if (padTo > text.length)
		text = text.replace('trailer', `%${'x'.repeat(padTo - text.length - 2)}\ntrailer`);
	return Buffer.from(text, 'latin1');
}

export function samplePng(): Buffer {
	return Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
}

export function sampleJpeg(): Buffer {
	return Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(64, 1)]);
}

export const pdfItem = (fileName = 'invoice.pdf', data = samplePdf()) => ({
	json: { source: fileName },
	binary: { data: { data, fileName, mimeType: 'application/pdf' } },
});
