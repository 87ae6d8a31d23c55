/**
 * Fault 9: Mindee's queue (or any answer) redirects to another host. The credential is only ever sent under
 * the base URL: a redirect naming Mindee's document route on another host (its public host, as answers
 * passed on by a proxy name it) is read from that route under the base URL; any other is refused and
 * reported. The other host receives nothing either way.
 */
import { createServer } from 'node:http';
import type { IncomingHttpHeaders, Server } from 'node:http';

import {
	captureLogs,
	documents,
	expectBatchGuarantees,
	expectNoSecrets,
	run,
	startServer,
} from './helpers';
import type { FakeMindee } from '../mindee/setup';

const logs = captureLogs();
let server: FakeMindee;
/** Another host: records whatever reaches it. */
let elsewhere: Server;
let elsewhereUrl: string;
const reachedElsewhere: IncomingHttpHeaders[] = [];

beforeAll(async () => {
	elsewhere = createServer((req, res) => {
		reachedElsewhere.push(req.headers);
		res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
	});
	await new Promise<void>((resolve) => elsewhere.listen(0, '127.0.0.1', resolve));
	elsewhereUrl = `http://127.0.0.1:${(elsewhere.address() as { port: number }).port}`;
});
afterAll(async () => await new Promise((resolve) => elsewhere.close(resolve)));
beforeEach(async () => {
	reachedElsewhere.length = 0;
	server = await startServer({ processingMs: 0 });
});
afterEach(async () => await server.close());

/** Runs one document whose first queue check answers 302 to `location`. */
async function runRedirectedTo(location: string) {
	server.inject('queue', { status: 302, headers: { location }, body: {} }, 1);
	const result = await run(server, {}, { items: documents(1) });
	expectBatchGuarantees(server, result, 1);
	return result;
}

test('302 from the queue to the document on another host: read from the base URL, the token never sent there', async () => {
	server.inject('queue', 'redirect-elsewhere', 1);
	const result = await run(server, { options: { concurrency: 1 } }, { items: documents(2) });

	expectBatchGuarantees(server, result, 2);
	expect(result.items.filter((item) => item.json.error)).toEqual([]);
	expect(server.requestsOf('document')).toHaveLength(2);
	// The "other host" is the same fake server by another name: it saw no request by that name.
	expect(server.requests.filter((request) => !request.host.startsWith('127.0.0.1'))).toEqual([]);
	expect(
		server.requests.every((request) => request.authorization === server.requests[0].authorization),
	).toBe(true);
});

test.each([
	['another port', (to: string) => `${to}/v1/products/mindee/invoices/v4/documents/abc`],
	[
		'https on the same host',
		(_to: string, own: string) =>
			`${own.replace('http:', 'https:')}/v1/products/mindee/invoices/v4/documents/abc`,
	],
])(
	'302 from the queue to the document route on %s: that route read under the base URL, nothing sent there',
	async (_name, location) => {
		const result = await runRedirectedTo(location(elsewhereUrl, server.url));
		// The fake knows no document "abc": its 404 shows the route was read from the credential's server.
		expect(result.items[0].json).toMatchObject({
			error: expect.stringMatching(/^Mindee does not know this API or document \(404\)/),
		});
		expect(server.requestsOf('document').map((request) => request.path)).toEqual([
			'/v1/products/mindee/invoices/v4/documents/abc',
		]);
		expect(reachedElsewhere).toEqual([]);
	},
);

test.each([
	['another port, another path', (to: string) => `${to}/steal`],
	[
		'userinfo hiding another host',
		(_to: string, own: string) => `http://${new URL(own).host}@evil.invalid/v1/documents/abc`,
	],
	['a protocol-relative URL', () => '//evil.invalid/v1/documents/abc'],
])(
	'302 from the queue to %s: refused, error item with the job ID, nothing sent there',
	async (_name, location) => {
		const result = await runRedirectedTo(location(elsewhereUrl, server.url));
		const jobId = server.requestsOf('queue')[0].path.split('/').pop();
		expect(result.items[0].json).toMatchObject({
			error: expect.stringMatching(
				/^Mindee pointed to another host \(http:\/\/[^)]+\); the request was not sent there so your API key stays private \(item 1, "invoice-0\.pdf"\)$/,
			),
			error_description: expect.stringMatching(
				/Mindee only redirects within its own API\. Check the base URL in the credential\. The document was submitted as job/,
			),
			error_code: 'DOCPARSE_REDIRECT_REFUSED',
			error_job_id: jobId,
		});
		expect(reachedElsewhere).toEqual([]);
	},
);

test("a redirect within Mindee's own origin, written as an absolute URL, is followed", async () => {
	const result = await runRedirectedTo(
		`${server.url}/v1/products/mindee/invoices/v4/documents/unknown-id`,
	);
	// Followed (with the key, to the same origin): the fake knows no such document, hence its 404.
	expect(result.items[0].json).toMatchObject({
		error: expect.stringMatching(/^Mindee does not know this API or document \(404\)/),
		error_http_status: 404,
	});
	expect(server.requestsOf('document')).toHaveLength(1);
});

test.each([
	['submit', 307],
	['document', 302],
])(
	'a %s answered with a %i to another host: never followed, nothing reaches it',
	async (kind, status) => {
		server.inject(kind, { status, headers: { location: `${elsewhereUrl}/steal` }, body: {} }, 1);
		const result = await run(server, {}, { items: documents(1) });
		expectBatchGuarantees(server, result, 1);
		expect(result.items[0].json.error).toMatch(
			/^Mindee sent a (submit answer|document) of an unexpected shape/,
		);
		expect(reachedElsewhere).toEqual([]);
		expect(server.requestsOf('submit')).toHaveLength(1);
	},
);

test('nothing logged while these faults ran contains a secret', () => {
	expect(logs.lines().length).toBeGreaterThan(0);
	expectNoSecrets(...logs.everything());
});
