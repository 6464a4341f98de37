/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals --
   test tooling, never shipped: it lays out n8n's binary store on disk and measures the process's memory. */
/**
 * MMS attachments kept in n8n's filesystem binary mode (n8n's default outside queue mode): the file is
 * on disk, not in the item, and its size is known from what n8n stored with it. A 3 GB file named as an
 * attachment by mistake must be refused from that size, without being read (Node cannot even read a
 * file over 2 GiB into one buffer; n8n would spend its memory trying). The file here is sparse, so it
 * costs no disk, but it is a real 3 GB file in n8n's real store.
 */
import { rm, truncate, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';

import { BinaryDataService } from 'n8n-core';
import type { IBinaryData } from 'n8n-workflow';

import { InProcessN8n } from '../helpers/n8nEngine';
import { sendParameters, simulatorCredential } from '../helpers/fixtures';
import { SEED, TINY_PNG_BASE64 } from '../simulator/seed';
import { startZoomSimulator, type ZoomSimulator } from '../simulator/zoomSimulator';

// n8n-core may have its own copy of n8n's dependency-injection container: its services live in that one.
const { Container } = createRequire(require.resolve('n8n-core'))('@n8n/di') as typeof import('@n8n/di');

const PNG = Buffer.from(TINY_PNG_BASE64, 'base64');
const HUGE = 3 * 1024 * 1024 * 1024;

let sim: ZoomSimulator;
let store: BinaryDataService;

beforeAll(async () => {
	sim = await startZoomSimulator();
	store = Container.get(BinaryDataService);
	await store.init();
});
const written: string[] = [];
afterAll(async () => {
	await sim.stop();
	// Each file's execution folder (…/executions/<id>/binary_data/<file>).
	await Promise.all(written.map((path) => rm(dirname(dirname(path)), { recursive: true, force: true })));
});
beforeEach(() => sim.reset());

/** A file stored by n8n's BinaryDataService, as any node that outputs a file leaves it. */
async function storedFile(bytes: Buffer, fileName: string): Promise<IBinaryData> {
	const binary = await store.store({ type: 'execution', workflowId: 'zoomSmsTest', executionId: `mms-${Date.now()}` }, bytes, { data: '', mimeType: 'image/png', fileName });
	written.push(store.getPath(binary.id!));
	return binary;
}

/** A stored PNG grown to `size` bytes on disk (sparse), with the metadata n8n would have written for it. */
async function storedHugeFile(size: number): Promise<IBinaryData> {
	const binary = await storedFile(PNG, 'huge.png');
	const path = store.getPath(binary.id!);
	await truncate(path, size);
	await writeFile(`${path}.metadata`, JSON.stringify({ fileName: 'huge.png', mimeType: 'image/png', fileSize: size }));
	return { ...binary, bytes: size, fileSize: '3.22 GB' };
}

const mms = () => sendParameters({ options: { attachments: 'photo' } });
const input = [{ phone: SEED.contacts.casey, text: 'Your video' }];

describe('a file kept on disk by n8n', () => {
	test('a 3 GB attachment is refused from its stored size, without being read, and nothing is sent', async () => {
		const photo = await storedHugeFile(HUGE);
		const memoryBefore = process.memoryUsage().arrayBuffers;
		const started = Date.now();
		const { error, items } = await new InProcessN8n(simulatorCredential(sim)).run(mms(), input, { binary: [{ photo }] });
		expect(error?.message).toBe(
			`Item 0: Attachments: "photo" (huge.png) is 3072.00 MB (${HUGE} bytes); Zoom accepts at most 2 MB (2097152 bytes) of attachments per message`,
		);
		expect(items).toEqual([]);
		expect(sim.messages).toHaveLength(0);
		expect(Date.now() - started).toBeLessThan(5000);
		expect(process.memoryUsage().arrayBuffers - memoryBefore).toBeLessThan(64 * 1024 * 1024);
	});

	test('without n8n\'s `bytes` field, the metadata stored beside the file tells its size', async () => {
		const photo = await storedHugeFile(HUGE);
		delete photo.bytes;
		const { error } = await new InProcessN8n(simulatorCredential(sim)).run(mms(), input, { binary: [{ photo }] });
		expect(error?.message).toMatch(/^Item 0: Attachments: "photo" \(huge\.png\) is 3072\.00 MB \(3221225472 bytes\)/);
		expect(sim.messages).toHaveLength(0);
	});

	test('a small image on disk is sent byte for byte', async () => {
		const photo = await storedFile(PNG, 'small.png');
		expect(photo.id).toMatch(/^filesystem/);
		const { error, items } = await new InProcessN8n(simulatorCredential(sim)).run(mms(), input, { binary: [{ photo }] });
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({ success: true, attachments: [{ binaryProperty: 'photo', fileName: 'small.png', type: 'PNG', size: PNG.length }] });
		expect(sim.messages[0].attachments).toEqual([expect.objectContaining({ type: 'PNG', size: PNG.length })]);
	});
});
