/* eslint-disable n8n-nodes-base/node-param-default-missing -- the defaults are each node's DEFAULTS, the values readOptions applies too */
import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	INodePropertyCollection,
} from 'n8n-workflow';

import { DocparseError } from '../errors';
import type { PollingOptions } from '../polling';

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

/** Shows an option of the node's Options collection only for some operations. */
export const onlyFor = (...operations: string[]) => ({
	displayOptions: { show: { '/operation': operations } },
});

type NumberOption = Exclude<keyof CommonOptions, 'keepBinary'>;

/** What a number option accepts, in the editor (typeOptions) and at run time (checkedOptions). */
interface NumberRange {
	min: number;
	max?: number;
	integer?: boolean;
	/** What the least value means, when it means something else than its number (Max Wait 0). */
	minMeans?: string;
}

/**
 * The rarely changed settings, grouped in the Options collection as n8n's HTTP Request node groups its
 * Batching: each a fixedCollection holding one set of values. A group's values are stored under
 * options.<group>.settings with the names the options had when they were flat in the collection (read as
 * a fallback, so saved workflows keep their values).
 */
const GROUPS = [
	{ name: 'polling', displayName: 'Polling', placeholder: 'Add Polling Settings' },
	{ name: 'rateLimits', displayName: 'Rate Limits', placeholder: 'Add Rate Limits' },
] as const;
const GROUP_VALUES = 'settings';

/** Advanced settings come last in the Options list: the timeout and the groups, then old flat settings. */
const ADVANCED = new Set<string>(['requestTimeout', ...GROUPS.map((group) => group.name)]);
const OLD_SETTING = ' (Old Setting)';

export function commonOptionProperties(texts: CommonOptionTexts): INodeProperties[] {
	const { defaults } = texts;
	const ranges = optionRanges(defaults);
	const number = (
		name: NumberOption,
		displayName: string,
		description: string,
		extra: Partial<INodeProperties> = {},
	): INodeProperties => {
		const { min, max, integer } = ranges[name];
		return {
			displayName,
			name,
			type: 'number',
			typeOptions: {
				minValue: min,
				...(max === undefined ? {} : { maxValue: max }),
				...(integer ? {} : { numberPrecision: 2 }),
			},
			default: defaults[name],
			description,
			...extra,
		};
	};
	const flat: INodeProperties[] = [
		{
			displayName: 'Keep Input Binary',
			name: 'keepBinary',
			type: 'boolean',
			default: defaults.keepBinary,
			description:
				"Whether output items carry the input item's files, e.g. to archive the PDF next to its data",
		},
		number('requestTimeout', 'Request Timeout', `${texts.requestTimeoutDescription} (seconds)`),
	];
	const polling = group('polling', onlyFor(...texts.waitingOperations), [
		number('maxWait', 'Max Wait (Seconds)', texts.maxWaitDescription),
		number('pollInterval', 'Interval (Seconds)', texts.pollIntervalDescription),
		number(
			'pollInitialDelay',
			'Initial Delay (Seconds)',
			texts.pollInitialDelayDescription,
			onlyFor(...texts.submittingOperations),
		),
	]);
	const rateLimits = group('rateLimits', {}, [
		number('requestsPerSecond', 'Requests per Second', texts.requestsPerSecondDescription),
		number('requestsPerMinute', 'Requests per Minute', texts.requestsPerMinuteDescription),
		number('concurrency', 'Concurrency', texts.concurrencyDescription),
	]);
	return [...flat, polling, rateLimits, ...flatFallbacks(polling), ...flatFallbacks(rateLimits)];
}

function group(
	name: (typeof GROUPS)[number]['name'],
	display: Partial<INodeProperties>,
	values: INodeProperties[],
): INodeProperties {
	const { displayName, placeholder } = GROUPS.find((entry) => entry.name === name)!;
	return {
		displayName,
		name,
		type: 'fixedCollection',
		placeholder,
		typeOptions: { multipleValues: false },
		default: { [GROUP_VALUES]: {} },
		options: [{ displayName, name: GROUP_VALUES, values }],
		...display,
	};
}

/** The allowed values of each number option; Max Wait starts at 0 where 0 stands for the API's own limit. */
function optionRanges(defaults: CommonOptions): Record<NumberOption, NumberRange> {
	return {
		concurrency: { min: 1, max: 200, integer: true },
		maxWait: defaults.maxWait === 0 ? { min: 0, minMeans: "the API's own limit" } : { min: 1 },
		pollInitialDelay: { min: 0 },
		// Never a check a second: see shared/polling/polling.ts.
		pollInterval: { min: 1 },
		requestTimeout: { min: 0.1 },
		requestsPerMinute: { min: 0, integer: true, minMeans: 'no limit' },
		requestsPerSecond: { min: 0, minMeans: 'no limit' },
	};
}

