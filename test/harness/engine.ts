import { Container } from '@n8n/di';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

process.env.N8N_USER_FOLDER ??= mkdtempSync(path.join(tmpdir(), 'docparse-n8n-'));
process.env.N8N_LOG_LEVEL ??= 'silent';

import {
	BinaryDataConfig,
	BinaryDataService,
	Credentials,
	ExecutionLifecycleHooks,
	WorkflowExecute,
} from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IHttpRequestOptions,
	INode,
	INodeExecutionData,
	INodeParameters,
	INodeType,
	INodeTypes,
	IRun,
	IWorkflowExecuteAdditionalData,
	IConnections,
} from 'n8n-workflow';
import { ICredentialsHelper, Workflow } from 'n8n-workflow';

import { DocparseBirosApi } from '../../credentials/DocparseBirosApi.credentials';
import { DocparseMindeeApi } from '../../credentials/DocparseMindeeApi.credentials';
import { DocparseMindeeV2Api } from '../../credentials/DocparseMindeeV2Api.credentials';
import { TestSource, TEST_SOURCE_TYPE } from './test-source.node';

const credentialTypes: Record<string, ICredentialType> = {
	docparseMindeeApi: new DocparseMindeeApi(),
	docparseMindeeV2Api: new DocparseMindeeV2Api(),
	docparseBirosApi: new DocparseBirosApi(),
};

/** The package's node classes plus the test-only source node, by type name. */
export class PackageNodeTypes implements INodeTypes {
	private readonly types = new Map<string, INodeType>();

	register(type: string, node: INodeType) {
		this.types.set(type, node);
	}

	getByName(type: string) {
		return this.getByNameAndVersion(type);
	}

	getByNameAndVersion(type: string) {
		const node = this.types.get(type);
		if (!node) throw new Error(`Unknown node type ${type}`);
		return node;
	}

	getKnownTypes() {
		return {};
	}
}

/** Returns the test's plain credential data and applies the credential type's own `authenticate`. */
export class PlainCredentialsHelper extends ICredentialsHelper {
	/** `readDelayMs`: how long each read takes, as n8n's database read and decryption do. */
	constructor(
		private readonly data: Record<string, ICredentialDataDecryptedObject>,
		private readonly readDelayMs = 0,
	) {
		super();
	}

	getParentTypes() {
		return [];
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		request: IHttpRequestOptions,
	) {
		const authenticate = credentialTypes[typeName]?.authenticate;
		if (typeof authenticate === 'function') return await authenticate(credentials, request);
		return request;
	}

	async preAuthentication() {
		return undefined;
	}

	async runPreAuthentication() {
		return undefined;
	}

	getCredentialsProperties() {
		return [];
	}

	async getDecrypted(_additionalData: unknown, _nodeCredentials: unknown, type: string) {
		if (this.readDelayMs > 0) await new Promise((resolve) => setTimeout(resolve, this.readDelayMs));
		const data = this.data[type];
		if (!data) throw new Error(`No test credentials of type ${type}`);
		return data;
	}

	async getCredentials() {
		return new Credentials({ id: null, name: '' }, '', '');
	}

	async updateCredentials() {}

	async updateCredentialsOauthTokenData() {}

	isCredentialUsableByNode() {
		return true;
	}
}

let binaryStoreReady: Promise<void> | undefined;

/** n8n's filesystem binary mode: binary data gets an id and nodes can stream it with getBinaryStream. */
export async function useFilesystemBinaryData() {
	binaryStoreReady ??= (async () => {
		const config = Container.get(BinaryDataConfig);
		config.mode = 'filesystem';
		config.availableModes = ['filesystem'];
		config.localStoragePath = mkdtempSync(path.join(tmpdir(), 'docparse-binary-'));
		await Container.get(BinaryDataService).init();
	})();
	await binaryStoreReady;
}

export interface SourceItem {
	json?: Record<string, unknown>;
	/** property name → file to attach as n8n binary data */
	binary?: Record<string, { data: Buffer; fileName: string; mimeType: string }>;
}

export interface RunOptions {
	/** The node under test: type is the package's node type name (e.g. 'docparseMindee'). */
	node: {
		type: string;
		parameters: INode['parameters'];
		continueOnFail?: boolean;
		typeVersion?: number;
	};
	nodeTypes: Record<string, INodeType>;
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	items?: SourceItem[];
	/** Called once the run has started, with a function that cancels it (as the UI's stop button does). */
	onStarted?: (cancel: () => void) => void;
}

export interface RunResult {
	run: IRun;
	/** The items the node under test output on its first output, as the user sees them in the UI. */
	items: INodeExecutionData[];
	/** The node's error when it failed without Continue On Fail. */
	error: IRun['data']['resultData']['error'];
}

export const NODE_UNDER_TEST = 'Node Under Test';

