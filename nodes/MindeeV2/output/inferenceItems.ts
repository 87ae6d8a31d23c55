import type { IDataObject } from 'n8n-workflow';

import type { Json } from '../../shared/json';
import { isObject } from '../../shared/json';
import { displayFileName } from '../../shared/urls';
import type { MindeeV2Inference } from '../transport/schemas';
import { confidenceTree, locationsTree, plainField, plainFields } from './fields';

type OutputModeV2 = 'simplified' | 'lineItems' | 'raw';

export interface OutputSettingsV2 {
	mode: OutputModeV2;
	/** Add `_confidence` (extraction): the confidence of each value, in a tree of the fields' shape. */
	confidence: boolean;
	/** Add `_locations` (extraction) and each word's polygon (OCR). */
	locations: boolean;
	/** Line Items mode: the list field whose entries become items ("parent.child" for a nested one). */
	lineItemsField?: string;
}

/**
 * The naming rule of the package (the Mindee node's too): the model's fields keep their names; every key
 * the node adds starts with `_` (`_inference_id`, `_job_id`, `_raw_text`…). A field whose own name starts
 * with `_` gets one more (`_x` → `__x`), so the two can never collide.
 */
type Product = 'extraction' | 'classification' | 'crop' | 'ocr' | 'split' | 'unknown';

/**
 * The items one V2 inference becomes, in the chosen output mode. Shared by the node and the trigger so
 * both emit the same shapes. The product is read from the result's own shape, so a result fetched by job
 * ID or delivered by a webhook needs no product setting.
 */
export function inferenceToItems(
	inference: MindeeV2Inference,
	settings: OutputSettingsV2,
): IDataObject[] {
	if (settings.mode === 'raw') return [inference as IDataObject];
	const { result } = inference;
	const product = productOfResult(result);
	const meta = inferenceMeta(inference, product);
	switch (product) {
		case 'extraction':
			return extractionItems(result, meta, settings);
		case 'classification':
			return [{ ...(result.classification as IDataObject), ...meta }];
		case 'crop':
			return perEntry(result.crops, meta, (crop) => {
				const { location, ...rest } = crop;
				const where = isObject(location) ? location : {};
				return { ...rest, page: where.page ?? null, polygon: where.polygon ?? null } as IDataObject;
			});
		case 'split':
			return perEntry(result.splits, meta, (split) => {
				const range = Array.isArray(split.page_range) ? (split.page_range as number[]) : [];
				const pages = range.length === 2 ? range[1] - range[0] + 1 : null;
				return { ...split, page_count: pages } as IDataObject;
			});
		case 'ocr':
			return perEntry(result.pages, meta, (page, index) => {
				const { words, content, ...rest } = page;
				const wordList = Array.isArray(words) ? words.filter(isObject) : [];
				const text =
					typeof content === 'string'
						? content
						: wordList.map((word) => String(word.content ?? '')).join(' ');
				return {
					page: index,
					text,
					word_count: wordList.length,
					...(settings.locations ? { words: wordList as IDataObject[] } : {}),
					...rest,
				} as IDataObject;
			});
		default:
			return [{ ...(result as IDataObject), ...meta }];
	}
}

function productOfResult(result: Record<string, unknown>): Product {
	if (isObject(result.fields)) return 'extraction';
	if (isObject(result.classification)) return 'classification';
	if (Array.isArray(result.crops)) return 'crop';
	if (Array.isArray(result.splits)) return 'split';
	if (Array.isArray(result.pages)) return 'ocr';
	return 'unknown';
}

function inferenceMeta(inference: MindeeV2Inference, product: Product): IDataObject {
	return {
		_inference_id: inference.id,
		_job_id: inference.job?.id ?? null,
		_model_id: inference.model?.id ?? null,
		_product: product,
		_filename: inference.file?.name ? displayFileName(inference.file.name) : null,
		_file_alias: inference.file?.alias ?? null,
		_page_count: inference.file?.page_count ?? null,
		_mime_type: inference.file?.mime_type ?? null,
	};
}

