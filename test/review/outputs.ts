import type { INodeExecutionData } from 'n8n-workflow';

import type { RunResult } from '../harness/engine';
import { NODE_UNDER_TEST } from '../harness/engine';

/** Every output of the node under test, as the UI shows them: [Success, Needs Review] when routing. */
export function outputsOf({ run }: RunResult): INodeExecutionData[][] {
	return (run.data.resultData.runData[NODE_UNDER_TEST]?.[0]?.data?.main ?? []).map(
		(items) => items ?? [],
	);
}
