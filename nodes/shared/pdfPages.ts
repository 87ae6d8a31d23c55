/**
 * Reads a PDF's page count from its page tree while the file streams through, without keeping the file:
 * the latest trailer (or cross-reference stream) names the catalog (/Root), the catalog names the root of
 * the page tree (/Pages), and that node's /Count is the number of pages. An incremental update appends new
 * versions of objects and a new trailer, so the last version of each in the file is the current one;
 * counting page objects instead would count every revision of every page.
 *
 * Only small dictionaries are kept (those that can be the catalog, the page tree root or a trailer).
 * Anything not readable (objects inside compressed object streams, a damaged file) gives undefined: the
 * API then decides, rather than a document being refused on a guess.
 */
export class PdfPageCounter {
	/** Unprocessed text at the end of the last chunk, so an object split across chunks is still seen. */
	private tail = '';

	/** Offset in the file of the tail's first character. */
	private tailOffset = 0;

	/** Object number → its latest version seen (offset in the file, dictionary text). */
	private readonly objects = new Map<number, { offset: number; text: string }>();

	/** The catalog named by the latest trailer or cross-reference stream. */
	private root?: { offset: number; number: number };

	push(chunk: Buffer) {
		// latin1 keeps one character per byte, so offsets are byte offsets.
		const text = this.tail + chunk.toString('latin1');
		const start = this.tailOffset;
		let consumed = 0;
		for (const match of text.matchAll(OBJECT)) {
			const offset = start + match.index;
			const [whole, number, body] = match;
			consumed = match.index + whole.length;
			if (/\/(Pages|Count|Root)\b/.test(body)) this.keep(Number(number), offset, body);
			if (/\/Type\s*\/XRef\b/.test(body)) this.noteRoot(body, offset);
		}
		for (const match of text.matchAll(TRAILER)) {
			if (match.index + match[0].length > consumed) consumed = match.index + match[0].length;
			this.noteRoot(match[0], start + match.index);
		}
		// Keep what may be the start of an object or trailer not complete yet, within bounds.
		const keepFrom = Math.max(consumed, text.length - MAX_DICTIONARY);
		this.tail = text.slice(keepFrom);
		this.tailOffset = start + keepFrom;
	}

	/** The page count of the latest revision, or undefined when the page tree could not be read. */
	pages(): number | undefined {
		if (!this.root) return undefined;
		const catalog = this.objects.get(this.root.number)?.text;
		const pagesRef = catalog && /\/Pages\s+(\d+)\s+\d+\s+R/.exec(catalog);
		if (!pagesRef) return undefined;
		const tree = this.objects.get(Number(pagesRef[1]))?.text;
		const count = tree && /\/Count\s+(\d+)/.exec(tree);
		return count ? Number(count[1]) : undefined;
	}

	private keep(number: number, offset: number, text: string) {
		const known = this.objects.get(number);
		if (!known || known.offset <= offset) this.objects.set(number, { offset, text });
	}

	private noteRoot(text: string, offset: number) {
		const root = /\/Root\s+(\d+)\s+\d+\s+R/.exec(text);
		if (root && (!this.root || this.root.offset <= offset))
			this.root = { offset, number: Number(root[1]) };
	}
}

/** Dictionaries longer than this are not the small ones looked for (a page tree of a few pages, a trailer). */
const MAX_DICTIONARY = 8 * 1024;

/** `<number> <generation> obj <<…>>`: the object's dictionary up to the stream or the end of the object. */
const OBJECT = /(?<![\d])(\d+)\s+\d+\s+obj\b([\s\S]{0,8192}?)(?:\bstream\b|\bendobj\b)/g;

const TRAILER = /\btrailer\s*<<[\s\S]{0,8192}?>>\s*(?:startxref|%%EOF|$)/g;