/**
 * A group's values as workflows saved before the groups hold them, flat in the Options collection:
 * declared, since n8n drops the collection values a node does not declare, and shown only where set.
 */
function flatFallbacks(group: INodeProperties): INodeProperties[] {
	const [{ values }] = group.options as INodePropertyCollection[];
	return values.map((option) => ({
		...option,
		displayName: `${option.displayName}${OLD_SETTING}`,
		description: `${group.displayName} → ${option.displayName}, as an older version of this node saved it; a value set under ${group.displayName} takes its place`,
		displayOptions: {
			show: {
				...group.displayOptions?.show,
				...option.displayOptions?.show,
				[option.name]: [{ _cnd: { exists: true } }],
			},
		},
	}));
}

/** An Options collection of common and node-specific options: alphabetical, as n8n lists them, advanced ones last. */
export function optionsCollection(options: INodeProperties[]): INodeProperties {
	const advanced = (option: INodeProperties) =>
		option.displayName.endsWith(OLD_SETTING) ? 2 : ADVANCED.has(option.name) ? 1 : 0;
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

/**
 * The item's Options, with the defaults of those not set; a group's values (Polling, Rate Limits) over
 * the same names set flat (workflows saved before the groups). A number out of its range fails the item:
 * the editor keeps typed values in range, but an expression or an imported workflow can give any value.
 */
export function readOptionsWithDefaults<T extends CommonOptions>(
	context: IExecuteFunctions,
	itemIndex: number,
	defaults: T,
): T {
	const { polling, rateLimits, ...flat } = context.getNodeParameter(
		'options',
		itemIndex,
		{},
	) as IDataObject;
	const options = {
		...defaults,
		...flat,
		...groupValues(polling),
		...groupValues(rateLimits),
	} as T;
	return checkRanges(options, optionRanges(defaults));
}

function groupValues(group: unknown): IDataObject {
	const values = (group as IDataObject | undefined)?.[GROUP_VALUES];
	return values && typeof values === 'object' ? (values as IDataObject) : {};
}

/** Option display names in messages, with their group: "Polling → Max Wait (Seconds)". */
const OPTION_LABELS: Record<NumberOption, string> = {
	concurrency: 'Rate Limits → Concurrency',
	maxWait: 'Polling → Max Wait (Seconds)',
	pollInitialDelay: 'Polling → Initial Delay (Seconds)',
	pollInterval: 'Polling → Interval (Seconds)',
	requestTimeout: 'Request Timeout',
	requestsPerMinute: 'Rate Limits → Requests per Minute',
	requestsPerSecond: 'Rate Limits → Requests per Second',
};

/** The options with each number checked against its range; a number given as text (an expression) is read. */
function checkRanges<T extends CommonOptions>(
	options: T,
	ranges: Record<NumberOption, NumberRange>,
): T {
	const checked = { ...options };
	for (const name of Object.keys(ranges) as NumberOption[]) {
		const given: unknown = options[name];
		const value = typeof given === 'string' && given.trim() !== '' ? Number(given) : given;
		const range = ranges[name];
		const inRange =
			typeof value === 'number' &&
			Number.isFinite(value) &&
			value >= range.min &&
			(range.max === undefined || value <= range.max) &&
			(!range.integer || Number.isInteger(value));
		if (inRange) {
			checked[name] = value;
			continue;
		}
		const shown = typeof given === 'string' ? `"${given}"` : String(JSON.stringify(given) ?? given);
		throw new DocparseError(
			'DOCPARSE_OPTION_RANGE',
			`The option ${OPTION_LABELS[name]} is ${shown}: it must be ${describeRange(range)}`,
			{ context: { option: OPTION_LABELS[name] } },
		);
	}
	return checked;
}

/** "a whole number from 1 to 200", "a number of at least 1", "0 (no limit) or more". */
function describeRange({ min, max, integer, minMeans }: NumberRange): string {
	const kind = integer ? 'a whole number' : 'a number';
	if (max !== undefined) return `${kind} from ${min} to ${max}`;
	if (minMeans) return `${kind}: ${min} (${minMeans}) or more`;
	return `${kind} of at least ${min}`;
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
