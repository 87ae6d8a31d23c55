/**
 * n8n's rules for community nodes, configured as `@n8n/node-cli` 0.48 configures them (its
 * dist/configs/eslint.js): @eslint/js and typescript-eslint recommended, `@n8n/eslint-plugin-community-nodes`
 * recommended (the rules n8n's package scanner applies), and eslint-plugin-n8n-nodes-base on nodes,
 * credentials and package.json. The one difference: node-cli also runs eslint-plugin-import-x, which is not
 * a dependency of this project (TypeScript already checks the imports). `npm run lint` lints the package's
 * own sources (nodes/, credentials/, package.json); tests, scripts and the benchmark are not shipped.
 */
const js = require('@eslint/js');
const tseslint = require('typescript-eslint');
const { n8nCommunityNodesPlugin } = require('@n8n/eslint-plugin-community-nodes');
const n8nNodesBase = require('eslint-plugin-n8n-nodes-base');

const communityNodesRecommended = n8nCommunityNodesPlugin.configs.recommended;

module.exports = tseslint.config(
	{ ignores: ['dist/**', 'node_modules/**', '.cache/**'] },
	{
		files: ['**/*.ts'],
		extends: [js.configs.recommended, tseslint.configs.recommended, communityNodesRecommended],
		rules: {
			'prefer-spread': 'off',
			'no-console': 'error',
			// An n8n Cloud rule (no imports but n8n-workflow): this package is self-hosted only, by design. Its HTTP
			// client is undici (connection reuse, streamed uploads, per-request deadlines) on node:http/stream/dns.
			'@n8n/community-nodes/no-restricted-imports': 'off',
		},
	},
	{
		// Below the node classes, failures are DocparseErrors with stable codes; runItems turns each into one
		// NodeApiError / NodeOperationError naming the item (or an error item under Continue On Fail).
		files: ['nodes/**/*.ts'],
		ignores: ['nodes/**/*.node.ts'],
		rules: { '@n8n/community-nodes/require-node-api-error': 'off' },
	},
	{ plugins: { 'n8n-nodes-base': n8nNodesBase } },
	{
		files: ['package.json'],
		extends: [communityNodesRecommended],
		rules: {
			...n8nNodesBase.configs.community.rules,
			// undici (HTTP client with connection reuse, streaming uploads and per-request deadlines) and zod
			// (validation of every API answer) are runtime dependencies by design; see docs/development.md, Lint.
			'@n8n/community-nodes/no-runtime-dependencies': 'off',
		},
		languageOptions: {
			parser: tseslint.parser,
			parserOptions: { extraFileExtensions: ['.json'] },
		},
	},
	{
		files: ['credentials/**/*.ts'],
		rules: {
			...n8nNodesBase.configs.credentials.rules,
			'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
			'n8n-nodes-base/cred-class-field-type-options-password-missing': 'off',
		},
	},
	{
		files: ['nodes/**/*.ts'],
		rules: {
			...n8nNodesBase.configs.nodes.rules,
			'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
			'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
			'n8n-nodes-base/node-param-type-options-max-value-present': 'off',
		},
	},
);
