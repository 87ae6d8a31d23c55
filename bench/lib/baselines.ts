import { pathToFileURL } from 'node:url';
import { Agent, FormData, request } from 'undici';

import type { FakeMindee } from './fake';
import { mindeeSdk } from './sdk';

/** One measured run of N documents. */
export interface LoopResult {
	ms: number;
	items: number;
	failed: number;
	/** First failure message, if any. */
	firstError?: string;
	requests: number;
	rateLimited: number;
}

/** A real dynamic import from this CommonJS build: the mindee SDK is an ES module. */
export const importEsm = new Function('specifier', 'return import(specifier)') as (
	specifier: string,
) => Promise<any>;

/**
 * The `mindee` npm SDK (v5, V1 client) as its README shows it: one `enqueueAndParse` after another
 * (2 s before the first poll, then every 1.5 s, no 429 handling). A failed document is counted and the
 * loop goes on, as a script with a try/catch per document would.
 *
 * The SDK always calls https://<MINDEE_API_HOST>; an undici interceptor turns that into plain HTTP to
 * the fake server, on the SDK's own request path.
 */
export async function sdkLoop(server: FakeMindee, documents: Buffer[]): Promise<LoopResult> {
	const sdk = mindeeSdk();
	const mindee = await importEsm(pathToFileURL(sdk.entry).href);
	// Read by the client's constructor, right below (no await in between: loops may run side by side).
	process.env.MINDEE_API_HOST = `127.0.0.1:${server.port}`;
	const agent = new sdk.undici.Agent().compose(
		(dispatch) => (options, handler) =>
			dispatch({ ...options, origin: String(options.origin).replace(/^https:/, 'http:') }, handler),
	);
	const client = new mindee.v1.Client({ apiKey: server.apiKey, dispatcher: agent });
	return await oneAfterAnother(server, documents, agent, async (document, index) => {
		const input = new mindee.BufferInput({ buffer: document, filename: `invoice-${index}.pdf` });
		const response = await client.enqueueAndParse(mindee.v1.product.InvoiceV4, input);
		if (!response.document) throw new Error('no document');
	});
}

/**
 * What n8n's built-in Mindee node does: one synchronous predict per item, one item after another.
 * Plain undici on one keep-alive connection, so the baseline pays no overhead of its own.
 */
export async function syncLoop(server: FakeMindee, documents: Buffer[]): Promise<LoopResult> {
	const agent = new Agent();
	return await oneAfterAnother(server, documents, agent, async (document, index) => {
		const form = new FormData();
		form.set('document', new Blob([document], { type: 'application/pdf' }), `invoice-${index}.pdf`);
		const response = await request(`${server.url}/v1/products/mindee/invoices/v4/predict`, {
			method: 'POST',
			headers: { authorization: `Token ${server.apiKey}` },
			body: form,
			dispatcher: agent,
		});
		const body = (await response.body.json()) as { document?: unknown };
		if (response.statusCode !== 201 || !body.document)
			throw new Error(`HTTP ${response.statusCode}`);
	});
}

/** Parses the documents one after the other; a failed one is counted and the loop goes on. */
async function oneAfterAnother(
	server: FakeMindee,
	documents: Buffer[],
	agent: { close(): Promise<void> },
	parse: (document: Buffer, index: number) => Promise<void>,
): Promise<LoopResult> {
	let failed = 0;
	let firstError: string | undefined;
	const start = performance.now();
	for (const [index, document] of documents.entries()) {
		try {
			await parse(document, index);
		} catch (error) {
			failed++;
			firstError ??= String((error as Error).message ?? error).slice(0, 120);
		}
	}
	const ms = performance.now() - start;
	await agent.close();
	return {
		ms,
		items: documents.length,
		failed,
		firstError,
		requests: server.requests.length,
		rateLimited: server.rateLimited,
	};
}
