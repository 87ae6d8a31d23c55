import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { Explain } from '../errors';
import { runItems } from './runItems';

/** One operation's work for one item: its output items (without pairedItem). */
export type OperationExecute<Session> = (
	context: IExecuteFunctions,
	itemIndex: number,
	session: Session,
	signal: AbortSignal,
) => Promise<INodeExecutionData[]>;

/** What the runner needs of a node's transport session. */
interface RoutedSession {
	/** Credential secrets to keep out of every error text. */
	secrets: Array<string | undefined>;
	http: { stopSubmissions(): void };
	close(): Promise<void>;
}

/** What an action node gives the runner: its operations by value, and how to read, connect and explain. */
interface NodeRoutes<Session extends RoutedSession, Options extends { concurrency: number }> {
	operations: Record<string, OperationExecute<Session>>;
	readOptions: (context: IExecuteFunctions, itemIndex: number) => Options;
	openSession: (context: IExecuteFunctions, options: Options) => Promise<Session>;
	explain: Explain;
}

/**
 * The execute() of every action node. One session (connection pool, rate budget) serves the whole run,
 * opened with the options of the first item whose options are valid (an item with invalid ones fails on
 * its own, like any bad parameter); then each item runs its operation through runItems.
 *
 * The operation is read per item, like every other parameter. It is declared noDataExpression, so every
 * item holds the same value; reading it per item keeps one rule for all parameters, and an unknown value
 * (a hand-edited workflow) fails as that item's error, under Continue On Fail like any other.
 */
export async function routeItems<
	Session extends RoutedSession,
	Options extends { concurrency: number },
>(
	context: IExecuteFunctions,
	routes: NodeRoutes<Session, Options>,
): Promise<INodeExecutionData[][]> {
	const options = firstValidOptions(context, routes.readOptions);
	if (!options) {
		// No item has valid options: each fails with its own error, and nothing is sent.
		return await runItems(context, {
			concurrency: 1,
			explain: routes.explain,
			secrets: [],
			work: async (itemIndex) => {
				routes.readOptions(context, itemIndex);
				return [];
			},
		});
	}
	const session = await routes.openSession(context, options);
	try {
		return await runItems(context, {
			concurrency: options.concurrency,
			explain: routes.explain,
			secrets: session.secrets,
			work: async (itemIndex, signal) => {
				const operation = context.getNodeParameter('operation', itemIndex) as string;
				if (!Object.prototype.hasOwnProperty.call(routes.operations, operation))
					throw new NodeOperationError(context.getNode(), `Unknown operation "${operation}"`, {
						itemIndex,
					});
				return await routes.operations[operation](context, itemIndex, session, signal);
			},
			stopSubmissions: () => session.http.stopSubmissions(),
		});
	} finally {
		await session.close();
	}
}

function firstValidOptions<Options>(
	context: IExecuteFunctions,
	readOptions: (context: IExecuteFunctions, itemIndex: number) => Options,
): Options | undefined {
	const count = context.getInputData().length;
	for (let itemIndex = 0; itemIndex < count; itemIndex++) {
		try {
			return readOptions(context, itemIndex);
		} catch {
			// This item fails with the same error when it runs.
		}
	}
	return undefined;
}
