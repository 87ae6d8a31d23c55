/**
 * Mindee V2's five products. Each is reached at /v2/products/<slug>/… and serves models of the same
 * model_type; the node's operations that wait for a result are named after what they do.
 */
export interface ProductV2 {
	/** The operation that enqueues to it and waits. */
	operation: 'extract' | 'classify' | 'crop' | 'ocr' | 'split';
	/** The API's slug, also the model_type of its models in /v2/search/models. */
	slug: 'extraction' | 'classification' | 'crop' | 'ocr' | 'split';
	label: string;
	/** How long Mindee gives a job of this product before it fails it (its own limit), in seconds. */
	mindeeLimitSeconds: number;
}

export const PRODUCTS_V2: readonly ProductV2[] = [
	{ operation: 'extract', slug: 'extraction', label: 'Extraction', mindeeLimitSeconds: 590 },
	{
		operation: 'classify',
		slug: 'classification',
		label: 'Classification',
		mindeeLimitSeconds: 1200,
	},
	{ operation: 'crop', slug: 'crop', label: 'Crop', mindeeLimitSeconds: 1200 },
	{ operation: 'ocr', slug: 'ocr', label: 'OCR', mindeeLimitSeconds: 1200 },
	{ operation: 'split', slug: 'split', label: 'Split', mindeeLimitSeconds: 1200 },
];

export type ProductSlug = ProductV2['slug'];

export const PRODUCT_OPERATIONS = PRODUCTS_V2.map((product) => product.operation);

export function productOfOperation(operation: string): ProductV2 | undefined {
	return PRODUCTS_V2.find((product) => product.operation === operation);
}

export function productOfSlug(slug: string): ProductV2 | undefined {
	return PRODUCTS_V2.find((product) => product.slug === slug);
}
