/**
 * Message → Send with attachments (MMS) through n8n's engine: images from the items' binary data arrive at
 * the simulator byte for byte, and every one of Zoom's attachment limits is a clear error before anything
 * is sent.
 */
import { createHash } from 'node:crypto';

import type { IBinaryData, IBinaryKeyData, IDataObject } from 'n8n-workflow';

import { InProcessN8n } from '../helpers/n8nEngine';
import { sendParameters, simulatorCredential } from '../helpers/fixtures';
import { SEED, TINY_PNG_BASE64 } from '../simulator/seed';
import { startZoomSimulator, type ZoomSimulator } from '../simulator/zoomSimulator';

let sim: ZoomSimulator;

beforeAll(async () => {
	sim = await startZoomSimulator();
});
afterAll(async () => {
	await sim.stop();
});
beforeEach(() => sim.reset());

const newN8n = () => new InProcessN8n(simulatorCredential(sim));

const PNG = Buffer.from(TINY_PNG_BASE64, 'base64');
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10]), Buffer.from('JFIF jpeg body')]);
const GIF = Buffer.concat([Buffer.from('GIF89a'), Buffer.from([1, 0, 1, 0, 0, 0, 0, 0x3b])]);

function file(bytes: Buffer, mimeType: string, fileName: string): IBinaryData {
	return { data: bytes.toString('base64'), mimeType, fileName };
}

