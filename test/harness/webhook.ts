/**
 * Runs a webhook trigger node the way n8n's webhook server does, on a real HTTP server on 127.0.0.1:
 * the request is read like n8n's body reader (`rawBody` holds the bytes as received, JSON bodies are
 * also parsed into `body`), the node's `webhook()` runs in n8n-core's own WebhookContext, and when it
 * returns workflow data an execution starts in n8n-core's WorkflowExecute from the trigger's items.
 *
 * `mode: 'webhook'` is the production URL of an active workflow: each request builds the workflow anew
 * from the saved static data, which is saved back once the execution started, as n8n's LiveWebhooks does
 * (a delivery n8n answers with an error saves nothing).
 * Mirrors n8n 2.40: packages/cli/src/webhooks/{live-webhooks,webhook-helpers}.ts, middlewares/body-parser.ts.
 */
import { parseIncomingMessage } from '@n8n/backend-network';
import { Logger } from '@n8n/backend-common';
import { Container } from '@n8n/di';
import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

import { ExecutionLifecycleHooks, HookContext, WebhookContext, WorkflowExecute } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	INode,
	INodeExecutionData,
	INodeType,
	IRun,
	IWebhookData,
	IWebhookResponseData,
	IWorkflowExecuteAdditionalData,
	WorkflowActivateMode,
} from 'n8n-workflow';
import { createRunExecutionData, Workflow } from 'n8n-workflow';
import TransportStream from 'winston-transport';

import { PackageNodeTypes, PlainCredentialsHelper, useFilesystemBinaryData } from './engine';

export const TRIGGER_NODE = 'Trigger Under Test';
/** Each endpoint is another workflow, as separate workflows are in n8n (the trigger remembers per workflow). */
let endpointCount = 0;

export interface TriggerOptions {
	type: string;
	nodeType: INodeType;
	parameters: INode['parameters'];
	credentials: Record<string, ICredentialDataDecryptedObject>;
	/** 'webhook': production URL of an active workflow (the default); 'manual': test URL. */
	mode?: 'webhook' | 'manual';
	/** How long each credential read takes (n8n reads and decrypts it from its database). */
	credentialReadMs?: number;
}

export interface Answer {
	status: number;
	text: string;
	json?: IDataObject;
}

export class TriggerEndpoint {
	/** Every execution started, in order; await one to read what it produced. */
	readonly executions: Array<Promise<IRun>> = [];

	/** Errors thrown by the node's webhook() (n8n answers those with a 500). */
	readonly webhookErrors: Error[] = [];

	/**
	 * When it returns (or resolves to) true for the trigger's items, n8n fails to start their execution (as
	 * when its database or queue is unavailable): it answers 500 and saves no static data.
	 */
	executionStartFails: (items: INodeExecutionData[][]) => boolean | Promise<boolean> = () => false;

	private savedStaticData: IDataObject = {};

	private readonly workflowId = `trigger-test-workflow-${++endpointCount}`;

	private server!: http.Server;

	private constructor(private readonly options: TriggerOptions) {}

	/** Activates the trigger as n8n does (its webhookMethods checkExists/create), then listens. */
	static async start(options: TriggerOptions): Promise<TriggerEndpoint> {
		await useFilesystemBinaryData();
		const endpoint = new TriggerEndpoint(options);
		await endpoint.activate();
		endpoint.server = http.createServer((req, res) => {
			endpoint.handle(req as WebhookRequest, res).catch(() => res.destroy());
		});
		endpoint.server.listen(0, '127.0.0.1');
		await once(endpoint.server, 'listening');
		return endpoint;
	}

