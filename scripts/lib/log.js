'use strict';
/** The `[docparse] ...` lines of the scripts. */

function log(message) {
	process.stdout.write(`[docparse] ${message}\n`);
}

/** Whole seconds since `since` (a Date.now()), e.g. "12s". */
function seconds(since) {
	return `${((Date.now() - since) / 1000).toFixed(0)}s`;
}

module.exports = { log, seconds };