/** A PNG-signed file of `size` bytes: Zoom and the node judge images by their signature and size. */
function bigPng(size: number): Buffer {
	const bytes = Buffer.alloc(size, 7);
	PNG.copy(bytes, 0, 0, 8);
	return bytes;
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

function mms(options: IDataObject = {}, attachments = 'photo'): IDataObject {
	return sendParameters({ options: { attachments, ...options } });
}

describe('MMS: attachments arrive', () => {
	test('a PNG with text arrives with the message, and reading the message back downloads the same image', async () => {
		const n8n = newN8n();
		const { items, error } = await n8n.run(mms(), [{ phone: SEED.contacts.casey, text: 'Here is your receipt' }], {
			binary: [{ photo: file(PNG, 'image/png', 'receipt.png') }],
		});
		expect(error).toBeUndefined();
		expect(sim.messages).toHaveLength(1);
		expect(sim.messages[0]).toMatchObject({ message: 'Here is your receipt', messageType: 2, attachments: [{ type: 'PNG', size: PNG.length, sha256: sha256(PNG) }] });
		expect(items[0].json).toMatchObject({
			success: true,
			messageId: sim.messages[0].messageId,
			attachments: [{ binaryProperty: 'photo', fileName: 'receipt.png', type: 'PNG', size: PNG.length }],
		});

		const read = await n8n.run({ resource: 'message', operation: 'get', sessionId: items[0].json.sessionId, messageId: items[0].json.messageId }, [{}]);
		const attachment = (read.items[0].json.attachments as IDataObject[])[0];
		expect(read.items[0].json.messageType).toBe('mms');
		const downloaded = Buffer.from(await (await fetch(String(attachment.downloadUrl))).arrayBuffer());
		expect(sha256(downloaded)).toBe(sha256(PNG));
	});

	test('PNG, JPEG and GIF without text make one message carrying only the images', async () => {
		const binary: IBinaryKeyData = {
			a: file(PNG, 'image/png', 'a.png'),
			b: file(JPEG, 'image/jpeg', 'b.jpg'),
			// A download without a content type: the content decides.
			c: file(GIF, 'application/octet-stream', 'c.gif'),
		};
		const { items, error } = await newN8n().run(mms({}, 'a, b ,c'), [{ phone: SEED.contacts.casey, text: '' }], { binary: [binary] });
		expect(error).toBeUndefined();
		expect(sim.messages).toHaveLength(1);
		expect(sim.messages[0].body).not.toHaveProperty('message');
		expect(sim.messages[0].attachments).toEqual([
			{ type: 'PNG', size: PNG.length, sha256: sha256(PNG) },
			{ type: 'JPEG', size: JPEG.length, sha256: sha256(JPEG) },
			{ type: 'GIF', size: GIF.length, sha256: sha256(GIF) },
		]);
		expect((items[0].json.attachments as IDataObject[]).map((attachment) => attachment.type)).toEqual(['PNG', 'JPEG', 'GIF']);
	});

	test('with attachments a long text is split at 1,000 bytes, and the images go with the first part only', async () => {
		const text = Array.from({ length: 60 }, (_, index) => `word${index} élan`).join(' ').repeat(2);
		const { items, error } = await newN8n().run(mms(), [{ phone: SEED.contacts.casey, text }], { binary: [{ photo: file(PNG, 'image/png', 'p.png') }] });
		expect(error).toBeUndefined();
		expect(sim.messages.length).toBeGreaterThan(1);
		expect(sim.messages.map((message) => message.attachments.length)).toEqual([1, ...sim.messages.slice(1).map(() => 0)]);
		expect(sim.messages.every((message) => Buffer.byteLength(message.message ?? '') <= 1000)).toBe(true);
		expect(sim.messages.map((message) => message.message).join('')).toBe(text);
		expect(new Set(sim.messages.map((message) => message.sessionId)).size).toBe(1);
		expect(items[0].json.parts).toHaveLength(sim.messages.length);
	});
});

describe('MMS: each limit is a clear error, and nothing is sent', () => {
	async function failure(binary: IBinaryKeyData, attachments: string, options: IDataObject = {}, text = 'hi') {
		const { error, items } = await newN8n().run(mms(options, attachments), [{ phone: SEED.contacts.casey, text }], { binary: [binary] });
		expect(sim.messages).toHaveLength(0);
		expect(items).toEqual([]);
		return error!;
	}

	test('more than 10 files', async () => {
		const binary = Object.fromEntries(Array.from({ length: 11 }, (_, index) => [`p${index}`, file(PNG, 'image/png', `p${index}.png`)]));
		const error = await failure(binary, Object.keys(binary).join(','));
		expect(error.message).toBe('Item 0: Attachments: 11 files were given; Zoom accepts at most 10 attachments per message');
	});

	test('more than 2 MB in all, naming the file that goes over', async () => {
		const error = await failure({ first: file(bigPng(1_200_000), 'image/png', 'one.png'), second: file(bigPng(1_000_000), 'image/png', 'two.png') }, 'first,second');
		expect(error.message).toBe(
			'Item 0: Attachments: with "second" (two.png) the attachments total 2.10 MB (2200000 bytes); Zoom accepts at most 2 MB (2097152 bytes) per message',
		);
	});

	test('a type Zoom does not send, by MIME type or by content', async () => {
		const pdf = await failure({ doc: file(Buffer.from('%PDF-1.7 ...'), 'application/pdf', 'terms.pdf') }, 'doc');
		expect(pdf.message).toBe('Item 0: Attachments: "doc" (terms.pdf) is application/pdf; Zoom sends only PNG, JPEG and GIF images as MMS attachments');
		sim.reset();
		const fake = await failure({ photo: file(Buffer.from('not really an image'), 'image/png', 'fake.png') }, 'photo');
		expect(fake.message).toBe(
			'Item 0: Attachments: "photo" (fake.png) is not a PNG, JPEG or GIF image although its type says image/png; Zoom sends only those as MMS attachments',
		);
	});

	test('a binary property the item does not have', async () => {
		const error = await failure({ data: file(PNG, 'image/png', 'p.png') }, 'photo');
		expect(error.message).toBe('Item 0: Attachments: the item has no binary property "photo" (it has "data")');
	});

	test('more than 1,000 bytes of text with Long Messages set to reject', async () => {
		// 340 characters are fine for Zoom's 500-character rule; 1,020 bytes are not, with attachments.
		const error = await failure({ photo: file(PNG, 'image/png', 'p.png') }, 'photo', { longMessages: 'reject' }, '€'.repeat(340));
		expect(error.message).toMatch(/^Item 0: Message: The message is 1020 bytes in UTF-8 \(340 characters\), but Zoom accepts at most 1000 bytes in one message when attachments are present/);
		sim.reset();
		// The same text without attachments is one ordinary SMS.
		const { error: none } = await newN8n().run(sendParameters({ options: { longMessages: 'reject' } }), [{ phone: SEED.contacts.casey, text: '€'.repeat(340) }]);
		expect(none).toBeUndefined();
		expect(sim.messages).toHaveLength(1);
	});

	test('an empty text without attachments is still refused', async () => {
		const { error } = await newN8n().run(sendParameters(), [{ phone: SEED.contacts.casey, text: '' }]);
		expect(error?.message).toBe('Item 0: Message: The message is empty. Enter the text to send, or add an attachment.');
		expect(sim.messages).toHaveLength(0);
	});

	test('with Continue On Fail the bad item is an error item and the others are sent', async () => {
		const { items, error } = await newN8n().run(
			mms(),
			[
				{ phone: SEED.contacts.casey, text: 'good' },
				{ phone: SEED.contacts.riley, text: 'bad' },
			],
			{ continueOnFail: true, binary: [{ photo: file(PNG, 'image/png', 'p.png') }, { photo: file(Buffer.from('GIF'), 'image/gif', 'broken.gif') }] },
		);
		expect(error).toBeUndefined();
		expect(sim.messages.map((message) => message.message)).toEqual(['good']);
		expect(items[0].json.success).toBe(true);
		expect(items[1].json).toMatchObject({ success: false, error: expect.stringMatching(/^Item 1: Attachments: "photo" \(broken\.gif\) is not a PNG, JPEG or GIF image/) });
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});
});
