'use strict';
const fs = require('node:fs');
const path = require('node:path');

/** shared/ lies beside the clone (CI) or beside the work tree (developers): ../shared from the repo root. */
const repoRoot = path.resolve(__dirname, '..', '..');
const sharedDir = process.env.DOCPARSE_SHARED_DIR ?? path.resolve(repoRoot, '..', 'shared');
const mindeeFixturesDir = path.join(sharedDir, 'fixtures', 'mindee');
const mindeeV2FixturesDir = path.join(sharedDir, 'fixtures', 'mindee-v2');

/** A shared fixture by its path under fixtures/mindee; an absolute path (a project-written body) as is. */
function mindeeFixturePath(relative) {
	return path.resolve(mindeeFixturesDir, relative);
}

function readMindeeFixture(relative) {
	return fs.readFileSync(mindeeFixturePath(relative), 'utf8');
}

function mindeeV2FixturePath(relative) {
	return path.join(mindeeV2FixturesDir, relative);
}

function readMindeeV2Fixture(relative) {
	return fs.readFileSync(mindeeV2FixturePath(relative), 'utf8');
}

module.exports = {
	repoRoot,
	sharedDir,
	mindeeFixturesDir,
	mindeeFixturePath,
	readMindeeFixture,
	mindeeV2FixturesDir,
	mindeeV2FixturePath,
	readMindeeV2Fixture,
};
