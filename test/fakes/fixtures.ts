import fs from 'node:fs';
import path from 'node:path';

/**
 * The repository root: the first folder above this file with a package.json. The fakes also run compiled
 * (.cache/fakes for the sandbox, .cache/bench for the benchmark), where __dirname is deeper.
 */
function findRepoRoot(from: string): string {
	for (let dir = from; ; dir = path.dirname(dir)) {
		if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
		if (path.dirname(dir) === dir) return path.resolve(__dirname, '..', '..');
	}
}

const repoRoot = findRepoRoot(__dirname);
/** shared/ lies beside the clone (CI) or beside the work tree (developers): ../shared from the repo root. */
const sharedDir = process.env.DOCPARSE_SHARED_DIR ?? path.resolve(repoRoot, '..', 'shared');
export const mindeeFixturesDir = path.join(sharedDir, 'fixtures', 'mindee');
const mindeeV2FixturesDir = path.join(sharedDir, 'fixtures', 'mindee-v2');
/** The Biros result bodies this project wrote (from the reference page): test/fakes/biros. */
export const birosFixturesDir = path.join(repoRoot, 'test', 'fakes', 'biros');

/** A shared fixture by its path under fixtures/mindee; an absolute path (a project-written body) as is. */
export function mindeeFixturePath(relative: string): string {
	return path.resolve(mindeeFixturesDir, relative);
}

export function readMindeeFixture(relative: string): string {
	return fs.readFileSync(mindeeFixturePath(relative), 'utf8');
}

export function mindeeV2FixturePath(relative: string): string {
	return path.join(mindeeV2FixturesDir, relative);
}

export function readMindeeV2Fixture(relative: string): string {
	return fs.readFileSync(mindeeV2FixturePath(relative), 'utf8');
}
