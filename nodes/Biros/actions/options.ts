import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { PollingOptions } from '../../shared/polling';
import { includeConfidenceOption } from '../output';

const onlyFor = (...operations: string[]) => ({ displayOptions: { show: { '/operation': operations } } });

export const optionsProperty: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		{
			displayName: 'Concurrency',
			name: 'concurrency',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 100 },
			default: 5,
			description: 'How many items are processed at once. Output order is always the input order.',
		},
		{ ...includeConfidenceOption, ...onlyFor('predict', 'getResult') },
		{
			displayName: 'Keep Input Binary',
			name: 'keepBinary',
			type: 'boolean',
			default: true,
			description: 'Whether output items carry the input item\'s files, e.g. to archive the PDF next to its data',
		},
		{
			displayName: 'Max Wait (Seconds)',
			name: 'maxWait',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 600,
			description: 'How long to wait for an asynchronous result before failing the item with its document ID (get it later with Get Result)',
			...onlyFor('predict', 'getResult'),
		},
		{
			displayName: 'Poll Initial Delay (Seconds)',
			name: 'pollInitialDelay',
			type: 'number',
			typeOptions: { minValue: 0, numberPrecision: 2 },
			default: 2,
			description: 'Asynchronous mode: wait before the first result check, until the batch has seen how long Biros takes; later checks are timed from that',
			...onlyFor('predict'),
		},
		{
			displayName: 'Poll Interval (Seconds)',
			name: 'pollInterval',
			type: 'number',
			typeOptions: { minValue: 0.25, numberPrecision: 2 },
			default: 2,
			description: 'Asynchronous mode: longest wait between two result checks of one document',
			...onlyFor('predict', 'getResult'),
		},
		{
			displayName: 'Request Timeout (Seconds)',
			name: 'requestTimeout',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 120,
			description: 'How long one request may wait for Biros\' answer to start, or stall while it arrives; also the time limit of a URL download',
		},
		{
			displayName: 'Requests Per Minute',
			name: 'requestsPerMinute',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 0,
			description: 'Your plan\'s limit, if any. Every request to Biros counts: uploads and result checks. 0 means no limit.',
		},
		{
			displayName: 'Requests Per Second',
			name: 'requestsPerSecond',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 0,
			description: 'Your plan\'s limit, if any. 0 means no limit.',
		},
	],
};

export interface BirosOptions {
	concurrency: number;
	includeConfidence: boolean;
	keepBinary: boolean;
	maxWait: number;
	pollInitialDelay: number;
	pollInterval: number;
	requestTimeout: number;
	requestsPerMinute: number;
	requestsPerSecond: number;
}

const DEFAULTS: BirosOptions = {
	concurrency: 5,
	includeConfidence: false,
	keepBinary: true,
	maxWait: 600,
	pollInitialDelay: 2,
	pollInterval: 2,
	requestTimeout: 120,
	requestsPerMinute: 0,
	requestsPerSecond: 0,
};

export function readOptions(context: IExecuteFunctions, itemIndex: number): BirosOptions {
	const set = context.getNodeParameter('options', itemIndex, {}) as IDataObject;
	return { ...DEFAULTS, ...set } as BirosOptions;
}

export function pollingOptions(options: BirosOptions): PollingOptions {
	return {
		initialDelayMs: options.pollInitialDelay * 1000,
		intervalMs: options.pollInterval * 1000,
		maxWaitMs: options.maxWait * 1000,
	};
}

/** The input item's files, carried over when Keep Input Binary is on. */
export function keptBinary(context: IExecuteFunctions, itemIndex: number, options: BirosOptions) {
	return options.keepBinary ? context.getInputData()[itemIndex].binary : undefined;
}
