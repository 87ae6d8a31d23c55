/**
 * Reads a body to its end, at most `maxBytes` of it: past that, the body is stopped (nothing more is
 * downloaded) and the error `tooLarge()` makes is thrown.
 */
export async function readCapped(
	body: AsyncIterable<Buffer> & { destroy?(): void },
	maxBytes: number,
	tooLarge: () => Error,
): Promise<Buffer> {
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of body) {
		size += chunk.length;
		if (size > maxBytes) {
			body.destroy?.();
			throw tooLarge();
		}
		chunks.push(chunk);
	}
	return Buffer.concat(chunks, size);
}
