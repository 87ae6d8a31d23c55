/**
 * A generic account of the values in a Mindee v1 document and in an item, to check that the first all reach
 * the second. A value is a scalar or a point ([x, y]); a field's metadata (confidence, page_id, its position,
 * is_computed) is not a value, except where the position is the whole field (a position-only field), and
 * raw text (`raw_value` where it differs from the value, `raw`) is one.
 */
const METADATA = new Set(['confidence', 'page_id', 'is_computed', 'raw_value', 'raw']);
const POSITION = new Set(['polygon', 'bounding_box', 'quadrangle', 'rectangle']);

type Leaf = string;

function isPoint(value: unknown): value is [number, number] {
	return Array.isArray(value) && value.length === 2 && value.every((n) => typeof n === 'number');
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Every value of a field (or of a whole prediction), as JSON text. */
export function fieldLeaves(field: unknown, out: Leaf[] = []): Leaf[] {
	if (isPoint(field)) out.push(JSON.stringify(field));
	else if (Array.isArray(field)) for (const entry of field) fieldLeaves(entry, out);
	else if (isRecord(field)) {
		if (Array.isArray(field.values)) {
			for (const word of field.values) fieldLeaves(isRecord(word) ? word.content : word, out);
			return out;
		}
		const keys = Object.keys(field);
		const positionOnly = keys.every((key) => METADATA.has(key) || POSITION.has(key));
		for (const key of keys) {
			if (POSITION.has(key) && !positionOnly) continue;
			if (key === 'page_id' && positionOnly) fieldLeaves(field[key], out);
			if (METADATA.has(key)) continue;
			fieldLeaves(field[key], out);
		}
		if (field.raw_value != null && field.raw_value !== field.value)
			fieldLeaves(field.raw_value, out);
		if (field.raw != null) fieldLeaves(field.raw, out);
	} else out.push(JSON.stringify(field ?? null));
	return out;
}

/** Every value Mindee sent in a document: its prediction, each page's prediction and orientation, extras. */
export function documentLeaves(document: Record<string, any>): Leaf[] {
	const { inference } = document;
	const leaves = fieldLeaves(inference.prediction);
	for (const page of inference.pages) {
		fieldLeaves(page.prediction, leaves);
		if (isRecord(page.orientation)) fieldLeaves(page.orientation.value, leaves);
		const text = page.extras?.full_text_ocr;
		if (isRecord(text)) fieldLeaves([text.content, text.language ?? null], leaves);
		for (const crop of page.extras?.cropper?.cropping ?? []) fieldLeaves(crop, leaves);
	}
	const rag = inference.extras?.rag ?? document.extras?.rag;
	if (isRecord(rag)) fieldLeaves(rag.matching_document_id, leaves);
	for (const page of document.ocr?.['mvision-v1']?.pages ?? [])
		for (const word of page.all_words ?? []) fieldLeaves(word.text, leaves);
	return leaves;
}

/** The values of `document` that `item` does not hold (a text may be part of a longer text). */
export function missingValues(document: Record<string, any>, item: unknown): Leaf[] {
	const held = new Set<Leaf>();
	const texts: string[] = [];
	(function collect(value: unknown) {
		if (isPoint(value)) held.add(JSON.stringify(value));
		else if (Array.isArray(value)) value.forEach(collect);
		else if (isRecord(value)) Object.values(value).forEach(collect);
		else {
			held.add(JSON.stringify(value ?? null));
			if (typeof value === 'string') texts.push(value);
		}
	})(item);
	return [...new Set(documentLeaves(document))].filter((leaf) => {
		if (held.has(leaf)) return false;
		const value: unknown = JSON.parse(leaf);
		return !(typeof value === 'string' && texts.some((text) => text.includes(value)));
	});
}
