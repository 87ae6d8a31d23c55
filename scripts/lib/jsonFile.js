'use strict';
/** The JSON stamps and package.json files of the setup steps. */
const fs = require('node:fs');
const path = require('node:path');

/** The parsed file, or undefined when it is missing or not JSON. */
function readJson(file) {
	try {
		return JSON.parse(fs.readFileSync(file, 'utf8'));
	} catch {
		return undefined;
	}
}

function writeJson(file, value) {
	fs.mkdirSync(path.dirname(file), { recursive: true });
	fs.writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

module.exports = { readJson, writeJson };
