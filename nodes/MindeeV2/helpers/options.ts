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
import { PRODUCT_OPERATIONS, PRODUCTS_V2, productOfOperation } from '../products';
import type { EnqueueFields } from '../transport/mindeeV2Client';

export interface MindeeV2Options extends CommonOptions {
	alias: string;
	/** Extraction switches: left unset, the model's own default applies. */
	confidence?: boolean;
	dataSchema: string | object;
	pageSelection?: PageSelectionOption;
	polygon?: boolean;
	rag?: boolean;
	rawText?: boolean;
	textContext: string;
	webhookIds: string;
}

const DEFAULTS: MindeeV2Options = {
	alias: '',
	concurrency: 50,
	dataSchema: '',
	keepBinary: true,
	// Mindee's own limit for the operation's product: see readOptions.
	maxWait: 0,
	pollInitialDelay: 2,
	pollInterval: 1.5,
	requestTimeout: 120,
	requestsPerMinute: 0,
	requestsPerSecond: 5,
	textContext: '',
	webhookIds: '',
};

/** The Data Schema option's starting text: the shape Mindee expects, with the fields still to fill in. */
const DATA_SCHEMA_TEMPLATE = JSON.stringify({ replace: { fields: [] } }, null, 2);

const ENQUEUING = [...PRODUCT_OPERATIONS, 'submit'];
const EXTRACTING = ['extract', 'submit'];

const mindeeV2Options: INodeProperties[] = [
	{
		displayName: 'Alias',
		name: 'alias',
		type: 'string',
		default: '',
		description:
			'A name of your choice for the file, shown on the Mindee platform and in the result',
		...onlyFor(...ENQUEUING),
	},
	{
		displayName: 'Confidence',
		name: 'confidence',
		type: 'boolean',
		default: true,
		description:
			"Whether to ask Mindee for a confidence of each field (extraction models), output as _confidence beside the values. Not set: the model's default; confidences Mindee returns anyway are output too.",
		...onlyFor('extract', 'submit', 'getResult'),
	},
	{
		displayName: 'Data Schema (JSON)',
		name: 'dataSchema',
		type: 'json',
		// Valid JSON from the start (an empty text shows as a JSON error when the option is added).
		default: DATA_SCHEMA_TEMPLATE,
		description:
			'Replaces the model\'s fields for this document (extraction): {"replace": {"fields": [{"name", "title", "is_array", "type", …}]}}. Checked before sending.',
		...onlyFor(...EXTRACTING),
	},
	pageSelectionProperty(ENQUEUING),
	{
		displayName: 'Polygons',
		name: 'polygon',
		type: 'boolean',
		default: true,
		description:
			'Whether to ask Mindee where each extracted value lies on the page (_locations; also output when the model returns them by default). OCR always returns each word with its polygon.',
		...onlyFor('extract', 'submit', 'getResult'),
	},
	{
		displayName: 'RAG',
		name: 'rag',
		type: 'boolean',
		default: true,
		description:
			"Whether to improve extraction with retrieval-augmented generation from the model's validated documents; the match is output as _rag_document_id",
		...onlyFor(...EXTRACTING),
	},
	{
		displayName: 'Raw Text',
		name: 'rawText',
		type: 'boolean',
		default: true,
		description: "Whether to also get the document's full text (extraction), as _raw_text",
		...onlyFor(...EXTRACTING),
	},
	{
		displayName: 'Text Context',
		name: 'textContext',
		type: 'string',
		typeOptions: { rows: 2 },
		default: '',
		description:
			'Extra information given to the model for this document (extraction), e.g. "the supplier is always ACME"',
		...onlyFor(...EXTRACTING),
	},
	{
		displayName: 'Webhook IDs',
		name: 'webhookIds',
		type: 'string',
		default: '',
		placeholder: 'a2286ed9-…, aa0d88be-…',
		description:
			"Comma-separated IDs of the model's webhooks to notify when the result is ready (the Mindee V2 Trigger receives them). Empty: the model's own webhooks.",
		...onlyFor(...ENQUEUING),
	},
];

