import { z } from 'zod';

import { dataRecord } from '../../shared/json';

/** Mindee's error object: `code`, `message`, and `details` that may be a string or an object. */
export const apiErrorSchema = z
	.object({
		code: z.string().optional(),
		message: z.string().optional(),
		details: z.unknown().optional(),
	})
	.passthrough();

const jobSchema = z
	.object({
		id: z.string().min(1),
		status: z.enum(['waiting', 'processing', 'completed', 'failed']),
		issued_at: z.string().nullish(),
		available_at: z.string().nullish(),
		error: apiErrorSchema.nullish(),
	})
	.passthrough();

export const jobResponseSchema = z.object({ job: jobSchema }).passthrough();

const predictionSchema = dataRecord(z.unknown());

const documentSchema = z
	.object({
		id: z.string().min(1),
		// Mindee's SDK reads these when present and does without them otherwise.
		name: z.string().nullish(),
		n_pages: z.number().int().nonnegative().nullish(),
		inference: z
			.object({
				prediction: predictionSchema,
				pages: z.array(
					z
						.object({
							id: z.number().int(),
							prediction: predictionSchema,
							extras: dataRecord(z.unknown()).nullish(),
						})
						.passthrough(),
				),
				product: z
					.object({ name: z.string().nullish(), version: z.string().nullish() })
					.passthrough()
					.nullish(),
				extras: dataRecord(z.unknown()).nullish(),
				processing_time: z.number().nullish(),
			})
			.passthrough(),
		ocr: dataRecord(z.unknown()).nullish(),
	})
	.passthrough();

export const documentResponseSchema = z
	.object({ document: documentSchema, job: jobSchema.optional() })
	.passthrough();

/** A webhook delivery: a completed document with its job, or a failed job alone. */
export const webhookPayloadSchema = z.union([
	z.object({ document: documentSchema, job: jobSchema }).passthrough(),
	z.object({ job: jobSchema.extend({ status: z.literal('failed') }) }).passthrough(),
]);

export type MindeeJob = z.infer<typeof jobSchema>;
export type MindeeDocument = z.infer<typeof documentSchema>;
export type MindeeDocumentResponse = z.infer<typeof documentResponseSchema>;
