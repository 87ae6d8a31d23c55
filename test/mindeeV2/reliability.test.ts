/**
 * Issue 13's guarantees, held by the Mindee V2 node and trigger as by the V1 ones: ids checked before they
 * become URL path parts, signed-link tokens never shown, the stop-on-failure report with V2's ids, and
 * concurrent deliveries of one job starting one execution. (The transport, upload-answer, credential and
 * stop-on-failure faults run against V2 in test/faults, through its entry in test/faults/services.ts.)
 */
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';

import { mindeeV2FixturePath } from '../fakes/fixtures';
import { DocparseMindeeV2Trigger } from '../../nodes/MindeeV2Trigger/DocparseMindeeV2Trigger.node';
import { lockedKeyCount } from '../../nodes/shared/limits';
import { pdfItem, samplePdf } from '../harness/files';
import { TriggerEndpoint } from '../harness/webhook';
import type { FakeMindeeV2 } from './setup';
import { runMindeeV2, startMindeeV2Server } from './setup';

const SIGNED_URL =
	'https://bucket.example.com/in/invoice.pdf?X-Amz-Signature=abcdef0123456789&X-Amz-Credential=AKIAEXAMPLE#page=2';

let server: FakeMindeeV2;
beforeEach(async () => {
	server = await startMindeeV2Server();
});
afterEach(async () => await server.close());

describe('ids that become URL path parts', () => {
	test.each([
		['jobId', 'Job ID', '..'],
		['jobId', 'Job ID', '../../v2/search/models'],
		['inferenceId', 'Inference ID', '.'],
		['inferenceId', 'Inference ID', 'abc?x=1'],
	])('%s (%s) %j: an error naming the parameter, nothing sent', async (name, label, value) => {
		const result = await runMindeeV2(
			server,
			{
				operation: 'getResult',
				lookupBy: name,
				[name]: value,
			},
			{ continueOnFail: true },
		);
		expect(result.items).toHaveLength(1);
		expect(result.items[0].json.error).toMatch(new RegExp(`^The ${label} .* cannot be used`));
		expect(server.requests).toHaveLength(0);
	});
});

describe('a signed document link', () => {
	test('Submit: the output and the received file name show the link without its query', async () => {
		const result = await runMindeeV2(server, {
			operation: 'submit',
			inputType: 'url',
			documentUrl: SIGNED_URL,
		});
		expect(server.requestsOf('enqueue')[0].fields.url).toBe(SIGNED_URL);
		const text = JSON.stringify(result.items);
		expect(text).not.toMatch(/X-Amz|AKIAEXAMPLE|page=2/);
		expect(result.items[0].json.filename).toBe('invoice.pdf');
	});

	test('Extract: _filename is shown without the query', async () => {
		const result = await runMindeeV2(server, {
			operation: 'extract',
			inputType: 'url',
			documentUrl: SIGNED_URL,
		});
		expect(result.items[0].json._filename).toBe('invoice.pdf');
		expect(JSON.stringify(result.items)).not.toMatch(/X-Amz|AKIAEXAMPLE/);
	});

	test('an upload that fails: error and error_file_name show the link without its query', async () => {
		server.inject('enqueue', { status: 422, body: { status: 422, title: 'Invalid' } });
		const result = await runMindeeV2(
			server,
			{ operation: 'extract', inputType: 'url', documentUrl: SIGNED_URL },
			{ continueOnFail: true },
		);
		const text = JSON.stringify(result.items);
		expect(text).toContain('https://bucket.example.com/in/invoice.pdf');
		expect(text).not.toMatch(/X-Amz|AKIAEXAMPLE|page=2/);
	});

	test('an http:// link refused before sending: the message shows it without its query', async () => {
		const result = await runMindeeV2(
			server,
			{ operation: 'extract', inputType: 'url', documentUrl: SIGNED_URL.replace('https', 'http') },
			{ continueOnFail: true },
		);
		expect(result.items[0].json.error).toMatch(/"http:\/\/bucket\.example\.com\/in\/invoice\.pdf"/);
		expect(JSON.stringify(result.items)).not.toMatch(/X-Amz|AKIAEXAMPLE/);
	});
});

describe('stop on failure without Continue On Fail', () => {
	test('the report lists each finished document with its job and inference ids', async () => {
		server.setProcessingMs(400);
		server.inject('job', { status: 500, body: { status: 500, title: 'boom' } }, 1);
		const items = Array.from({ length: 3 }, (_, index) =>
			pdfItem(`doc-${index}.pdf`, samplePdf(1, 400 + index)),
		);
		const result = await runMindeeV2(
			server,
			{ operation: 'extract', options: { concurrency: 3 } },
			{ items },
		);
		const error = result.error as unknown as {
			description: string;
			context: { documents: Array<Record<string, unknown>> };
		};
		expect(server.requestsOf('enqueue')).toHaveLength(3);
		const done = error.context.documents.filter((entry) => entry.status === 'done');
		expect(done).toHaveLength(2);
		for (const entry of done) {
			expect(entry).toMatchObject({ job_id: expect.any(String), inference_id: expect.any(String) });
			expect(error.description).toContain(`job ${String(entry.job_id)}`);
			expect(error.description).toContain(`inference ${String(entry.inference_id)}`);
		}
	});
});

describe('Mindee V2 Trigger: deliveries arriving at the same time', () => {
	const SECRET = 'whsec_v2_concurrent';
	let trigger: TriggerEndpoint | undefined;
	afterEach(async () => {
		await trigger?.close();
		trigger = undefined;
	});

	test('the same job posted 6 times at once starts one execution', async () => {
		trigger = await TriggerEndpoint.start({
			type: 'docparseMindeeV2Trigger',
			nodeType: new DocparseMindeeV2Trigger(),
			parameters: { output: 'simplified', failedJobs: 'emit', options: {} },
			credentials: { docparseMindeeV2Api: { apiKey: 'unused', webhookSecret: SECRET } },
			// n8n reads the credential from its database: every delivery read the list before any saved it.
			credentialReadMs: 5,
		});
		const body = readFileSync(
			mindeeV2FixturePath('products/extraction/financial_document/complete.json'),
		);
		const headers = {
			'x-mindee-hmac-signature': createHmac('sha256', SECRET).update(body).digest('hex'),
		};
		const endpoint = trigger;
		const answers = await Promise.all(
			Array.from({ length: 6 }, async () => await endpoint.post(body, headers)),
		);
		expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200, 200]);
		expect(trigger.executions).toHaveLength(1);
		expect(
			answers.filter((answer) => /already received/.test(String(answer.json?.message))),
		).toHaveLength(5);
		expect(lockedKeyCount()).toBe(0);
	});
});
