import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import {
	MB,
	documentFromBase64,
	documentFromBinary,
	documentInputProperties,
} from '../../shared/documents';
import type { DocumentFile, DocumentRules } from '../../shared/documents';
import { DocparseError } from '../../shared/errors';
import { downloadDocument } from '../../shared/transport';
import type { UploadSettings } from '../transport/birosClient';
import type { BirosOptions } from './options';

const uploading = { operation: ['predict', 'submit'] };

/** What is sent for each item: the document, and the form fields of the reference page. */
export const inputProperties: INodeProperties[] = [
	...documentInputProperties({
		urlChoice: 'A link the node downloads, then uploads to Biros',
		urlDescription:
			'An http(s) link to the file. n8n downloads it (no credential is sent there), then uploads it to Biros.',
		fileNameDescription: 'The name Biros records for this document (original_name)',
		show: uploading,
		urlExtras: [
			{
				displayName: 'Allow Private Network URLs',
				name: 'allowPrivateNetwork',
				type: 'boolean',
				default: false,
				description:
					'Whether to download from loopback, private and link-local addresses (localhost, 10.x, 192.168.x, cloud metadata…). Leave off unless the file is on your own network and the URL comes from a trusted source.',
			},
		],
	}),
	{
		displayName: 'Push Result on Platform',
		name: 'pushResultOnPlatform',
		type: 'options',
		default: 'never',
		required: true,
		options: [
			{
				name: 'Never',
				value: 'never',
				description: 'The document is not uploaded to the Biros platform',
			},
			{
				name: 'Always',
				value: 'always',
				description: 'The document is always uploaded to the Biros platform',
			},
			{
				name: 'Only for Review',
				value: 'only_review',
				description:
					'The validation policies run, and the document is uploaded to the platform if any is violated',
			},
		],
		description:
			'Whether and when Biros uploads the predicted document to its platform (push_result_on_platform)',
		displayOptions: { show: uploading },
	},
	{
		displayName: 'Include Validation Errors',
		name: 'includeValidationErrors',
		type: 'boolean',
		default: false,
		description:
			"Whether Biros checks the result against the service's validation policies and reports violations (output as policy_violations)",
		displayOptions: { show: uploading },
	},
];

/**
 * Checked before upload. The reference page defers to Biros' "Limits & Constraints" page, which is not
 * available here: these are the common document types of OCR services and a generous size cap.
 */
const BIROS_RULES: DocumentRules = {
	service: 'Biros',
	maxBytes: 50 * MB,
	allowedTypes: ['application/pdf', 'image/jpeg', 'image/png', 'image/tiff'],
};

/** The item's document, checked before anything is uploaded. */
export async function readDocument(
	context: IExecuteFunctions,
	itemIndex: number,
	options: BirosOptions,
	signal: AbortSignal,
): Promise<DocumentFile> {
	const inputType = context.getNodeParameter('inputType', itemIndex) as string;
	if (inputType === 'url') {
		const url = context.getNodeParameter('documentUrl', itemIndex) as string;
		const allowPrivateNetwork = context.getNodeParameter(
			'allowPrivateNetwork',
			itemIndex,
			false,
		) as boolean;
		return await downloadDocument(
			url,
			BIROS_RULES,
			{ timeoutMs: options.requestTimeout * 1000, allowPrivateNetwork },
			signal,
		);
	}
	if (inputType === 'base64') {
		const content = context.getNodeParameter('base64Content', itemIndex) as string;
		const fileName = context.getNodeParameter('fileName', itemIndex, 'document.pdf') as string;
		return await documentFromBase64(content, fileName, BIROS_RULES);
	}
	if (inputType !== 'binary')
		throw new DocparseError('DOCPARSE_INPUT', `Unknown input type "${inputType}"`);
	const propertyName = context.getNodeParameter('binaryPropertyName', itemIndex) as string;
	return await documentFromBinary(context, itemIndex, propertyName, BIROS_RULES);
}

export function readUploadSettings(context: IExecuteFunctions, itemIndex: number): UploadSettings {
	return {
		pushResultOnPlatform: context.getNodeParameter('pushResultOnPlatform', itemIndex) as string,
		includeValidationErrors: context.getNodeParameter(
			'includeValidationErrors',
			itemIndex,
			false,
		) as boolean,
	};
}
