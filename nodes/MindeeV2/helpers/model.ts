import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { DocparseError } from '../../shared/errors';
import { operationSubtitle } from '../../shared/subtitle';
import { PRODUCT_OPERATIONS, PRODUCTS_V2, productOfOperation, productOfSlug } from '../products';

const UUID = '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}';

export const modelProperties: INodeProperties[] = [
	{
		displayName: 'Model Type',
		name: 'modelType',
		type: 'options',
		default: 'extraction',
		options: PRODUCTS_V2.map((product) => ({ name: product.label, value: product.slug })),
		description: 'The product the model belongs to (its model_type on the Mindee platform)',
		displayOptions: { show: { operation: ['submit'] } },
	},
	{
		displayName: 'Model',
		name: 'modelId',
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description: 'The Mindee V2 model that reads the document',
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				placeholder: 'Select a model…',
				typeOptions: { searchListMethod: 'searchModels', searchable: true },
			},
			{
				displayName: 'ID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. b3274545-bb22-bb22-991e-9ca0639829a3',
				validation: [
					{
						type: 'regex',
						properties: { regex: `^\\s*${UUID}\\s*$`, errorMessage: 'Not a model ID (a UUID)' },
					},
				],
			},
		],
		displayOptions: { show: { operation: [...PRODUCT_OPERATIONS, 'submit'] } },
	},
];

/**
 * The canvas subtitle: "Extract Data · <model>" (the model's name as picked from the list, else its ID), or
 * "Get Result · by Job ID". $parameter gives a model only as its ID: its JSON holds the list's name too.
 */
export const MODEL_SUBTITLE = operationSubtitle(
	{
		extract: 'Extract Data',
		classify: 'Classify',
		crop: 'Crop',
		ocr: 'Read Text',
		split: 'Split',
		submit: 'Submit',
		getResult: 'Get Result',
	},
	[
		'$parameter["operation"] === "getResult"',
		'? ({ "inferenceId": "by Inference ID" }[$parameter["lookupBy"]] || "by Job ID")',
		': (JSON.parse(JSON.stringify($parameter)).modelId || {}).cachedResultName',
		'|| (String($rawParameter["modelId"] || "").startsWith("=") ? "model from an expression" : $rawParameter["modelId"])',
		'|| "no model yet"',
	].join(' '),
);

/** The product an item's operation (or, for Submit and Get Result, its Model Type) targets. */
export function readProduct(context: IExecuteFunctions, itemIndex: number, operation: string) {
	const product =
		productOfOperation(operation) ??
		productOfSlug(context.getNodeParameter('modelType', itemIndex, 'extraction') as string);
	if (!product) throw new DocparseError('DOCPARSE_INPUT', `Unknown Mindee V2 model type`);
	return product;
}

export function readModelId(context: IExecuteFunctions, itemIndex: number): string {
	const value = String(
		context.getNodeParameter('modelId', itemIndex, '', { extractValue: true }) ?? '',
	).trim();
	if (!value)
		throw new DocparseError(
			'DOCPARSE_INPUT',
			'No model is selected: pick one from the list or enter its ID',
		);
	if (!new RegExp(`^${UUID}$`).test(value))
		throw new DocparseError('DOCPARSE_INPUT', `"${value}" is not a Mindee model ID (a UUID)`);
	return value;
}
