import type { ICredentialsDecrypted } from 'n8n-workflow';

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

test('a good key passes: one authenticated read, answered 404 for the made-up document', async () => {
	expect(await testCredential({ apiKey: server.apiKey, baseUrl: server.url })).toEqual({
		status: 'OK',
		message: 'Biros accepted the API key',
	});
	expect(server.requests).toHaveLength(1);
	expect(server.requests[0]).toMatchObject({
		method: 'GET',
		kind: 'result',
		status: 404,
		apiKey: server.apiKey,
	});
});

test('a refused key fails with 401, and the key is not in the message', async () => {
	const result = await testCredential({ apiKey: 'not-the-right-key-99', baseUrl: server.url });
	expect(result).toEqual({
		status: 'Error',
		message:
			'Biros refused the API key (401 Unauthorized): check that it is complete and still valid',
	});
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
