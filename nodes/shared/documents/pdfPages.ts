/**
 * Reads a PDF's page count from its page tree while the file streams through, without keeping the file:
 * the latest trailer (or cross-reference stream) names the catalog (/Root), the catalog names the root of
 * the page tree (/Pages), and that node's /Count is the number of pages. An incremental update appends new
 * versions of objects and a new trailer, so the last version of each in the file is the current one;
 * counting page objects instead would count every revision of every page.
 *
 * The bytes may be hostile, so this is one pass that never goes back: a scan for the keywords that open
 * and close dictionaries (`N G obj`, `stream`, `endobj`, `trailer`, `startxref`) looks at each byte once
 * (and at a few bytes again where a chunk ends), and a dictionary is read once, up to the next keyword,
 * and only when it is small. The cost is linear in the file's size whatever it holds; past a budget of
 * keywords or kept objects the count is given up.
 *
 * Only the facts read from small dictionaries are kept (the catalog's /Pages, a /Count, a /Root).
 * Anything not readable (objects inside compressed object streams, a damaged file, a file over the
 * budget) gives undefined: the API then decides, rather than a document being refused on a guess.
 */
export class PdfPageCounter {
	/** Text not scanned yet; its first character, when `scanFrom` is 1, only serves the look-behind. */
	private pending = '';

	private scanFrom = 0;

	/** This counter's own copy: a global regex keeps its position in itself. */
	private readonly keyword = new RegExp(KEYWORD);

	/** The dictionary being read: what follows `N G obj` or `trailer`, up to the next keyword. */
	private open?: { object?: number; text: string };

	/** Object number → what its latest readable version says. */
	private readonly objects = new Map<number, { pagesRef?: number; count?: number }>();

	/** The catalog named by the latest trailer or cross-reference stream. */
	private root?: number;

	private keywords = 0;

	/** Set when the file went over the work budget: the count is unknown and the rest is not scanned. */
	private givenUp = false;

	push(chunk: Buffer) {
		// latin1 keeps one character per byte; a large chunk is read in slices to bound the text held.
		for (let at = 0; at < chunk.length && !this.givenUp; at += SCAN_SLICE) {
			this.pending += chunk.toString('latin1', at, Math.min(chunk.length, at + SCAN_SLICE));
			if (this.pending.length >= SCAN_SLICE) this.scan(false);
		}
	}

	/** The page count of the latest revision, or undefined when it could not be read. Call after the last chunk. */
	pages(): number | undefined {
		if (!this.givenUp) this.scan(true);
		if (this.givenUp || this.root === undefined) return undefined;
		const pagesRef = this.objects.get(this.root)?.pagesRef;
		return pagesRef === undefined ? undefined : this.objects.get(pagesRef)?.count;
	}

	/**
	 * Handles the keywords of the pending text. Unless `final`, the last CARRY characters stay pending: a
	 * keyword starting there may not be complete yet. Keywords are shorter than CARRY, so one found before
	 * that is complete, and no character is scanned more than twice.
	 */
	private scan(final: boolean) {
		const text = this.pending;
		const limit = final ? text.length : text.length - CARRY;
		let readFrom = this.scanFrom;
		const keyword = this.keyword;
		keyword.lastIndex = this.scanFrom;
		for (let match = keyword.exec(text); match && match.index < limit; match = keyword.exec(text)) {
			if (++this.keywords > MAX_KEYWORDS) return this.giveUp();
			if (this.open) this.close(text.slice(readFrom, match.index));
			readFrom = keyword.lastIndex;
			const [word, number] = match;
			if (number !== undefined) this.open = { object: Number(number), text: '' };
			else if (word === 'trailer') this.open = { text: '' };
		}
		const cut = Math.max(limit, readFrom);
		if (this.open) this.extend(text.slice(readFrom, cut));
		// At the end of the file a trailer may end without startxref; an object cut short is not read.
		if (final) {
			if (this.open?.object !== undefined) this.open = undefined;
			this.close('');
		}
		// One character more is kept for the look-behind of a number starting the next text.
		this.pending = cut > 0 ? text.slice(cut - 1) : text;
		this.scanFrom = cut > 0 ? 1 : 0;
	}

	/** Adds text to the open dictionary; one longer than MAX_DICTIONARY is not one of those looked for. */
	private extend(text: string) {
		if (!this.open) return;
		if (this.open.text.length + text.length > MAX_DICTIONARY) this.open = undefined;
		else this.open.text += text;
	}

	/** Ends the open dictionary with its last `text` and keeps what it says. */
	private close(text: string) {
		this.extend(text);
		const open = this.open;
		this.open = undefined;
		// Every fact looked for is a name (a run of headers without dictionaries ends here).
		if (open?.text.includes('/')) this.read(open);
	}

	private read({ object, text: dictionary }: { object?: number; text: string }) {
		// A cross-reference stream's dictionary is also the trailer.
		if (object === undefined || /\/Type\s*\/XRef\b/.test(dictionary)) {
			const root = ROOT.exec(dictionary);
			if (root) this.root = Number(root[1]);
		}
		if (object === undefined) return;
		const pagesRef = PAGES.exec(dictionary);
		const count = COUNT.exec(dictionary);
		if (!pagesRef && !count) return;
		if (!this.objects.has(object) && this.objects.size >= MAX_OBJECTS) return this.giveUp();
		this.objects.set(object, {
			pagesRef: pagesRef ? Number(pagesRef[1]) : undefined,
			count: count ? Number(count[1]) : undefined,
		});
	}

	private giveUp() {
		this.givenUp = true;
		this.pending = '';
		this.open = undefined;
		this.objects.clear();
	}
}

/** Text scanned at once: bounds the text held, and is large next to CARRY so little is scanned twice. */
const SCAN_SLICE = 64 * 1024;

/** Longer than any keyword KEYWORD matches, plus the character after it. */
const CARRY = 64;

/**
 * Work budget: about 6 keywords per object (header, stream, endobj, in a few places also in a stream's
 * bytes) and a few objects with a /Count (page tree nodes, outline entries) per page cover the largest
 * real documents; a file with more is not counted, and the API decides.
 */
const MAX_KEYWORDS = 4_000_000;
const MAX_OBJECTS = 100_000;

/** Dictionaries longer than this are not the small ones looked for (a page tree of a few pages, a trailer). */
const MAX_DICTIONARY = 8 * 1024;

/**
 * `<number> <generation> obj` (the object number captured), or a keyword ending a dictionary or starting a
 * trailer. Every repetition is bounded, so a match is shorter than CARRY and a long run of digits or
 * spaces cannot make a match attempt long.
 */
const KEYWORD =
	/(?<!\d)(\d{1,10})\s{1,16}\d{1,5}\s{1,16}obj\b|\b(?:stream|endobj|trailer|startxref)\b/g;

/** An indirect reference's object number, of at most 10 digits: a longer number is not a real one. */
const ROOT = /\/Root\s+(\d{1,10})\s+\d{1,5}\s+R\b/;
const PAGES = /\/Pages\s+(\d{1,10})\s+\d{1,5}\s+R\b/;
/** At most 9 digits: a larger count is not a real one, and is left to the API. */
const COUNT = /\/Count\s+(\d{1,9})(?!\d)/;
