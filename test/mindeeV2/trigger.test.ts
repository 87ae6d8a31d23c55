import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ICredentialDataDecryptedObject, INode } from 'n8n-workflow';

import { mindeeV2FixturePath } from '../fakes/fixtures';
import { inferenceToItems } from '../../nodes/MindeeV2/output/inferenceItems';
import { DocparseMindeeV2Trigger } from '../../nodes/MindeeV2Trigger/DocparseMindeeV2Trigger.node';
import { TriggerEndpoint } from '../harness/webhook';

const SECRET = 'whsec_v2_trigger_3c1f';
const EXTRACTION = 'products/extraction/financial_document/complete.json';

/** What Mindee V2 posts when an inference fails (the fields of the SDK's FailedInferenceResponse). */
const FAILED_INFERENCE = {
	inference_id: '9f1c2a77-5d1e-4c1b-9a3e-0c6b2d4e8f10',
	model_id: '87654321-4321-4321-4321-CBA987654321',
	file_name: 'scan.pdf',
	file_alias: 'invoice-2026-04',
	error: {
		status: 422,
		title: 'Unprocessable document',
		detail: 'The file could not be read.',
		code: '422-004',
		errors: [{ pointer: '#/file', detail: 'the file is encrypted' }],
	},
	created_at: '2026-04-20T18:27:58.974451',
};

const bytes = (relative: string) => readFileSync(mindeeV2FixturePath(relative));
const sign = (body: Buffer, secret = SECRET) => ({
	'x-mindee-hmac-signature': createHmac('sha256', secret).update(body).digest('hex'),
});

async function startV2Trigger(
	parameters: INode['parameters'] = {},
	credentials: ICredentialDataDecryptedObject = { apiKey: 'unused', webhookSecret: SECRET },
) {
	return await TriggerEndpoint.start({
		type: 'docparseMindeeV2Trigger',
		nodeType: new DocparseMindeeV2Trigger(),
		parameters: { output: 'simplified', failedJobs: 'emit', options: {}, ...parameters },
		credentials: { docparseMindeeV2Api: credentials },
	});
}

let trigger: TriggerEndpoint | undefined;
afterEach(async () => {
	await trigger?.close();
	trigger = undefined;
});

