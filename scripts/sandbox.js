'use strict';
/**
 * The local sandbox API: the fake Mindee (V1 and V2) and Biros servers of the tests (test/fakes/, run
 * transpiled into .cache/fakes by scripts/lib/fakes.js) on 127.0.0.1. `npm start` runs it when
 * MINDEE_API_KEY / MINDEE_V2_API_KEY / BIROS_API_KEY are not set, so the example workflows run end to end
 * offline. The Mindee sandboxes answer with the responses this project ships in scripts/sandbox-responses/
 * mindee/ and mindee-v2/ (written for it, in the APIs' exact shapes), so they need nothing beside the
 * clone; the tests start them with `recorded: true` to answer with the real recorded responses of
 * ../shared/fixtures/mindee and mindee-v2 instead.
 *
 *   node scripts/sandbox.js            # all servers, on free ports, until Ctrl-C
 */
const path = require('node:path');

const { loadFake } = require('./lib/fakes');

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

/**
 * The APIs the sandbox fakes, by the name startSandbox() and its result use: the fake server (test/fakes/),
 * the key (and webhook secret) it accepts, the responses it ships (else it answers with ../shared's recorded
 * ones, or, for Biros, with test/fakes/biros) and whether `processingMs` paces its jobs.
 */
const APIS = {
	mindee: {
		label: 'Mindee',
		fake: 'mindee-server',
		start: 'startMindeeServer',
		apiKey: SANDBOX.mindeeApiKey,
		webhookSecret: SANDBOX.mindeeWebhookSecret,
		responsesDir: SANDBOX_RESPONSES_DIR,
		paced: true,
	},
	mindeeV2: {
		label: 'Mindee V2',
		fake: 'mindee-v2-server',
		start: 'startMindeeV2Server',
		apiKey: SANDBOX.mindeeV2ApiKey,
		webhookSecret: SANDBOX.mindeeV2WebhookSecret,
		responsesDir: SANDBOX_V2_RESPONSES_DIR,
		// One extraction per document file: blurred-invoice.pdf has a Low total (Route for Review's example).
		results: {
			'blurred-invoice.pdf': 'products/extraction/financial_document/low_confidence.json',
		},
		paced: true,
	},
	biros: {
		label: 'Biros',
		fake: 'biros-server',
		start: 'startBirosServer',
		apiKey: SANDBOX.birosApiKey,
	},
};

/**
 * Starts the wanted fake servers. Returns { mindee?: { url, port, apiKey, webhookSecret, close }, mindeeV2?: {
 * same }, biros?: { url, port, apiKey, close }, close() }. A port of 0 (default) lets the OS pick a free one.
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
	const wanted = { mindee, mindeeV2, biros };
	const ports = { mindee: mindeePort, mindeeV2: mindeeV2Port, biros: birosPort };
	const sandbox = {};
	for (const [name, api] of Object.entries(APIS)) {
		if (!wanted[name]) continue;
		const start = (await loadFake(api.fake))[api.start];
		const server = await start({
			port: ports[name],
			host,
			apiKey: api.apiKey,
			...(api.responsesDir && !recorded ? { responsesDir: api.responsesDir } : {}),
			...(api.results && !recorded ? { results: api.results } : {}),
			...(api.paced && processingMs !== undefined ? { processingMs } : {}),
		});
		const secret = api.webhookSecret ? { webhookSecret: api.webhookSecret } : {};
		sandbox[name] = Object.assign(server, { apiKey: api.apiKey, ...secret });
	}
	sandbox.close = async () => {
		await Promise.allSettled(Object.keys(APIS).map((name) => sandbox[name]?.close()));
	};
	return sandbox;
}

module.exports = { SANDBOX, SANDBOX_RESPONSES_DIR, SANDBOX_V2_RESPONSES_DIR, APIS, startSandbox };

if (require.main === module) {
	startSandbox()
		.then((sandbox) => {
			for (const [name, api] of Object.entries(APIS)) {
				const secret = api.webhookSecret ? `, webhook secret "${api.webhookSecret}"` : '';
				console.log(
					`${api.label} sandbox: ${sandbox[name].url}  (API key "${api.apiKey}"${secret})`,
				);
			}
			const stop = () => sandbox.close().then(() => process.exit(0));
			process.on('SIGINT', stop);
			process.on('SIGTERM', stop);
		})
		.catch((error) => {
			console.error(error);
			process.exit(1);
		});
}
