import type {
	IExecuteFunctions,
	ILoadOptionsFunctions,
	INodeListSearchResult,
	INodeProperties,
} from 'n8n-workflow';

import { DocparseError } from '../../shared/errors';
import type { ProductSlug } from '../products';
import { PRODUCT_OPERATIONS, PRODUCTS_V2, productOfOperation, productOfSlug } from '../products';
import { explainMindeeV2Error } from './explainError';
import { MindeeV2Client } from '../transport/mindeeV2Client';
import { httpClientFor, MINDEE_V2_CREDENTIAL } from '../transport/session';

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

/** The Model list: the account's models of the operation's type, by name, searched as the user types. */
export async function searchModels(
	this: ILoadOptionsFunctions,
	filter?: string,
): Promise<INodeListSearchResult> {
	const operation = this.getCurrentNodeParameter('operation') as string;
	const modelType: ProductSlug | undefined =
		productOfOperation(operation)?.slug ??
		productOfSlug(String(this.getCurrentNodeParameter('modelType') ?? ''))?.slug;
	const http = httpClientFor(await this.getCredentials(MINDEE_V2_CREDENTIAL), {
		timeoutMs: 15_000,
		retry: { transientAttempts: 2, rateLimitAttempts: 2 },
	});
	try {
		const models = await new MindeeV2Client(http).searchModels({
			name: filter?.trim() || undefined,
			modelType,
		});
		return {
			results: models
				.filter((model) => !modelType || !model.model_type || model.model_type === modelType)
				.map((model) => ({
					name: model.name || model.id,
					value: model.id,
					description: `${model.model_type ?? 'model'} · ${model.id}`,
				}))
				.sort((a, b) => a.name.localeCompare(b.name)),
		};
	} catch (error) {
		if (error instanceof DocparseError) {
			const { message, description } = explainMindeeV2Error(error);
			throw new Error(description ? `${message}. ${description}` : message);
		}
		throw error;
	} finally {
		await http.close();
	}
}
