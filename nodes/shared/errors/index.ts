/** Errors: DocparseError and its stable codes, n8n errors naming the item, explanations, refused keys, redaction. */
export * from './errors';
export * from './explainError';
export * from './n8nErrors';
export * from './redact';
export * from './refusedKey';