describe('Mindee V2 Trigger', () => {
	test('a signed result starts one execution with the same items as the node’s Simplified output', async () => {
		trigger = await startV2Trigger();
		const body = bytes(EXTRACTION);
		const answer = await trigger.post(body, sign(body));
		expect(answer).toMatchObject({
			status: 200,
			json: { message: 'Job 12345678-1234-1234-1234-jobid1234567 received; workflow started' },
		});
		expect(trigger.executions).toHaveLength(1);
		const items = await trigger.emitted(0);
		const expected = inferenceToItems(JSON.parse(body.toString()).inference, {
			mode: 'simplified',
			confidence: false,
			locations: false,
		});
		expect(items.map((item) => item.json)).toEqual(expected);
		expect(items[0].json).toMatchObject({ invoice_number: 'INT-001', total_amount: 204.75 });
	});

	test('crop and split results: one item per crop or split', async () => {
		trigger = await startV2Trigger();
		for (const [fixture, key, value] of [
			['products/crop/crop_single.json', 'object_type', 'invoice'],
			['products/split/split_single.json', 'document_type', 'receipt'],
		]) {
			const body = Buffer.from(
				// Another job ID each, or the second would be a duplicate of the first.
				bytes(fixture)
					.toString()
					.replace('jobid1234567', fixture.includes('crop') ? 'jobidcrop001' : 'jobidsplit01'),
			);
			expect((await trigger.post(body, sign(body))).status).toBe(200);
			const items = await trigger.emitted(trigger.executions.length - 1);
			expect(items.map((item) => item.json[key])).toEqual([value]);
		}
	});

	test('what Mindee returned reaches the items, Polygons off: a split chained to an extraction, with its locations', async () => {
		trigger = await startV2Trigger({ options: { polygon: false, confidence: false } });
		const body = bytes('products/split/default_sample_extraction.json');
		expect((await trigger.post(body, sign(body))).status).toBe(200);
		const items = await trigger.emitted(0);
		expect(items).toHaveLength(2);
		expect(items[0].json).toMatchObject({
			page_range: [0, 0],
			_extraction: { _product: 'extraction', _locations: expect.any(Object) },
		});
		expect(items[0].json).not.toHaveProperty('extraction_response');
	});

	test.each([
		['missing', {}, /Missing X-Mindee-Hmac-Signature/],
		[
			'made with another secret',
			sign(bytes(EXTRACTION), 'not-the-secret'),
			/Invalid X-Mindee-Hmac-Signature/,
		],
		['not hex', { 'x-mindee-hmac-signature': 'zz' }, /Invalid X-Mindee-Hmac-Signature/],
	])('a signature %s: 401 and no execution', async (_what, headers, message) => {
		trigger = await startV2Trigger();
		const answer = await trigger.post(bytes(EXTRACTION), headers as Record<string, string>);
		expect(answer.status).toBe(401);
		expect(answer.text).toMatch(message);
		expect(trigger.executions).toHaveLength(0);
	});

	test('a signed body changed in transit: 401', async () => {
		trigger = await startV2Trigger();
		const body = bytes(EXTRACTION);
		const altered = Buffer.from(body.toString().replace('INT-001', 'INT-999'));
		expect((await trigger.post(altered, sign(body))).status).toBe(401);
		expect(trigger.executions).toHaveLength(0);
	});

	test('the same job delivered again (a retry) starts no second execution', async () => {
		trigger = await startV2Trigger();
		const body = bytes(EXTRACTION);
		expect((await trigger.post(body, sign(body))).status).toBe(200);
		const retry = await trigger.post(body, sign(body));
		expect(retry).toMatchObject({
			status: 200,
			json: {
				message: 'Job 12345678-1234-1234-1234-jobid1234567 was already received; nothing started',
			},
		});
		expect(trigger.executions).toHaveLength(1);
		expect(
			(trigger.staticData['node:Trigger Under Test'] as { recentJobs: unknown }).recentJobs,
		).toEqual([{ id: '12345678-1234-1234-1234-jobid1234567', at: expect.any(Number) }]);
	});

	test('a failed job: one item with its error, or nothing when Failed Jobs is Ignore', async () => {
		trigger = await startV2Trigger();
		const body = bytes('job/fail_422.json');
		expect((await trigger.post(body, sign(body))).status).toBe(200);
		const [item] = await trigger.emitted(0);
		expect(item.json).toMatchObject({
			_error: 'Invalid fields in form: One or more fields failed validation.',
			_error_code: '422-001',
			_error_details: 'Fields: #/model_id model_id must be a valid UUID format',
			_job_id: '12345678-1234-1234-1234-123456789ABC',
			_job_status: 'Failed',
		});
		await trigger.close();

		trigger = await startV2Trigger({ failedJobs: 'ignore' });
		const ignored = await trigger.post(body, sign(body));
		expect(ignored.json).toEqual({
			message: 'Job 12345678-1234-1234-1234-123456789ABC failed; ignored',
		});
		expect(trigger.executions).toHaveLength(0);
	});

	test('signed JSON that is not a V2 delivery (e.g. a V1 one): 400', async () => {
		trigger = await startV2Trigger();
		const body = Buffer.from('{"document": {}}');
		const answer = await trigger.post(body, sign(body));
		expect(answer.status).toBe(400);
		expect(answer.text).toMatch(/Not a Mindee V2 result or job/);
		expect(trigger.executions).toHaveLength(0);
	});

	test.each(['job/ok_processing.json', 'job/ok_processed_webhooks_ok.json'])(
		'a job status without its result (%s): 200, nothing started, nothing remembered',
		async (fixture) => {
			trigger = await startV2Trigger();
			const body = bytes(fixture);
			const answer = await trigger.post(body, sign(body));
			expect(answer).toMatchObject({
				status: 200,
				json: {
					message:
						'Job 12345678-1234-1234-1234-123456789ABC is a job status, not a result; nothing started',
				},
			});
			expect(trigger.executions).toHaveLength(0);
			expect(trigger.staticData).toEqual({});
		},
	);

	test('a failed inference (Mindee’s flat body): one item with the error and the IDs, or nothing when Ignore', async () => {
		trigger = await startV2Trigger();
		const body = Buffer.from(JSON.stringify(FAILED_INFERENCE));
		const answer = await trigger.post(body, sign(body));
		expect(answer).toMatchObject({
			status: 200,
			json: { message: `Inference ${FAILED_INFERENCE.inference_id} received; workflow started` },
		});
		expect((await trigger.emitted(0)).map((item) => item.json)).toEqual([
			{
				_job_id: null,
				_inference_id: FAILED_INFERENCE.inference_id,
				_job_status: 'Failed',
				_model_id: FAILED_INFERENCE.model_id,
				_filename: 'scan.pdf',
				_file_alias: 'invoice-2026-04',
				_created_at: FAILED_INFERENCE.created_at,
				_completed_at: null,
				_error: 'Unprocessable document: The file could not be read.',
				_error_code: '422-004',
				_error_details: 'Fields: #/file the file is encrypted',
			},
		]);
		expect((await trigger.post(body, sign(body))).json?.message).toMatch(/already received/);
		await trigger.close();

		trigger = await startV2Trigger({ failedJobs: 'ignore' });
		expect((await trigger.post(body, sign(body))).json).toEqual({
			message: `Inference ${FAILED_INFERENCE.inference_id} failed; ignored`,
		});
		expect(trigger.executions).toHaveLength(0);
	});

	test('a failed inference without its error object: 400 naming the field', async () => {
		trigger = await startV2Trigger();
		const { error: _error, ...withoutError } = FAILED_INFERENCE;
		const body = Buffer.from(JSON.stringify(withoutError));
		const answer = await trigger.post(body, sign(body));
		expect(answer).toMatchObject({
			status: 400,
			json: { message: expect.stringMatching(/error/) },
		});
		expect(trigger.executions).toHaveLength(0);
	});

	test('n8n cannot start the execution (500): Mindee’s retry starts it', async () => {
		trigger = await startV2Trigger();
		const body = bytes(EXTRACTION);
		trigger.executionStartFails = () => true;
		expect((await trigger.post(body, sign(body))).status).toBe(500);
		trigger.executionStartFails = () => false;
		expect((await trigger.post(body, sign(body))).json?.message).toMatch(
			/received; workflow started/,
		);
		expect(trigger.executions).toHaveLength(1);
	});

	test('activation fails without a signing secret, unless verification is skipped', async () => {
		await expect(startV2Trigger({}, { apiKey: 'unused' })).rejects.toThrow(
			/no Webhook Signing Secret/,
		);
		trigger = await startV2Trigger(
			{ options: { skipSignatureVerification: true } },
			{ apiKey: 'x' },
		);
		const body = bytes(EXTRACTION);
		expect((await trigger.post(body)).status).toBe(200);
	});
});
