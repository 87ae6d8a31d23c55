import type { ICredentialTestFunctions } from 'n8n-workflow';
import http from 'node:http';

import { DocparseMindeeV2 } from '../../nodes/MindeeV2/DocparseMindeeV2.node';
import type { FakeMindeeV2 } from './setup';
import { startMindeeV2Server } from './setup';

let server: FakeMindeeV2;
beforeAll(async () => {
	server = await startMindeeV2Server();
});
afterAll(async () => await server.close());

const test_ = (apiKey: string, baseUrl = server.url) =>
	new DocparseMindeeV2().methods.credentialTest.docparseMindeeV2ApiTest.call(
		{} as ICredentialTestFunctions,
		{ id: 'c', name: 'Mindee V2', type: 'docparseMindeeV2Api', data: { apiKey, baseUrl } },
	);

test('a good key passes with one model search, which spends nothing', async () => {
	const before = server.requests.length;
	await expect(test_(server.apiKey)).resolves.toEqual({
		status: 'OK',
		message: 'Mindee accepted the API key (5 models found)',
	});
	expect(server.requests.slice(before).map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
		'GET /v2/search/models 200',
	]);
});

test('a refused key fails with a clear message that does not repeat it', async () => {
	const result = await test_('wrong-key-123456');
	expect(result.status).toBe('Error');
	expect(result.message).toMatch(/^Mindee refused the API key \(401 Unauthorized\)/);
	expect(result.message).not.toContain('wrong-key-123456');
});

test('a 200 that is not Mindee V2 (e.g. a proxy page or the V1 host) fails', async () => {
	const other = http.createServer((_req, res) => {
		res.writeHead(200, { 'content-type': 'text/html' });
		res.end('<html>Welcome</html>');
	});
	await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
	const { port } = other.address() as { port: number };
	try {
		const result = await test_(server.apiKey, `http://127.0.0.1:${port}`);
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/not the Mindee API: check the base URL/);
	} finally {
		other.close();
	}
});

test('one attempt only: a 503 fails at once with the reason', async () => {
	server.inject('search', { status: 503, body: { status: 503, title: 'Unavailable' } });
	const before = server.requests.length;
	const result = await test_(server.apiKey);
	expect(result).toMatchObject({
		status: 'Error',
		message: expect.stringMatching(/unavailable \(503\)/),
	});
	expect(server.requests.length - before).toBe(1);
});

test('an unreachable base URL says so', async () => {
	const result = await test_(server.apiKey, 'http://127.0.0.1:1');
	expect(result.status).toBe('Error');
	expect(result.message).toMatch(/Could not connect to Mindee at http:\/\/127\.0\.0\.1:1/);
});
