/**
 * Issue #24, point 7: a refused key reads the same on every node and every credential's Test button: what
 * was refused, where the right key comes from (Mindee's two platforms have separate keys), what to do.
 */
import { pdfItem } from '../harness/files';
import type { FakeServer } from '../faults/services';
import { BIROS, MINDEE, MINDEE_V2 } from '../faults/services';

const WRONG_KEY = 'wrong-key-5150-abcdef';

const cases = [
	{
		service: MINDEE,
		credential: 'Mindee (Docparse) API',
		origin:
			'needs a Mindee V1 key, made on platform.mindee.com (API Keys). A key from app.mindee.com is a Mindee V2 key: it works only with the Mindee V2 node.',
	},
	{
		service: MINDEE_V2,
		credential: 'Mindee V2 (Docparse) API',
		origin:
			'needs a Mindee V2 key, made on app.mindee.com (Settings, API Keys). A key from platform.mindee.com is a Mindee V1 key: it works only with the Mindee node.',
	},
	{
		service: BIROS,
		credential: 'Biros (Docparse) API',
		origin:
			'needs a key of the Biros account that owns the service, made on the Biros platform (platform.mybiros.com).',
	},
];

describe.each(cases)('$service.name', ({ service, credential, origin }) => {
	let server: FakeServer;
	beforeEach(async () => {
		server = await service.start({ processingMs: 0 });
	});
	afterEach(async () => await server.close());

	test('a node run: what was refused, where the key comes from, what to do', async () => {
		const { error } = await service.run(server, service.submitOnly, {
			items: [pdfItem('a.pdf')],
			credentials: {
				[service.credentialType]: { apiKey: WRONG_KEY, baseUrl: server.url },
			},
		});
		expect(error?.message).toMatch(
			new RegExp(`^${service.says} refused the API key \\(401 Unauthorized\\)`),
		);
		expect(error?.description).toContain(`The "${credential}" credential ${origin}`);
		expect(error?.description).toMatch(
			/Copy the whole key into that credential, then press its Test button\.$/,
		);
		expect(`${error?.message} ${error?.description}`).not.toContain(WRONG_KEY);
	});

	test("the credential's Test button: the same form", async () => {
		const result = await service.testCredential({ apiKey: WRONG_KEY, baseUrl: server.url });
		expect(result).toEqual({
			status: 'Error',
			message: `${service.says} refused the API key (401 Unauthorized). This credential ${origin} Copy the whole key into API Key, then test again.`,
		});
	});
});
