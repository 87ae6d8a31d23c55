import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import path from 'node:path';

import { repoRoot } from './fake';

/**
 * The `mindee` SDK, for the baseline only. It is installed on first use into .cache/bench-sdk rather than
 * listed as a devDependency: one of its optional dependencies (node-poppler-win32) is not on the registry
 * this project installs from, which leaves the lock file unusable by `npm ci`.
 */
export function mindeeSdk(): { entry: string; undici: typeof import('undici') } {
	const folder = path.join(repoRoot, '.cache', 'bench-sdk');
	if (!existsSync(path.join(folder, 'node_modules', 'mindee', 'package.json'))) {
		console.log(
			'Installing the mindee SDK 5.x for the baseline into .cache/bench-sdk (first run only)…',
		);
		execFileSync(
			'npm',
			[
				'install',
				'--prefix',
				folder,
				'--no-save',
				'--no-audit',
				'--no-fund',
				'--ignore-scripts',
				'mindee@5',
			],
			{
				stdio: 'inherit',
			},
		);
	}
	const sdkRequire = createRequire(path.join(folder, 'node_modules', 'mindee', 'package.json'));
	// The SDK's own copy of undici: a dispatcher from another copy is not one it can drive.
	return { entry: sdkRequire.resolve('mindee'), undici: sdkRequire('undici') };
}
