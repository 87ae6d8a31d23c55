/**
 * Issue #24, point 11: no text the user reads joins two sentences with a doubled full stop ("… is
 * invalid.. Check …"), whatever the API said (its texts often end with a period).
 */
import type { INode } from 'n8n-workflow';

import { BIROS_KEYS, explainBirosError } from '../../nodes/Biros/helpers/explainError';
import { explainMindeeError, MINDEE_V1_KEYS } from '../../nodes/Mindee/helpers/explainError';
import { explainMindeeV2Error, MINDEE_V2_KEYS } from '../../nodes/MindeeV2/helpers/explainError';
import {
	DocparseError,
	explanationText,
	API_CODES,
	toNodeError,
	refusedKeyTestMessage,
} from '../../nodes/shared/errors';

const NODE = { name: 'Node', type: 'docparseMindee', typeVersion: 1, position: [0, 0] } as INode;

/** What each API sends back, worded as they word it: every text ends with a period. */
const BODIES = [
	{
		api_request: {
			error: { code: 'Unauthorized', message: 'Invalid token provided.', details: 'Check it.' },
		},
	},
	{
		status: 422,
		title: 'Invalid API key.',
		detail: 'The provided API key is invalid.',
		code: '422-001',
		errors: [{ pointer: '#/model_id', detail: 'Not a model.' }],
	},
	{ detail: 'Service not found.' },
	{ detail: [{ loc: ['body', 'file'], msg: 'Field required.' }] },
	'Upstream failed.',
	undefined,
];

const STATUSES = [400, 401, 403, 404, 413, 415, 422, 429, 500, 502, 503];
/** Every code but a status (those come with STATUSES), and bad input (its texts are the node's own). */
const CODES = [...API_CODES].filter((code) => code !== 'DOCPARSE_HTTP_STATUS');

/** Every error the explainers meet: by status and body, by code, uploading or not, after a submit or not. */
function* errors(): Generator<DocparseError> {
	for (const request of ['POST /v1/upload', 'GET /v1/jobs/j-1']) {
		for (const jobId of [undefined, 'job-1']) {
			const context = { request, ...(jobId ? { jobId, documentId: jobId } : {}) };
			for (const body of BODIES) {
				for (const status of STATUSES)
					yield new DocparseError('DOCPARSE_HTTP_STATUS', 'Answered.', {
						status,
						body,
						context: { ...context },
					});
				for (const code of CODES)
					yield new DocparseError(code, 'It failed.', {
						body: code === 'DOCPARSE_JOB_FAILED' ? { job: { id: 'job-1', error: body } } : body,
						context: { ...context },
					});
			}
		}
	}
}

test.each([
	['Mindee', explainMindeeError],
	['Mindee V2', explainMindeeV2Error],
	['Biros', explainBirosError],
])('%s: no doubled full stop in any message, description or list error', (_, explain) => {
	let checked = 0;
	for (const error of errors()) {
		const explanation = explain(error);
		const shown = toNodeError(NODE, error, 0, explain, []);
		for (const text of [
			explanation.message,
			explanation.description ?? '',
			explanationText(explanation),
			shown.message,
			shown.description ?? '',
		]) {
			expect(text).not.toMatch(/\.[.:]/);
		}
		checked++;
	}
	expect(checked).toBeGreaterThan(300);
});

test("the Model list's error after a refused key reads as sentences", () => {
	const error = new DocparseError('DOCPARSE_HTTP_STATUS', 'Answered.', {
		status: 401,
		body: { status: 401, title: 'Invalid API key.', detail: 'The provided API key is invalid.' },
		context: { request: 'GET /v2/search/models' },
	});
	const text = explanationText(explainMindeeV2Error(error));
	expect(text).toMatch(
		/^Mindee refused the API key \(401 Unauthorized\): Invalid API key: The provided API key is invalid\. The "/,
	);
	expect(text).not.toMatch(/\.\./);
});

test.each([MINDEE_V1_KEYS, MINDEE_V2_KEYS, BIROS_KEYS])(
	"$credential: the Test button's refused-key texts",
	(origin) => {
		for (const status of [401, 403])
			expect(refusedKeyTestMessage(origin, status)).not.toMatch(/\.\./);
	},
);
