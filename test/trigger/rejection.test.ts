import type { TriggerEndpoint } from '../harness/webhook';
import { captureLogs } from '../harness/webhook';
import { API_KEY, fixtureBytes, SECRET, signatureOf, signedHeaders, startTrigger } from './setup';

const COMPLETED = 'async/get_completed.json';

let trigger: TriggerEndpoint | undefined;
afterEach(async () => {
	await trigger?.close();
	trigger = undefined;
});

/** What every refused delivery must leave behind: nothing started, nothing remembered, no node error. */
function expectNothingStarted(endpoint: TriggerEndpoint) {
	expect(endpoint.executions).toHaveLength(0);
	expect(endpoint.staticData).toEqual({});
	expect(endpoint.webhookErrors).toEqual([]);
}

describe('a delivery without a valid signature gets 401 and starts nothing', () => {
	const body = fixtureBytes(COMPLETED);

	test.each([
		['no signature header', {}, 'Missing X-Mindee-Hmac-Signature header'],
		[
			'a signature made with another secret',
			signedHeaders(body, 'whsec_someone_else'),
			'Invalid X-Mindee-Hmac-Signature',
		],
		[
			'a truncated signature',
			{ 'x-mindee-hmac-signature': signatureOf(body).slice(0, 40) },
			'Invalid X-Mindee-Hmac-Signature',
		],
		[
			'a signature with a prefix',
			{ 'x-mindee-hmac-signature': `sha256=${signatureOf(body)}` },
			'Invalid X-Mindee-Hmac-Signature',
		],
		['an empty signature', { 'x-mindee-hmac-signature': '' }, 'Invalid X-Mindee-Hmac-Signature'],
	])('%s', async (_case, headers, message) => {
		trigger = await startTrigger();

		const answer = await trigger.post(body, headers);

		expect(answer).toMatchObject({ status: 401, json: { message } });
		expectNothingStarted(trigger);
	});

	test('a signature of other bytes (the body altered on the way)', async () => {
		trigger = await startTrigger();
		const altered = Buffer.from(body.toString('utf8').replace('2_invoices.pdf', '3_invoices.pdf'));

		expect((await trigger.post(altered, signedHeaders(body))).status).toBe(401);
		expectNothingStarted(trigger);
	});

	test('an empty body without a signature', async () => {
		trigger = await startTrigger();

		expect((await trigger.post('', {})).status).toBe(401);
		expectNothingStarted(trigger);
	});
});

describe('a signed delivery that is not a Mindee job or document gets 400 and starts nothing', () => {
	test.each([
		['an empty body', '', 'text/plain', 'Empty body, expected a Mindee job or document'],
		['plain text', 'job done', 'text/plain', 'Body is not JSON, expected a Mindee job or document'],
		[
			'another JSON',
			'{"hello":"world"}',
			'application/json',
			'Not a Mindee job or document (check job)',
		],
		[
			'a job still processing',
			'{"job":{"id":"j1","status":"processing"}}',
			'application/json',
			'Not a Mindee job or document (check job.status)',
		],
		[
			'a document missing its pages',
			'{"job":{"id":"j1","status":"completed"},"document":{"id":"d1","name":"a.pdf","inference":{}}}',
			'application/json',
			'Not a Mindee job or document (check document.inference.prediction, document.inference.pages)',
		],
		['a JSON list', '[1,2]', 'application/json', 'Not a Mindee job or document'],
	])('%s', async (_case, body, contentType, message) => {
		trigger = await startTrigger();

		const answer = await trigger.post(body, {
			'content-type': contentType,
			...signedHeaders(body),
		});

		expect(answer).toMatchObject({ status: 400, json: { message } });
		expectNothingStarted(trigger);
	});
});

describe('an oversized delivery gets 413 and starts nothing', () => {
	const body = fixtureBytes('products/invoices/response_v4/complete.json');

	test('over Max Body Size, signed or not', async () => {
		expect(body.length).toBeGreaterThan(0.02 * 1024 * 1024);
		trigger = await startTrigger({ parameters: { options: { maxBodySize: 0.02 } } });

		expect(await trigger.post(body, signedHeaders(body))).toMatchObject({
			status: 413,
			json: { message: 'Body larger than 0.02 MB' },
		});
		expect((await trigger.post(body, {})).status).toBe(413);
		expectNothingStarted(trigger);
	});

	test('a body just within the limit is accepted', async () => {
		trigger = await startTrigger({
			parameters: { options: { maxBodySize: body.length / 1024 / 1024 } },
		});

		expect((await trigger.post(body, signedHeaders(body))).status).toBe(200);
		expect(trigger.executions).toHaveLength(1);
	});
});

describe('the signing secret', () => {
	test('without one, activating the workflow (or listening for a test event) is refused with a clear message', async () => {
		for (const mode of ['webhook', 'manual'] as const) {
			await expect(
				startTrigger({ mode, credentials: { apiKey: API_KEY, webhookSecret: '' } }),
			).rejects.toThrow('The Mindee credential has no Webhook Signing Secret');
		}
	});

	test('without one, Skip Signature Verification accepts deliveries with any or no signature', async () => {
		trigger = await startTrigger({
			credentials: { apiKey: API_KEY },
			parameters: { options: { skipSignatureVerification: true } },
		});
		const body = fixtureBytes(COMPLETED);

		expect((await trigger.post(body, {})).status).toBe(200);
		expect(
			(
				await trigger.post(fixtureBytes('async/get_completed_empty.json'), {
					'x-mindee-hmac-signature': 'nonsense',
				})
			).status,
		).toBe(200);
		expect(trigger.executions).toHaveLength(2);
	});

	test('removed after activation, deliveries get 401 and the log says why', async () => {
		const credentials = { apiKey: API_KEY, webhookSecret: SECRET };
		trigger = await startTrigger({ credentials });
		credentials.webhookSecret = '';
		const body = fixtureBytes(COMPLETED);

		const { result: answer, logs } = await captureLogs(
			async () => await trigger!.post(body, signedHeaders(body)),
		);

		expect(answer).toMatchObject({
			status: 401,
			json: { message: 'Signature cannot be verified' },
		});
		expect(logs.join('\n')).toContain('the credential has no Webhook Signing Secret');
		expectNothingStarted(trigger);
	});

	test('never appears in an answer, an item or the log, nor does the API key', async () => {
		trigger = await startTrigger();
		const body = fixtureBytes(COMPLETED);
		const failed = fixtureBytes('async/get_failed_job_error.json');

		const { result: answers, logs } = await captureLogs(async () => [
			await trigger!.post(body, signedHeaders(body)),
			await trigger!.post(failed, signedHeaders(failed)),
			await trigger!.post(body, signedHeaders(body, 'whsec_someone_else')),
			await trigger!.post(body, {}),
			await trigger!.post('{"job":{}}', signedHeaders('{"job":{}}')),
			await trigger!.post(body, signedHeaders(body)),
		]);

		expect(answers.map((answer) => answer.status)).toEqual([200, 200, 401, 401, 400, 200]);
		const items = await Promise.all([trigger.emitted(0), trigger.emitted(1)]);
		const seen = [...answers.map((answer) => answer.text), ...logs, JSON.stringify(items)].join(
			'\n',
		);
		expect(logs.some((line) => line.includes('does not match the body'))).toBe(true);
		expect(seen).not.toContain(SECRET);
		expect(seen).not.toContain(API_KEY);
		expect(seen).not.toContain(signatureOf(body, 'whsec_someone_else'));
	});
});
