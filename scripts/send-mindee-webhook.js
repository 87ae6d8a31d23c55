'use strict';
/**
 * Sends a Mindee webhook delivery to a Mindee Trigger, signed the way Mindee signs it (hex HMAC-SHA256 of
 * the raw body with the webhook's signing secret, in the X-Mindee-Hmac-Signature header). For trying the
 * trigger with `npm start`, offline.
 *
 *   node scripts/send-mindee-webhook.js [webhook URL] [--v2] [--secret S] [--file body.json] [--unsigned]
 *
 * Defaults: the production URL of the example workflow "handle each Mindee result as it arrives (webhook)"
 * on http://localhost:5678 (or N8N_PORT), the sandbox secret of `npm start`, and the sandbox's delivery of a
 * completed invoice job (scripts/sandbox-responses/mindee/async/get_completed.json). With --v2: the Mindee
 * V2 Trigger example, the V2 sandbox secret and the sandbox's V2 extraction result of that invoice
 * (scripts/sandbox-responses/mindee-v2/products/extraction/financial_document/complete.json).
 */
const crypto = require('node:crypto');
const fs = require('node:fs');
const path = require('node:path');

const { SANDBOX, SANDBOX_RESPONSES_DIR, SANDBOX_V2_RESPONSES_DIR } = require('./sandbox');

const REPO_ROOT = path.resolve(__dirname, '..');

/** The production URL of the trigger of the example webhook workflow (V1 or V2) on this n8n. */
function exampleWebhookUrl(port, v2) {
	const file = v2 ? 'mindee-v2-webhook-trigger.json' : 'mindee-webhook-trigger.json';
	const workflow = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'examples', file), 'utf8'));
	const type = `n8n-nodes-docparse.${v2 ? 'docparseMindeeV2Trigger' : 'docparseMindeeTrigger'}`;
	const trigger = workflow.nodes.find((node) => node.type === type);
	return `http://localhost:${port}/webhook/${trigger.webhookId}/${v2 ? 'mindee-v2' : 'mindee'}`;
}

function parseArgs(argv) {
	const args = { url: undefined, secret: undefined, file: undefined, unsigned: false, v2: false };
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i];
		if (arg === '--secret') args.secret = argv[++i];
		else if (arg === '--file') args.file = argv[++i];
		else if (arg === '--unsigned') args.unsigned = true;
		else if (arg === '--v2') args.v2 = true;
		else if (arg === '--help' || arg === '-h') args.help = true;
		else args.url = arg;
	}
	args.secret ??= args.v2
		? process.env.MINDEE_V2_WEBHOOK_SECRET || SANDBOX.mindeeV2WebhookSecret
		: process.env.MINDEE_WEBHOOK_SECRET || SANDBOX.mindeeWebhookSecret;
	return args;
}

async function main() {
	const args = parseArgs(process.argv.slice(2));
	if (args.help) {
		process.stdout.write(fs.readFileSync(__filename, 'utf8').split('*/')[0]);
		return;
	}
	const port = process.env.N8N_PORT || 5678;
	const url = args.url || exampleWebhookUrl(port, args.v2);
	const file =
		args.file ||
		(args.v2
			? path.join(
					SANDBOX_V2_RESPONSES_DIR,
					'products',
					'extraction',
					'financial_document',
					'complete.json',
				)
			: path.join(SANDBOX_RESPONSES_DIR, 'async', 'get_completed.json'));
	const body = fs.readFileSync(file);
	const headers = { 'content-type': 'application/json' };
	if (!args.unsigned)
		headers['X-Mindee-Hmac-Signature'] = crypto
			.createHmac('sha256', args.secret)
			.update(body)
			.digest('hex');

	const response = await fetch(url, { method: 'POST', headers, body });
	const text = await response.text();
	process.stdout.write(
		`POST ${url}\n${args.unsigned ? 'unsigned' : 'signed'} body: ${path.relative(process.cwd(), file) || file} (${body.length} bytes)\n→ ${response.status} ${text}\n`,
	);
	if (response.status === 404) {
		process.stdout.write(
			'(404: the workflow is not published, or the URL is not its Production URL)\n',
		);
	}
	process.exitCode = response.ok ? 0 : 1;
}

main().catch((error) => {
	process.stderr.write(`${error.message}\n`);
	process.exit(1);
});
