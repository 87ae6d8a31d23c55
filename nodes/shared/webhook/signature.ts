import { createHmac, timingSafeEqual } from 'node:crypto';

/** The header Mindee signs each webhook delivery with (Node lowercases incoming header names). */
const SIGNATURE_HEADER = 'x-mindee-hmac-signature';

/** An HMAC-SHA256 in hex: 64 digits, in either case. */
const HEX_SHA256 = /^[0-9a-f]{64}$/i;

/**
 * Whether `signature` is the hex HMAC-SHA256 of the body bytes exactly as received, keyed with the
 * signing secret. The comparison is over the 32 decoded bytes in constant time; a signature of any
 * other form (missing, truncated, not hex, several headers joined) is simply invalid.
 */
export function isValidSignature(
	body: Buffer,
	secret: string,
	signature: string | undefined,
): boolean {
	if (signature === undefined || !HEX_SHA256.test(signature)) return false;
	const expected = createHmac('sha256', secret).update(body).digest();
	return timingSafeEqual(expected, Buffer.from(signature, 'hex'));
}

/** The signature header's value (Node joins a repeated custom header into one string, which then fails). */
export function signatureHeader(
	headers: Record<string, string | string[] | undefined>,
): string | undefined {
	const value = headers[SIGNATURE_HEADER];
	return typeof value === 'string' ? value : undefined;
}
