import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { DocparseError } from '../../shared/errors';
import { checkPathPart } from '../../shared/urls';
import { operationSubtitle } from '../../shared/parameters';
import type { Endpoint } from '../products';
import {
	CUSTOM_PRODUCT,
	customEndpoint,
	findProduct,
	PRODUCTS,
	productEndpoint,
} from '../products';

export const productProperties: INodeProperties[] = [
	{
		displayName: 'Product',
		name: 'product',
		type: 'options',
		// eslint-disable-next-line n8n-nodes-base/node-param-default-wrong-for-options -- the options are built from PRODUCTS, which starts with invoices
		default: 'invoices',
		options: [
			...PRODUCTS.map((product) => ({
				name: product.label,
				value: product.value,
				description: product.description,
			})),
			{
				name: 'Custom or Generated API',
				value: CUSTOM_PRODUCT,
				description: 'An API built on the Mindee platform (docTI / API Builder)',
			},
		],
		description: 'The Mindee API that reads the document',
	},
	{
		displayName: 'Account Name',
		name: 'customAccount',
		type: 'string',
		default: '',
		placeholder: 'my-organization',
		description:
			'The user or organization name that owns the API, as in its URL on the Mindee platform',
		displayOptions: { show: { product: [CUSTOM_PRODUCT] } },
	},
	{
		displayName: 'Endpoint Name',
		name: 'customEndpoint',
		type: 'string',
		default: '',
		placeholder: 'my_invoices',
		description:
			"The API's endpoint name, as in /v1/products/&lt;account&gt;/&lt;endpoint&gt;/v&lt;version&gt;",
		displayOptions: { show: { product: [CUSTOM_PRODUCT] } },
	},
	{
		displayName: 'Version',
		name: 'customVersion',
		type: 'string',
		default: '1',
		description: 'The API version to use, e.g. 1 or 1.2',
		displayOptions: { show: { product: [CUSTOM_PRODUCT] } },
	},
];

/** "Invoice (v4)" → "Invoice v4", as the node's subtitle shows it. */
const shortLabel = (label: string) => label.replace(/\((v[\d.]+)\)/, '$1');

const SUBTITLE_OPERATIONS = { parse: 'Parse', submit: 'Submit', getResult: 'Get Result' };
const SUBTITLE_PRODUCTS = {
	...Object.fromEntries(PRODUCTS.map((product) => [product.value, shortLabel(product.label)])),
	[CUSTOM_PRODUCT]: 'Custom API',
};

/** The node's subtitle on the canvas, with display names: "Parse · Invoice v4". */
export const productSubtitle = operationSubtitle(
	SUBTITLE_OPERATIONS,
	`${JSON.stringify(SUBTITLE_PRODUCTS)}[$parameter["product"]] || $parameter["product"]`,
);

/**
 * The endpoint an item targets (parameters are read per item, so expressions can pick it). The custom
 * fields are checked here rather than marked required: with an expression for the product, n8n cannot tell
 * whether they apply (and would refuse to run the node).
 */
export function readEndpoint(context: IExecuteFunctions, itemIndex: number): Endpoint {
	const value = context.getNodeParameter('product', itemIndex) as string;
	if (value === CUSTOM_PRODUCT) {
		const account = context.getNodeParameter('customAccount', itemIndex) as string;
		const name = context.getNodeParameter('customEndpoint', itemIndex) as string;
		const version = context.getNodeParameter('customVersion', itemIndex, '1') as string;
		if (!account.trim() || !name.trim() || !version.trim()) {
			throw new DocparseError(
				'DOCPARSE_INPUT',
				'A custom API needs its account name, endpoint name and version',
			);
		}
		checkPathPart(account, 'Account Name');
		checkPathPart(name, 'Endpoint Name');
		checkPathPart(version.trim().replace(/^v/i, '') || version, 'Version');
		return customEndpoint(account, name, version);
	}
	const product = findProduct(value);
	if (!product) {
		const known = PRODUCTS.map((entry) => entry.value).join(', ');
		throw new DocparseError(
			'DOCPARSE_INPUT',
			`Unknown Mindee product "${value}"; use one of ${known}, or "custom"`,
		);
	}
	return productEndpoint(product);
}
