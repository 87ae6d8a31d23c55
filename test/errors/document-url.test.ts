/**
 * Issue #24, point 15: Mindee downloads a Document URL itself, from the internet. The node refuses, before
 * sending anything, what Mindee cannot reach, and says exactly what it checked: https, and a host that is
 * neither a localhost name nor a loopback, private or link-local address. (The fake servers run on
 * 127.0.0.1, but the tests' document URLs use public-looking names: the fake never downloads them.)
 */
import type { FakeServer } from '../faults/services';
import { MINDEE, MINDEE_V2 } from '../faults/services';

const REFUSED: Array<[string, string, string]> = [
	[
		'https://127.0.0.1/scan.pdf',
		'127.0.0.1',
		'a loopback, private, link-local or otherwise non-public address',
	],
	[
		'https://10.1.2.3/scan.pdf',
		'10.1.2.3',
		'a loopback, private, link-local or otherwise non-public address',
	],
	[
		'https://192.168.0.10:8443/scan.pdf',
		'192.168.0.10',
		'a loopback, private, link-local or otherwise non-public address',
	],
	[
		'https://169.254.169.254/latest',
		'169.254.169.254',
		'a loopback, private, link-local or otherwise non-public address',
	],
	[
		'https://[::1]/scan.pdf',
		'::1',
		'a loopback, private, link-local or otherwise non-public address',
	],
	[
		'https://0x7f.1/scan.pdf',
		'127.0.0.1',
		'a loopback, private, link-local or otherwise non-public address',
	],
	['https://localhost/scan.pdf', 'localhost', 'a localhost name (this machine)'],
	['https://files.localhost/scan.pdf', 'files.localhost', 'a localhost name (this machine)'],
];

describe.each([
	{ service: MINDEE, parameters: { operation: 'parse' } },
	{ service: MINDEE_V2, parameters: { operation: 'extract' } },
])('$service.name', ({ service, parameters }) => {
	let server: FakeServer;
	beforeEach(async () => {
		server = await service.start({ processingMs: 0 });
	});
	afterEach(async () => await server.close());

	test('private, loopback, link-local and localhost links are refused, saying what was checked', async () => {
		const { items } = await service.run(
			server,
			{ ...parameters, inputType: 'url', documentUrl: '={{ $json.url }}' },
			{ continueOnFail: true, items: REFUSED.map(([url]) => ({ json: { url } })) },
		);
		expect(items.map((item) => item.json.error)).toEqual(
			REFUSED.map(
				([url, host, what], index) =>
					`The document URL "${new URL(url).origin}${new URL(url).pathname}" points to ${host}, ${what}; Mindee downloads the URL itself from the internet, so it must be a public https:// link (item ${index + 1})`,
			),
		);
		expect(server.requests).toHaveLength(0);
	});

	test('a public https link is sent', async () => {
		const { items } = await service.run(
			server,
			{ ...parameters, inputType: 'url', documentUrl: 'https://files.example.com/inv.pdf' },
			{ continueOnFail: true, items: [{ json: {} }] },
		);
		expect(items[0].json.error).toBeUndefined();
		expect(server.requestsOf(service.kinds.submit)).toHaveLength(1);
	});
});
