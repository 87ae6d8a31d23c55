'use strict';
const net = require('node:net');

/** A free TCP port on 127.0.0.1 (asked from the OS). */
function freePort(host = '127.0.0.1') {
	return new Promise((resolve, reject) => {
		const server = net.createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, host, () => {
			const { port } = server.address();
			server.close(() => resolve(port));
		});
	});
}

/** Whether a TCP port on host can be listened on right now. */
function portIsFree(port, host = '127.0.0.1') {
	return new Promise((resolve) => {
		const server = net.createServer();
		server.unref();
		server.once('error', () => resolve(false));
		server.listen(port, host, () => server.close(() => resolve(true)));
	});
}

module.exports = { freePort, portIsFree };
