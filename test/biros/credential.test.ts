import type { ICredentialsDecrypted } from 'n8n-workflow';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

import { DocparseBiros } from '../../nodes/Biros/DocparseBiros.node';
import type { FakeBiros } from './setup';
import { startBirosServer } from './setup';

let server: FakeBiros;
beforeEach(async () => {
	server = await startBirosServer();
});
afterEach(async () => await server.close());

/** Runs the credential's Test button as n8n does: the node's credential test method, by the name the node gives. */
async function testCredential(data: { apiKey: string; baseUrl: string }) {
	const node = new DocparseBiros();
	const entry = node.description.credentials?.find(
		(credential) => credential.name === 'docparseBirosApi',
	);
	const method = node.methods.credentialTest[entry?.testedBy as 'docparseBirosApiTest'];
	const credential: ICredentialsDecrypted = {
		id: 'c1',
		name: 'Biros account',
		type: 'docparseBirosApi',
		data,
	};
	return await method(credential);
}

test('a good key passes: the read of a made-up document refused without a key (401), answered 404 with it', async () => {
	expect(await testCredential({ apiKey: server.apiKey, baseUrl: server.url })).toEqual({
		status: 'OK',
		message: 'Biros accepted the API key',
	});
	expect(server.requests).toHaveLength(2);
	expect(server.requests[0]).toMatchObject({
		method: 'GET',
		kind: 'result',
		status: 401,
		apiKey: undefined,
	});
	expect(server.requests[1]).toMatchObject({
		method: 'GET',
		kind: 'result',
		status: 404,
		apiKey: server.apiKey,
	});
	expect(server.requests[1].path).toBe(server.requests[0].path);
});

test('a host that is not Biros (FastAPI\'s 404 {"detail":"Not Found"} to everything) fails, and never receives the key', async () => {
	const received: Array<string | string[] | undefined> = [];
	const notBiros = createServer((req, res) => {
		received.push(req.headers['x-api-key']);
		res.writeHead(404, { 'content-type': 'application/json' }).end('{"detail":"Not Found"}');
	});
	await new Promise<void>((resolve) => notBiros.listen(0, '127.0.0.1', resolve));
	try {
		const { port } = notBiros.address() as AddressInfo;
		const result = await testCredential({
			apiKey: server.apiKey,
			baseUrl: `http://127.0.0.1:${port}`,
		});
		expect(result).toEqual({
			status: 'Error',
			message:
				'The base URL answered 404 to a request without an API key, which the Biros API refuses (401): it is not the Biros API, so the key was not sent. Check the base URL in the credential',
		});
		expect(received).toEqual([undefined]);
	} finally {
		await new Promise((resolve) => notBiros.close(resolve));
	}
});

test('a refused key fails with 401, and the key is not in the message', async () => {
	const result = await testCredential({ apiKey: 'not-the-right-key-99', baseUrl: server.url });
	expect(result.status).toBe('Error');
	expect(result.message).toMatch(
		/^Biros refused the API key \(401 Unauthorized\)\. .*platform\.mybiros\.com/,
	);
	expect(result.message).not.toContain('not-the-right-key-99');
});

test('a key Biros forbids (403) fails too', async () => {
	server.inject('result', { status: 403, body: { detail: 'Forbidden' } });
	const result = await testCredential({ apiKey: server.apiKey, baseUrl: server.url });
	expect(result.status).toBe('Error');
	expect(result.message).toMatch(/^Biros refused the API key \(403 Forbidden\)/);
});

test('an unavailable Biros or an unreachable base URL proves nothing: the test fails with the reason', async () => {
	server.inject('result', { status: 503, body: 'maintenance' });
	const unavailable = await testCredential({ apiKey: server.apiKey, baseUrl: server.url });
	expect(unavailable).toMatchObject({
		status: 'Error',
		message: expect.stringMatching(/^Biros is unavailable \(503/),
	});
	const closed = await startBirosServer();
	await closed.close();
	const unreachable = await testCredential({ apiKey: server.apiKey, baseUrl: closed.url });
	expect(unreachable).toMatchObject({
		status: 'Error',
		message: expect.stringMatching(
			/^Could not connect to Biros at http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)/,
		),
	});
	expect(JSON.stringify([unavailable, unreachable])).not.toContain(server.apiKey);
	const malformed = await testCredential({
		apiKey: server.apiKey,
		baseUrl: 'platform.mybiros.com',
	});
	expect(malformed).toEqual({
		status: 'Error',
		message: 'The Biros credential\'s base URL "platform.mybiros.com" is not an http(s) URL',
	});
});
