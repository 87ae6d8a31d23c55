import { isNonPublicAddress } from '../../nodes/shared/urls';
import type { FakeBiros } from './setup';
import { runBiros, startBirosServer, visibleText } from './setup';

let server: FakeBiros;
beforeEach(async () => {
	server = await startBirosServer();
});
afterEach(async () => await server.close());

/** URL input, allowed to reach the fake on 127.0.0.1. */
const fromUrl = (documentUrl: string, extra: Record<string, unknown> = {}) => ({
	inputType: 'url',
	documentUrl,
	allowPrivateNetwork: true,
	...extra,
});

describe('URL input: the node downloads the file, then uploads it', () => {
	test("the downloaded bytes are uploaded under the URL's file name; no credential is sent to the download host", async () => {
		const result = await runBiros(server, {
			...fromUrl(server.fileUrl('invoice.pdf')),
			serviceId: 'svc-invoices',
		});
		const [download] = server.requestsOf('download');
		// Same host as the credential's base URL, and still no key.
		expect(download.headers['x-api-key']).toBeUndefined();
		expect(download.headers.authorization).toBeUndefined();
		const [predict] = server.requestsOf('predict');
		expect(predict.upload).toMatchObject({
			fileName: 'invoice.pdf',
			contentType: 'application/pdf',
		});
		expect(result.items[0].json).toMatchObject({
			SupplierName: 'ROSSI FORNITURE S.R.L.',
			document: { original_name: 'invoice.pdf' },
		});
	});

	test('Content-Disposition names the file; redirects are followed', async () => {
		const redirect = `${server.fileUrl('redirect')}?to=${encodeURIComponent('/files/scan')}`;
		await runBiros(server, fromUrl(redirect));
		expect(server.requestsOf('download').map((request) => request.status)).toEqual([302, 200]);
		expect(server.requestsOf('predict')[0].upload?.fileName).toBe('scan-0042.pdf');
	});

	test('a batch of URLs: N items in, N out, in order, with pairedItem and no key anywhere', async () => {
		const names = ['invoice.pdf', 'scan', 'invoice.pdf', 'scan'];
		const result = await runBiros(server, fromUrl('={{ $json.url }}'), {
			items: names.map((name) => ({ json: { url: server.fileUrl(name) } })),
		});
		expect(
			result.items.map((item) => (item.json.document as { original_name: string }).original_name),
		).toEqual(['invoice.pdf', 'scan-0042.pdf', 'invoice.pdf', 'scan-0042.pdf']);
		expect(result.items.map((item) => item.pairedItem)).toEqual(names.map((_, item) => ({ item })));
		expect(visibleText(result)).not.toContain(server.apiKey);
	});
});

