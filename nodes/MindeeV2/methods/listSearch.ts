import type { ILoadOptionsFunctions, INodeListSearchResult } from 'n8n-workflow';

import { DocparseError, explanationText } from '../../shared/errors';
import { explainMindeeV2Error } from '../helpers/explainError';
import type { ProductSlug } from '../products';
import { productOfOperation, productOfSlug } from '../products';
import { MindeeV2Client } from '../transport/mindeeV2Client';
import { httpClientFor, MINDEE_V2_CREDENTIAL } from '../transport/session';

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
		if (error instanceof DocparseError)
			throw new Error(explanationText(explainMindeeV2Error(error)));
		throw error;
	} finally {
		await http.close();
	}
}
