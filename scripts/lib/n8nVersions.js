'use strict';
/**
 * The n8n versions this package is run on, and the one place that knows how they differ (installing them,
 * starting them, their CLI). N8N_VERSION=<x.y.z> picks the version for `npm start`, the end-to-end and
 * browser tests and the bench; `npm run test:versions` runs the version matrix (scripts/test-versions.js).
 */

const DEFAULT_N8N_VERSION = '2.40.7';
/** The versions of the matrix: the last 1.x line n8n still ships fixes on, CI's version, the current 2.x. */
const MATRIX_N8N_VERSIONS = ['1.123.81', '2.40.7', '2.41.1'];

/** The n8n version asked for (N8N_VERSION, else the default): an exact x.y.z, as `npm view n8n versions` lists. */
function selectedN8nVersion(env = process.env) {
	const version = (env.N8N_VERSION || DEFAULT_N8N_VERSION).trim();
	if (!/^\d+\.\d+\.\d+$/.test(version)) {
		throw new Error(
			`N8N_VERSION=${version} is not an exact n8n version: give one such as ${DEFAULT_N8N_VERSION} (npm view n8n versions)`,
		);
	}
	return version;
}

/**
 * What differs between n8n 1.x and 2.x for installing and driving it. Checked on 1.123.81, 2.40.7, 2.41.1.
 *   overrides      npm `overrides` of the runtime's package.json: n8n 1.x depends on xlsx as a tarball on
 *                  cdn.sheetjs.com, outside the registry; 0.18.5 is the registry's last xlsx.
 *   nativeModules  compiled from source after the `--ignore-scripts` install: sqlite3 always; n8n 1.x also
 *                  loads isolated-vm at start (its expression sandbox), which has no prebuilt binary for Node 24.
 *   ownerFromEnv   2.x creates the owner from N8N_INSTANCE_OWNER_* at start; 1.x has no such setting, and
 *                  the owner is set up through the editor's own call (POST /rest/owner/setup).
 *   publishArgs    a workflow's triggers go live: `n8n publish:workflow` in 2.x (published versions),
 *                  `n8n update:workflow --active=true` in 1.x; `published` is what each prints.
 *   activatePath   the editor's REST call that does the same on a running n8n.
 *   knownModules   2.x refuses to start when N8N_DISABLED_MODULES names a module it does not have, and
 *                  1.x has no mcp-registry module (the one left out offline).
 */
function n8nTraits(version) {
	const major = Number(version.split('.')[0]);
	const v1 = major < 2;
	return {
		version,
		major,
		overrides: v1 ? { xlsx: '0.18.5' } : {},
		nativeModules: v1 ? ['isolated-vm', 'sqlite3'] : ['sqlite3'],
		ownerFromEnv: !v1,
		publishArgs: (workflowId) =>
			v1
				? ['update:workflow', `--id=${workflowId}`, '--active=true']
				: ['publish:workflow', `--id=${workflowId}`],
		published: (workflowId) =>
			new RegExp(`${v1 ? 'Activating' : 'Publishing'} workflow with ID: ${workflowId}`),
		activate: (workflowId, versionId) =>
			v1
				? {
						method: 'PATCH',
						path: `/rest/workflows/${workflowId}`,
						body: { active: true, versionId },
					}
				: { method: 'POST', path: `/rest/workflows/${workflowId}/activate`, body: { versionId } },
		knownModules: v1 ? [] : ['mcp-registry'],
	};
}

module.exports = { DEFAULT_N8N_VERSION, MATRIX_N8N_VERSIONS, selectedN8nVersion, n8nTraits };
