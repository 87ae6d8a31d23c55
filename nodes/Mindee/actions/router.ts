import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { OperationExecute } from '../../shared/run';
import { reviewOutputItems } from '../../shared/review';
import { routeItems } from '../../shared/run';
import { explainMindeeError } from '../helpers/explainError';
import { readOptions } from '../helpers/options';
import { REVIEW_SETUP } from '../helpers/review';
import type { MindeeSession } from '../transport/session';
import { openSession } from '../transport/session';
import * as getResult from './getResult.operation';
import * as parse from './parse.operation';
import * as submit from './submit.operation';

/** What every operation of this node exports as `execute`. */
export type MindeeOperation = OperationExecute<MindeeSession>;

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const outputs = await routeItems(this, {
		operations: { parse: parse.execute, submit: submit.execute, getResult: getResult.execute },
		readOptions,
		openSession,
		explain: explainMindeeError,
	});
	return reviewOutputItems(this, outputs, REVIEW_SETUP);
}
