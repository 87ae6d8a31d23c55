/**
 * Signed links carry their access token in the query string (X-Amz-Signature, sig=…): wherever the node
 * shows a document's URL (messages, error_file_name, Submit's filename), the query and fragment are cut.
 */
import { MINDEE } from './services';
import type { FakeServer } from './services';

const TOKEN = 'c2lnbmF0dXJlLXRva2VuLTk5';
const SIGNED = `https://files.example.com/in/invoice-7.pdf?X-Amz-Signature=${TOKEN}&X-Amz-Expires=300#page=2`;

let server: FakeServer;
beforeEach(async () => {
	server = await MINDEE.start({ processingMs: 0 });
});
afterEach(async () => await server.close());

const runWith = async (url: string, operation: string) =>
	await MINDEE.run(
		server,
		{ operation, inputType: 'url', documentUrl: '={{ $json.url }}' },
		{ continueOnFail: true, items: [{ json: { url } }] },
	);

test("Submit outputs the URL's file without its token, while Mindee receives the whole link", async () => {
	const result = await runWith(SIGNED, 'submit');
	expect(result.items[0].json.filename).toBe('https://files.example.com/in/invoice-7.pdf');
	expect(server.requestsOf('submit')[0].received.url).toBe(SIGNED);
	expect(JSON.stringify(result.items)).not.toContain(TOKEN);
});

test('an error about the document shows its URL without the token', async () => {
	server.inject('submit', { status: 400, fixture: 'errors/error_400_no_details.json' });
	const result = await runWith(SIGNED, 'parse');
	expect(result.items[0].json).toMatchObject({
		error: expect.stringContaining('"https://files.example.com/in/invoice-7.pdf"'),
		error_file_name: 'https://files.example.com/in/invoice-7.pdf',
	});
	expect(JSON.stringify(result.items)).not.toContain(TOKEN);
});

test('a link that is not https is refused without showing its token', async () => {
	const result = await runWith(SIGNED.replace('https:', 'http:'), 'parse');
	expect(result.items[0].json.error).toMatch(/http:\/\/files\.example\.com\/in\/invoice-7\.pdf/);
	expect(JSON.stringify(result.items)).not.toContain(TOKEN);
	expect(server.requests).toHaveLength(0);
});