function extractionItems(
	result: Record<string, unknown>,
	baseMeta: IDataObject,
	settings: OutputSettingsV2,
): IDataObject[] {
	const fields = result.fields as Record<string, unknown>;
	const meta: IDataObject = {};
	if (isObject(result.raw_text)) {
		const pages = Array.isArray(result.raw_text.pages) ? result.raw_text.pages : [];
		meta._raw_text = pages
			.map((page) => (isObject(page) && typeof page.content === 'string' ? page.content : ''))
			.join('\n');
	}
	if (isObject(result.rag))
		meta._rag_document_id = (result.rag.retrieved_document_id ?? null) as string;
	if (settings.confidence) meta._confidence = escaped(confidenceTree(fields)) as IDataObject;
	if (settings.locations) meta._locations = escaped(locationsTree(fields)) as IDataObject;
	Object.assign(meta, baseMeta);
	const document = escaped(plainFields(fields)) as IDataObject;
	if (settings.mode !== 'lineItems') return [{ ...document, ...meta }];

	const path = (settings.lineItemsField || 'line_items').split('.').filter(Boolean);
	const entries = listAt(fields, path);
	if (!entries || entries.length === 0) return [{ ...document, ...meta }];
	const others = structuredClone(document);
	removeAt(others, path.map(escapeName));
	return entries.map((entry, index) => ({
		...lineItemFields(plainField(entry)),
		_line_index: index,
		...(settings.confidence ? { _line_item_confidence: subtree(entry, confidenceTree) } : {}),
		...(settings.locations ? { _line_item_locations: subtree(entry, locationsTree) } : {}),
		...others,
		...meta,
	}));
}

/** An entry's fields, flat: `_line_item_<name>`; an entry that is a plain value is `_line_item`. */
function lineItemFields(entry: Json): IDataObject {
	if (!isObject(entry)) return { _line_item: entry as unknown as IDataObject };
	return Object.fromEntries(
		Object.entries(entry).map(([name, value]) => [`_line_item_${name}`, value]),
	) as IDataObject;
}

/** One entry's confidence or locations: of its fields (an object entry), or its own (a simple one). */
function subtree(
	entry: unknown,
	tree: (fields: Record<string, unknown>) => Record<string, Json>,
): IDataObject | null {
	if (isObject(entry) && isObject(entry.fields)) return tree(entry.fields) as IDataObject;
	// A simple entry is read as the only field of a one-field map.
	return ((tree({ entry }) as IDataObject).entry ?? null) as IDataObject | null;
}

/** The top-level names with the `_` escape of the naming rule. */
function escaped(fields: Record<string, Json>): Record<string, Json> {
	return Object.fromEntries(
		Object.entries(fields).map(([name, value]) => [escapeName(name), value]),
	);
}

function escapeName(name: string) {
	return name.startsWith('_') ? `_${name}` : name;
}

/** The `items` of the list field at `path` (through object fields), if it is one. */
function listAt(fields: Record<string, unknown>, path: string[]): unknown[] | undefined {
	let field: unknown = fields[path[0]];
	for (const name of path.slice(1)) {
		if (!isObject(field) || !isObject(field.fields)) return undefined;
		field = field.fields[name];
	}
	return isObject(field) && Array.isArray(field.items) ? field.items : undefined;
}

/** Drops the list the entries were taken from (a nested one from inside its object). */
function removeAt(target: IDataObject, path: string[]) {
	let node = target;
	for (const name of path.slice(0, -1)) node = node[name] as IDataObject;
	delete node[path[path.length - 1]];
}

/** One item per entry (crop, split, OCR page); a result without entries still yields one item. */
function perEntry(
	entries: unknown,
	meta: IDataObject,
	toItem: (entry: Record<string, unknown>, index: number) => IDataObject,
): IDataObject[] {
	const list = Array.isArray(entries) ? entries.filter(isObject) : [];
	if (list.length === 0) return [{ _item_index: null, _item_count: 0, ...meta }];
	return list.map((entry, index) => ({
		...toItem(entry, index),
		_item_index: index,
		_item_count: list.length,
		...meta,
	}));
}
