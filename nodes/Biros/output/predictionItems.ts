import type { IDataObject } from 'n8n-workflow';

import { isObject, putKey } from '../../shared/json';
import type { BirosEntity, BirosPage, BirosPrediction } from '../transport/schemas';

export type OutputMode = 'simplified' | 'entities' | 'raw';

export interface OutputSettings {
	mode: OutputMode;
	/** Add a `confidence` map (field name → Biros' score, 0–100 as sent) to simplified output. */
	includeConfidence: boolean;
}

/** What the node knows about the document besides the result: set for asynchronous predictions. */
export interface ResultMeta {
	document_id?: string;
	job_id?: string;
}

const RESERVED_KEYS = [
	'service',
	'service_name',
	'document',
	'processed_at',
	'document_id',
	'job_id',
	'policy_violations',
	'errors',
	'confidence',
];

/** One value found for a field, where it was found. */
interface Occurrence {
	entity: BirosEntity;
	pageIndex: number;
	aggregated: boolean;
}

interface Field {
	id: string;
	alias: string;
	multiple: boolean;
	occurrences: Occurrence[];
}

/** The items one Biros result becomes, in the user's chosen output mode. */
export function predictionToItems(
	prediction: BirosPrediction,
	meta: ResultMeta,
	settings: OutputSettings,
): IDataObject[] {
	if (settings.mode === 'raw') return [prediction as IDataObject];
	const fields = collectFields(prediction);
	if (settings.mode === 'entities') return entityItems(prediction, fields, meta);
	return [simplifiedItem(prediction, fields, meta, settings.includeConfidence)];
}

function simplifiedItem(
	prediction: BirosPrediction,
	fields: Field[],
	meta: ResultMeta,
	includeConfidence: boolean,
): IDataObject {
	const item: IDataObject = {};
	const confidence: IDataObject = {};
	const used = new Set(RESERVED_KEYS);
	for (const field of fields) {
		const key = keyFor(field, used);
		const texts = field.occurrences.map(({ entity }) => entity.text ?? null);
		const scores = field.occurrences.map(({ entity }) => entity.confidence ?? null);
		// Occurrences are in page order, so a single-value field found on several pages keeps the first one.
		putKey(item, key, field.multiple ? texts : (texts[0] ?? null));
		putKey(confidence, key, field.multiple ? scores : (scores[0] ?? null));
	}
	Object.assign(item, documentFacts(prediction, meta));
	item.policy_violations = pageLists(prediction.document_pages, 'policy_violations');
	item.errors = pageLists(prediction.document_pages, 'errors');
	if (includeConfidence) item.confidence = confidence;
	return item;
}

/** One item per value found (a document without any still gives one item, so it is never lost). */
function entityItems(
	prediction: BirosPrediction,
	fields: Field[],
	meta: ResultMeta,
): IDataObject[] {
	const facts = {
		service: prediction.service,
		service_name: prediction.service_name ?? null,
		document_name: prediction.document.original_name ?? null,
		...(meta.document_id ? { document_id: meta.document_id } : {}),
		...(meta.job_id ? { job_id: meta.job_id } : {}),
		policy_violations: pageLists(prediction.document_pages, 'policy_violations'),
		errors: pageLists(prediction.document_pages, 'errors'),
	};
	const rows = fields
		.flatMap((field) => field.occurrences.map((occurrence) => ({ field, occurrence })))
		.sort((a, b) => a.occurrence.pageIndex - b.occurrence.pageIndex);
	if (rows.length === 0) {
		return [
			{
				field: null,
				alias: null,
				text: null,
				confidence: null,
				page_index: null,
				bounding_boxes: [],
				entity_id: null,
				aggregated: false,
				...facts,
			},
		];
	}
	return rows.map(({ field, occurrence: { entity, pageIndex, aggregated } }) => ({
		field: field.id,
		alias: field.alias,
		text: entity.text ?? null,
		confidence: entity.confidence ?? null,
		page_index: pageIndex,
		bounding_boxes: (entity.bounding_boxes ?? []) as IDataObject[],
		entity_id: entity.id ?? null,
		aggregated,
		...facts,
	}));
}

/**
 * Every field with its values in page order: the service's declared fields first (each one present even
 * when nothing was found), then any field Biros sent without declaring it. Within a page, entities come
 * before aggregated entities.
 */
function collectFields(prediction: BirosPrediction): Field[] {
	const fields = new Map<string, Field>();
	for (const [id, definition] of Object.entries(prediction.service_fields)) {
		fields.set(id, {
			id,
			alias: definition.tag_alias,
			multiple: definition.tag_multiple_values,
			occurrences: [],
		});
	}
	const pages = [...prediction.document_pages].sort((a, b) => a.page_index - b.page_index);
	for (const page of pages) {
		for (const [aggregated, entities] of [
			[false, page.entities],
			[true, page.aggregated_entities],
		] as const) {
			for (const [id, value] of Object.entries(entities ?? {})) {
				let field = fields.get(id);
				if (!field) {
					// Undeclared: its own id as name, and multi-value if Biros sends a list.
					field = { id, alias: id, multiple: Array.isArray(value), occurrences: [] };
					fields.set(id, field);
				}
				for (const entity of Array.isArray(value) ? value : [value]) {
					field.occurrences.push({ entity, pageIndex: page.page_index, aggregated });
				}
			}
		}
	}
	return [...fields.values()];
}

/** The alias, unless it is taken (by another field or a reserved key): then the field id, which is unique. */
function keyFor(field: Field, used: Set<string>): string {
	let key = used.has(field.alias) ? field.id : field.alias;
	for (let suffix = 2; used.has(key); suffix++) key = `${field.id}_${suffix}`;
	used.add(key);
	return key;
}

function documentFacts(prediction: BirosPrediction, meta: ResultMeta): IDataObject {
	return {
		service: prediction.service,
		service_name: prediction.service_name ?? null,
		document: prediction.document as IDataObject,
		processed_at: prediction.current_date ?? null,
		...(meta.document_id ? { document_id: meta.document_id } : {}),
		...(meta.job_id ? { job_id: meta.job_id } : {}),
	};
}

/** A per-page list of the whole document, each entry tagged with its page (texts become `{ message }`). */
function pageLists(pages: BirosPage[], key: 'policy_violations' | 'errors'): IDataObject[] {
	return [...pages]
		.sort((a, b) => a.page_index - b.page_index)
		.flatMap((page) =>
			(page[key] ?? []).map((entry) =>
				isObject(entry)
					? { page_index: page.page_index, ...(entry as IDataObject) }
					: { page_index: page.page_index, message: entry as IDataObject[keyof IDataObject] },
			),
		);
}
