/**
 * What other node folders (the Mindee Trigger) may use of the Mindee node: the output shapes, so a
 * delivery becomes the same items as the node's output (and routes for review by the same rules), the
 * webhook body's schema and the credential test. Everything else in this folder is the node's own.
 */
export { REVIEW_SETUP, reviewDocumentItems } from './helpers/review';
export { testMindeeCredential } from './methods/credentialTest';
export { includeConfidenceOption, outputProperty, outputSettings } from './output/description';
export type { OutputSettings } from './output/documentItems';
export { documentToItems } from './output/documentItems';
export type { MindeeDocument, MindeeJob } from './transport/schemas';
export { webhookPayloadSchema } from './transport/schemas';
