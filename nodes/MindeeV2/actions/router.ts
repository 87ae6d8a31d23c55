import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { OperationExecute } from '../../shared/run';
import { reviewOutputItems } from '../../shared/review';
import { routeItems } from '../../shared/run';
import { explainMindeeV2Error } from '../helpers/explainError';
import { readOptions } from '../helpers/options';
import { REVIEW_SETUP } from '../helpers/review';
import type { MindeeV2Session } from '../transport/session';
import { openSession } from '../transport/session';
import * as getResult from './getResult.operation';
import * as processDocument from './processDocument.operation';
import * as submit from './submit.operation';

/** What every operation of this node exports as `execute`. */
export type MindeeV2Operation = OperationExecute<MindeeV2Session>;

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const outputs = await routeItems(this, {
		operations: {
			// One operation per Mindee V2 product: the operation picks the product, processDocument the rest.
			extract: processDocument.execute,
			classify: processDocument.execute,
			crop: processDocument.execute,
			ocr: processDocument.execute,
			split: processDocument.execute,
			submit: submit.execute,
			getResult: getResult.execute,
		},
		readOptions,
		openSession,
		explain: explainMindeeV2Error,
	});
	return reviewOutputItems(this, outputs, REVIEW_SETUP);
}
