/**
 * PDFs of any size for the page counter's tests and bench row: an ordinary one (pages whose content streams
 * are seeded random bytes, as compressed streams look), and hostile shapes: runs of what made the counter
 * rescan (object headers and trailers without an end) and of what looks like what it reads (page objects,
 * page tree dictionaries never closed, huge numbers, an object with a /Count every few bytes).
 */
import { seededRng } from './seededRng';

const HEAD = '%PDF-1.7\n%\xe2\xe3\xcf\xd3\n';

/** A PDF of `pages` pages and about `size` bytes, with a cross-reference table and a trailer. */
export function ordinaryPdf(size: number, pages = 10, seed = 1): Buffer {
	const random = seededRng(seed);
	const parts: Buffer[] = [];
	const offsets: number[] = [];
	let length = 0;
	const add = (part: string | Buffer) => {
		const bytes = typeof part === 'string' ? Buffer.from(part, 'latin1') : part;
		parts.push(bytes);
		length += bytes.length;
	};
	const object = (number: number, body: string) => {
		offsets[number] = length;
		add(`${number} 0 obj\n${body}\n`);
	};
	add(HEAD);
	const kids = Array.from({ length: pages }, (_, index) => `${3 + 2 * index} 0 R`).join(' ');
	object(1, '<< /Type /Catalog /Pages 2 0 R >>\nendobj');
	object(2, `<< /Type /Pages /Kids [${kids}] /Count ${pages} >>\nendobj`);
	const streamBytes = Math.max(0, Math.floor((size - 400 - 120 * pages) / pages));
	for (let index = 0; index < pages; index++) {
		const page = 3 + 2 * index;
		object(
			page,
			`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents ${page + 1} 0 R >>\nendobj`,
		);
		object(page + 1, `<< /Length ${streamBytes} /Filter /FlateDecode >>\nstream`);
		const content = Buffer.alloc(streamBytes);
		for (let at = 0; at < streamBytes; at++) content[at] = random() * 256;
		add(content);
		add('\nendstream\nendobj\n');
	}
	const xref = length;
	const count = 3 + 2 * pages;
	add(`xref\n0 ${count}\n0000000000 65535 f \n`);
	for (let number = 1; number < count; number++)
		add(`${String(offsets[number]).padStart(10, '0')} 00000 n \n`);
	add(`trailer\n<< /Size ${count} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`);
	return Buffer.concat(parts);
}

/** A PDF header, then `unit` over and over up to `size` bytes. */
function repeated(unit: string, size: number): Buffer {
	const text = HEAD + unit.repeat(Math.ceil(size / unit.length));
	return Buffer.from(text.slice(0, size), 'latin1');
}

const HUGE = '9'.repeat(5000);

/** Hostile PDFs of about `size` bytes, by what they hold. */
export const HOSTILE_PDFS: Record<string, (size: number) => Buffer> = {
	'object headers without an end': (size) => repeated('1 0 obj ', size),
	'trailers without an end': (size) => repeated('trailer<<', size),
	'page objects': (size) => repeated('/Type /Page ', size),
	'page tree dictionaries never closed': (size) =>
		repeated('2 0 obj <</Type /Pages /Count 5 /Kids [3 0 R ', size),
	'huge numbers': (size) =>
		repeated(
			`${HUGE} ${HUGE} obj <</Count ${HUGE} /Pages ${HUGE} 0 R>> trailer <</Root ${HUGE} 0 R>> `,
			size,
		),
	'keywords back to back': (size) => repeated('stream endobj trailer startxref ', size),
	'objects with a /Count, one every few bytes': (size) => {
		const objects: string[] = [];
		let length = HEAD.length;
		for (let number = 1; length < size; number++) {
			const object = `${number} 0 obj<</Count 1>>endobj\n`;
			objects.push(object);
			length += object.length;
		}
		return Buffer.from((HEAD + objects.join('')).slice(0, size), 'latin1');
	},
};
