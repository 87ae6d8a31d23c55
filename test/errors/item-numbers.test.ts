/**
 * Issue #24, point 6: an error names its item once, counted from 1 as n8n's panels count items, and a
 * missing binary field comes with the fields the item does have.
 */
import { pdfItem } from '../harness/files';
import type { FakeServer } from '../faults/services';
import { SERVICES } from '../faults/services';

describe.each(SERVICES)('$name', (service) => {
	let server: FakeServer;
	beforeEach(async () => {
		server = await service.start({ processingMs: 0 });
	});
	afterEach(async () => await server.close());

	test("an item without the binary field: its number once, from 1, and the item's own fields", async () => {
		const { error } = await service.run(
			server,
			{ ...service.submitOnly, binaryPropertyName: 'file' },
			{ items: [pdfItem()] },
		);
		expect(error?.message).toBe("The item has no binary field 'file'; it has: data (item 1)");
		expect(server.requests).toHaveLength(0);
	});

	test('under Continue On Fail, the second item is item 2; an item with no file at all says so', async () => {
		const { items } = await service.run(
			server,
			{ ...service.submitOnly, binaryPropertyName: 'file' },
			{
				continueOnFail: true,
				items: [{ json: {}, binary: { file: pdfItem().binary.data } }, { json: { no: 'file' } }],
			},
		);
		expect(items[1].json.error).toBe(
			"The item has no binary field 'file', nor any other: the previous node output no file (item 2)",
		);
	});

	test('a run stopped by a failure lists its items from 1', async () => {
		const { error } = await service.run(
			server,
			{ ...service.submitOnly, binaryPropertyName: 'file', options: { concurrency: 1 } },
			{ items: [{ json: {}, binary: { file: pdfItem().binary.data } }, pdfItem()] },
		);
		expect(error?.message).toBe("The item has no binary field 'file'; it has: data (item 2)");
		expect(error?.description).toMatch(/item 1: done.*item 2: failed/);
		expect(error?.description).not.toMatch(/item 0/);
	});
});

test("an error n8n's own helpers raise names the item once, from 1", async () => {
	const [service] = SERVICES;
	const server = await service.start({ processingMs: 0 });
	try {
		const { error } = await service.run(
			server,
			{ operation: 'noSuchOperation' },
			{ items: [pdfItem(), pdfItem()], continueOnFail: false },
		);
		expect(error?.message).toBe('Unknown operation "noSuchOperation" (item 1)');
	} finally {
		await server.close();
	}
});