export const optionsProperty = optionsCollection([
	...mindeeV2Options,
	...commonOptionProperties({
		service: 'Mindee',
		defaults: DEFAULTS,
		concurrencyDescription:
			'How many items are processed at once; Requests per Second and per Minute pace them. Output order is always the input order.',
		maxWaitDescription:
			'How long to wait for a job before failing the item with its job ID (fetch it later with Get Result). 0: as long as Mindee gives the job before it fails it: 590 s for Extract Data, 1200 s for the other operations.',
		pollInitialDelayDescription:
			"Wait before a job's first check, as Mindee's SDK (2 s); once the batch has seen how long Mindee takes, the first check waits for that too",
		pollIntervalDescription:
			"Wait between two checks of one job, as Mindee's SDK (1.5 s; at least 1 s)",
		requestTimeoutDescription:
			"How long one request may wait for Mindee's answer to start, or take to arrive in full",
		requestsPerMinuteDescription:
			"Your plan's limit, if it has one. Every request counts: enqueues, job checks, results. 0 means no limit.",
		requestsPerSecondDescription:
			'Requests sent per second at most, to stay clear of 429 answers. 0 means no limit.',
		waitingOperations: [...PRODUCT_OPERATIONS, 'getResult'],
		submittingOperations: PRODUCT_OPERATIONS,
	}),
]);

/** Mindee's longest limit: a job looked up by ID (Get Result) may be of any product. */
const LONGEST_MINDEE_LIMIT = Math.max(...PRODUCTS_V2.map((product) => product.mindeeLimitSeconds));

export function readOptions(context: IExecuteFunctions, itemIndex: number): MindeeV2Options {
	const options = readOptionsWithDefaults(context, itemIndex, DEFAULTS);
	if (options.maxWait > 0) return options;
	const operation = context.getNodeParameter('operation', itemIndex) as string;
	const maxWait = productOfOperation(operation)?.mindeeLimitSeconds ?? LONGEST_MINDEE_LIMIT;
	return { ...options, maxWait };
}

/** The enqueue form fields from the options; the data schema and webhook IDs are checked here, before sending. */
export function enqueueFields(modelId: string, options: MindeeV2Options): EnqueueFields {
	return {
		modelId,
		alias: options.alias.trim() || undefined,
		webhookIds: options.webhookIds
			.split(',')
			.map((id) => id.trim())
			.filter(Boolean),
		rag: options.rag,
		polygon: options.polygon,
		confidence: options.confidence,
		rawText: options.rawText,
		textContext: options.textContext.trim() || undefined,
		dataSchema: checkedDataSchema(options.dataSchema),
	};
}

/** The data schema as JSON text, if set: an object with `replace.fields`, a non-empty list of named fields. */
function checkedDataSchema(value: string | object): string | undefined {
	if (typeof value === 'string' && value.trim() === '') return undefined;
	let schema: unknown = value;
	if (typeof value === 'string') {
		try {
			schema = JSON.parse(value);
		} catch (error) {
			throw new DocparseError(
				'DOCPARSE_INPUT',
				`The Data Schema option is not valid JSON (${(error as Error).message})`,
			);
		}
	}
	const fields = (schema as { replace?: { fields?: unknown } } | null)?.replace?.fields;
	if (!Array.isArray(fields) || fields.length === 0) {
		throw new DocparseError(
			'DOCPARSE_INPUT',
			'The Data Schema option needs {"replace": {"fields": [...]}} with at least one field',
		);
	}
	fields.forEach((field, index) => {
		const entry = field as Record<string, unknown> | null;
		const missing = ['name', 'title', 'type'].filter(
			(key) => typeof entry?.[key] !== 'string' || entry[key] === '',
		);
		if (typeof entry?.is_array !== 'boolean') missing.push('is_array');
		if (missing.length > 0) {
			throw new DocparseError(
				'DOCPARSE_INPUT',
				`Data Schema field ${index}${typeof entry?.name === 'string' ? ` ("${entry.name}")` : ''} lacks ${missing.join(', ')}`,
			);
		}
	});
	return JSON.stringify(schema);
}
