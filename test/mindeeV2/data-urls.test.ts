/**
 * Base64 input given as a data: URL (RFC 2397): its parameters are accepted, `name=` names the file when
 * File Name is left at its default, and data without `;base64` is URL-encoded bytes. The same code reads
 * the Base64 input of every node (nodes/shared/documents/dataUrl.ts); its seeded fuzz pass is here too.
 */
import { createHash } from 'node:crypto';

import { decodeBase64Content } from '../../nodes/shared/documents';
import { DocparseError } from '../../nodes/shared/errors';
import { samplePdf, samplePng } from '../harness/files';
import { seededRng } from '../harness/seededRng';
import type { FakeMindeeV2 } from './setup';
import { runMindeeV2, startMindeeV2Server } from './setup';

const SEED = Number(process.env.FUZZ_SEED ?? 0xda7a);
const RUNS = Number(process.env.FUZZ_RUNS ?? 2000);

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
/** Every byte as %XX: the URL encoding of any file. */
const urlEncoded = (bytes: Buffer) =>
	[...bytes].map((byte) => `%${byte.toString(16).padStart(2, '0')}`).join('');

describe('through the Mindee V2 node (Continue On Fail)', () => {
	let server: FakeMindeeV2;
	beforeEach(async () => {
		server = await startMindeeV2Server();
	});
	afterEach(async () => await server.close());

	test('data: URLs with parameters are uploaded under their name=, unless File Name says otherwise; one item per input', async () => {
		const pdf = samplePdf(2);
		const base64 = pdf.toString('base64');
		const inputs: Array<{ content: string; name: string }> = [
			{ content: `data:application/pdf;name=a.pdf;base64,${base64}`, name: 'document.pdf' },
			{
				content: `data:application/pdf;charset=binary;name=March%20invoice%20%E2%82%AC.pdf;base64,${base64}`,
				name: 'document.pdf',
			},
			{ content: `data:application/pdf;name=a.pdf;base64,${base64}`, name: 'given.pdf' },
			{ content: ` DATA:;BASE64,${base64}`, name: 'document.pdf' },
			{ content: `data:application/pdf;name=b.pdf,${urlEncoded(pdf)}`, name: '' },
			{ content: `data:image/png;base64,${samplePng().toString('base64')}`, name: 'scan.png' },
			{ content: 'data:application/pdf;name=c.pdf;base64,not base64!', name: 'document.pdf' },
		];
		const { items, error } = await runMindeeV2(
			server,
			{ inputType: 'base64', base64Content: '={{ $json.content }}', fileName: '={{ $json.name }}' },
			{ items: inputs.map((json) => ({ json })), continueOnFail: true },
		);
		expect(error).toBeUndefined();
		expect(items.map((item) => item.json.error ?? item.json._filename)).toEqual([
			'a.pdf',
			'March invoice €.pdf',
			'given.pdf',
			'document.pdf',
			'b.pdf',
			'scan.png',
			expect.stringMatching(/^The base64 content is not valid base64 text \(item 7/),
		]);
		// Each sent once (the items run several at once, so in any order).
		expect(
			server
				.requestsOf('enqueue')
				.map(({ received }) => `${received.fileName} ${received.sha256}`)
				.sort(),
		).toEqual(
			[
				`a.pdf ${sha256(pdf)}`,
				`March invoice €.pdf ${sha256(pdf)}`,
				`given.pdf ${sha256(pdf)}`,
				`document.pdf ${sha256(pdf)}`,
				`b.pdf ${sha256(pdf)}`,
				`scan.png ${sha256(samplePng())}`,
			].sort(),
		);
	});
});

describe('the data: URL reader', () => {
	test(`fuzz: ${RUNS} data: URLs (seed ${SEED}) give back their bytes and name, and anything else the clear error or bytes`, () => {
		const random = seededRng(SEED);
		const pick = <T>(values: T[]) => values[Math.floor(random() * values.length)];
		const randomBytes = (length: number) =>
			Buffer.from(Array.from({ length }, () => Math.floor(random() * 256)));
		const names = ['a.pdf', 'März €.pdf', 'x;y,z=1.pdf', '"quoted"\r\n.pdf', '%41', ''];
		const parameters = ['charset=US-ASCII', 'foo=bar', 'x=', '=y', 'name', ';'];
		const fragments = [
			'data:',
			';',
			',',
			'=',
			'base64',
			'name=',
			'%',
			'%zz',
			'%e2%82',
			'€',
			'\n',
			'AAAA',
			'==',
		];
		for (let run = 0; run < RUNS; run++) {
			const bytes = randomBytes(Math.floor(random() * 300));
			const name = pick(names);
			const extra = Array.from({ length: Math.floor(random() * 3) }, () => pick(parameters));
			const head = [
				'application/pdf',
				...extra,
				...(name ? [`name=${encodeURIComponent(name)}`] : []),
			].join(';');
			const url =
				random() < 0.5
					? `data:${head};base64,${bytes.toString('base64')}`
					: `data:${head},${urlEncoded(bytes)}`;
			const decoded = decodeBase64Content(url);
			expect({ run, bytes: decoded.bytes.toString('hex'), name: decoded.name }).toEqual({
				run,
				bytes: bytes.toString('hex'),
				name: name || undefined,
			});

			const garbled = Array.from({ length: Math.floor(random() * 12) }, () => pick(fragments)).join(
				'',
			);
			try {
				expect(Buffer.isBuffer(decodeBase64Content(garbled).bytes)).toBe(true);
			} catch (thrown) {
				expect(thrown).toBeInstanceOf(DocparseError);
				expect((thrown as DocparseError).code).toBe('DOCPARSE_INPUT');
			}
		}
	});
});
