import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';

export const TEST_SOURCE_TYPE = 'testSource';

interface EncodedItem {
	json: Record<string, unknown>;
	binary: Record<string, { data: string; fileName: string; mimeType: string }>;
}

/**
 * Test-only node that emits the items a test describes, storing their files through n8n's own binary
 * helpers (so they get an id in filesystem mode, exactly like files coming from a real upstream node).
 */
export class TestSource implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Test Source',
		name: TEST_SOURCE_TYPE,
		group: ['input'],
		version: 1,
		description: 'Emits test items',
		defaults: { name: 'Source' },
		inputs: [],
		outputs: ['main'],
		properties: [{ displayName: 'Items', name: 'items', type: 'string', default: '[]' }],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const encoded = JSON.parse(this.getNodeParameter('items', 0) as string) as EncodedItem[];
		const items: INodeExecutionData[] = [];
		for (const item of encoded) {
			const binary: INodeExecutionData['binary'] = {};
			for (const [key, file] of Object.entries(item.binary)) {
				binary[key] = await this.helpers.prepareBinaryData(
					Buffer.from(file.data, 'base64'),
					file.fileName,
					file.mimeType,
				);
			}
			items.push({ json: item.json as INodeExecutionData['json'], binary });
		}
		return [items];
	}
}
