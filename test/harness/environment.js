const NodeEnvironment = require('jest-environment-node').TestEnvironment;

/**
 * Node's own errors (undici, fs, crypto) are created with the outer realm's constructors; jest's sandbox
 * has its own, so `err instanceof Error` would be false inside n8n-core and in our nodes. Share them.
 */
class SharedErrorsEnvironment extends NodeEnvironment {
	constructor(config, context) {
		super(config, context);
		for (const name of [
			'Error',
			'TypeError',
			'RangeError',
			'SyntaxError',
			'AbortSignal',
			'AbortController',
			'DOMException',
		]) {
			this.global[name] = globalThis[name];
		}
	}
}

module.exports = SharedErrorsEnvironment;
