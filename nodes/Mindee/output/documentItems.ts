import type { IDataObject } from 'n8n-workflow';

import type { Json } from '../../shared/json';
import { isObject, putKey, sameJson } from '../../shared/json';
import type { MindeeDocument } from '../transport/schemas';
import type { PlainField } from './fields';
import { fieldConfidence, readPrediction } from './fields';

type OutputMode = 'simplified' | 'lineItems' | 'raw';

export interface OutputSettings {
	mode: OutputMode;
	/** Add a `_confidence` map (field → 0..1) to simplified and line-item output. */
	includeConfidence: boolean;
}

interface DocumentMeta {
	job_id?: string;
}

/** Line Items: each line item's own fields, flat and first, under this prefix. */
const LINE_ITEM_PREFIX = '_line_item_';

/**
 * The items one Mindee document becomes, in the user's chosen output mode. Shared by the Mindee node
 * and the Mindee Trigger so both emit the same shapes.
 *
 * Naming rule: Mindee's fields keep Mindee's names; every key the node adds (document ID, job ID, file name,
 * pages, product, confidence, extras, line-item fields) starts with `_`. A Mindee field whose name itself
 * starts with `_` gets one more, so the two can never collide.
 */
export function documentToItems(
	document: MindeeDocument,
	meta: DocumentMeta,
	settings: OutputSettings,
): IDataObject[] {
	if (settings.mode === 'raw') return [document as IDataObject];
	const simplified = simplifyDocument(document, meta, settings.includeConfidence);
	if (settings.mode === 'simplified') return [simplified];
	const lineItems = simplified.line_items;
	if (!Array.isArray(lineItems) || lineItems.length === 0) return [simplified];
	const documentFields = { ...simplified };
	delete documentFields.line_items;
	const confidences = document.inference.prediction.line_items as unknown[];
	return lineItems.map((lineItem, index) => ({
		...lineItemFields(lineItem as Json),
		_line_index: index,
		...(settings.includeConfidence
			? { _line_item_confidence: fieldConfidence(confidences[index]) }
			: {}),
		...documentFields,
	}));
}

/** A line item's fields, flat: `_line_item_<name>`; a line item that is a plain value is `_line_item`. */
function lineItemFields(lineItem: Json): IDataObject {
	if (!isObject(lineItem)) return { _line_item: lineItem };
	return Object.fromEntries(
		Object.entries(lineItem).map(([name, value]) => [`${LINE_ITEM_PREFIX}${name}`, value]),
	) as IDataObject;
}

/**
 * One item: each document field under Mindee's name as a plain value, then the node's own keys: raw text
 * and computed flags, the pages (orientation and what only they hold), extras, and the document facts.
 */
function simplifyDocument(
	document: MindeeDocument,
	meta: DocumentMeta,
	includeConfidence: boolean,
): IDataObject {
	const { inference } = document;
	const fields = readPrediction(inference.prediction);
	const item: IDataObject = fieldsToItem(fields);
	item._pages = inference.pages.map((page) => {
		const pageFields = readPrediction(page.prediction ?? {});
		// A page lists what the document level does not already say: page-only fields, and page values
		// that differ from the document's (a page's fields carry no page_id: the page says it).
		for (const [name, field] of pageFields)
			if (fields.has(name) && sameApartFromPage(fields.get(name)!, field)) pageFields.delete(name);
		return {
			_page_id: page.id,
			_orientation: isObject(page.orientation) ? (page.orientation.value ?? null) : null,
			...fieldsToItem(pageFields),
		} as IDataObject;
	});
	Object.assign(item, extrasOf(document));
	item._document_id = document.id;
	item._job_id = meta.job_id ?? null;
	item._filename = document.name ?? null;
	item._page_count = document.n_pages ?? inference.pages.length;
	item._product = productLabel(inference.product);
	if (includeConfidence) {
		item._confidence = Object.fromEntries(
			Object.entries(inference.prediction).map(([name, field]) => [
				name.startsWith('_') ? `_${name}` : name,
				fieldConfidence(field),
			]),
		);
	}
	return item;
}

/** The keys the node added to a document's item (the naming rule above) but its pages: what its pieces repeat. */
export function documentKeys(item: IDataObject): IDataObject {
	return Object.fromEntries(
		Object.entries(item).filter(([name]) => name.startsWith('_') && name !== '_pages'),
	) as IDataObject;
}

/** Fields under their names, then `_raw_values` and `_computed` when any field has them. */
function fieldsToItem(fields: Map<string, PlainField>): IDataObject {
	const item: IDataObject = {};
	const rawValues: Record<string, Json> = {};
	const computed: string[] = [];
	for (const [name, field] of fields) {
		putKey(item, name, field.value as IDataObject[keyof IDataObject]);
		for (const [path, value] of Object.entries(field.rawValues)) putKey(rawValues, path, value);
		computed.push(...field.computed);
	}
	if (Object.keys(rawValues).length > 0) item._raw_values = rawValues as IDataObject;
	if (computed.length > 0) item._computed = computed;
	return item;
}

function sameApartFromPage(documentField: PlainField, pageField: PlainField) {
	return sameJson(documentField, pageField, (key) => key === 'page_id');
}

function productLabel(product: MindeeDocument['inference']['product']): string | null {
	if (!product?.name) return null;
	return product.version ? `${product.name} v${product.version}` : product.name;
}

/** What the cropper, full-text OCR, all-words and RAG options add, in plain form. */
function extrasOf(document: MindeeDocument): IDataObject {
	const extras: IDataObject = {};
	const { pages } = document.inference;
	const documentExtras = { ...asObject(document.extras), ...asObject(document.inference.extras) };

	const pageTexts = pages
		.map((page) => asObject(page.extras?.full_text_ocr))
		.filter((text) => typeof text.content === 'string');
	const documentText = asObject(documentExtras.full_text_ocr);
	const texts = typeof documentText.content === 'string' ? [documentText] : pageTexts;
	if (texts.length > 0) {
		extras._full_text_ocr = texts.map((text) => text.content as string).join('\n');
		const languages = new Set(
			texts
				.map((text) => text.language ?? text.languages)
				.filter((language): language is string => typeof language === 'string' && language !== ''),
		);
		extras._full_text_ocr_language = languages.size > 0 ? [...languages].join(', ') : null;
	}

	const croppings = pages
		.filter((page) => isObject(page.extras?.cropper))
		.map((page) => ({
			page_id: page.id,
			cropping: (page.extras!.cropper as IDataObject).cropping ?? [],
		}));
	if (croppings.length > 0) extras._cropper = croppings as IDataObject[];

	const ocrPages = asObject(document.ocr?.['mvision-v1']).pages;
	if (Array.isArray(ocrPages)) {
		extras._ocr_text = ocrPages
			.map((page) =>
				isObject(page) && Array.isArray(page.all_words)
					? page.all_words.map((word) => (isObject(word) ? word.text : '')).join(' ')
					: '',
			)
			.join('\n');
	}

	if (isObject(documentExtras.rag))
		extras._rag_matching_document_id = (documentExtras.rag.matching_document_id ?? null) as string;
	return extras;
}

function asObject(value: unknown): Record<string, unknown> {
	return isObject(value) ? value : {};
}
