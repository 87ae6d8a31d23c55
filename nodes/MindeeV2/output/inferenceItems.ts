import type { IDataObject } from 'n8n-workflow';

import { DocparseError } from '../../shared/errors';
import type { ItemWithPiece } from '../../shared/files';
import { numberedItems, pageBox, pageRange } from '../../shared/files';
import type { Json } from '../../shared/json';
import { isObject, objectsIn, ownValue, putKey } from '../../shared/json';
import { displayFileName } from '../../shared/urls';
import type { MindeeV2Inference } from '../transport/schemas';
import { confidenceTree, escapeName, fieldAlone, locationsTree, plainFields } from './fields';

type OutputModeV2 = 'simplified' | 'lineItems' | 'raw';

export interface OutputSettingsV2 {
	mode: OutputModeV2;
	/** Add `_confidence` (extraction): the confidence of each value, in a tree of the fields' shape. */
	confidence: boolean;
	/** Add `_locations` (extraction) even when Mindee returned none. */
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
 * ID or delivered by a webhook needs no product setting. Whatever goes wrong while shaping names the job,
 * the inference and the file: the document was processed, and its result can be fetched again.
 */
export function inferenceToItems(
	inference: MindeeV2Inference,
	settings: OutputSettingsV2,
): IDataObject[] {
	return inferenceItemsWithPieces(inference, settings).map(({ json }) => json);
}

/**
 * The same items, each crop or split with the piece of the document it describes, read from Mindee's
 * result (never back from the item's keys, so the shapes above can change without breaking the cutting).
 */
export function inferenceItemsWithPieces(
	inference: MindeeV2Inference,
	settings: OutputSettingsV2,
): ItemWithPiece[] {
	try {
		return shapeItems(inference, settings);
	} catch (error) {
		throw shapingFailed(error, inference);
	}
}

function shapeItems(inference: MindeeV2Inference, settings: OutputSettingsV2): ItemWithPiece[] {
	if (settings.mode === 'raw') return [{ json: inference as IDataObject }];
	const { result } = inference;
	const product = productOfResult(result);
	const meta = inferenceMeta(inference, product);
	switch (product) {
		case 'extraction':
			return extractionItems(inference, meta, settings).map((json) => ({ json }));
		case 'classification':
			return [
				{ json: { ...withExtraction(result.classification as IDataObject, settings), ...meta } },
			];
		case 'crop':
			return numberedItems(
				objectsIn(result.crops).map((crop) => {
					const { location, ...rest } = withExtraction(crop, settings);
					const where = isObject(location) ? location : {};
					return {
						json: {
							...rest,
							page: where.page ?? null,
							polygon: where.polygon ?? null,
						} as IDataObject,
						piece: pageBox(where.page, where.polygon),
					};
				}),
				meta,
			);
		case 'split':
			return numberedItems(
				objectsIn(result.splits).map((split) => {
					const range = Array.isArray(split.page_range) ? (split.page_range as number[]) : [];
					const pages = range.length === 2 ? range[1] - range[0] + 1 : null;
					return {
						json: { ...withExtraction(split, settings), page_count: pages } as IDataObject,
						piece: pageRange(split.page_range),
					};
				}),
				meta,
			);
		case 'ocr':
			return numberedItems(
				objectsIn(result.pages).map((page, index) => {
					const { words, content, ...rest } = page;
					const wordList = objectsIn(words);
					const text =
						typeof content === 'string'
							? content
							: wordList.map((word) => String(word.content ?? '')).join(' ');
					const json = {
						page: index,
						text,
						word_count: wordList.length,
						// Mindee always returns the words with their polygons: what it returns reaches the item.
						words: wordList as IDataObject[],
						...rest,
					} as IDataObject;
					return { json };
				}),
				meta,
			);
		default:
			return [{ json: { ...(result as IDataObject), ...meta } }];
	}
}

/** Any failure while shaping, as a DocparseError naming the job, the inference and the file. */
function shapingFailed(error: unknown, inference: MindeeV2Inference): DocparseError {
	const failure =
		error instanceof DocparseError
			? error
			: new DocparseError(
					'DOCPARSE_OUTPUT',
					`Mindee's result could not be turned into items: ${(error as Error)?.message ?? String(error)}`,
					{ cause: error },
				);
	failure.context.jobId ??= inference.job?.id ?? undefined;
	failure.context.inferenceId ??= inference.id;
	if (inference.file?.name) failure.context.fileName ??= displayFileName(inference.file.name);
	return failure;
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

/**
 * A classification, crop or split on which the model chained an extraction: its `extraction_response`
 * shaped as the Simplified item of an extraction, under `_extraction`. One that is not an extraction
 * result stays as it came.
 */
function withExtraction(entry: Record<string, unknown>, settings: OutputSettingsV2): IDataObject {
	const { extraction_response: response, ...rest } = entry;
	const chained = isObject(response) ? response.inference : undefined;
	if (!isObject(chained) || !isObject(chained.result) || !isObject(chained.result.fields))
		return entry as IDataObject;
	const inference = chained as MindeeV2Inference;
	const [item] = extractionItems(inference, inferenceMeta(inference, 'extraction'), {
		...settings,
		mode: 'simplified',
	});
	return { ...rest, _extraction: item } as IDataObject;
}

function extractionItems(
	inference: MindeeV2Inference,
	baseMeta: IDataObject,
	settings: OutputSettingsV2,
): IDataObject[] {
	const { result } = inference;
	const fields = result.fields as Record<string, unknown>;
	const applied = isObject(inference.active_options) ? inference.active_options : undefined;
	const meta: IDataObject = {};
	if (isObject(result.raw_text)) {
		const pages = Array.isArray(result.raw_text.pages) ? result.raw_text.pages : [];
		const texts = pages.map((page) =>
			isObject(page) && typeof page.content === 'string' ? page.content : '',
		);
		meta._raw_text = texts.join('\n');
		meta._raw_text_pages = texts;
	}
	if (isObject(result.rag))
		meta._rag_document_id = (result.rag.retrieved_document_id ?? null) as string;
	// What Mindee returned reaches the item, asked for or sent by the model's defaults; asked for and not
	// returned, the tree is there with nulls (locations: []), so a workflow reading it never meets a hole.
	const confidence = confidenceTree(fields);
	const withConfidence = settings.confidence || applied?.confidence === true || confidence.returned;
	if (withConfidence) meta._confidence = confidence.tree as IDataObject;
	const locations = locationsTree(fields);
	const withLocations = settings.locations || applied?.polygon === true || locations.returned;
	if (withLocations) meta._locations = locations.tree as IDataObject;
	meta._active_options = (applied ?? null) as IDataObject;
	Object.assign(meta, baseMeta);
	const document = plainFields(fields) as IDataObject;
	if (settings.mode !== 'lineItems') return [{ ...document, ...meta }];

	const path = (settings.lineItemsField || 'line_items').split('.').filter(Boolean);
	const entries = listAt(fields, path);
	if (!entries || entries.length === 0) return [{ ...document, ...meta }];
	// The list is left out of the document and of its trees: each entry's own are on its item.
	const names = path.map(escapeName);
	const others = withoutAt(document, names);
	if (isObject(meta._confidence)) meta._confidence = withoutAt(meta._confidence, names);
	if (isObject(meta._locations)) meta._locations = withoutAt(meta._locations, names);
	return entries.map((entry, index) => ({
		...lineItemFields(fieldAlone(entry, 'plain')),
		_line_index: index,
		...(withConfidence ? { _line_confidence: fieldAlone(entry, 'confidence') } : {}),
		...(withLocations ? { _line_locations: fieldAlone(entry, 'locations') } : {}),
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

/** The `items` of the list field at `path` (model names, through object fields), if it is one. */
function listAt(fields: Record<string, unknown>, path: string[]): unknown[] | undefined {
	let field: unknown = ownValue(fields, path[0]);
	for (const name of path.slice(1)) {
		if (!isObject(field) || !isObject(field.fields)) return undefined;
		field = ownValue(field.fields, name);
	}
	return isObject(field) && Array.isArray(field.items) ? field.items : undefined;
}

/**
 * The document without the list the entries were taken from (a nested one from inside its object):
 * only the objects on the path are copied, the rest is shared.
 */
function withoutAt(document: Record<string, unknown>, path: string[]): IDataObject {
	const top: Record<string, unknown> = { ...document };
	let node = top;
	for (const name of path.slice(0, -1)) {
		const next = ownValue(node, name);
		if (!isObject(next)) return top as IDataObject;
		const copy = { ...next };
		putKey(node, name, copy);
		node = copy;
	}
	delete node[path[path.length - 1]];
	return top as IDataObject;
}
