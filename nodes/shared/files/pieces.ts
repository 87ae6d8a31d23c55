/**
 * What a result says to cut out of the document it was given: a range of pages (a split), or a box on a
 * page (a crop). Pages are counted from 0 as the APIs count them; file names count them from 1.
 */
export type Piece = PageRange | PageBox;

export interface PageRange {
	kind: 'pages';
	first: number;
	last: number;
}

export interface PageBox {
	kind: 'box';
	page: number;
	/** The polygon's bounding box, as fractions (0..1) of the page as it is shown: left, top, right, bottom. */
	box: Box;
}

export interface Box {
	left: number;
	top: number;
	right: number;
	bottom: number;
}

/** A split's page range `[first, last]` (0-based, both included), if it is one. */
export function pageRange(range: unknown): PageRange | undefined {
	if (!Array.isArray(range) || range.length !== 2) return undefined;
	const [first, last] = range as unknown[];
	if (!isPageIndex(first) || !isPageIndex(last) || last < first) return undefined;
	return { kind: 'pages', first, last };
}

/** A list of page indexes that follow each other (V1 Invoice Splitter's page groups) as a range. */
export function pageGroup(indexes: unknown): PageRange | undefined {
	if (!Array.isArray(indexes) || indexes.length === 0 || !indexes.every(isPageIndex))
		return undefined;
	const pages = indexes as number[];
	if (pages.some((page, index) => index > 0 && page !== pages[index - 1] + 1)) return undefined;
	return { kind: 'pages', first: pages[0], last: pages[pages.length - 1] };
}

/** The bounding box of a polygon of `[x, y]` fractions on page `page`, clamped to the page. */
export function pageBox(page: unknown, polygon: unknown): PageBox | undefined {
	if (!isPageIndex(page) || !Array.isArray(polygon)) return undefined;
	const points = polygon.filter(
		(point): point is [number, number] =>
			Array.isArray(point) && Number.isFinite(point[0]) && Number.isFinite(point[1]),
	);
	if (points.length === 0) return undefined;
	const xs = points.map(([x]) => clamp(x));
	const ys = points.map(([, y]) => clamp(y));
	const box = {
		left: Math.min(...xs),
		top: Math.min(...ys),
		right: Math.max(...xs),
		bottom: Math.max(...ys),
	};
	if (box.right <= box.left || box.bottom <= box.top) return undefined;
	return { kind: 'box', page, box };
}

/** `<input name>_p<first>-<last>.pdf` for a range, `<input name>_p<page>_<n>.<ext>` for a box (1-based). */
export function pieceFileName(inputName: string, piece: Piece, ordinal: number, extension: string) {
	const stem = inputName.replace(/\.[A-Za-z0-9]{1,5}$/, '') || 'document';
	if (piece.kind === 'pages') return `${stem}_p${piece.first + 1}-${piece.last + 1}.${extension}`;
	return `${stem}_p${piece.page + 1}_${ordinal}.${extension}`;
}

function isPageIndex(value: unknown): value is number {
	return Number.isInteger(value) && (value as number) >= 0;
}

function clamp(value: number) {
	return Math.min(1, Math.max(0, value));
}
