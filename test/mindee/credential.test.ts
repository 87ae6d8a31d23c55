import type { ICredentialTestFunctions } from 'n8n-workflow';

import { DocparseMindee } from '../../nodes/Mindee/DocparseMindee.node';
import type { FakeMindee } from './setup';
import { startMindeeServer } from './setup';

let server: FakeMindee;
beforeAll(async () => {
	server = await startMindeeServer();
});
afterAll(async () => await server.close());

const test_ = (apiKey: string, baseUrl = server.url) =>
	new DocparseMindee().methods.credentialTest.docparseMindeeApiTest.call(
		{} as ICredentialTestFunctions,
		{
			id: 'c',
			name: 'Mindee',
			type: 'docparseMindeeApi',
			data: { apiKey, baseUrl },
		},
	);

test('a good key passes without touching any quota', async () => {
	await expect(test_(server.apiKey)).resolves.toEqual({
		status: 'OK',
		message: 'Connection successful',
	});
	expect(server.requests.at(-1)).toMatchObject({ method: 'GET', kind: 'queue', status: 404 });
});

test('a refused key fails with a clear message that does not repeat it', async () => {
	const result = await test_('wrong-key-123456');
	expect(result.status).toBe('Error');
	expect(result.message).toMatch(
		/^Mindee refused the API key \(401 Unauthorized\)\. .*platform\.mindee\.com/,
	);
	expect(result.message).not.toContain('wrong-key-123456');
});

test('an unreachable base URL says so', async () => {
	const result = await test_(server.apiKey, 'http://127.0.0.1:1');
	expect(result.status).toBe('Error');
	expect(result.message).toMatch(/Could not connect to Mindee at http:\/\/127\.0\.0\.1:1/);
});
