/* eslint-disable n8n-nodes-base/node-param-default-missing -- the defaults are each node's DEFAULTS, the values readOptions applies too */
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import type { PollingOptions } from './polling';

/** The options every action node has: pacing, waiting, and what output items carry. */
export interface CommonOptions {
	concurrency: number;
	keepBinary: boolean;
	maxWait: number;
	pollInitialDelay: number;
	pollInterval: number;
	requestTimeout: number;
	requestsPerMinute: number;
	requestsPerSecond: number;
}

interface CommonOptionTexts {
	/** The API's name in descriptions. */
	service: string;
	defaults: CommonOptions;
	concurrencyDescription: string;
	maxWaitDescription: string;
	pollInitialDelayDescription: string;
	pollIntervalDescription: string;
	requestTimeoutDescription: string;
	requestsPerMinuteDescription: string;
	requestsPerSecondDescription: string;
	/** Operations that wait for results (Max Wait, Poll Interval) and that submit then wait (Poll Initial Delay). */
	waitingOperations: string[];
	submittingOperations: string[];
}

/** Pacing, polling and timeouts: rarely changed, so listed last, together, under this prefix. */
const ADVANCED = 'Advanced: ';

/** Shows an option of the node's Options collection only for some operations. */
export const onlyFor = (...operations: string[]) => ({
	displayOptions: { show: { '/operation': operations } },
});

export function commonOptionProperties(texts: CommonOptionTexts): INodeProperties[] {
	const { defaults } = texts;
	return [
		{
			displayName: `${ADVANCED}Concurrency`,
			name: 'concurrency',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 200 },
			default: defaults.concurrency,
			description: texts.concurrencyDescription,
		},
		{
			displayName: 'Keep Input Binary',
			name: 'keepBinary',
			type: 'boolean',
			default: defaults.keepBinary,
			description:
				"Whether output items carry the input item's files, e.g. to archive the PDF next to its data",
		},
		{
			displayName: `${ADVANCED}Max Wait (Seconds)`,
			name: 'maxWait',
			type: 'number',
			// 0 where it stands for the API's own limit (see each node's readOptions).
			typeOptions: { minValue: defaults.maxWait === 0 ? 0 : 1 },
			default: defaults.maxWait,
			description: texts.maxWaitDescription,
			...onlyFor(...texts.waitingOperations),
		},
		{
			displayName: `${ADVANCED}Poll Initial Delay (Seconds)`,
			name: 'pollInitialDelay',
			type: 'number',
			typeOptions: { minValue: 0, numberPrecision: 2 },
			default: defaults.pollInitialDelay,
			description: texts.pollInitialDelayDescription,
			...onlyFor(...texts.submittingOperations),
		},
		{
			displayName: `${ADVANCED}Poll Interval (Seconds)`,
			name: 'pollInterval',
			type: 'number',
			typeOptions: { minValue: 1, numberPrecision: 2 },
			default: defaults.pollInterval,
			description: texts.pollIntervalDescription,
			...onlyFor(...texts.waitingOperations),
		},
		{
			displayName: `${ADVANCED}Request Timeout (Seconds)`,
			name: 'requestTimeout',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: defaults.requestTimeout,
			description: texts.requestTimeoutDescription,
		},
		{
			displayName: `${ADVANCED}Requests Per Minute`,
			name: 'requestsPerMinute',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: defaults.requestsPerMinute,
			description: texts.requestsPerMinuteDescription,
		},
		{
			displayName: `${ADVANCED}Requests Per Second`,
			name: 'requestsPerSecond',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: defaults.requestsPerSecond,
			description: texts.requestsPerSecondDescription,
		},
	];
}

/** An Options collection of common and node-specific options: alphabetical, as n8n lists them, advanced ones last. */
export function optionsCollection(options: INodeProperties[]): INodeProperties {
	const advanced = (option: INodeProperties) => (option.displayName.startsWith(ADVANCED) ? 1 : 0);
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [...options].sort(
			(a, b) => advanced(a) - advanced(b) || a.displayName.localeCompare(b.displayName),
		),
	};
}

/** The item's Options, with the defaults of those not set. */
export function readOptionsWithDefaults<T extends CommonOptions>(
	context: IExecuteFunctions,
	itemIndex: number,
	defaults: T,
): T {
	const set = context.getNodeParameter('options', itemIndex, {}) as IDataObject;
	return { ...defaults, ...set } as T;
}

export function pollingOptions(options: CommonOptions): PollingOptions {
	return {
		initialDelayMs: options.pollInitialDelay * 1000,
		intervalMs: options.pollInterval * 1000,
		maxWaitMs: options.maxWait * 1000,
	};
}

/** The input item's files, carried over when Keep Input Binary is on. */
export function keptBinary(
	context: IExecuteFunctions,
	itemIndex: number,
	options: CommonOptions,
): INodeExecutionData['binary'] {
	return options.keepBinary ? context.getInputData()[itemIndex].binary : undefined;
}
