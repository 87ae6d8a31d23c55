import { pdfItem } from '../harness/files';
import type { FakeMindee } from './setup';
import { runMindee, startMindeeServer } from './setup';

let server: FakeMindee;
beforeAll(async () => {
	server = await startMindeeServer({ processingMs: 300 });
});
afterAll(async () => await server.close());

test('parses an invoice', async () => {
	const { items, error, run } = await runMindee(server, {}, { items: [pdfItem()] });
	if (error) console.log(error);
	expect(run.status).toBe('success');
	expect(items[0].json.invoice_number).toBe('1547854214');
	console.log(JSON.stringify(items[0].json, null, 1).slice(0, 3000));
	console.log(server.requests.map((r) => `${r.kind} ${r.status}`));
});
