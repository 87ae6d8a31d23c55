/**
 * Ids and names typed by users become parts of authenticated URLs: `.`, `..`, slashes, control characters
 * or nothing at all would move the request (with the API key) elsewhere. Refused before anything is sent,
 * naming the parameter; one error item per item under Continue On Fail.
 */
import { pdfItem, samplePdf } from '../harness/files';
import { BIROS, MINDEE } from './services';
import type { FakeServer, ServiceUnderTest } from './services';

const BAD = ['..', '.', 'a/b', 'a\\b', 'a\nb', '%2e%2e/x'.replace('%2e%2e', '..')];

async function expectRefused(
	service: ServiceUnderTest,
	parameters: Record<string, unknown>,
	parameterName: RegExp,
	values: string[] = BAD,
) {
	const server: FakeServer = await service.start();
	try {
		const result = await service.run(server, parameters as never, {
			continueOnFail: true,
			items: values.map((value, index) => ({
				json: { value },
				binary: pdfItem(`doc-${index}.pdf`, samplePdf(1)).binary,
			})),
		});
		expect(result.items).toHaveLength(values.length);
		result.items.forEach((item, index) => {
			expect(item.json.error).toMatch(parameterName);
			expect(item.json.error).toMatch(new RegExp(`\\(item ${index + 1}[,)]`));
		});
		expect(server.requests).toHaveLength(0);
	} finally {
		await server.close();
	}
}

describe('Mindee', () => {
	test('Get Result: a document id', async () => {
		await expectRefused(
			MINDEE,
			{ operation: 'getResult', lookupBy: 'documentId', documentId: '={{ $json.value }}' },
			/Document ID/,
		);
	});
	test('Get Result: a job id', async () => {
		await expectRefused(
			MINDEE,
			{ operation: 'getResult', lookupBy: 'jobId', jobId: '={{ $json.value }}' },
			/Job ID/,
		);
	});
	test.each([
		['customAccount', /Account Name/],
		['customEndpoint', /Endpoint Name/],
		['customVersion', /Version/],
	])('a custom API: %s', async (parameter, name) => {
		await expectRefused(
			MINDEE,
			{
				operation: 'submit',
				product: 'custom',
				customAccount: 'acme',
				customEndpoint: 'invoices',
				customVersion: '1',
				[parameter]: '={{ $json.value }}',
			},
			name,
		);
	});
	test('a workflow id (RAG)', async () => {
		await expectRefused(
			MINDEE,
			{ operation: 'submit', options: { workflowId: '={{ $json.value }}' } },
			/Workflow ID/,
		);
	});
});

describe('Biros', () => {
	test('a service id', async () => {
		await expectRefused(
			BIROS,
			{ operation: 'submit', serviceId: '={{ $json.value }}' },
			/Service ID/,
		);
	});
	test('Get Result: a document id', async () => {
		await expectRefused(
			BIROS,
			{ operation: 'getResult', documentId: '={{ $json.value }}' },
			/Document ID/,
		);
	});
});
