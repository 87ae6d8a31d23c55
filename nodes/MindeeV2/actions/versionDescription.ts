import type { INodeProperties } from 'n8n-workflow';

import { reviewProperties } from '../../shared/review';
import { inputProperties } from '../helpers/input';
import { modelProperties } from '../helpers/model';
import { optionsProperty } from '../helpers/options';
import { REVIEW_SETUP } from '../helpers/review';
import * as getResult from './getResult.operation';
import * as processDocument from './processDocument.operation';
import * as submit from './submit.operation';

/** The node's parameters: the operation, then what each operation shows (see its description). */
export const versionProperties: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		default: 'extract',
		options: [
			{
				name: 'Classify Document',
				value: 'classify',
				action: 'Classify a document',
				description: 'Send a document to a classification model and wait for its type',
			},
			{
				name: 'Crop Document',
				value: 'crop',
				action: 'Crop a document',
				description: 'Find the documents on a page or photo: one item per crop',
			},
			{
				name: 'Extract Data',
				value: 'extract',
				action: 'Extract data from a document',
				description: 'Send a document to an extraction model and wait for its fields',
			},
			{
				name: 'Get Result',
				value: 'getResult',
				action: 'Get a result',
				description: 'Fetch the result of a submitted document by job or inference ID',
			},
			{
				name: 'Read Text (OCR)',
				value: 'ocr',
				action: 'Read the text of a document',
				description: 'Read the words of each page: one item per page',
			},
			{
				name: 'Split Document',
				value: 'split',
				action: 'Split a document',
				description: 'Find the documents in a multi-page file: one item per page range',
			},
			{
				name: 'Submit Document',
				value: 'submit',
				action: 'Submit a document',
				description:
					'Enqueue a document to any model; its result comes later through the Mindee V2 (Docparse) Trigger or Get Result',
			},
		],
	},
	...modelProperties,
	...inputProperties,
	...submit.description,
	...getResult.description,
	...processDocument.description,
	...reviewProperties(REVIEW_SETUP),
	optionsProperty,
];
