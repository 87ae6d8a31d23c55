'use strict';
/** Reading what n8n prints: the run data of `n8n execute`, and `n8n start`'s output for a terminal. */

/** A line of a JavaScript stack trace ("    at fn (file:1:2)"). */
const STACK_FRAME = /^\s+at (?:\S.*\(.*\)|\S+:\d+:\d+|async \S.*|<anonymous>|new \S.*)\s*$/;

/**
 * What n8n prints, for a terminal: every message on its own line, without the stack traces n8n adds to
 * expected failures (a node that failed, a lookup of n8n's online services from an offline machine). The
 * log file keeps everything; `logFile` is named once, the first time a trace is left out.
 * Returns a function taking each chunk of output.
 */
function terminalEcho(write, logFile) {
	let partial = '';
	let noted = false;
	return (text) => {
		const lines = (partial + text).split('\n');
		partial = lines.pop();
		const kept = [];
		for (const line of lines) {
			if (!STACK_FRAME.test(line)) {
				kept.push(line);
				continue;
			}
			if (!noted && logFile)
				kept.push(`(stack traces are left out here; n8n's full output: ${logFile})`);
			noted = true;
		}
		if (kept.length) write(`${kept.join('\n')}\n`);
	};
}

/**
 * The run data that `n8n execute` prints as pretty JSON: on stdout after a successful run (`--rawOutput`),
 * and after "Execution error:" for a failed one. Returns the first such object, or undefined.
 */
function parseExecuteOutput(text) {
	const lines = String(text).split('\n');
	for (let i = 0; i < lines.length; i++) {
		if (!lines[i].startsWith('{')) continue;
		const ends =
			lines[i].trimEnd() === '{'
				? lines.map((line, j) => (j > i && line.trimEnd() === '}' ? j : -1)).filter((j) => j > 0)
				: [i];
		for (const j of ends) {
			try {
				return JSON.parse(lines.slice(i, j + 1).join('\n'));
			} catch {
				/* not the end of this object, or not JSON */
			}
		}
	}
	return undefined;
}

/** The items a node produced in a run (first run, first output), as n8n shows them: [{ json, binary? }]. */
function nodeItems(run, nodeName, { output = 0, runIndex = 0 } = {}) {
	return run?.data?.resultData?.runData?.[nodeName]?.[runIndex]?.data?.main?.[output] ?? [];
}

module.exports = { parseExecuteOutput, nodeItems, terminalEcho };
