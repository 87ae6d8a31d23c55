'use strict';
/**
 * Preloaded (NODE_OPTIONS=--require) into the n8n processes of the local queue-mode setup (scripts/lib/queue.js).
 *
 * There, a main process and its workers share one SQLite file. n8n sets no busy timeout on its SQLite
 * connections, so a write that finds another process's write lock waits only node-sqlite3's default of 1 s
 * before failing with SQLITE_BUSY; on a busy machine, 48 webhook calls at once made some executions fail that
 * way. This gives every connection of the n8n in DOCPARSE_SQLITE3 a longer busy timeout. For production,
 * n8n's advice stands: queue mode on PostgreSQL.
 */
const BUSY_TIMEOUT_MS = 30000;

// NODE_OPTIONS reaches every Node process of the tree: the guard (another Node, for which this sqlite3 is not
// built) and n8n's task runners must not load it. Only n8n itself does.
const isN8n = /[\\/]n8n[\\/]bin[\\/]n8n$/.test(process.argv[1] || '');

try {
	if (!isN8n) throw new Error('not n8n');
	const sqlite3 = require(process.env.DOCPARSE_SQLITE3);
	const Original = sqlite3.Database;
	if (!Original.docparseBusyTimeout) {
		const Database = function Database(...args) {
			// Set once the file is open, before the opener's callback runs its first statements.
			const opened = typeof args[args.length - 1] === 'function' ? args.pop() : undefined;
			const database = new Original(...args, function (error) {
				if (!error) database.configure('busyTimeout', BUSY_TIMEOUT_MS);
				if (opened) opened.call(this, error);
			});
			return database;
		};
		Database.prototype = Original.prototype;
		Object.setPrototypeOf(Database, Original);
		Database.docparseBusyTimeout = true;
		sqlite3.Database = Database;
	}
} catch {
	/* not n8n, or no sqlite3: nothing to do */
}
