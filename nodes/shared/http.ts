/**
 * The transport's public face: what the API clients, sessions and credential tests use. The concerns live
 * one per module in `transport/`: `client` (pool and request loop), `retry` (what may be repeated, and
 * when), `failures` (error classification with stable codes), `origin` (base URL, same-origin policy),
 * `auth` (sendable credential headers), `body` (size cap, slow-body timeout), `request` (the request and
 * answer shapes); beside them `session` (a node run's client and rate budget), `multipart`, `download`
 * (documents given by URL, never with a credential) and `userAgent`. Credentials define their own headers.
 */
export { HttpClient } from './transport/client';
export { parseBodyForError } from './transport/failures';
export type { HttpResponse, RequestSpec } from './transport/request';