/** Runs Source → node under test in n8n-core's WorkflowExecute, as a manual execution. */
export async function runNode(options: RunOptions): Promise<RunResult> {
	await useFilesystemBinaryData();
	const nodeTypes = new PackageNodeTypes();
	nodeTypes.register(TEST_SOURCE_TYPE, new TestSource());
	for (const [type, node] of Object.entries(options.nodeTypes)) nodeTypes.register(type, node);

	const source: INode = {
		id: 'source',
		name: 'Source',
		type: TEST_SOURCE_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: { items: encodeSourceItems(options.items ?? [{ json: {} }]) },
	};
	const nodeUnderTest: INode = {
		id: 'under-test',
		name: NODE_UNDER_TEST,
		type: options.node.type,
		typeVersion: options.node.typeVersion ?? 1,
		position: [200, 0],
		parameters: options.node.parameters,
		continueOnFail: options.node.continueOnFail,
		credentials: Object.fromEntries(
			Object.keys(options.credentials ?? {}).map((type) => [
				type,
				{ id: `${type}-id`, name: type },
			]),
		),
	};
	const connections: IConnections = {
		Source: { main: [[{ node: NODE_UNDER_TEST, type: 'main', index: 0 }]] },
	};
	const workflow = new Workflow({
		id: 'test-workflow',
		name: 'test',
		nodes: [source, nodeUnderTest],
		connections,
		nodeTypes,
		active: false,
	});

	const hooks = new ExecutionLifecycleHooks('manual', 'test-execution', {
		id: 'test-workflow',
		name: 'test',
		active: false,
		isArchived: false,
		nodes: [source, nodeUnderTest],
		connections,
		createdAt: new Date(),
		updatedAt: new Date(),
	} as never);
	const additionalData = {
		credentialsHelper: new PlainCredentialsHelper(options.credentials ?? {}),
		hooks,
		executionId: 'test-execution',
		currentNodeExecutionIndex: 0,
		restApiUrl: 'http://127.0.0.1:1/rest',
		instanceBaseUrl: 'http://127.0.0.1:1/',
		formBaseUrl: 'http://127.0.0.1:1/form',
		formWaitingBaseUrl: 'http://127.0.0.1:1/form-waiting',
		formTestBaseUrl: 'http://127.0.0.1:1/form-test',
		webhookBaseUrl: 'http://127.0.0.1:1/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1:1/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1:1/webhook-test',
		mcpBaseUrl: 'http://127.0.0.1:1/mcp',
		mcpTestBaseUrl: 'http://127.0.0.1:1/mcp-test',
		variables: {},
	} as unknown as IWorkflowExecuteAdditionalData;

	const execution = new WorkflowExecute(additionalData, 'manual').run({
		workflow,
		startNode: source,
	});
	options.onStarted?.(() => execution.cancel());
	let run: IRun;
	try {
		run = await execution;
	} catch (error) {
		if ((error as Error).name !== 'CancelError') throw error;
		run = { status: 'canceled', data: { resultData: { runData: {} } } } as unknown as IRun;
	}
	const nodeRuns = run.data.resultData.runData[NODE_UNDER_TEST];
	return {
		run,
		items: nodeRuns?.[0]?.data?.main?.[0] ?? [],
		error: run.data.resultData.error,
	};
}

function encodeSourceItems(items: SourceItem[]) {
	return JSON.stringify(
		items.map((item) => ({
			json: item.json ?? {},
			binary: Object.fromEntries(
				Object.entries(item.binary ?? {}).map(([key, file]) => [
					key,
					{ ...file, data: file.data.toString('base64') },
				]),
			),
		})),
	);
}

/** What a test may pass beside a node's parameters: input items, a cancel hook, other credentials. */
export type RunExtra = Partial<Pick<RunOptions, 'items' | 'onStarted' | 'credentials'>> & {
	continueOnFail?: boolean;
	/** The node's version in the workflow (1 unless given: a workflow saved with the first version). */
	typeVersion?: number;
};

/**
 * Runs one of the package's nodes with its defaults under the test's parameters, and the test's `options`
 * over `baseOptions` (the fast polling of the API's setup). The API setups (test/<api>/setup.ts) wrap this.
 */
export async function runPackageNode(
	node: {
		type: string;
		nodeType: INodeType;
		defaults: INodeParameters;
		baseOptions: INodeParameters;
		credentials: RunOptions['credentials'];
	},
	parameters: INodeParameters,
	extra: RunExtra = {},
): Promise<RunResult> {
	const { options, ...rest } = parameters;
	return await runNode({
		node: {
			type: node.type,
			parameters: {
				...node.defaults,
				...rest,
				options: { ...node.baseOptions, ...(options as object) },
			},
			continueOnFail: extra.continueOnFail,
			typeVersion: extra.typeVersion,
		},
		nodeTypes: { [node.type]: node.nodeType },
		credentials: extra.credentials ?? node.credentials,
		items: extra.items,
		onStarted: extra.onStarted,
	});
}
