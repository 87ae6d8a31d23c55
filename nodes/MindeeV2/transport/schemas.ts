import { z } from 'zod';

/** Mindee V2's problem object (RFC 9457 style): the body of any failed request, and `job.error`. */
export const problemSchema = z
	.object({
		status: z.number().int().nullish(),
		title: z.string().nullish(),
		detail: z.string().nullish(),
		code: z.string().nullish(),
		errors: z
			.array(
				z.object({ pointer: z.string().nullish(), detail: z.string().nullish() }).passthrough(),
			)
			.nullish(),
	})
	.passthrough();

const jobSchema = z
	.object({
		id: z.string().min(1),
		/** Processing, Processed or Failed; kept open so a new state reads as "not done yet". */
		status: z.string(),
		model_id: z.string().nullish(),
		filename: z.string().nullish(),
		alias: z.string().nullish(),
		created_at: z.string().nullish(),
		completed_at: z.string().nullish(),
		polling_url: z.string().nullish(),
		result_url: z.string().nullish(),
		webhooks: z.array(z.unknown()).nullish(),
		error: problemSchema.nullish(),
	})
	.passthrough();

export const jobResponseSchema = z.object({ job: jobSchema }).passthrough();

const inferenceSchema = z
	.object({
		id: z.string().min(1),
		job: z.object({ id: z.string() }).passthrough().nullish(),
		model: z.object({ id: z.string() }).passthrough().nullish(),
		file: z
			.object({
				name: z.string().nullish(),
				alias: z.string().nullish(),
				page_count: z.number().int().nullish(),
				mime_type: z.string().nullish(),
			})
			.passthrough()
			.nullish(),
		result: z.record(z.string(), z.unknown()),
		active_options: z.record(z.string(), z.unknown()).nullish(),
	})
	.passthrough();

export const inferenceResponseSchema = z.object({ inference: inferenceSchema }).passthrough();

/** The flat body a webhook receives when an inference fails before giving a result (the SDK's FailedInferenceResponse). */
export const failedInferenceSchema = z
	.object({
		inference_id: z.string().min(1),
		model_id: z.string().nullish(),
		file_name: z.string().nullish(),
		file_alias: z.string().nullish(),
		error: problemSchema,
		created_at: z.string().nullish(),
	})
	.passthrough();

const modelSchema = z
	.object({
		id: z.string().min(1),
		name: z.string().nullish(),
		model_type: z.string().nullish(),
		webhooks: z.array(z.unknown()).nullish(),
	})
	.passthrough();

export const modelsResponseSchema = z.object({ models: z.array(modelSchema) }).passthrough();

export type MindeeV2Job = z.infer<typeof jobSchema>;
export type MindeeV2Inference = z.infer<typeof inferenceSchema>;
export type MindeeV2FailedInference = z.infer<typeof failedInferenceSchema>;
export type MindeeV2Model = z.infer<typeof modelSchema>;
