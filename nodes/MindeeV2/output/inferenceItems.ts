import type { IDataObject } from 'n8n-workflow';

import type { MindeeV2Inference } from '../transport/schemas';
import type { Json } from './fields';
import { confidenceTree, isObject, locationsTree, plainField, plainFields } from './fields';

export type OutputModeV2 = 'simplified' | 'lineItems' | 'raw';

export interface OutputSettingsV2 {
	mode: OutputModeV2;
	/** Add `_mindee.confidence` (extraction). */
	confidence: boolean;
	/** Add `_mindee.locations` (extraction) and each word's polygon (OCR). */
	locations: boolean;
	/** Line Items mode: the list field whose entries become items ("parent.child" for a nested one). */
	lineItemsField?: string;
}

/**
 * Everything that is not a field goes under this key, so that no model's field name can clash with
 * Mindee's IDs, the raw text or the RAG match.
 */
export const META_KEY = '_mindee';

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
			return [{ ...(result.classification as IDataObject), [META_KEY]: meta }];
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
			return [{ ...(result as IDataObject), [META_KEY]: meta }];
	}
}

export function productOfResult(result: Record<string, unknown>): Product {
	if (isObject(result.fields)) return 'extraction';
	if (isObject(result.classification)) return 'classification';
	if (Array.isArray(result.crops)) return 'crop';
	if (Array.isArray(result.splits)) return 'split';
	if (Array.isArray(result.pages)) return 'ocr';
	return 'unknown';
}

function inferenceMeta(inference: MindeeV2Inference, product: Product): IDataObject {
	return {
		inference_id: inference.id,
		job_id: inference.job?.id ?? null,
		model_id: inference.model?.id ?? null,
		product,
		file_name: inference.file?.name ?? null,
		file_alias: inference.file?.alias ?? null,
		page_count: inference.file?.page_count ?? null,
		mime_type: inference.file?.mime_type ?? null,
	};
}

function extractionItems(
	result: Record<string, unknown>,
	baseMeta: IDataObject,
	settings: OutputSettingsV2,
): IDataObject[] {
	const fields = result.fields as Record<string, unknown>;
	const meta: IDataObject = { ...baseMeta };
	if (isObject(result.raw_text)) {
		const pages = Array.isArray(result.raw_text.pages) ? result.raw_text.pages : [];
		meta.raw_text = pages
			.map((page) => (isObject(page) && typeof page.content === 'string' ? page.content : ''))
			.join('\n');
	}
	if (isObject(result.rag))
		meta.rag_document_id = (result.rag.retrieved_document_id ?? null) as string;
	if (settings.confidence) meta.confidence = confidenceTree(fields) as IDataObject;
	if (settings.locations) meta.locations = locationsTree(fields) as IDataObject;
	const document = plainFields(fields) as IDataObject;
	if (settings.mode !== 'lineItems') return [{ ...document, [META_KEY]: meta }];

	const path = (settings.lineItemsField || 'line_items').split('.').filter(Boolean);
	const entries = listAt(fields, path);
	if (!entries || entries.length === 0) return [{ ...document, [META_KEY]: meta }];
	return entries.map((entry, index) => {
		const item = structuredClone(document);
		setAt(item, path, plainField(entry));
		const entryMeta: IDataObject = { ...meta, list_field: path.join('.'), item_index: index };
		entryMeta.item_count = entries.length;
		if (settings.confidence) entryMeta.confidence = narrowed(meta.confidence, path, index);
		if (settings.locations) entryMeta.locations = narrowed(meta.locations, path, index);
		return { ...item, [META_KEY]: entryMeta };
	});
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

function setAt(target: IDataObject, path: string[], value: Json) {
	let node = target;
	for (const name of path.slice(0, -1)) node = node[name] as IDataObject;
	node[path[path.length - 1]] = value as IDataObject;
}

/** A confidence/locations tree with the list at `path` replaced by its entry `index`, like the item. */
function narrowed(tree: unknown, path: string[], index: number): IDataObject {
	const copy = structuredClone(tree) as IDataObject;
	let node = copy;
	for (const name of path.slice(0, -1)) node = node[name] as IDataObject;
	const list = node[path[path.length - 1]];
	node[path[path.length - 1]] = Array.isArray(list) ? ((list[index] ?? null) as IDataObject) : null;
	return copy;
}

/** One item per entry (crop, split, OCR page); a result without entries still yields one item. */
function perEntry(
	entries: unknown,
	meta: IDataObject,
	toItem: (entry: Record<string, unknown>, index: number) => IDataObject,
): IDataObject[] {
	const list = Array.isArray(entries) ? entries.filter(isObject) : [];
	if (list.length === 0) return [{ [META_KEY]: { ...meta, item_index: null, item_count: 0 } }];
	return list.map((entry, index) => ({
		...toItem(entry, index),
		[META_KEY]: { ...meta, item_index: index, item_count: list.length },
	}));
}
