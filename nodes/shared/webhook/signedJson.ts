import { formatMegabytes, MIB } from '../documents';
import type { DocparseError } from '../errors';
import { isValidSignature } from './signature';

export interface DeliveryPolicy {
	/** The credential's webhook signing secret, if any. */
	secret: string | undefined;
	/** The user ticked the insecure option: accept deliveries without checking their signature. */
	skipVerification: boolean;
	maxBytes: number;
}

interface Rejection {
	status: 400 | 401 | 413;
	/** The short answer the sender gets. */
	message: string;
	/** What the n8n log says, for whoever wonders why no execution started. Never holds a secret. */
	logMessage: string;
}

/** The outcome of checking a delivery: its payload, or the answer that refuses it. */
export type DeliveryCheck<Payload> =
	{ accepted: true; payload: Payload } | ({ accepted: false } & Rejection);

/**
 * The first two checks and the parse, for any Mindee webhook (V1 and V2 sign alike): the size, the
 * signature over the bytes as received, then JSON. `expected` says what the body should have been.
 */
export function readSignedJson(
	body: Buffer,
	signature: string | undefined,
	policy: DeliveryPolicy,
	expected: string,
): { accepted: true; json: unknown } | ({ accepted: false } & Rejection) {
	if (body.length > policy.maxBytes) {
		const limit = formatMegabytes(policy.maxBytes, MIB);
		return reject(
			413,
			`Body larger than ${limit}`,
			`a body of ${formatMegabytes(body.length, MIB)} exceeds the Max Body Size of ${limit}`,
		);
	}
	if (!policy.skipVerification) {
		if (!policy.secret) {
			return reject(
				401,
				'Signature cannot be verified',
				'the credential has no Webhook Signing Secret: copy it from the Mindee platform, or tick Skip Signature Verification (insecure)',
			);
		}
		if (signature === undefined)
			return reject(
				401,
				'Missing X-Mindee-Hmac-Signature header',
				'the X-Mindee-Hmac-Signature header is missing',
			);
		if (!isValidSignature(body, policy.secret, signature)) {
			return reject(
				401,
				'Invalid X-Mindee-Hmac-Signature',
				'the X-Mindee-Hmac-Signature does not match the body: check that the credential holds the signing secret of this API',
			);
		}
	}
	try {
		return { accepted: true, json: JSON.parse(stripByteOrderMark(body.toString('utf8'))) };
	} catch {
		const what = body.length === 0 ? 'Empty body' : 'Body is not JSON';
		return reject(400, `${what}, expected ${expected}`, what.toLowerCase());
	}
}

/** A 400 naming the first fields that did not match the expected shape. */
export function rejectShape(error: unknown, message: string): { accepted: false } & Rejection {
	const fields =
		((error as DocparseError).context?.fields as string[] | undefined)
			?.filter(Boolean)
			.slice(0, 3) ?? [];
	const where = fields.length > 0 ? ` (check ${fields.join(', ')})` : '';
	return reject(400, `${message}${where}`, (error as Error).message);
}

function reject(
	status: Rejection['status'],
	message: string,
	logMessage: string,
): { accepted: false } & Rejection {
	return { accepted: false, status, message, logMessage };
}

function stripByteOrderMark(text: string): string {
	return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
