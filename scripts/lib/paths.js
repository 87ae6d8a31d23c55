'use strict';
/**
 * Versions and folders of the local n8n setup. Everything lands in the ignored cache folder of the project
 * (`.cache/`, or DOCPARSE_CACHE_DIR):
 *   .cache/node24/  a Node 24 binary from the npm registry (package node-<os>-<arch>), when the system Node is older
 *   .cache/n8n/     n8n@N8N_VERSION, installed with --ignore-scripts, then sqlite3 compiled for that Node
 *   .cache/package/<hash>/  the packed n8n-nodes-docparse tarball for the current sources
 *   .cache/logs/    the output of every install and build step, and of n8n
 */
const path = require('node:path');

const N8N_VERSION = '2.40.7';
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
	N8N_DIR: path.join(CACHE_DIR, 'n8n'),
	PACK_DIR: path.join(CACHE_DIR, 'package'),
	LOG_DIR: path.join(CACHE_DIR, 'logs'),
};
