import { isValidSignature } from '../../nodes/shared/webhook';

/**
 * Vectors computed outside this code base: RFC 4231 test case 2, and `openssl dgst -sha256 -hmac <secret>`
 * over the exact bytes below (printf '%s' '<body>' | openssl dgst -sha256 -hmac 'whsec_test_9f8e7d').
 */
const SECRET = 'whsec_test_9f8e7d';
/** Spaces, a \u escape and 1.0: JSON.stringify(JSON.parse(...)) gives other bytes (see RESERIALISED). */
const BODY_AS_SENT = Buffer.from(
	String.raw`{"job": {"id": "a1", "status": "failed", "error": {"message": "caf\u00e9"}}, "n": 1.0}`,
	'utf8',
);
const SIGNATURE_AS_SENT = 'c9071a349de1c8eb753b59394eb2a3498419ddf0efcbcf265c940cd5e34bb14f';
const RESERIALISED = Buffer.from(
	'{"job":{"id":"a1","status":"failed","error":{"message":"café"}},"n":1}',
	'utf8',
);
const SIGNATURE_OF_RESERIALISED =
	'cb6780a8556b45cace2ea7b66b9229da2133798d7375b85e989d9ee115a58f0e';
const SIGNATURE_OF_EMPTY = 'b264c9d0cc098552c94e3a1fcbc0d73b2d6d4aef9634476ba4579c0e64d296af';

describe('Mindee webhook signature', () => {
	it('matches RFC 4231 test case 2', () => {
		expect(
			isValidSignature(
				Buffer.from('what do ya want for nothing?'),
				'Jefe',
				'5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
			),
		).toBe(true);
	});

	it('is checked over the body bytes as sent, not over a re-serialisation of their JSON', () => {
		expect(JSON.stringify(JSON.parse(BODY_AS_SENT.toString('utf8')))).toBe(
			RESERIALISED.toString('utf8'),
		);
		expect(isValidSignature(BODY_AS_SENT, SECRET, SIGNATURE_AS_SENT)).toBe(true);
		expect(isValidSignature(BODY_AS_SENT, SECRET, SIGNATURE_OF_RESERIALISED)).toBe(false);
		expect(isValidSignature(RESERIALISED, SECRET, SIGNATURE_AS_SENT)).toBe(false);
	});

	it('accepts the hex digest in upper case', () => {
		expect(isValidSignature(BODY_AS_SENT, SECRET, SIGNATURE_AS_SENT.toUpperCase())).toBe(true);
	});

	it('rejects a truncated, extended or non-hex signature', () => {
		expect(isValidSignature(BODY_AS_SENT, SECRET, SIGNATURE_AS_SENT.slice(0, 63))).toBe(false);
		expect(isValidSignature(BODY_AS_SENT, SECRET, SIGNATURE_AS_SENT.slice(0, 32))).toBe(false);
		expect(isValidSignature(BODY_AS_SENT, SECRET, `${SIGNATURE_AS_SENT}00`)).toBe(false);
		expect(isValidSignature(BODY_AS_SENT, SECRET, `${SIGNATURE_AS_SENT.slice(0, 63)}g`)).toBe(
			false,
		);
		expect(isValidSignature(BODY_AS_SENT, SECRET, `sha256=${SIGNATURE_AS_SENT}`)).toBe(false);
		expect(isValidSignature(BODY_AS_SENT, SECRET, '')).toBe(false);
		expect(isValidSignature(BODY_AS_SENT, SECRET, undefined)).toBe(false);
	});

	it('rejects a signature made with another secret or over another body', () => {
		expect(isValidSignature(BODY_AS_SENT, 'whsec_test_9f8e7e', SIGNATURE_AS_SENT)).toBe(false);
		expect(
			isValidSignature(Buffer.concat([BODY_AS_SENT, Buffer.from('\n')]), SECRET, SIGNATURE_AS_SENT),
		).toBe(false);
	});

	it('verifies an empty body like any other', () => {
		expect(isValidSignature(Buffer.alloc(0), SECRET, SIGNATURE_OF_EMPTY)).toBe(true);
		expect(isValidSignature(Buffer.alloc(0), SECRET, SIGNATURE_AS_SENT)).toBe(false);
	});
});
