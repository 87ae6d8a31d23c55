'use strict';
/**
 * The local sandbox API: the fake Mindee (V1 and V2) and Biros servers of the tests (test/fakes/) on
 * 127.0.0.1. `npm start` runs it when MINDEE_API_KEY / MINDEE_V2_API_KEY / BIROS_API_KEY are not set, so the
 * example workflows run end to end offline. The Mindee sandboxes answer with the responses this project
 * ships in scripts/sandbox-responses/mindee/ and mindee-v2/ (written for it, in the APIs' exact shapes), so
 * they need nothing beside the clone; the tests start them with `recorded: true` to answer with the real
 * recorded responses of ../shared/fixtures/mindee and mindee-v2 instead.
 *
 *   node scripts/sandbox.js            # all servers, on free ports, until Ctrl-C
 */
const path = require('node:path');

const REPO_ROOT = path.resolve(__dirname, '..');
/** The Mindee responses the sandbox ships (same layout as shared/fixtures/mindee). */
const SANDBOX_RESPONSES_DIR = path.join(__dirname, 'sandbox-responses', 'mindee');
/** The Mindee V2 responses the sandbox ships (same layout as shared/fixtures/mindee-v2). */
const SANDBOX_V2_RESPONSES_DIR = path.join(__dirname, 'sandbox-responses', 'mindee-v2');

/** The API keys and webhook secret that the sandbox accepts (they only open the local fake servers). */
const SANDBOX = {
	mindeeApiKey: 'sandbox-mindee-key',
	mindeeWebhookSecret: 'sandbox-webhook-secret',
	mindeeV2ApiKey: 'sandbox-mindee-v2-key',
	mindeeV2WebhookSecret: 'sandbox-v2-webhook-secret',
	birosApiKey: 'sandbox-biros-key',
};

function loadFake(file, exportName) {
	const full = path.join(REPO_ROOT, 'test', 'fakes', file);
	let mod;
	try {
		mod = require(full);
	} catch (error) {
		if (error.code === 'MODULE_NOT_FOUND' && String(error.message).includes(file)) return undefined;
		throw error;
	}
	return typeof mod[exportName] === 'function' ? mod[exportName] : undefined;
}

/**
 * Starts the wanted fake servers. Returns { mindee?: { url, port, apiKey, webhookSecret, close }, mindeeV2?: {
 * same }, biros?: { url, port, apiKey, close }, missing: string[], close() }. A port of 0 (default) lets the
 * OS pick a free one.
 */
async function startSandbox({
	mindee = true,
	mindeeV2 = true,
	biros = true,
	host = '127.0.0.1',
	mindeePort = 0,
	mindeeV2Port = 0,
	birosPort = 0,
	processingMs,
	recorded = false,
} = {}) {
	const sandbox = { missing: [], warnings: [] };
	if (mindee) {
		const startMindeeServer = loadFake('mindee-server.js', 'startMindeeServer');
		if (startMindeeServer) {
			const server = await startMindeeServer({
				port: mindeePort,
				host,
				apiKey: SANDBOX.mindeeApiKey,
				...(recorded ? {} : { responsesDir: SANDBOX_RESPONSES_DIR }),
				...(processingMs === undefined ? {} : { processingMs }),
			});
			sandbox.mindee = Object.assign(server, {
				apiKey: SANDBOX.mindeeApiKey,
				webhookSecret: SANDBOX.mindeeWebhookSecret,
			});
		} else sandbox.missing.push('mindee');
	}
	if (mindeeV2) {
		const startMindeeV2Server = loadFake('mindee-v2-server.js', 'startMindeeV2Server');
		if (startMindeeV2Server) {
			const server = await startMindeeV2Server({
				port: mindeeV2Port,
				host,
				apiKey: SANDBOX.mindeeV2ApiKey,
				...(recorded ? {} : { responsesDir: SANDBOX_V2_RESPONSES_DIR }),
				...(processingMs === undefined ? {} : { processingMs }),
			});
			sandbox.mindeeV2 = Object.assign(server, {
				apiKey: SANDBOX.mindeeV2ApiKey,
				webhookSecret: SANDBOX.mindeeV2WebhookSecret,
			});
		} else sandbox.missing.push('mindee-v2');
	}
	if (biros) {
		const startBirosServer = loadFake('biros-server.js', 'startBirosServer');
		if (startBirosServer) {
			const server = await startBirosServer({ port: birosPort, host, apiKey: SANDBOX.birosApiKey });
			sandbox.biros = Object.assign(server, { apiKey: SANDBOX.birosApiKey });
		} else sandbox.missing.push('biros');
	}
	sandbox.close = async () => {
		await Promise.allSettled([
			sandbox.mindee?.close(),
			sandbox.mindeeV2?.close(),
			sandbox.biros?.close(),
		]);
	};
	return sandbox;
}

module.exports = { SANDBOX, SANDBOX_RESPONSES_DIR, SANDBOX_V2_RESPONSES_DIR, startSandbox };

if (require.main === module) {
	startSandbox()
		.then((sandbox) => {
			if (sandbox.mindee)
				console.log(
					`Mindee sandbox: ${sandbox.mindee.url}  (API key "${SANDBOX.mindeeApiKey}", webhook secret "${SANDBOX.mindeeWebhookSecret}")`,
				);
			if (sandbox.mindeeV2)
				console.log(
					`Mindee V2 sandbox: ${sandbox.mindeeV2.url}  (API key "${SANDBOX.mindeeV2ApiKey}", webhook secret "${SANDBOX.mindeeV2WebhookSecret}")`,
				);
			if (sandbox.biros)
				console.log(`Biros sandbox:  ${sandbox.biros.url}  (API key "${SANDBOX.birosApiKey}")`);
			for (const name of sandbox.missing)
				console.log(`(no ${name} fake server in test/fakes/ yet)`);
			for (const warning of sandbox.warnings) console.log(`warning: ${warning}`);
			const stop = () => sandbox.close().then(() => process.exit(0));
			process.on('SIGINT', stop);
			process.on('SIGTERM', stop);
		})
		.catch((error) => {
			console.error(error);
			process.exit(1);
		});
}
