/**
 * Three projects: fast unit/engine tests, end-to-end tests against a real n8n process, and browser tests
 * (Chromium driving that n8n's editor; they also write the README's screenshots).
 */
const common = {
	preset: 'ts-jest',
	testEnvironment: '<rootDir>/test/harness/environment.js',
	transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }] },
	// Not modules of ours: the local registry's storage (.cache/registry/) holds a package.json named like this
	// package, and each n8n version's folder (.cache/n8n/<version>/) one named like the others.
	modulePathIgnorePatterns: ['<rootDir>/.cache/'],
};

module.exports = {
	// The engine tests move tens of MB through n8n's binary store: seconds when CI's 2 cores also run n8n
	// processes and Chromium for the other projects. Files that need more set their own.
	testTimeout: 30_000,
	projects: [
		{
			...common,
			displayName: 'unit',
			testMatch: ['<rootDir>/test/**/*.test.ts'],
			testPathIgnorePatterns: ['/test/e2e/', '/test/browser/'],
		},
		{ ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.test.ts'] },
		{ ...common, displayName: 'browser', testMatch: ['<rootDir>/test/browser/**/*.test.ts'] },
	],
};
