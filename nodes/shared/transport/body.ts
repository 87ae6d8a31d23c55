import type { Readable } from 'node:stream';

import { DocparseError } from '../errors';

/** Largest API answer accepted: far above any real one, it stops an endless or runaway body. */
const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

/**
 * Reads a whole body, failing with `tooLarge()` as soon as it passes `maxBytes` (the rest is never read, and
 * the stream is destroyed).
 */
export async function readCapped(
	body: AsyncIterable<Buffer> & { destroy(): void },
	maxBytes: number,
	tooLarge: () => Error,
): Promise<Buffer> {
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of body) {
		size += chunk.length;
		if (size > maxBytes) {
			body.destroy();
			throw tooLarge();
		}
		chunks.push(chunk);
	}
	return Buffer.concat(chunks, size);
}

/**
 * An API answer's body as text, capped, and whole within `timeoutMs`: undici's bodyTimeout bounds each pause
 * between chunks, so a body trickling a byte at a time would never hit it; `tooSlow()` is the error then.
 */
export async function readAnswer(
	body: Readable,
	service: string,
	timeoutMs: number,
	tooSlow: () => Error,
): Promise<string> {
	const destroy = () => body.destroy(tooSlow());
	const deadline = AbortSignal.timeout(timeoutMs);
	deadline.addEventListener('abort', destroy, { once: true });
	try {
		const bytes = await readCapped(
			body,
			MAX_RESPONSE_BYTES,
			() =>
				new DocparseError(
					'DOCPARSE_INVALID_RESPONSE',
					`${service} sent a response larger than ${MAX_RESPONSE_BYTES} bytes`,
				),
		);
		return bytes.toString('utf8');
	} finally {
		deadline.removeEventListener('abort', destroy);
	}
}
