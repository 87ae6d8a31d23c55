import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { CommonOptions } from '../../shared/parameters';
import {
	commonOptionProperties,
	onlyFor,
	optionsCollection,
	readOptionsWithDefaults,
} from '../../shared/parameters';
import { DocparseError } from '../../shared/errors';
import type { PageSelectionOption } from '../../shared/files';
import { pageSelectionProperty } from '../../shared/files';
import { checkPathPart } from '../../shared/urls';
import { includeConfidenceOption } from '../output/description';
import type { Endpoint } from '../products';
import type { PredictOptions } from '../transport/mindeeClient';

export interface MindeeOptions extends CommonOptions {
	allWords: boolean;
	cropper: boolean;
	fullTextOcr: boolean;
	includeConfidence: boolean;
	mode: 'auto' | 'async' | 'sync';
	pageSelection?: PageSelectionOption;
	rag: boolean;
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
	pollInitialDelay: 2,
	pollInterval: 1.5,
	rag: false,
	requestTimeout: 120,
	requestsPerMinute: 75,
	requestsPerSecond: 4,
	workflowId: '',
};

const mindeeOptions: INodeProperties[] = [
	pageSelectionProperty(['parse', 'submit']),
	{
		displayName: 'Include All OCR Words',
		name: 'allWords',
		type: 'boolean',
		default: false,
		description:
			"Whether to add every word Mindee read, page by page, with its position on the page, as ocr_text (Mindee's include_mvision). For highlighting words or your own extraction; for the plain text only, use Include Full OCR Text.",
		...onlyFor('parse', 'submit'),
	},
	{
		displayName: 'Include Document Crops',
		name: 'cropper',
		type: 'boolean',
		default: false,
		description:
			"Whether to add where each document lies on a photo or scan, as polygons per page (Mindee's cropper extra), e.g. to cut out several receipts photographed on one table",
		...onlyFor('parse', 'submit'),
	},
	{
		displayName: 'Include Full OCR Text',
		name: 'fullTextOcr',
		type: 'boolean',
		default: false,
		description:
			"Whether to add the document's whole text as plain text, as full_text_ocr (Mindee's full_text_ocr extra; not every product offers it). For the words with their positions, use Include All OCR Words.",
		...onlyFor('parse', 'submit'),
	},
	{ ...includeConfidenceOption, ...onlyFor('parse', 'getResult') },
	{
		displayName: 'Mode',
		name: 'mode',
		type: 'options',
		default: 'auto',
		description:
			'How the document is sent to Mindee: through its queue (async: submit, then check until done) or in one request that waits for the result (sync). Auto picks what the product offers, async first; for a custom API it tries async, then sync.',
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
		displayName: 'RAG',
		name: 'rag',
		type: 'boolean',
		default: false,
		description:
			'Whether to ask the workflow set in Mindee Workflow ID for retrieval-augmented generation (RAG; rag=true); the matched document comes out as _rag_matching_document_id',
		...onlyFor('parse', 'submit'),
	},
	{
		displayName: 'Mindee Workflow ID',
		name: 'workflowId',
		type: 'string',
		default: '',
		placeholder: 'e.g. 0f3c9a52-1a4e-4c8a-9b7d-2d6a0c4e8f11',
		description:
			"The ID of a workflow on the Mindee platform (not an n8n workflow). The document goes through it (/v1/workflows/&lt;ID&gt;/predict_async) instead of the product's own queue; turn on RAG for retrieval-augmented generation. Workflows are asynchronous: not for synchronous-only products or Mode Sync.",
		...onlyFor('parse', 'submit'),
	},
];

export const optionsProperty = optionsCollection([
	...mindeeOptions,
	...commonOptionProperties({
		service: 'Mindee',
		defaults: DEFAULTS,
		concurrencyDescription:
			'How many items are processed at once; Requests per Second and per Minute pace them, so a high value costs nothing on a small plan and fills a large one. Output order is always the input order.',
		maxWaitDescription:
			'How long to wait for a job before failing the item with its job ID (fetch it later with Get Result). Mindee documents no time limit for V1 jobs; the default is above the 590 s it gives extraction in V2.',
		pollInitialDelayDescription:
			"Wait before a job's first queue check, as Mindee's SDK (2 s); once the batch has seen how long Mindee takes, the first check waits for that too",
		pollIntervalDescription:
			"Wait between two queue checks of one job, as Mindee's SDK (1.5 s; at least 1 s). Every check counts against the Rate Limits.",
		requestTimeoutDescription:
			"How long one request may wait for Mindee's answer to start, or take to arrive in full",
		requestsPerMinuteDescription:
			"Your plan's limit (Mindee v1 default: 75). Every request counts: submits, queue checks, results. 0 means no limit.",
		requestsPerSecondDescription: "Your plan's limit (Mindee v1 default: 4). 0 means no limit.",
		waitingOperations: ['parse', 'getResult'],
		submittingOperations: ['parse'],
	}),
]);

export function readOptions(context: IExecuteFunctions, itemIndex: number): MindeeOptions {
	return readOptionsWithDefaults(context, itemIndex, DEFAULTS);
}

export function predictOptions(options: MindeeOptions): PredictOptions {
	const workflowId = options.workflowId.trim()
		? checkPathPart(options.workflowId, 'Workflow ID')
		: undefined;
	if (options.rag && !workflowId) {
		throw new DocparseError(
			'DOCPARSE_INPUT',
			'The RAG option needs a Workflow ID: Mindee runs retrieval-augmented generation in workflows only',
		);
	}
	return {
		cropper: options.cropper,
		fullTextOcr: options.fullTextOcr,
		allWords: options.allWords,
		workflowId,
		rag: options.rag,
	};
}

/** A workflow only runs asynchronously: refuse it where the request would be synchronous. */
export function checkWorkflowMode(
	options: MindeeOptions,
	endpoint: Endpoint,
	mode: 'async' | 'sync' | 'async-then-sync',
) {
	if (!options.workflowId.trim() || mode !== 'sync') return;
	const reason =
		options.mode === 'sync' ? 'Mode is Sync' : `${endpoint.label} only works synchronously`;
	throw new DocparseError(
		'DOCPARSE_INPUT',
		`The Workflow ID option needs asynchronous processing, but ${reason}; clear Workflow ID or choose a product and mode that run asynchronously`,
	);
}
