import type { INodeProperties } from 'n8n-workflow';

import { reviewProperties } from '../../shared/review';
import { inputProperties } from '../helpers/input';
import { optionsProperty } from '../helpers/options';
import { productProperties } from '../helpers/product';
import { REVIEW_SETUP } from '../helpers/review';
import * as getResult from './getResult.operation';
import * as parse from './parse.operation';
import * as submit from './submit.operation';

/** The node's parameters: the operation, then what each operation shows (see its description). */
export const versionProperties: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		default: 'parse',
		options: [
			{
				name: 'Parse Document',
				value: 'parse',
				action: 'Parse a document',
				description: 'Send a document and wait for its fields',
			},
			{
				name: 'Submit Document',
				value: 'submit',
				action: 'Submit a document',
				description:
					'Enqueue a document; its result comes later through the Mindee (Docparse) Trigger or Get Result',
			},
			{
				name: 'Get Result',
				value: 'getResult',
				action: 'Get a result',
				description: 'Fetch the fields of a submitted document by job or document ID',
			},
		],
	},
	...productProperties,
	...inputProperties,
	...parse.description,
	...submit.description,
	...getResult.description,
	...reviewProperties(REVIEW_SETUP),
	optionsProperty,
];