	get url(): string {
		return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/webhook/mindee`;
	}

	/** The user edits the trigger's parameters and publishes the workflow again (same workflow, same node). */
	setParameters(parameters: INode['parameters']) {
		this.options.parameters = parameters;
	}

	/** The node's static data as n8n would have stored it in the database. */
	get staticData(): IDataObject {
		return this.savedStaticData;
	}

	/** POSTs the body, written as the given chunks (a slow client sends many), and returns the answer. */
	async post(
		body: Buffer | string | Array<Buffer | string>,
		headers: Record<string, string> = {},
	): Promise<Answer> {
		const chunks = (Array.isArray(body) ? body : [body]).map((chunk) => Buffer.from(chunk));
		const request = http.request(this.url, {
			method: 'POST',
			headers: { 'content-type': 'application/json', ...headers },
		});
		const answered = once(request, 'response') as Promise<[http.IncomingMessage]>;
		for (const chunk of chunks) {
			if (!request.write(chunk)) await once(request, 'drain');
			await new Promise((resolve) => setImmediate(resolve));
		}
		request.end();
		const [response] = await answered;
		const parts: Buffer[] = [];
		for await (const part of response) parts.push(part as Buffer);
		const text = Buffer.concat(parts).toString('utf8');
		let json: IDataObject | undefined;
		try {
			json = JSON.parse(text) as IDataObject;
		} catch {
			json = undefined;
		}
		return { status: response.statusCode ?? 0, text, json };
	}

	/** The items the trigger emitted in execution `index`, as the next node receives them. */
	async emitted(index: number): Promise<INodeExecutionData[]> {
		const run = await this.executions[index];
		return run.data.resultData.runData[TRIGGER_NODE]?.[0]?.data?.main?.[0] ?? [];
	}

	async close(): Promise<void> {
		this.server.closeAllConnections();
		this.server.close();
		await once(this.server, 'close');
		await Promise.allSettled(this.executions);
	}

	private get mode() {
		return this.options.mode ?? 'webhook';
	}

	private async activate() {
		const { workflow, node, additionalData } = this.buildWorkflow();
		const webhookData = this.webhookData(additionalData);
		const activation: WorkflowActivateMode = this.mode === 'manual' ? 'manual' : 'activate';
		const methods = this.options.nodeType.webhookMethods?.default;
		if (!methods) return;
		const context = () =>
			new HookContext(workflow, node, additionalData, this.mode, activation, webhookData);
		if (!(await methods.checkExists.call(context()))) await methods.create.call(context());
	}

	private async handle(req: WebhookRequest, res: http.ServerResponse) {
		if (!(await readBody(req, res))) return;
		const { workflow, node, additionalData } = this.buildWorkflow(req, res);
		let result: IWebhookResponseData;
		try {
			const context = new WebhookContext(
				workflow,
				node,
				additionalData,
				this.mode,
				this.webhookData(additionalData),
				[],
				null,
			);
			result = await this.options.nodeType.webhook!.call(context);
		} catch (error) {
			this.webhookErrors.push(error as Error);
			sendJson(res, 500, { message: 'Workflow Webhook Error: Workflow could not be started!' });
			return;
		}
		if (result.workflowData === undefined) {
			this.saveStaticData(workflow);
			if (!result.noWebhookResponse)
				sendJson(res, 200, result.webhookResponse ?? { message: 'Webhook call received' });
			return;
		}
		if (await this.executionStartFails(result.workflowData)) {
			sendJson(res, 500, { message: 'There was a problem executing the workflow' });
			return;
		}
		// n8n answers (onReceived) and saves the static data once the execution has started.
		this.executions.push(this.execute(workflow, node, additionalData, result.workflowData));
		this.saveStaticData(workflow);
		if (!result.noWebhookResponse)
			sendJson(res, 200, onReceivedBody(this.options.nodeType, result));
	}

	private execute(
		workflow: Workflow,
		node: INode,
		additionalData: IWorkflowExecuteAdditionalData,
		workflowData: INodeExecutionData[][],
	) {
		const runExecutionData = createRunExecutionData({
			executionData: { nodeExecutionStack: [{ node, data: { main: workflowData }, source: null }] },
		});
		return new WorkflowExecute(additionalData, this.mode, runExecutionData).processRunExecutionData(
			workflow,
		);
	}

	/** As n8n's WorkflowStaticDataService: saved only for the production URL, only when the node changed it. */
	private saveStaticData(workflow: Workflow) {
		if (this.mode === 'webhook' && workflow.staticData.__dataChanged === true) {
			this.savedStaticData = JSON.parse(JSON.stringify(workflow.staticData)) as IDataObject;
		}
	}

	private buildWorkflow(req?: WebhookRequest, res?: http.ServerResponse) {
		const nodeTypes = new PackageNodeTypes();
		nodeTypes.register(this.options.type, this.options.nodeType);
		const node: INode = {
			id: 'trigger',
			name: TRIGGER_NODE,
			type: this.options.type,
			typeVersion: 1,
			position: [0, 0],
			parameters: this.options.parameters,
			webhookId: 'trigger-webhook-id',
			credentials: Object.fromEntries(
				Object.keys(this.options.credentials).map((type) => [
					type,
					{ id: `${type}-id`, name: type },
				]),
			),
		};
		const workflow = new Workflow({
			id: this.workflowId,
			name: 'trigger test',
			nodes: [node],
			connections: {},
			nodeTypes,
			active: this.mode === 'webhook',
			staticData: JSON.parse(JSON.stringify(this.savedStaticData)) as IDataObject,
		});
		const executionId = `trigger-execution-${this.executions.length + 1}`;
		const hooks = new ExecutionLifecycleHooks(this.mode, executionId, {
			id: this.workflowId,
			name: 'trigger test',
			active: this.mode === 'webhook',
			isArchived: false,
			nodes: [node],
			connections: {},
			createdAt: new Date(),
			updatedAt: new Date(),
		} as never);
		const additionalData = {
			credentialsHelper: new PlainCredentialsHelper(
				this.options.credentials,
				this.options.credentialReadMs,
			),
			hooks,
			executionId,
			currentNodeExecutionIndex: 0,
			restApiUrl: 'http://127.0.0.1:1/rest',
			instanceBaseUrl: 'http://127.0.0.1:1/',
			webhookBaseUrl: 'http://127.0.0.1:1/webhook',
			webhookWaitingBaseUrl: 'http://127.0.0.1:1/webhook-waiting',
			webhookTestBaseUrl: 'http://127.0.0.1:1/webhook-test',
			formWaitingBaseUrl: 'http://127.0.0.1:1/form-waiting',
			variables: {},
			httpRequest: req,
			httpResponse: res,
		} as unknown as IWorkflowExecuteAdditionalData;
		return { workflow, node: workflow.getNode(TRIGGER_NODE)!, additionalData };
	}

	private webhookData(additionalData: IWorkflowExecuteAdditionalData): IWebhookData {
		return {
			httpMethod: 'POST',
			node: TRIGGER_NODE,
			path: 'mindee',
			webhookDescription: this.options.nodeType.description.webhooks![0],
			workflowId: this.workflowId,
			workflowExecuteAdditionalData: additionalData,
			isTest: this.mode === 'manual',
		};
	}
}

type WebhookRequest = http.IncomingMessage & {
	rawBody?: Buffer;
	body?: unknown;
	contentType?: string;
	encoding?: BufferEncoding;
	query?: object;
	params?: object;
};

/** n8n's rawBodyReader + parseBody for a version-1 node: keep the bytes, parse JSON (422 if that fails). */
async function readBody(req: WebhookRequest, res: http.ServerResponse): Promise<boolean> {
	parseIncomingMessage(req);
	const parts: Buffer[] = [];
	for await (const part of req) parts.push(part as Buffer);
	req.rawBody = Buffer.concat(parts);
	req.query = {};
	req.params = {};
	req.body = {};
	if (req.contentType === 'application/json' && req.rawBody.length > 0) {
		try {
			req.body = JSON.parse(req.rawBody.toString(req.encoding).replace(/^\uFEFF/, ''));
		} catch (error) {
			sendJson(res, 422, {
				code: 422,
				message: 'Failed to parse request body',
				hint: (error as Error).message,
			});
			return false;
		}
	}
	return true;
}

/** n8n's onReceived answer: the description's responseData if set, else the node's webhookResponse. */
function onReceivedBody(nodeType: INodeType, result: IWebhookResponseData): unknown {
	const responseData = nodeType.description.webhooks![0].responseData ?? 'firstEntryJson';
	if (responseData === 'noData') return undefined;
	if (responseData) return responseData;
	return result.webhookResponse ?? { message: 'Workflow was started' };
}

function sendJson(res: http.ServerResponse, status: number, body: unknown) {
	res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' });
	res.end(body === undefined ? '' : JSON.stringify(body));
}

/** Everything n8n logs while `run` runs (n8n's own Logger, made to write to a list), as JSON lines. */
export async function captureLogs<T>(
	run: () => Promise<T>,
): Promise<{ result: T; logs: string[] }> {
	const internal = Container.get(Logger).getInternalLogger();
	const logs: string[] = [];
	const capture = new (class extends TransportStream {
		log(info: unknown, next: () => void) {
			logs.push(JSON.stringify(info));
			next();
		}
	})({ level: 'debug' });
	const { silent, level } = internal;
	internal.add(capture);
	internal.silent = false;
	internal.level = 'debug';
	try {
		return { result: await run(), logs };
	} finally {
		internal.remove(capture);
		internal.silent = silent;
		internal.level = level;
	}
}
