/**
 * Each credential's Test button in a running n8n (the editor's POST /rest/credentials/test), against the
 * sandbox APIs, on credentials imported with `n8n import:credentials`: a good key passes, a wrong one fails with the API's refusal, and the key is never echoed.
 */
import {
	type Credential,
	INSTALL_TIMEOUT_MS,
	N8nHarness,
	OwnerSession,
	type RunningN8n,
} from './harness';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { startSandbox } = require('../../scripts/sandbox');

jest.setTimeout(60_000);

const OWNER = { email: 'e2e-credentials@example.com', password: 'E2e-credentials-pass-1' };
const WRONG_KEY = 'wrong-key-5c1f0e9a';

/** The credential types and what their test says for a good key (nodes/*\/methods/credentialTest.ts). */
const TYPES = [
	{ api: 'mindee', type: 'docparseMindeeApi', accepted: 'Connection successful' },
	{
		api: 'mindeeV2',
		type: 'docparseMindeeV2Api',
		accepted: expect.stringMatching(/^Mindee accepted the API key \(\d+ models? found\)$/),
	},
	{ api: 'biros', type: 'docparseBirosApi', accepted: 'Biros accepted the API key' },
] as const;

describe('the credential Test button in a running n8n', () => {
	let harness: N8nHarness;
	// eslint-disable-next-line @typescript-eslint/no-explicit-any
	let sandbox: any;
	let n8n: RunningN8n;
	let owner: OwnerSession;

	const credential = (api: string, type: string, apiKey: string): Credential => ({
		id: `dpCred${api}${apiKey === WRONG_KEY ? 'Wrong' : 'Good'}`.slice(0, 16),
		name: `${api} (${apiKey === WRONG_KEY ? 'wrong' : 'good'} key)`,
		type,
		data: { apiKey, baseUrl: sandbox[api].url },
	});

	/** What the editor shows after the Test button: n8n's answer to POST /rest/credentials/test. */
	const testCredential = async (stored: Credential) => {
		const response = await owner.post('/rest/credentials/test', { credentials: stored });
		expect({ id: stored.id, status: response.status }).toEqual({ id: stored.id, status: 200 });
		return response.json<{ data: { status: string; message: string } }>().data;
	};

	beforeAll(async () => {
		[harness, sandbox] = await Promise.all([N8nHarness.create(), startSandbox()]);
		// n8n tests stored credentials only (the editor sends the form's values with the stored id).
		await harness.importCredentials(
			TYPES.flatMap(({ api, type }) => [
				credential(api, type, sandbox[api].apiKey),
				credential(api, type, WRONG_KEY),
			]),
		);
		n8n = await harness.start(harness.ownerEnv(OWNER.email, OWNER.password));
		owner = await OwnerSession.login(n8n, OWNER.email, OWNER.password);
	}, INSTALL_TIMEOUT_MS);

	afterAll(async () => {
		await Promise.allSettled([harness?.close(), sandbox?.close()]);
	}, 60_000);

	test.each(TYPES)('$type: a good key passes', async ({ api, type, accepted }) => {
		const good = credential(api, type, sandbox[api].apiKey);
		expect(await testCredential(good)).toEqual({ status: 'OK', message: accepted });
	});

	test.each(TYPES)(
		'$type: a wrong key fails with the API’s refusal, without the key',
		async ({ api, type }) => {
			const result = await testCredential(credential(api, type, WRONG_KEY));
			expect(result).toEqual({
				status: 'Error',
				message: expect.stringMatching(/refused the API key/),
			});
			expect(result.message).not.toContain(WRONG_KEY);
		},
	);
});
