/**
 * The credential's Test button against a failing or impostor server: success only on the API's own answer
 * to an accepted key; one request with the key (Biros first sends it without), no retries, no waiting on
 * 429; a clear message for each failure.
 */
import { SERVICES } from './services';
import type { FakeServer } from './services';

describe.each(SERVICES)('$name credential test', (service) => {
	let server: FakeServer;
	beforeEach(async () => {
		server = await service.start();
	});
	afterEach(async () => await server.close());

	/** The requests that carried the key. */
	const withKey = () =>
		server.requests.filter((request) => JSON.stringify(request.headers).includes(server.apiKey));
	const testWith = async (data: Record<string, unknown> = {}) =>
		await service.testCredential({ apiKey: server.apiKey, baseUrl: server.url, ...data });

	test('a good key passes', async () => {
		expect((await testWith()).status).toBe('OK');
		expect(withKey()).toHaveLength(1);
	});

	const HTML = (title: string) =>
		`<html><head><title>${title}</title></head><body>${title}</body></html>`;
	test.each([
		['500', { status: 500, body: { error: 'boom' } }, /unavailable \(500\)|internal error \(500/],
		[
			'503',
			{ status: 503, body: HTML('Service Unavailable'), contentType: 'text/html' },
			/unavailable \(503/,
		],
		[
			'429 with Retry-After',
			{ status: 429, body: {}, headers: { 'retry-after': '1' } },
			/rate-limit.*\(429/i,
		],
		[
			'404 HTML',
			{ status: 404, body: HTML('Not Found'), contentType: 'text/html' },
			/not .*API|base URL/,
		],
		[
			'200 HTML',
			{ status: 200, body: HTML('Welcome'), contentType: 'text/html' },
			/not .*API|base URL/,
		],
		[
			'302 to a login page',
			{ status: 302, body: '', headers: { location: '/login?next=%2F' } },
			/redirect.*\/login.*base URL/,
		],
	])(
		'%s: fails after one request (no retry, no waiting), with a clear message',
		async (_, answer, message) => {
			server.inject(service.kinds.probe, answer);
			const result = await testWith();
			expect(result).toEqual({ status: 'Error', message: expect.stringMatching(message) });
			expect(result.message).not.toMatch(/next=/);
			expect(withKey()).toHaveLength(1);
		},
	);

	test.each(['not a url', 'ftp://example.com', 'http://[::1', ''])(
		'a malformed base URL (%j) answers Error instead of throwing',
		async (baseUrl) => {
			const result = await testWith({ baseUrl: baseUrl || ' :/ ' });
			expect(result).toEqual({ status: 'Error', message: expect.stringMatching(/base URL/) });
		},
	);

	test('a key pasted with spaces and a trailing newline is trimmed and passes', async () => {
		expect((await testWith({ apiKey: ` ${server.apiKey}\n` })).status).toBe('OK');
	});

	test('a key with a line break inside is a credential error, and nothing is sent', async () => {
		const result = await testWith({
			apiKey: `${server.apiKey.slice(0, 4)}\n${server.apiKey.slice(4)}`,
		});
		expect(result).toEqual({
			status: 'Error',
			message: expect.stringMatching(/API key .*(line break|character)/),
		});
		expect(result.message).not.toMatch(/may have reached|connection/i);
		expect(server.requests).toHaveLength(0);
	});
});
