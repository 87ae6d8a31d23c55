import { copyFile, readFile, stat, writeFile } from 'node:fs/promises';
import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';

/**
 * Stands in for the harness's test source in the memory runs: each item names a file on disk, which is
 * put into n8n's filesystem binary store by the kernel (a file copy), not through JavaScript buffers.
 * Storing it through a stream would leave the file's size in freed-but-uncollected buffers in the very
 * process whose peak RSS is measured, before the node under test even starts: the measurement would then
 * show the source's garbage, not the node's.
 *
 * The store entry is made the ordinary way (prepareBinaryData, with a placeholder), then its file is
 * replaced by a copy of the real one and its metadata given the real size.
 */
export class FileSource implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Bench File Source',
		name: 'testSource',
		group: ['input'],
		version: 1,
		description: 'Emits one item per file path',
		defaults: { name: 'Source' },
		inputs: [],
		outputs: ['main'],
		properties: [{ displayName: 'Items', name: 'items', type: 'string', default: '[]' }],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const encoded = JSON.parse(this.getNodeParameter('items', 0) as string) as Array<{
			json: { path: string; fileName: string };
		}>;
		const items: INodeExecutionData[] = [];
		for (const { json } of encoded) {
			const binary = await this.helpers.prepareBinaryData(
				Buffer.from('%PDF-'),
				json.fileName,
				'application/pdf',
			);
			const stored = this.helpers.getBinaryPath(binary.id!);
			await copyFile(json.path, stored);
			const { size } = await stat(stored);
			const metadata = JSON.parse(await readFile(`${stored}.metadata`, 'utf8')) as Record<
				string,
				unknown
			>;
			if (metadata.fileSize === undefined)
				throw new Error('Unexpected layout of the binary store: no fileSize in the metadata');
			await writeFile(`${stored}.metadata`, JSON.stringify({ ...metadata, fileSize: size }));
			binary.bytes = size;
			binary.fileSize = `${(size / 1_000_000).toFixed(1)} MB`;
			items.push({ json: { fileName: json.fileName }, binary: { data: binary } });
		}
		return [items];
	}
}
