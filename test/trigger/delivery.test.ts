import { resolve } from 'node:path';

import { documentToItems } from '../../nodes/Mindee/output/documentItems';
import type { TriggerEndpoint } from '../harness/webhook';
import { fixtureBytes, signedHeaders, startTrigger } from './setup';

const COMPLETED = 'async/get_completed.json';
const INVOICE = 'products/invoices/response_v4/complete.json';

let trigger: TriggerEndpoint | undefined;
afterEach(async () => {
	await trigger?.close();
	trigger = undefined;
});

describe('a correctly signed delivery', () => {
	test('starts one execution whose items are the document, with its job ID and status', async () => {
		trigger = await startTrigger();
		const body = fixtureBytes(COMPLETED);

		const answer = await trigger.post(body, signedHeaders(body));

		expect(answer.status).toBe(200);
		expect(answer.json).toEqual({
			message: 'Job b6caf9e8-9bcc-4412-bcb7-f5b416678f0d received; workflow started',
		});
		expect(trigger.executions).toHaveLength(1);
		const items = await trigger.emitted(0);
		expect(items.map((item) => item.json)).toEqual([
			{
				invoice_page_groups: [{ page_indexes: [0] }, { page_indexes: [1] }],
				_pages: [
					{ _page_id: 0, _orientation: null },
					{ _page_id: 1, _orientation: null },
				],
				_document_id: 'd88406ed-47bd-4db0-b3f3-145c8667a343',
				_job_id: 'b6caf9e8-9bcc-4412-bcb7-f5b416678f0d',
				_filename: '2_invoices.pdf',
				_page_count: 2,
				_product: 'Mindee/invoice_splitter_beta v1.0',
				_job_status: 'completed',
			},
		]);
		expect(trigger.webhookErrors).toEqual([]);
	});

	test.each([
		['simplified', false],
		['lineItems', true],
		['raw', false],
	])(
		"output %s (confidence %s) is the Mindee node's output of the same document, plus _job_id and _job_status",
		async (output, includeConfidence) => {
			trigger = await startTrigger({ parameters: { output, options: { includeConfidence } } });
			const body = fixtureBytes(INVOICE);

			expect((await trigger.post(body, signedHeaders(body))).status).toBe(200);

			const { document, job } = JSON.parse(body.toString('utf8'));
			const expected = documentToItems(
				document,
				{ job_id: job.id },
				{ mode: output as 'raw', includeConfidence },
			).map((json) => ({
				...json,
				_job_id: '82292907-c0d5-4875-b71d-7825ea4ed219',
				_job_status: 'completed',
			}));
			expect((await trigger.emitted(0)).map((item) => item.json)).toEqual(expected);
		},
	);

	test('a document whose fields are all empty still becomes an item', async () => {
		trigger = await startTrigger();
		const body = fixtureBytes('async/get_completed_empty.json');

		expect((await trigger.post(body, signedHeaders(body))).status).toBe(200);

		const [item] = await trigger.emitted(0);
		expect(item.json).toMatchObject({
			_job_id: '5651b928-35f2-4244-9a35-a5bec14ce3ec',
			_job_status: 'completed',
			document_number: null,
			surnames: [],
		});
	});

	test('the signature is checked over the bytes sent, whose JSON re-serialises differently', async () => {
		trigger = await startTrigger();
		const body = fixtureBytes(COMPLETED);
		const reserialised = JSON.stringify(JSON.parse(body.toString('utf8')));
		expect(reserialised).not.toBe(body.toString('utf8'));

		expect((await trigger.post(body, signedHeaders(reserialised))).status).toBe(401);
		expect((await trigger.post(body, signedHeaders(body))).status).toBe(200);
		expect(trigger.executions).toHaveLength(1);
	});

	test("the trigger's keys never collide with Mindee's: a field named document_id keeps its value", async () => {
		trigger = await startTrigger();
		const { document } = JSON.parse(
			fixtureBytes(
				resolve(__dirname, '..', 'fakes', 'mindee', 'eu_driver_license_v1.json'),
			).toString('utf8'),
		);
		const body = Buffer.from(
			JSON.stringify({
				document,
				job: { id: 'job-eu-1', status: 'completed', issued_at: '2026-11-20T10:00:00' },
			}),
		);

		expect((await trigger.post(body, signedHeaders(body))).status).toBe(200);

		const [item] = await trigger.emitted(0);
		expect(item.json).toMatchObject({
			document_id: '13AA00002',
			__pages: 'made-up field whose name starts with an underscore',
			_document_id: '9c8b7a6f-5e4d-4c3b-8a29-1f0e9d8c7b6a',
			_job_id: 'job-eu-1',
			_job_status: 'completed',
			_pages: [expect.objectContaining({ _page_id: 0, photo: expect.any(Object) })],
		});
	});

	test('an upper-case hex signature is accepted', async () => {
		trigger = await startTrigger();
		const body = fixtureBytes(COMPLETED);
		const signature = signedHeaders(body)['x-mindee-hmac-signature'].toUpperCase();

		expect((await trigger.post(body, { 'x-mindee-hmac-signature': signature })).status).toBe(200);
		expect(trigger.executions).toHaveLength(1);
	});

	test('a slow client sending the body in many small chunks is verified over the whole body', async () => {
		trigger = await startTrigger();
		const body = fixtureBytes(COMPLETED);
		const chunks = Array.from({ length: Math.ceil(body.length / 64) }, (_, n) =>
			body.subarray(n * 64, (n + 1) * 64),
		);

		const answer = await trigger.post(chunks, signedHeaders(body));

		expect(answer.status).toBe(200);
		expect((await trigger.emitted(0))[0].json._document_id).toBe(
			'd88406ed-47bd-4db0-b3f3-145c8667a343',
		);
	});
});

describe('a failed job', () => {
	const FAILED = 'async/get_failed_job_error.json';

	test('is emitted as one item with the error by default', async () => {
		trigger = await startTrigger();
		const body = fixtureBytes(FAILED);

		expect((await trigger.post(body, signedHeaders(body))).status).toBe(200);

		expect((await trigger.emitted(0)).map((item) => item.json)).toEqual([
			{
				_job_id: '62bc7d21-dffc-4236-8058-565e2ca38d86',
				_job_status: 'failed',
				_error: 'An error occurred',
				_error_code: 'ServerError',
				_error_details: 'An error occurred',
				_issued_at: '2024-02-20T10:31:06.878599',
				_available_at: '2024-02-20T10:31:06.878599',
			},
		]);
	});

	test('is acknowledged and starts nothing when Failed Jobs is Ignore', async () => {
		trigger = await startTrigger({ parameters: { failedJobs: 'ignore' } });
		const body = fixtureBytes(FAILED);

		const answer = await trigger.post(body, signedHeaders(body));

		expect(answer).toMatchObject({
			status: 200,
			json: { message: 'Job 62bc7d21-dffc-4236-8058-565e2ca38d86 failed; ignored' },
		});
		expect(trigger.executions).toHaveLength(0);
	});
});
