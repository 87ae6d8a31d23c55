'use strict';
/** Reading what `n8n execute` prints. */

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

module.exports = { parseExecuteOutput, nodeItems };
