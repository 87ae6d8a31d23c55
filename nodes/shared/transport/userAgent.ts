/**
 * `n8n-nodes-docparse/<version>`, sent on every request as Mindee's SDK names itself on its own. The version
 * comes from the package's package.json: three levels up from the sources (ts-jest), four from dist/.
 */
export const USER_AGENT = `n8n-nodes-docparse/${packageVersion()}`;

function packageVersion(): string {
	for (const candidate of ['../../../package.json', '../../../../package.json']) {
		try {
			// eslint-disable-next-line @typescript-eslint/no-require-imports -- the path differs between sources and dist/, so it is tried at run time
			const manifest = require(candidate) as { name?: string; version?: string };
			if (manifest.name === 'n8n-nodes-docparse' && manifest.version) return manifest.version;
		} catch {
			// Not at this level: try the next one.
		}
	}
	return 'unknown';
}
