import type { IDataObject } from 'n8n-workflow';

import type { MindeeDocument } from '../transport/schemas';
import { fieldConfidence, isObject, plainValue } from './fields';

export type OutputMode = 'simplified' | 'lineItems' | 'raw';

export interface OutputSettings {
	mode: OutputMode;
	/** Add a `confidence` map (field → 0..1) to simplified and line-item output. */
	includeConfidence: boolean;
}

export interface DocumentMeta {
	job_id?: string;
}

/**
 * The items one Mindee document becomes, in the user's chosen output mode. Shared by the Mindee node
 * and the Mindee Trigger so both emit the same shapes.
 */
export function documentToItems(
	document: MindeeDocument,
	meta: DocumentMeta,
	settings: OutputSettings,
): IDataObject[] {
	if (settings.mode === 'raw') return [document as IDataObject];
	const simplified = simplifyDocument(document, meta, settings.includeConfidence);
	if (settings.mode === 'simplified') return [simplified];
	const lineItems = document.inference.prediction.line_items;
	if (!Array.isArray(lineItems) || lineItems.length === 0) return [simplified];
	const documentFields = { ...simplified };
	delete documentFields.line_items;
	return lineItems.map((lineItem, index) => ({
		...documentFields,
		line_item_index: index,
		line_item: plainValue(lineItem) as IDataObject,
		...(settings.includeConfidence ? { line_item_confidence: fieldConfidence(lineItem) } : {}),
	}));
}

/** One flat item: each prediction field under Mindee's own name as a plain value, plus document facts. */
export function simplifyDocument(
	document: MindeeDocument,
	meta: DocumentMeta,
	includeConfidence: boolean,
): IDataObject {
	const { prediction } = document.inference;
	const item: IDataObject = {};
	for (const [name, field] of Object.entries(prediction))
		item[name] = plainValue(field) as IDataObject[keyof IDataObject];
	Object.assign(item, extrasOf(document));
	item.document_id = document.id;
	if (meta.job_id) item.job_id = meta.job_id;
	item.filename = document.name;
	item.pages = document.n_pages;
	item.product = `${document.inference.product.name} v${document.inference.product.version}`;
	if (includeConfidence) {
		item.confidence = Object.fromEntries(
			Object.entries(prediction).map(([name, field]) => [name, fieldConfidence(field)]),
		);
	}
	return item;
}

/** What the cropper, full-text OCR and all-words options add, in plain form. */
function extrasOf(document: MindeeDocument): IDataObject {
	const extras: IDataObject = {};
	const pages = document.inference.pages;
	const fullText = pages
		.map((page) =>
			isObject(page.extras?.full_text_ocr) ? page.extras.full_text_ocr.content : undefined,
		)
		.filter((content): content is string => typeof content === 'string');
	const documentText = document.inference.extras?.full_text_ocr;
	if (isObject(documentText) && typeof documentText.content === 'string')
		extras.full_text_ocr = documentText.content;
	else if (fullText.length > 0) extras.full_text_ocr = fullText.join('\n');

	const croppings = pages
		.filter((page) => isObject(page.extras?.cropper))
		.map((page) => ({
			page: page.id,
			cropping: (page.extras!.cropper as IDataObject).cropping ?? [],
		}));
	if (croppings.length > 0) extras.cropper = croppings as IDataObject[];

	const ocrPages = isObject(document.ocr?.['mvision-v1'])
		? (document.ocr['mvision-v1'] as IDataObject).pages
		: undefined;
	if (Array.isArray(ocrPages)) {
		extras.ocr_text = ocrPages
			.map((page) =>
				isObject(page) && Array.isArray(page.all_words)
					? page.all_words.map((word) => (isObject(word) ? word.text : '')).join(' ')
					: '',
			)
			.join('\n');
	}
	return extras;
}
