'use strict';
/**
 * Versions and folders of the local n8n setup. Everything lands in the ignored cache folder of the project
 * (`.cache/`, or DOCPARSE_CACHE_DIR):
 *   .cache/node24/  a Node 24 binary from the npm registry (package node-<os>-<arch>), when the system Node is older
 *   .cache/n8n/<version>/  n8n@<version> (N8N_VERSION, default 2.40.7), installed with --ignore-scripts, then its
 *                   native modules compiled for that Node; one folder per version, each with its own stamp
 *   .cache/package/<hash>/  the packed n8n-nodes-docparse tarball for the current sources
 *   .cache/logs/    the output of every install and build step, and of n8n
 */
const path = require('node:path');

const { DEFAULT_N8N_VERSION, selectedN8nVersion } = require('./n8nVersions');

const N8N_VERSION = selectedN8nVersion();
const NODE_MAJOR = 24;
const PACKAGE_NAME = 'n8n-nodes-docparse';

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const CACHE_DIR = path.resolve(process.env.DOCPARSE_CACHE_DIR || path.join(REPO_ROOT, '.cache'));

module.exports = {
	N8N_VERSION,
	NODE_MAJOR,
	PACKAGE_NAME,
	REPO_ROOT,
	CACHE_DIR,
	NODE24_DIR: path.join(CACHE_DIR, 'node24'),
	N8N_DIR: path.join(CACHE_DIR, 'n8n', N8N_VERSION),
	// `npm start`'s n8n user folder: one per n8n version (a database that a newer n8n migrated does not open in
	// an older one); the default version's keeps its old name.
	SANDBOX_USER_DIR: path.join(
		CACHE_DIR,
		N8N_VERSION === DEFAULT_N8N_VERSION ? 'n8n-user' : `n8n-user-${N8N_VERSION}`,
	),
	PACK_DIR: path.join(CACHE_DIR, 'package'),
	LOG_DIR: path.join(CACHE_DIR, 'logs'),
};
