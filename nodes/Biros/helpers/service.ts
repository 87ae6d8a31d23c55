import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { DocparseError } from '../../shared/errors';
import { checkPathPart } from '../../shared/urls';

export const serviceIdProperty: INodeProperties = {
	displayName: 'Service ID',
	name: 'serviceId',
	type: 'string',
	default: '',
	required: true,
	placeholder: 'e.g. 6630d1d1c3b5f2a1e4b7c9d0',
	description:
		'The identifier of your Biros service, as shown on the Biros platform; its fields name the output',
};

/** The service an item targets (read per item, so an expression can route documents to services). */
export function readServiceId(context: IExecuteFunctions, itemIndex: number): string {
	const serviceId = (context.getNodeParameter('serviceId', itemIndex) as string).trim();
	if (!serviceId)
		throw new DocparseError(
			'DOCPARSE_INPUT',
			'The Service ID is empty; copy it from your service on the Biros platform',
		);
	return checkPathPart(serviceId, 'Service ID');
}
