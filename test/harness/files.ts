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

/**
 * A PDF as a PDF writer saves it (cross-reference table, startxref), then changed `updates` times by
 * incremental updates, as editors and signing tools save: each appends new versions of the catalog,
 * the page tree and every page (here rotated), a new cross-reference section and a trailer with /Prev.
 * Every revision has `pages` pages, so the file holds pages × (updates + 1) page objects.
 */
export function incrementallyUpdatedPdf(pages: number, updates = 1): Buffer {
	let text = '%PDF-1.7\n%\xe2\xe3\xcf\xd3\n';
	const offsets = new Map<number, number>();
	const write = (number: number, body: string) => {
		offsets.set(number, Buffer.byteLength(text, 'latin1'));
		text += `${number} 0 obj\n${body}\nendobj\n`;
	};
	let previousXref: number | undefined;
	for (let revision = 0; revision <= updates; revision++) {
		const written: number[] = [];
		const kids = Array.from({ length: pages }, (_, index) => `${index + 3} 0 R`).join(' ');
		write(1, `<< /Type /Catalog /Pages 2 0 R >>`);
		write(2, `<< /Type /Pages /Kids [${kids}] /Count ${pages} >>`);
		written.push(1, 2);
		for (let index = 0; index < pages; index++) {
			write(
				index + 3,
				`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Rotate ${revision * 90} >>`,
			);
			written.push(index + 3);
		}
		const xref = Buffer.byteLength(text, 'latin1');
		text += 'xref\n';
		if (revision === 0) {
			text += `0 ${pages + 3}\n0000000000 65535 f \n`;
			for (let number = 1; number < pages + 3; number++)
				text += `${String(offsets.get(number)).padStart(10, '0')} 00000 n \n`;
		} else {
			text += `1 ${pages + 2}\n`;
			for (const number of written)
				text += `${String(offsets.get(number)).padStart(10, '0')} 00000 n \n`;
		}
		const prev = previousXref === undefined ? '' : ` /Prev ${previousXref}`;
		text += `trailer\n<< /Size ${pages + 3} /Root 1 0 R${prev} >>\nstartxref\n${xref}\n%%EOF\n`;
		previousXref = xref;
	}
	return Buffer.from(text, 'latin1');
}
