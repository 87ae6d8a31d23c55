/**
 * What an upload's failure says and does, for every service: a gateway error on an upload may hide an
 * accepted document (never "not processed"); Retry-After 0 or a past date does not hammer the API; an OS
 * error on an open connection is not taken for "never sent".
 */
import * as net from 'node:net';

import { documents } from './helpers';
import { SERVICES } from './services';
import type { FakeServer } from './services';

describe.each(SERVICES)('$name', (service) => {
	let server: FakeServer;
	beforeEach(async () => {
		server = await service.start({ processingMs: 0 });
	});
	afterEach(async () => await server.close());

	const runBatch = async (count: number) =>
		await service.run(server, service.submitAndWait, {
			items: documents(count),
			continueOnFail: true,
		});

	test.each([500, 502, 504])(
		'an upload answered %i was sent once, and the error says the document may have been received',
		async (status) => {
			server.inject(service.kinds.submit, {
				status,
				body: '<html><body>Bad Gateway</body></html>',
				contentType: 'text/html',
			});
			const result = await runBatch(1);
			expect(result.items).toHaveLength(1);
			const { error, error_description } = result.items[0].json;
			expect(error).toMatch(new RegExp(`\\b${status}\\b`));
			expect(error_description).not.toMatch(/did not process|even after retries/);
			expect(error_description).toMatch(/may have (been received|reached)/);
			expect(error_description).toMatch(new RegExp(`check .*${service.says}`, 'i'));
			expect(server.requestsOf(service.kinds.submit)).toHaveLength(1);
		},
	);

	test.each([
		['0', () => '0'],
		['a past date', () => new Date(Date.now() - 60_000).toUTCString()],
	])(
		'429 with Retry-After %s: waits at least a second, growing, between attempts',
		async (_, retryAfter) => {
			server.inject(
				service.kinds.submit,
				{ status: 429, body: {}, headers: { 'retry-after': retryAfter() } },
				3,
			);
			const result = await runBatch(1);
			expect(result.items[0].json.error).toBeUndefined();
			const times = server.requestsOf(service.kinds.submit).map((request) => request.time);
			expect(times).toHaveLength(4);
			const gaps = times.slice(1).map((time, index) => time - times[index]);
			for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(950);
			expect(gaps[2]).toBeGreaterThanOrEqual(1_500);
		},
		20_000,
	);

	test('EHOSTUNREACH on a connection already sending the upload: not sent again, the error says it may have been received', async () => {
		const write = net.Socket.prototype.write;
		let broken = 0;
		// The route to the API disappears while the upload is being written on an open connection.
		net.Socket.prototype.write = function (this: net.Socket, ...args: unknown[]) {
			const chunk = args[0];
			if (broken === 0 && /^POST /.test(String(chunk))) {
				broken++;
				const result = (write as (...a: unknown[]) => boolean).apply(this, args);
				const error = Object.assign(new Error('write EHOSTUNREACH'), {
					code: 'EHOSTUNREACH',
					errno: -113,
					syscall: 'write',
				});
				process.nextTick(() => this.destroy(error));
				return result;
			}
			return (write as (...a: unknown[]) => boolean).apply(this, args);
		} as typeof write;
		try {
			const result = await runBatch(1);
			expect(broken).toBe(1);
			expect(result.items[0].json).toMatchObject({
				error: expect.stringMatching(/EHOSTUNREACH/),
				error_description: expect.stringMatching(/may have (been received|reached)/),
			});
			expect(server.requestsOf(service.kinds.submit).filter((r) => r.status)).toHaveLength(0);
		} finally {
			net.Socket.prototype.write = write;
		}
	});
});