describe('URL input: what is refused', () => {
	test('loopback addresses are refused unless Allow Private Network URLs is on, by IP and by name', async () => {
		const result = await runBiros(
			server,
			{ inputType: 'url', documentUrl: '={{ $json.url }}' },
			{
				continueOnFail: true,
				items: [
					{ json: { url: server.fileUrl('invoice.pdf') } },
					{ json: { url: `http://localhost:${server.port}/files/invoice.pdf` } },
				],
			},
		);
		expect(server.requests).toHaveLength(0);
		expect(result.items.map((item) => item.json.error)).toEqual([
			'The URL\'s host 127.0.0.1 is a loopback, private or otherwise non-public address; turn on "Allow Private Network URLs" to download from it (item 1)',
			expect.stringMatching(
				/^The URL's host localhost \((127\.0\.0\.1|::1)\) is a loopback, private or otherwise non-public address; turn on "Allow Private Network URLs"/,
			),
		]);
	});

	test('private, link-local (cloud metadata) and other non-public addresses are refused without a connection', async () => {
		const urls = [
			'http://169.254.169.254/latest/meta-data/',
			'http://10.1.2.3/a.pdf',
			'https://192.168.1.20/a.pdf',
			'http://[::1]/a.pdf',
			'http://[::ffff:127.0.0.1]/a.pdf',
			'http://0.0.0.0/a.pdf',
			'http://[fd00::1]/a.pdf',
			// IPv6 transition addresses carrying a non-public IPv4 address.
			'http://[64:ff9b::7f00:1]/a.pdf', // NAT64 of 127.0.0.1
			'http://[64:ff9b::169.254.169.254]/a.pdf', // NAT64 of the cloud metadata address
			'http://[64:ff9b:1::a00:1]/a.pdf', // local-use NAT64
			'http://[2002:a00:1::1]/a.pdf', // 6to4 of 10.0.0.1
			'http://[2002:c0a8:114::]/a.pdf', // 6to4 of 192.168.1.20
			'http://[::ffff:0:7f00:1]/a.pdf', // SIIT (IPv4-translated) 127.0.0.1
			'http://[::ffff:a9fe:a9fe]/a.pdf', // IPv4-mapped 169.254.169.254, in hex
			'http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/a.pdf', // Teredo, client 192.0.2.45
			'http://[2001:0:a00:1:8000:63bf:f7f6:5e5d]/a.pdf', // Teredo, server 10.0.0.1
		];
		const result = await runBiros(
			server,
			{ inputType: 'url', documentUrl: '={{ $json.url }}' },
			{ continueOnFail: true, items: urls.map((url) => ({ json: { url } })) },
		);
		expect(result.items).toHaveLength(urls.length);
		for (const item of result.items)
			expect(item.json.error).toMatch(
				/is a loopback, private or otherwise non-public address; turn on "Allow Private Network URLs"/,
			);
		expect(server.requests).toHaveLength(0);
	});

	test('only http(s) URLs, without user names or passwords in them', async () => {
		const urls = [
			'file:///etc/passwd',
			'ftp://example.com/a.pdf',
			'not a url',
			`http://user:secret-pass@127.0.0.1:${server.port}/files/invoice.pdf`,
		];
		const result = await runBiros(server, fromUrl('={{ $json.url }}'), {
			continueOnFail: true,
			items: urls.map((url) => ({ json: { url } })),
		});
		expect(server.requests).toHaveLength(0);
		expect(result.items.map((item) => item.json.error)).toEqual([
			'Only http and https URLs can be downloaded, not file: URLs (item 1)',
			'Only http and https URLs can be downloaded, not ftp: URLs (item 2)',
			'"not a url" is not a valid URL (item 3)',
			`The URL of http://127.0.0.1:${server.port} contains a user name or password; download it with the HTTP Request node and pass the file as binary data (item 4)`,
		]);
		expect(visibleText(result)).not.toContain('secret-pass');
	});

	test('a redirect to another scheme is refused', async () => {
		const { error } = await runBiros(
			server,
			fromUrl(`${server.fileUrl('redirect')}?to=${encodeURIComponent('file:///etc/passwd')}`),
		);
		expect(error?.message).toBe(
			'Only http and https URLs can be downloaded, not file: URLs (item 1)',
		);
		expect(server.requestsOf('predict')).toHaveLength(0);
	});

	test('an endless body is cut off at the size cap, and nothing is uploaded', async () => {
		const { error } = await runBiros(server, fromUrl(server.fileUrl('endless')));
		expect(error?.message).toBe(
			`The file at ${server.fileUrl('endless')} is larger than 50 MB; Biros accepts at most 50 MB here, so the download was stopped (item 1)`,
		);
		expect(server.requestsOf('predict')).toHaveLength(0);
	});

	test('a body that announces 2 GB is refused before it is read', async () => {
		const { error } = await runBiros(server, fromUrl(server.fileUrl('huge')));
		expect(error?.message).toBe(
			`The file at ${server.fileUrl('huge')} is 2000 MB; Biros accepts at most 50 MB here, so the download was stopped (item 1)`,
		);
		expect(server.requestsOf('predict')).toHaveLength(0);
	});

	test('a failed download names the URL without its query string (often an access token)', async () => {
		const { error } = await runBiros(
			server,
			fromUrl(`${server.fileUrl('status/404')}?token=signed-token-123`),
		);
		expect(error?.message).toBe(
			`Downloading ${server.fileUrl('status/404')} failed: the server answered 404 (item 1)`,
		);
		expect(
			`${error?.message} ${(error as { description?: string } | undefined)?.description ?? ''}`,
		).not.toContain('signed-token-123');
	});

	test('a downloaded file that is not a document is refused like any input', async () => {
		const { error } = await runBiros(server, fromUrl(server.fileUrl('notes.txt')));
		expect(error?.message).toBe(
			'The file "notes.txt" is not a supported document; Biros accepts PDF, JPEG, PNG, TIFF (item 1)',
		);
		expect(server.requestsOf('predict')).toHaveLength(0);
	});

	test('a download host that stops sending fails within the request timeout', async () => {
		server.inject('download', 'stall-body');
		const { error } = await runBiros(
			server,
			fromUrl(server.fileUrl('invoice.pdf'), { options: { requestTimeout: 1 } }),
		);
		expect(error?.message).toMatch(
			new RegExp(
				`^Downloading ${server.fileUrl('invoice.pdf')} (did not finish within 1 s|timed out)`,
			),
		);
		expect(server.requestsOf('predict')).toHaveLength(0);
	});
});

describe('the address check behind Allow Private Network URLs', () => {
	test.each([
		['64:ff9b::808:808', false], // NAT64 of 8.8.8.8
		['64:ff9b::a00:1', true], // NAT64 of 10.0.0.1
		['2002:808:808::1', false], // 6to4 of 8.8.8.8
		['2002:7f00:1::', true], // 6to4 of 127.0.0.1
		['::ffff:8.8.8.8', false],
		['::ffff:10.0.0.1', true],
		['::ffff:0:808:808', false], // SIIT 8.8.8.8
		['::ffff:0:c0a8:1', true], // SIIT 192.168.0.1
		['2001:0:4136:e378:8000:63bf:f7f7:f7f7', false], // Teredo: server 65.54.227.120, client 8.8.8.8
		['2001:0:4136:e378:8000:63bf:80ff:fffe', true], // Teredo client 127.0.0.1
		['2606:4700::1111', false],
		['fe80::1', true],
	])('%s non-public: %s', (address, expected) => {
		expect(isNonPublicAddress(address)).toBe(expected);
	});
});
