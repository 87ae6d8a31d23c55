import type { ReviewSetup } from '../../shared/review';

/** Route for Review on this node (shared/review): the operations that extract, and the invoice model's names. */
export const REVIEW_SETUP: ReviewSetup = {
	api: 'v2',
	operations: ['extract', 'getResult'],
	amountsDefault: 'line_items.*.total_price',
};
