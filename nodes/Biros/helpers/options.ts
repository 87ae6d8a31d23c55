import type { IExecuteFunctions } from 'n8n-workflow';

import type { CommonOptions } from '../../shared/parameters';
import {
	commonOptionProperties,
	onlyFor,
	optionsCollection,
	readOptionsWithDefaults,
} from '../../shared/parameters';
import { includeConfidenceOption } from '../output/description';

export interface BirosOptions extends CommonOptions {
	includeConfidence: boolean;
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

export const optionsProperty = optionsCollection([
	{ ...includeConfidenceOption, ...onlyFor('predict', 'getResult') },
	...commonOptionProperties({
		service: 'Biros',
		defaults: DEFAULTS,
		concurrencyDescription:
			'How many items are processed at once. Output order is always the input order.',
		maxWaitDescription:
			'How long to wait for an asynchronous result before failing the item with its document ID (get it later with Get Result)',
		pollInitialDelayDescription:
			'Asynchronous mode: wait before the first result check, until the batch has seen how long Biros takes; later checks are timed from that',
		pollIntervalDescription:
			'Asynchronous mode: wait between two result checks of one document (at least 1 s)',
		requestTimeoutDescription:
			"How long one request may wait for Biros' answer to start, or take to arrive in full; also the time limit of a URL download",
		requestsPerMinuteDescription:
			"Your plan's limit, if any. Every request to Biros counts: uploads and result checks. 0 means no limit.",
		requestsPerSecondDescription: "Your plan's limit, if any. 0 means no limit.",
		waitingOperations: ['predict', 'getResult'],
		submittingOperations: ['predict'],
	}),
]);

export function readOptions(context: IExecuteFunctions, itemIndex: number): BirosOptions {
	return readOptionsWithDefaults(context, itemIndex, DEFAULTS);
}
