/**
 * Issue #24, point 1: Get Result's errors fit Get Result. It submitted nothing, so no "submitted as job …"
 * advice; an unknown ID says which field to check and where that ID comes from; no model advice on an
 * operation without a model field.
 */
import type { INodeParameters } from 'n8n-workflow';

import { pdfItem } from '../harness/files';
import { runMindeeV2 } from '../mindeeV2/setup';
import type { FakeServer, ServiceUnderTest } from '../faults/services';
import { BIROS, MINDEE, MINDEE_V2 } from '../faults/services';

const UNKNOWN = 'no-such-id-4711';

/** Get Result of each node, looking up `id`, waiting until done or checking once. */
const cases: Array<{
	service: ServiceUnderTest;
	parameters: (id: string, wait: boolean) => INodeParameters;
	message: string;
}> = [
	{
		service: MINDEE,
		parameters: (jobId, wait) => ({
			operation: 'getResult',
			lookupBy: 'jobId',
			jobId,
			waitForCompletion: wait,
		}),
		message: `No job ${UNKNOWN}: check the Job ID (Submit's \`job_id\`) and that Product is the one it was submitted to (item 1)`,
	},
	{
		service: MINDEE_V2,
		parameters: (jobId, wait) => ({
			operation: 'getResult',
			lookupBy: 'jobId',
			jobId,
			waitForCompletion: wait,
		}),
		message: `No job ${UNKNOWN}: check the Job ID (Submit's \`job_id\`) (item 1)`,
	},
	{
		service: BIROS,
		parameters: (documentId, wait) => ({
			operation: 'getResult',
			documentId,
			waitForResult: wait,
		}),
		message: `No document ${UNKNOWN}: check the Document ID (Submit's \`document_id\`) and that Service ID "svc-health-card" is the one it was submitted to (item 1)`,
	},
];

/** Advice that only fits a document this run submitted, or an operation with a model field. */
const OUT_OF_PLACE = /submitted as|enqueued as|instead of (submitting|sending) it again|model ID/i;

describe.each(cases)('$service.name', ({ service, parameters, message }) => {
	let server: FakeServer;
	beforeEach(async () => {
		server = await service.start({ processingMs: 0 });
	});
	afterEach(async () => await server.close());

	test.each([true, false])(
		'an unknown ID (waiting: %s) names the field to check, nothing else',
		async (wait) => {
			const { error } = await service.run(server, parameters(UNKNOWN, wait), {
				items: [{ json: {} }],
			});
			expect(error?.message).toBe(message);
			expect(`${error?.message} ${error?.description ?? ''}`).not.toMatch(OUT_OF_PLACE);
			expect(server.requestsOf(service.kinds.submit)).toHaveLength(0);
		},
	);

	test('a failure while checking a real job gives no advice about submitting it: Get Result submitted nothing', async () => {
		await service.run(server, service.submitOnly, { items: [pdfItem()] });
		const id = service.resultIdOf(server.requestsOf(service.kinds.submit)[0]);
		server.inject(service.kinds.check, { status: 500, body: { error: 'boom' } }, 10);
		const { error } = await service.run(server, parameters(id, true), {
			items: [{ json: {} }],
		});
		expect(error?.message).toMatch(/unavailable|internal error/);
		expect(`${error?.message} ${error?.description ?? ''}`).not.toMatch(OUT_OF_PLACE);
	});
});

test('Mindee V2: an unknown inference ID names the Inference ID and the Model Type', async () => {
	const server = await MINDEE_V2.start({ processingMs: 0 });
	try {
		const { error } = await MINDEE_V2.run(
			server,
			{ operation: 'getResult', lookupBy: 'inferenceId', inferenceId: UNKNOWN },
			{ items: [{ json: {} }] },
		);
		expect(error?.message).toBe(
			`No inference ${UNKNOWN}: check the Inference ID (a result's \`_inference_id\`) and that Model Type is the one of its model (item 1)`,
		);
	} finally {
		await server.close();
	}
});

test("from version 1.1, the advice names Submit's key as that version outputs it: `_job_id`", async () => {
	const server = await MINDEE_V2.start({ processingMs: 0 });
	try {
		const { error } = await runMindeeV2(
			server as never,
			{ operation: 'getResult', lookupBy: 'jobId', jobId: UNKNOWN },
			{ items: [{ json: {} }], typeVersion: 1.1 },
		);
		expect(error?.message).toBe(
			`No job ${UNKNOWN}: check the Job ID (Submit's \`_job_id\`) (item 1)`,
		);
	} finally {
		await server.close();
	}
});
