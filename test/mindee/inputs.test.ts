import { createHash } from 'node:crypto';

import { incrementallyUpdatedPdf, pdfItem, samplePdf, samplePng } from '../harness/files';
import type { FakeMindee } from './setup';
import { runMindee, startMindeeServer } from './setup';

let server: FakeMindee;
beforeEach(async () => {
	server = await startMindeeServer({ processingMs: 0 });
});
afterEach(async () => await server.close());

const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

test('binary input is uploaded as the multipart "document" file, byte for byte, with its name and sniffed type', async () => {
	// 1 MB: many more chunks than the reader's ring of reused buffers, so a reuse too early would corrupt the upload.
	const pdf = samplePdf(3, 1_000_000);
	await runMindee(server, {}, { items: [pdfItem('march.pdf', pdf)] });
	const { upload } = server.requestsOf('submit')[0];
	expect(upload).toMatchObject({
		kind: 'file',
		fileName: 'march.pdf',
		contentType: 'application/pdf',
		size: pdf.length,
		sha256: sha256(pdf),
	});
});

test('a binary labelled with the wrong MIME type is sent with its real type', async () => {
	await runMindee(
		server,
		{},
		{
			items: [
				{
					json: {},
					binary: {
						data: { data: samplePng(), fileName: 'photo', mimeType: 'application/octet-stream' },
					},
				},
			],
		},
	);
	expect(server.requestsOf('submit')[0].upload.contentType).toBe('image/png');
});

test('a binary in another property', async () => {
	const { run } = await runMindee(
		server,
		{ binaryPropertyName: 'attachment_0' },
		{
			items: [
				{
					json: {},
					binary: {
						attachment_0: { data: samplePdf(), fileName: 'mail.pdf', mimeType: 'application/pdf' },
					},
				},
			],
		},
	);
	expect(run.status).toBe('success');
	expect(server.requestsOf('submit')[0].upload.fileName).toBe('mail.pdf');
});

test('URL input: Mindee receives the public HTTPS link as JSON', async () => {
	const { items } = await runMindee(
		server,
		{ inputType: 'url', documentUrl: 'https://files.example.com/inv.pdf' },
		{ items: [{ json: {} }] },
	);
	expect(server.requestsOf('submit')[0].upload).toMatchObject({
		kind: 'url',
		url: 'https://files.example.com/inv.pdf',
	});
	expect(items[0].json.invoice_number).toBe('1547854214');
});

test('URL input refuses anything but https before sending', async () => {
	const { error } = await runMindee(
		server,
		{ inputType: 'url', documentUrl: 'http://files.example.com/inv.pdf' },
		{ items: [{ json: {} }] },
	);
	expect(error?.message).toMatch(
		/is not an https:\/\/ link; Mindee only fetches HTTPS URLs \(item 1\)$/,
	);
	expect(server.requests).toHaveLength(0);
});

test('base64 input is decoded and uploaded as a file with the given name', async () => {
	const pdf = samplePdf();
	await runMindee(
		server,
		{
			inputType: 'base64',
			base64Content: `data:application/pdf;base64,${pdf.toString('base64')}`,
			fileName: 'b64.pdf',
		},
		{ items: [{ json: {} }] },
	);
	expect(server.requestsOf('submit')[0].upload).toMatchObject({
		fileName: 'b64.pdf',
		sha256: sha256(pdf),
	});
});

describe('the page count of a PDF', () => {
	test.each([
		[
			'12 pages saved with one incremental update (24 page objects)',
			incrementallyUpdatedPdf(12, 1),
		],
		['20 pages saved with two incremental updates', incrementallyUpdatedPdf(20, 2)],
		[
			'25 page objects but no readable page tree: Mindee decides',
			Buffer.from(
				samplePdf(25)
					.toString('latin1')
					.replace(/trailer[\s\S]*$/, ''),
				'latin1',
			),
		],
	])('is read from the latest revision: %s is sent', async (_label, data) => {
		const { error } = await runMindee(server, {}, { items: [pdfItem('updated.pdf', data)] });
		expect(error).toBeUndefined();
		expect(server.requestsOf('submit')).toHaveLength(1);
	});

	test('a PDF of 21 pages whose latest revision says so is refused before upload', async () => {
		const { error } = await runMindee(
			server,
			{},
			{ items: [pdfItem('long.pdf', incrementallyUpdatedPdf(21, 1))] },
		);
		expect(error?.message).toMatch(/The PDF "long.pdf" has 21 pages; Mindee accepts at most 20/);
		expect(server.requests).toHaveLength(0);
	});
});

