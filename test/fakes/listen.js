'use strict';
const http = require('node:http');

/**
 * Serves `handle` on host:port (0: a free port) for a fake API. A handler that throws answers with
 * `errorBody(error)` as a 500. `close()` also ends kept-alive and stalled connections at once.
 */
async function listen(handle, { port = 0, host = '127.0.0.1', errorBody, onConnection } = {}) {
	const sockets = new Set();
	const server = http.createServer((req, res) => {
		handle(req, res).catch((error) => {
			if (res.headersSent) return;
			const text = JSON.stringify(errorBody(error));
			res.writeHead(500, {
				'content-type': 'application/json',
				'content-length': Buffer.byteLength(text),
			});
			res.end(text);
		});
	});
	server.on('connection', (socket) => {
		onConnection?.(socket);
		sockets.add(socket);
		socket.on('close', () => sockets.delete(socket));
	});
	await new Promise((resolve) => server.listen(port, host, resolve));
	const address = server.address();
	return {
		port: address.port,
		url: `http://${host}:${address.port}`,
		async close() {
			for (const socket of sockets) socket.destroy();
			await new Promise((resolve) => server.close(() => resolve()));
		},
	};
}

module.exports = { listen };
