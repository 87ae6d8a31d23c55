import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { CommonOptions } from '../../shared/commonOptions';
import {
	commonOptionProperties,
	onlyFor,
	optionsCollection,
	readOptions as readWithDefaults,
} from '../../shared/commonOptions';
import { checkPathPart } from '../../shared/pathPart';
import { includeConfidenceOption } from '../output/description';
import type { PredictOptions } from '../transport/mindeeClient';

export interface MindeeOptions extends CommonOptions {
	allWords: boolean;
	cropper: boolean;
	fullTextOcr: boolean;
	includeConfidence: boolean;
	mode: 'auto' | 'async' | 'sync';
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

const mindeeOptions: INodeProperties[] = [
	{
		displayName: 'All Words (OCR)',
		name: 'allWords',
		type: 'boolean',
		default: false,
		description:
			'Whether to also return every word Mindee read on the pages (include_mvision), as ocr_text',
		...onlyFor('parse', 'submit'),
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
		displayName: 'Mode',
		name: 'mode',
		type: 'options',
		default: 'auto',
		options: [
			{
				name: 'Auto',
				value: 'auto',
				description: 'Asynchronous where the API offers it, else synchronous',
			},
			{
				name: 'Async',
				value: 'async',
				description: 'Enqueue, then poll the queue (up to 20 MB / 20 pages)',
			},
			{
				name: 'Sync',
				value: 'sync',
				description: 'One request that waits for the result (up to 10 MB)',
			},
		],
		...onlyFor('parse'),
	},
	{
		displayName: 'Workflow ID (RAG)',
		name: 'workflowId',
		type: 'string',
		default: '',
		description:
			'Send the document through this Mindee workflow with retrieval-augmented generation (/v1/workflows/&lt;ID&gt;/predict_async)',
		...onlyFor('parse', 'submit'),
	},
];

export const optionsProperty = optionsCollection([
	...mindeeOptions,
	...commonOptionProperties({
		service: 'Mindee',
		defaults: DEFAULTS,
		concurrencyDescription:
			'How many items are processed at once; the request limits below pace them, so a high value costs nothing on a small plan and fills a large one. Output order is always the input order.',
		maxWaitDescription:
			'How long to wait for a job before failing the item with its job ID (fetch it later with Get Result)',
		pollInitialDelayDescription:
			'Wait before the first queue check, until the batch has seen how long Mindee takes; later checks are timed from that',
		pollIntervalDescription: 'Longest wait between two queue checks of one job',
		requestTimeoutDescription:
			"How long one request may wait for Mindee's answer to start, or take to arrive in full",
		requestsPerMinuteDescription:
			"Your plan's limit (Mindee v1 default: 75). Every request counts: submits, queue checks, results. 0 means no limit.",
		requestsPerSecondDescription: "Your plan's limit (Mindee v1 default: 4). 0 means no limit.",
		waitingOperations: ['parse', 'getResult'],
		submittingOperations: ['parse', 'getResult'],
	}),
]);

export function readOptions(context: IExecuteFunctions, itemIndex: number): MindeeOptions {
	return readWithDefaults(context, itemIndex, DEFAULTS);
}

export function predictOptions(options: MindeeOptions): PredictOptions {
	return {
		cropper: options.cropper,
		fullTextOcr: options.fullTextOcr,
		allWords: options.allWords,
		workflowId: options.workflowId.trim()
			? checkPathPart(options.workflowId, 'Workflow ID (RAG)')
			: undefined,
	};
}
