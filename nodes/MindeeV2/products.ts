/**
 * Mindee V2's five products. Each is reached at /v2/products/<slug>/… and serves models of the same
 * model_type; the node's operations that wait for a result are named after what they do.
 */
interface ProductV2 {
	/** The operation that enqueues to it and waits. */
	operation: 'extract' | 'classify' | 'crop' | 'ocr' | 'split';
	/** The API's slug, also the model_type of its models in /v2/search/models. */
	slug: 'extraction' | 'classification' | 'crop' | 'ocr' | 'split';
	label: string;
}

export const PRODUCTS_V2: readonly ProductV2[] = [
	{ operation: 'extract', slug: 'extraction', label: 'Extraction' },
	{ operation: 'classify', slug: 'classification', label: 'Classification' },
	{ operation: 'crop', slug: 'crop', label: 'Crop' },
	{ operation: 'ocr', slug: 'ocr', label: 'OCR' },
	{ operation: 'split', slug: 'split', label: 'Split' },
];

export type ProductSlug = ProductV2['slug'];

export const PRODUCT_OPERATIONS = PRODUCTS_V2.map((product) => product.operation);

export function productOfOperation(operation: string): ProductV2 | undefined {
	return PRODUCTS_V2.find((product) => product.operation === operation);
}

export function productOfSlug(slug: string): ProductV2 | undefined {
	return PRODUCTS_V2.find((product) => product.slug === slug);
}
