import type { IncomingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';

type RequestBody = string | Buffer | Readable | AsyncIterable<Uint8Array>;

export interface RequestSpec {
	method: 'GET' | 'POST';
	/** An API path, taken under the client's base URL (path included), or an absolute URL under it. */
	url: string;
	headers?: Record<string, string>;
	/** Builds the body for each attempt (a stream can be sent only once). */
	body?: () => Promise<RequestBody> | RequestBody;
	/**
	 * May this request be repeated when the connection breaks after it was sent? True for reads.
	 * Never for a submit: the API may have received it, and a second one would be processed (and billed)
	 * again. Connect failures and 429/503 answers are retried either way: the API provably did not take it.
	 */
	idempotent: boolean;
	signal?: AbortSignal;
}

export interface HttpResponse {
	status: number;
	headers: IncomingHttpHeaders;
	/** The body as text (bodies of redirects included). */
	text: string;
	url: string;
}

/** "GET /v1/…": how failures name the request, without host or query string. */
export function requestName(spec: Pick<RequestSpec, 'method'>, url: URL): string {
	return `${spec.method} ${url.pathname}`;
}
