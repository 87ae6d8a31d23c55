/**
 * A gateway that routes by path, as API gateways and reverse proxies do: requests under `prefix` go to the
 * upstream fake without the prefix (answers passed back as they are, Location and bodies unchanged);
 * anything else is another backend's business and gets FastAPI's default 404 `{"detail":"Not Found"}`.
 * Records every request it received, so a test sees whether a key went outside the prefix.
 */
import http from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import type { Socket } from 'node:net';

export interface GatewayRequest {
	method: string;
	path: string;
	headers: IncomingHttpHeaders;
	/** Under the prefix, so passed to the upstream. */
	routed: boolean;
}

export async function startGateway(prefix: string, upstreamUrl: string) {
	const upstream = new URL(upstreamUrl);
	const requests: GatewayRequest[] = [];
	const sockets = new Set<Socket>();
	const server = http.createServer((req, res) => {
		const path = req.url ?? '/';
		const routed = path === prefix || path.startsWith(`${prefix}/`);
		requests.push({ method: req.method ?? 'GET', path, headers: req.headers, routed });
		if (!routed) {
			req.resume();
			res.writeHead(404, { 'content-type': 'application/json' });
			res.end('{"detail":"Not Found"}');
			return;
		}
		const forwarded = http.request(
			{
				host: upstream.hostname,
				port: upstream.port,
				method: req.method,
				path: path.slice(prefix.length) || '/',
				headers: { ...req.headers, host: upstream.host },
			},
			(answer) => {
				res.writeHead(answer.statusCode ?? 502, answer.headers);
				answer.pipe(res);
			},
		);
		forwarded.on('error', () => res.destroy());
		req.pipe(forwarded);
	});
	server.on('connection', (socket) => {
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
	return {
		origin,
		/** The base URL a credential uses: the gateway's origin and the prefix. */
		url: `${origin}${prefix}`,
		requests,
		/** Requests that reached the gateway outside the prefix: none may carry a key. */
		misrouted: () => requests.filter((request) => !request.routed),
		async close() {
			for (const socket of sockets) socket.destroy();
			await new Promise<void>((resolve) => server.close(() => resolve()));
		},
	};
}

export type FakeGateway = Awaited<ReturnType<typeof startGateway>>;
