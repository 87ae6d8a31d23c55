import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';

import type { OperationExecute } from '../../shared/run';
import { routeItems } from '../../shared/run';
import { explainBirosError } from '../helpers/explainError';
import { readOptions } from '../helpers/options';
import type { BirosSession } from '../transport/session';
import { openSession } from '../transport/session';
import * as getResult from './getResult.operation';
import * as predict from './predict.operation';
import * as submit from './submit.operation';

/** What every operation of this node exports as `execute`. */
export type BirosOperation = OperationExecute<BirosSession>;

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	return await routeItems(this, {
		operations: {
			predict: predict.execute,
			submit: submit.execute,
			getResult: getResult.execute,
		},
		readOptions,
		openSession,
		explain: explainBirosError,
	});
}