describe('checks before any upload', () => {
	test.each([
		['an empty file', Buffer.alloc(0), /The file "bad.pdf" is empty \(item 1\)/],
		[
			'a text file',
			Buffer.from('hello, this is not a document at all'),
			/The file "bad.pdf" is not a supported document; Mindee accepts PDF, JPEG, PNG, WEBP, HEIC, TIFF \(item 1\)/,
		],
		[
			'a PDF over 20 pages',
			samplePdf(21),
			/The PDF "bad.pdf" has 21 pages; Mindee accepts at most 20 here \(item 1\)/,
		],
	])('rejects %s', async (_label, data, message) => {
		const { error } = await runMindee(server, {}, { items: [pdfItem('bad.pdf', data)] });
		expect(error?.message).toMatch(message);
		expect(server.requests).toHaveLength(0);
	});

	test("rejects a file over 20 MB (streamed from n8n's binary store)", async () => {
		const { error } = await runMindee(
			server,
			{},
			{ items: [pdfItem('huge.pdf', samplePdf(1, 20_000_001))] },
		);
		expect(error?.message).toBe(
			'The file "huge.pdf" is 20 MB (20000001 bytes); Mindee accepts at most 20 MB (20000000 bytes) here (item 1)',
		);
		expect(server.requests).toHaveLength(0);
	});

	test('applies the 10 MB limit of synchronous mode', async () => {
		const { error } = await runMindee(
			server,
			{ product: 'passport' },
			{ items: [pdfItem('big.pdf', samplePdf(1, 12_000_000))] },
		);
		expect(error?.message).toMatch(
			/is 12 MB \(12000000 bytes\); Mindee accepts at most 10 MB \(10000000 bytes\) here/,
		);
		expect(server.requests).toHaveLength(0);
	});

	test('invalid base64 text', async () => {
		const { error } = await runMindee(
			server,
			{ inputType: 'base64', base64Content: 'not base64 at all!', fileName: 'x.pdf' },
			{ items: [{ json: {} }] },
		);
		expect(error?.message).toMatch(/not valid base64/);
	});

	test('a missing binary property names the property', async () => {
		const { error } = await runMindee(server, {}, { items: [{ json: {} }] });
		expect(error?.message).toMatch(/data/);
		expect(server.requests).toHaveLength(0);
	});

	test('an unknown product from an expression', async () => {
		const { error } = await runMindee(
			server,
			{ product: '={{ "receipts_v9" }}' },
			{ items: [pdfItem()] },
		);
		expect(error?.message).toMatch(/Unknown Mindee product "receipts_v9"/);
	});
});

test('Continue On Fail: every input item yields exactly one item, in order, failures as error items', async () => {
	const items = [
		pdfItem('ok-1.pdf'),
		pdfItem('empty.pdf', Buffer.alloc(0)),
		pdfItem('ok-2.pdf'),
		pdfItem('text.pdf', Buffer.from('plain text, no magic')),
	];
	const { items: output, run } = await runMindee(
		server,
		{ options: { concurrency: 3 } },
		{ items, continueOnFail: true },
	);
	expect(run.status).toBe('success');
	expect(output.map((item) => item.pairedItem)).toEqual([
		{ item: 0 },
		{ item: 1 },
		{ item: 2 },
		{ item: 3 },
	]);
	expect(output[0].json._filename).toBe('ok-1.pdf');
	expect(output[1].json.error).toBe('The file "empty.pdf" is empty (item 2)');
	expect(output[2].json._filename).toBe('ok-2.pdf');
	expect(output[3].json.error).toMatch(/text.pdf.*not a supported document.*\(item 4\)/);
	expect(server.requestsOf('submit')).toHaveLength(2);
});
