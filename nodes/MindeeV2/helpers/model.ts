import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { DocparseError, isCancellation } from '../../shared/errors';
import { operationSubtitle } from '../../shared/parameters';
import type { ProductV2 } from '../products';
import { PRODUCT_OPERATIONS, PRODUCTS_V2, productOfOperation, productOfSlug } from '../products';
import type { MindeeV2Client } from '../transport/mindeeV2Client';

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

/** The operations' short names, on the canvas and in messages. */
const OPERATION_NAMES: Record<string, string> = {
	extract: 'Extract Data',
	classify: 'Classify',
	crop: 'Crop',
	ocr: 'Read Text',
	split: 'Split',
	submit: 'Submit',
	getResult: 'Get Result',
};

/**
 * The canvas subtitle: "Extract Data · <model>" (the model's name as picked from the list, else its ID), or
 * "Get Result · by Job ID". $parameter gives a model only as its ID: its JSON holds the list's name too.
 */
export const MODEL_SUBTITLE = operationSubtitle(
	OPERATION_NAMES,
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

/**
 * Refuses, before anything is sent, a model the account's model list shows with another type than the
 * operation's product (picked for another operation, or given by ID or expression). A model the list does
 * not show (beyond its first page, or a list that could not be read) is left to Mindee.
 */
export async function checkModelType(
	client: MindeeV2Client,
	modelId: string,
	product: ProductV2,
	operation: string,
	signal: AbortSignal,
): Promise<void> {
	const models = await client.accountModels(signal).catch((error: unknown) => {
		if (isCancellation(error, signal)) throw error;
		return [];
	});
	const model = models.find((entry) => entry.id === modelId);
	if (!model?.model_type || model.model_type === product.slug) return;
	const found = productOfSlug(model.model_type)?.label.toLowerCase() ?? model.model_type;
	const fix =
		operation === 'submit'
			? "set Model Type to the model's type, or pick a model of this type"
			: 'pick one from the Model list, which shows the models of this operation';
	throw new DocparseError(
		'DOCPARSE_INPUT',
		`The model "${model.name || model.id}" (${model.id}) is ${/^[aeiou]/.test(found) ? 'an' : 'a'} ${found} model, but ${OPERATION_NAMES[operation] ?? operation} sends to ${product.label.toLowerCase()} models: ${fix}`,
	);
}
