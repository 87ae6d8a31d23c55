/** Every Mindee v1 off-the-shelf product, with the version and the modes Mindee serves it in (as the `mindee` SDK 5.x lists them). */
interface Product {
	/** Parameter value, stable in saved workflows. */
	value: string;
	/** Shown in the product list. */
	label: string;
	endpoint: string;
	version: string;
	modes: ReadonlyArray<'async' | 'sync'>;
	description: string;
}

export const PRODUCTS: readonly Product[] = [
	{
		value: 'invoices',
		label: 'Invoice (v4)',
		endpoint: 'invoices',
		version: '4',
		modes: ['async', 'sync'],
		description: 'Invoices: supplier, customer, totals, taxes, line items',
	},
	{
		value: 'expense_receipts',
		label: 'Receipt (v5)',
		endpoint: 'expense_receipts',
		version: '5',
		modes: ['async', 'sync'],
		description: 'Receipts: merchant, date, totals, taxes, line items',
	},
	{
		value: 'financial_document',
		label: 'Financial Document (v1)',
		endpoint: 'financial_document',
		version: '1',
		modes: ['async', 'sync'],
		description: 'Invoices and receipts in one model',
	},
	{
		value: 'driver_license',
		label: 'Driver License (v1)',
		endpoint: 'driver_license',
		version: '1',
		modes: ['async'],
		description: 'Driver licenses of many countries',
	},
	{
		value: 'international_id',
		label: 'International ID (v2)',
		endpoint: 'international_id',
		version: '2',
		modes: ['async'],
		description: 'Identity documents: ID cards, residence permits',
	},
	{
		value: 'invoice_splitter',
		label: 'Invoice Splitter (v1)',
		endpoint: 'invoice_splitter',
		version: '1',
		modes: ['async'],
		description: 'Page groups of the invoices in one PDF',
	},
	{
		value: 'resume',
		label: 'Resume (v1)',
		endpoint: 'resume',
		version: '1',
		modes: ['async'],
		description: 'CVs: contact details, skills, experience, education',
	},
	{
		value: 'passport',
		label: 'Passport (v1)',
		endpoint: 'passport',
		version: '1',
		modes: ['sync'],
		description: 'Passports: names, dates, MRZ',
	},
	{
		value: 'multi_receipts_detector',
		label: 'Multi Receipts Detector (v1)',
		endpoint: 'multi_receipts_detector',
		version: '1',
		modes: ['sync'],
		description: 'Positions of several receipts on one page',
	},
	{
		value: 'barcode_reader',
		label: 'Barcode Reader (v1)',
		endpoint: 'barcode_reader',
		version: '1',
		modes: ['sync'],
		description: '1D and 2D codes',
	},
	{
		value: 'cropper',
		label: 'Cropper (v1)',
		endpoint: 'cropper',
		version: '1',
		modes: ['sync'],
		description: 'Positions of the documents on a photo',
	},
	{
		value: 'bank_check',
		label: 'Bank Check US (v1)',
		endpoint: 'bank_check',
		version: '1',
		modes: ['sync'],
		description: 'US bank checks: amount, payees, routing and account numbers',
	},
	{
		value: 'idcard_fr',
		label: 'ID Card FR (v2)',
		endpoint: 'idcard_fr',
		version: '2',
		modes: ['sync'],
		description: 'French national ID cards',
	},
	{
		value: 'bank_account_details',
		label: 'Bank Account Details FR (v2)',
		endpoint: 'bank_account_details',
		version: '2',
		modes: ['sync'],
		description: 'French RIB: IBAN, account holder, SWIFT',
	},
	{
		value: 'carte_grise',
		label: 'Carte Grise FR (v1)',
		endpoint: 'carte_grise',
		version: '1',
		modes: ['sync'],
		description: 'French vehicle registration certificates',
	},
];

export const CUSTOM_PRODUCT = 'custom';

/** Where a product's API lives: /v1/products/<account>/<endpoint>/v<version>. */
export interface Endpoint {
	account: string;
	name: string;
	version: string;
	/** Modes Mindee serves; a custom API's are unknown until asked. */
	modes?: ReadonlyArray<'async' | 'sync'>;
	/** For messages: "mindee/invoices v4". */
	label: string;
}

export function productEndpoint(product: Product): Endpoint {
	return {
		account: 'mindee',
		name: product.endpoint,
		version: product.version,
		modes: product.modes,
		label: `mindee/${product.endpoint} v${product.version}`,
	};
}

export function customEndpoint(account: string, name: string, version: string): Endpoint {
	const cleanVersion = version.trim().replace(/^v/i, '');
	return {
		account: account.trim(),
		name: name.trim(),
		version: cleanVersion,
		label: `${account.trim()}/${name.trim()} v${cleanVersion}`,
	};
}

export function findProduct(value: string): Product | undefined {
	return PRODUCTS.find((product) => product.value === value);
}
