import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { includeConfidenceOption } from '../output/description';
import type { PredictOptions } from '../transport/mindeeClient';

const onlyFor = (...operations: string[]) => ({ displayOptions: { show: { '/operation': operations } } });

export const optionsProperty: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		{
			displayName: 'All Words (OCR)',
			name: 'allWords',
			type: 'boolean',
			default: false,
			description: 'Whether to also return every word Mindee read on the pages (include_mvision), as ocr_text',
			...onlyFor('parse', 'submit'),
		},
		{
			displayName: 'Concurrency',
			name: 'concurrency',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: 200 },
			default: 50,
			description:
				'How many items are processed at once; the request limits below pace them, so a high value costs nothing on a small plan and fills a large one. Output order is always the input order.',
		},
		{
			displayName: 'Cropper',
			name: 'cropper',
			type: 'boolean',
			default: false,
			description: 'Whether to also return where each document lies on a photo (cropper extra)',
			...onlyFor('parse', 'submit'),
		},
		{
			displayName: 'Full Text OCR',
			name: 'fullTextOcr',
			type: 'boolean',
			default: false,
			description: 'Whether to also return the whole text of the document, as full_text_ocr',
			...onlyFor('parse', 'submit'),
		},
		{ ...includeConfidenceOption, ...onlyFor('parse', 'getResult') },
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
			description: 'How long to wait for a job before failing the item with its job ID (fetch it later with Get Result)',
			...onlyFor('parse', 'getResult'),
		},
		{
			displayName: 'Mode',
			name: 'mode',
			type: 'options',
			default: 'auto',
			options: [
				{ name: 'Auto', value: 'auto', description: 'Asynchronous where the API offers it, else synchronous' },
				{ name: 'Async', value: 'async', description: 'Enqueue, then poll the queue (up to 20 MB / 20 pages)' },
				{ name: 'Sync', value: 'sync', description: 'One request that waits for the result (up to 10 MB)' },
			],
			...onlyFor('parse'),
		},
		{
			displayName: 'Poll Initial Delay (Seconds)',
			name: 'pollInitialDelay',
			type: 'number',
			typeOptions: { minValue: 0, numberPrecision: 1 },
			default: 1.5,
			description: 'Wait before the first queue check, until the batch has seen how long Mindee takes; later checks are timed from that',
			...onlyFor('parse', 'getResult'),
		},
		{
			displayName: 'Poll Interval (Seconds)',
			name: 'pollInterval',
			type: 'number',
			typeOptions: { minValue: 0.25, numberPrecision: 2 },
			default: 1,
			description: 'Longest wait between two queue checks of one job',
			...onlyFor('parse', 'getResult'),
		},
		{
			displayName: 'Request Timeout (Seconds)',
			name: 'requestTimeout',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 120,
			description: 'How long one request may wait for Mindee\'s answer to start, or take to arrive in full',
		},
		{
			displayName: 'Requests Per Minute',
			name: 'requestsPerMinute',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 75,
			description: 'Your plan\'s limit (Mindee v1 default: 75). Every request counts: submits, queue checks, results. 0 means no limit.',
		},
		{
			displayName: 'Requests Per Second',
			name: 'requestsPerSecond',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 4,
			description: 'Your plan\'s limit (Mindee v1 default: 4). 0 means no limit.',
		},
		{
			displayName: 'Workflow ID (RAG)',
			name: 'workflowId',
			type: 'string',
			default: '',
			description: 'Send the document through this Mindee workflow with retrieval-augmented generation (/v1/workflows/&lt;ID&gt;/predict_async)',
			...onlyFor('parse', 'submit'),
		},
	],
};

export interface MindeeOptions {
	allWords: boolean;
	concurrency: number;
	cropper: boolean;
	fullTextOcr: boolean;
	includeConfidence: boolean;
	keepBinary: boolean;
	maxWait: number;
	mode: 'auto' | 'async' | 'sync';
	pollInitialDelay: number;
	pollInterval: number;
	requestTimeout: number;
	requestsPerMinute: number;
	requestsPerSecond: number;
	workflowId: string;
}

const DEFAULTS: MindeeOptions = {
	allWords: false,
	concurrency: 50,
	cropper: false,
	fullTextOcr: false,
	includeConfidence: false,
	keepBinary: true,
	maxWait: 600,
	mode: 'auto',
	pollInitialDelay: 1.5,
	pollInterval: 1,
	requestTimeout: 120,
	requestsPerMinute: 75,
	requestsPerSecond: 4,
	workflowId: '',
};

export function readOptions(context: IExecuteFunctions, itemIndex: number): MindeeOptions {
	const set = context.getNodeParameter('options', itemIndex, {}) as IDataObject;
	return { ...DEFAULTS, ...set } as MindeeOptions;
}

export function predictOptions(options: MindeeOptions): PredictOptions {
	return {
		cropper: options.cropper,
		fullTextOcr: options.fullTextOcr,
		allWords: options.allWords,
		workflowId: options.workflowId.trim() || undefined,
	};
}

export function pollingOptions(options: MindeeOptions) {
	return {
		initialDelayMs: options.pollInitialDelay * 1000,
		intervalMs: options.pollInterval * 1000,
		maxWaitMs: options.maxWait * 1000,
	};
}
