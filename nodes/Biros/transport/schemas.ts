import { z } from 'zod';

import { dataRecord } from '../../shared/json';

/** One value Biros found for a field: its text, where it is on the page, how sure Biros is (0–100). */
const entitySchema = z
	.object({
		id: z.union([z.number(), z.string()]).nullish(),
		text: z.string().nullish(),
		confidence: z.number().nullish(),
		bounding_boxes: z.unknown().optional(),
	})
	.passthrough();

/** Field id → its entities: a list for multi-value fields, a single object otherwise (both are accepted). */
const entityMapSchema = dataRecord(z.union([z.array(entitySchema), entitySchema]));

const pageSchema = z
	.object({
		page_index: z.number().int().nonnegative(),
		page_layout: dataRecord(z.unknown()).nullish(),
		ocr: z.array(z.unknown()).nullish(),
		entities_index: z.number().nullish(),
		entities: entityMapSchema.nullish(),
		aggregated_entities: entityMapSchema.nullish(),
		policy_violations: z.array(z.unknown()).nullish(),
		errors: z.array(z.unknown()).nullish(),
	})
	.passthrough();

const serviceFieldSchema = z
	.object({ tag_alias: z.string().min(1), tag_multiple_values: z.boolean() })
	.passthrough();

/** The reference types service_fields as a string holding a JSON object; its example sends the object itself. */
const serviceFieldsSchema = z.preprocess((value) => {
	if (typeof value !== 'string') return value;
	try {
		return JSON.parse(value) as unknown;
	} catch {
		return value;
	}
}, dataRecord(serviceFieldSchema));

/** The result of a prediction: the synchronous answer, and the v1 predicted document once it is ready. */
export const predictionSchema = z
	.object({
		service: z.string(),
		service_name: z.string().nullish(),
		service_fields: serviceFieldsSchema,
		current_date: z.string().nullish(),
		document: z
			.object({
				original_name: z.string().nullish(),
				content_type: z.string().nullish(),
				page_count: z.number().int().nullish(),
			})
			.passthrough(),
		document_pages: z.array(pageSchema),
	})
	.passthrough();

/**
 * The v1 submit answer. The reference page does not document it; `job` identifies the job and `resource`
 * the predicted document, as its id or as the path of its predicted-documents URL.
 */
export const submitAnswerSchema = z
	.object({
		job: z.union([z.string().min(1), z.number()]),
		resource: z.union([z.string().min(1), z.number()]),
	})
	.passthrough();

/** FastAPI-style error bodies: `detail` as text, or a list of `{ loc, msg, type }`. */
export const errorBodySchema = z
	.object({
		detail: z
			.union([
				z.string(),
				z.array(
					z
						.object({
							loc: z.array(z.union([z.string(), z.number()])).optional(),
							msg: z.string().optional(),
						})
						.passthrough(),
				),
				z.record(z.string(), z.unknown()),
			])
			.optional(),
		message: z.string().optional(),
	})
	.passthrough();

export type BirosEntity = z.infer<typeof entitySchema>;
export type BirosPage = z.infer<typeof pageSchema>;
export type BirosPrediction = z.infer<typeof predictionSchema>;
