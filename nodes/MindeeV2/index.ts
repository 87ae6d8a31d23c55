/**
 * What other node folders (the Mindee V2 Trigger) may use of the Mindee V2 node: the output shapes, so a
 * delivery becomes the same items as the node's output (and routes for review by the same rules), the webhook body's schemas, the problem reader
 * and the credential. Everything else in this folder is the node's own.
 */
export { readProblem } from './helpers/explainError';
export { REVIEW_SETUP } from './helpers/review';
export { testMindeeV2Credential } from './methods/credentialTest';
export { lineItemsFieldProperty, outputProperty } from './output/description';
export type { OutputSettingsV2 } from './output/inferenceItems';
export { inferenceToItems } from './output/inferenceItems';
export type { MindeeV2FailedInference, MindeeV2Inference, MindeeV2Job } from './transport/schemas';
export {
	failedInferenceSchema,
	inferenceResponseSchema,
	jobResponseSchema,
} from './transport/schemas';
export { MINDEE_V2_CREDENTIAL } from './transport/session';
