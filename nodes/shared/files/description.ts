import type { INodeProperties } from 'n8n-workflow';

/** What split and crop items carry: the piece each describes, the whole input, or no file. */
export type FilesMode = 'pieces' | 'input' | 'none';

/** The Files parameter, shown where `show` says (the split and crop operations or products). */
export function filesProperty(show: Record<string, string[]>): INodeProperties {
	return {
		displayName: 'Files',
		name: 'files',
		type: 'options',
		default: 'pieces',
		options: [
			{
				name: 'One File per Piece',
				value: 'pieces',
				description:
					'Each item carries its piece in binary "data": a PDF of its pages, or the cropped image (a one-page PDF for a PDF)',
			},
			{
				name: 'Whole Input File',
				value: 'input',
				description: "Each item carries the input item's files",
			},
			{ name: 'No File', value: 'none', description: 'JSON only' },
		],
		description: 'The file each output item carries',
		displayOptions: { show },
	};
}
