import type { INodeProperties } from 'n8n-workflow';

import { keptBinary } from '../../shared/parameters';
import { withFileName } from '../../shared/errors';
import { readDocument, readUploadSettings } from '../helpers/input';
import { readOptions } from '../helpers/options';
import { readServiceId } from '../helpers/service';
import { resultPath } from '../transport/birosClient';
import type { BirosOperation } from './router';

export const description: INodeProperties[] = [
	{
		displayName:
			"Each document is only submitted to Biros' asynchronous API. Get its result later with the Get Result operation and the document_id output here.",
		name: 'submitNotice',
		type: 'notice',
		default: '',
		displayOptions: { show: { operation: ['submit'] } },
	},
];

/** Submit: send the document to the v1 asynchronous API and output what Get Result needs. */
export const execute: BirosOperation = async (context, itemIndex, session, signal) => {
	const options = readOptions(context, itemIndex);
	const serviceId = readServiceId(context, itemIndex);
	const settings = readUploadSettings(context, itemIndex);
	const file = await readDocument(context, itemIndex, options, signal);
	const submitted = await withFileName(
		file.fileName,
		async () => await session.client.submit(serviceId, file, settings, signal),
	);
	return [
		{
			json: {
				service: serviceId,
				document_id: submitted.documentId,
				job_id: submitted.jobId,
				status: 'submitted',
				result_url: session.http.apiUrl(resultPath(serviceId, submitted.documentId)).toString(),
				filename: file.fileName,
			},
			binary: keptBinary(context, itemIndex, options),
		},
	];
};
