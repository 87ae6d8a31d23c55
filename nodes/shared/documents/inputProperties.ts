import type { INodeProperties } from 'n8n-workflow';

import { DEFAULT_FILE_NAME } from './document';

interface InputTexts {
	/** The URL choice in the Input Type list, and the Document URL field's description. */
	urlChoice: string;
	urlDescription: string;
	/** What the File Name field of base64 input is used for. */
	fileNameDescription: string;
	/** Display conditions of the whole input group (e.g. the operations that upload). */
	show?: Record<string, string[]>;
	/** Fields placed right after Document URL, shown for URL input only. */
	urlExtras?: INodeProperties[];
}

/** Input Type and its fields, the same for every node that uploads a document. */
export function documentInputProperties(texts: InputTexts): INodeProperties[] {
	const show = (inputType?: string) => ({
		show: { ...texts.show, ...(inputType ? { inputType: [inputType] } : {}) },
	});
	return [
		{
			displayName: 'Input Type',
			name: 'inputType',
			type: 'options',
			default: 'binary',
			options: [
				{
					name: 'Binary File',
					value: 'binary',
					description:
						'A file from an earlier node (read from disk, downloaded, an email attachment…)',
				},
				{ name: 'URL', value: 'url', description: texts.urlChoice },
				{ name: 'Base64', value: 'base64', description: "The file's bytes as base64 text" },
			],
			displayOptions: show(),
		},
		{
			displayName: 'Input Binary Field',
			name: 'binaryPropertyName',
			type: 'string',
			default: 'data',
			required: true,
			hint: 'The name of the input field holding the file',
			displayOptions: show('binary'),
		},
		{
			displayName: 'Document URL',
			name: 'documentUrl',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'https://example.com/invoice.pdf',
			description: texts.urlDescription,
			displayOptions: show('url'),
		},
		...(texts.urlExtras ?? []).map((property) => ({ ...property, displayOptions: show('url') })),
		{
			displayName: 'Base64 Content',
			name: 'base64Content',
			type: 'string',
			typeOptions: { rows: 3 },
			default: '',
			required: true,
			description:
				'The file encoded as base64, or a data: URL (data:application/pdf;name=invoice.pdf;base64,…), whose name= names the file when File Name is left at its default',
			displayOptions: show('base64'),
		},
		{
			displayName: 'File Name',
			name: 'fileName',
			type: 'string',
			default: DEFAULT_FILE_NAME,
			description: texts.fileNameDescription,
			displayOptions: show('base64'),
		},
	];
}
