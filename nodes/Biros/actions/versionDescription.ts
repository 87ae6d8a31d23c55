import type { INodeProperties } from 'n8n-workflow';

import { inputProperties } from '../helpers/input';
import { optionsProperty } from '../helpers/options';
import { serviceIdProperty } from '../helpers/service';
import { outputProperty } from '../output/description';
import * as getResult from './getResult.operation';
import * as predict from './predict.operation';
import * as submit from './submit.operation';

/** The node's parameters: the operation, then what each operation shows (see its description). */
export const versionProperties: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		default: 'predict',
		options: [
			{
				name: 'Predict',
				value: 'predict',
				action: 'Extract the fields of a document',
				description: "Send a document and get the service's fields",
			},
			{
				name: 'Submit Document',
				value: 'submit',
				action: 'Submit a document for asynchronous prediction',
				description: 'Send a document to the asynchronous API and get its document ID',
			},
			{
				name: 'Get Result',
				value: 'getResult',
				action: 'Get the result of a submitted document',
				description: 'Get the fields of a document sent with Submit',
			},
		],
	},
	serviceIdProperty,
	...predict.description,
	...submit.description,
	...inputProperties,
	...getResult.description,
	{ ...outputProperty, displayOptions: { show: { operation: ['predict', 'getResult'] } } },
	optionsProperty,
];
