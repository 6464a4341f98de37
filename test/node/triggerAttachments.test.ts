/**
 * Option "Download Attachments": an inbound MMS's images, served by the Zoom simulator at download_url to
 * the account's token only, arrive as binary data of the trigger's item; what cannot be downloaded is
 * named in attachmentErrors and the workflow still starts.
 */
import type { IDataObject } from 'n8n-workflow';

import { signWebhook } from '../../nodes/shared/webhookSignature';
import { simulatorCredential } from '../helpers/fixtures';
import { InProcessN8n } from '../helpers/n8nEngine';
import { SEED, TINY_PNG_BASE64 } from '../simulator/seed';
import { DEFAULT_CREDENTIALS, startZoomSimulator, type ZoomSimulator } from '../simulator/zoomSimulator';

let sim: ZoomSimulator;
beforeAll(async () => {
	sim = await startZoomSimulator();
});
afterAll(async () => {
	await sim.stop();
});

const SECRET = 'sim-webhook-secret-token';
const PNG = Buffer.from(TINY_PNG_BASE64, 'base64');

function signedEvent(object: IDataObject, options: IDataObject) {
	const body = JSON.stringify({ event: 'phone.sms_received', event_ts: Date.now(), payload: { account_id: DEFAULT_CREDENTIALS.accountId, object } });
	const ts = Math.floor(Date.now() / 1000);
	return {
		parameters: { events: ['phone.sms_received'], options },
		body,
		headers: { 'x-zm-request-timestamp': String(ts), 'x-zm-signature': signWebhook(body, ts, SECRET) },
	};
}

async function inboundMms(count: number) {
	const gif = Buffer.concat([Buffer.from('GIF89a'), Buffer.alloc(64, 1)]);
	const { object } = await sim.receiveSms({
		from: SEED.contacts.casey,
		to: SEED.accountNumbers.alex,
		message: 'see attached',
		attachments: [{ type: 'PNG', bytes: PNG }, { type: 'GIF', bytes: gif }].slice(0, count) as Array<{ type: 'PNG' | 'GIF'; bytes: Buffer }>,
	});
	return { object: object as IDataObject, gif };
}

describe('Zoom SMS Trigger: MMS attachments as binary data', () => {
	test('with Download Attachments on, each image is a binary property with its bytes, name and type', async () => {
		const { object, gif } = await inboundMms(2);
		const result = await new InProcessN8n(simulatorCredential(sim)).runWebhook(signedEvent(object, { downloadAttachments: true }));
		expect(result.status).toBe(200);
		const item = result.items![0];
		expect(item.json.attachmentErrors).toBeUndefined();
		expect(Object.keys(item.binary ?? {})).toEqual(['attachment_0', 'attachment_1']);
		expect(Buffer.from(item.binary!.attachment_0.data, 'base64')).toEqual(PNG);
		expect(item.binary!.attachment_0).toMatchObject({ mimeType: 'image/png', fileName: (object.attachments as IDataObject[])[0].name });
		expect(Buffer.from(item.binary!.attachment_1.data, 'base64')).toEqual(gif);
		expect(item.binary!.attachment_1.mimeType).toBe('image/gif');
		expect(item.json.zoomNumber).toBe(SEED.accountNumbers.alex);
	});

	test('off (the default), nothing is downloaded: URLs only, as before', async () => {
		const { object } = await inboundMms(1);
		const result = await new InProcessN8n(simulatorCredential(sim)).runWebhook(signedEvent(object, {}));
		expect(result.items![0].binary).toBeUndefined();
		expect((result.items![0].json.attachments as IDataObject[])[0].downloadUrl).toMatch(/\/file\/download\//);
	});

	test('a custom prefix names the properties', async () => {
		const { object } = await inboundMms(1);
		const result = await new InProcessN8n(simulatorCredential(sim)).runWebhook(signedEvent(object, { downloadAttachments: true, binaryPropertyPrefix: 'image' }));
		expect(Object.keys(result.items![0].binary ?? {})).toEqual(['image0']);
	});

	test('over the size limit, or refused by Zoom, or not on a Zoom host: the workflow starts and attachmentErrors says why', async () => {
		const { object } = await inboundMms(2);
		const attachments = object.attachments as IDataObject[];
		attachments[0] = { ...attachments[0], size: 11 * 1024 * 1024 };
		attachments[1] = { ...attachments[1], download_url: `${sim.url}/file/download/no-such-file` };
		attachments.push({ id: 'x', name: 'elsewhere.png', size: 10, type: 'png', download_url: 'https://files.example.com/x.png' });
		const result = await new InProcessN8n(simulatorCredential(sim)).runWebhook(signedEvent(object, { downloadAttachments: true, maxAttachmentSizeMb: 10 }));
		expect(result.status).toBe(200);
		const errors = result.items![0].json.attachmentErrors as IDataObject[];
		expect(errors.map((e) => e.index)).toEqual([0, 1, 2]);
		expect(errors[0].error).toMatch(/11\.0 MB, more than the Max Attachment Size of 10 MB/);
		expect(errors[1].error).toMatch(/Zoom answered 404; Zoom no longer has this file/);
		expect(errors[2].error).toMatch(/not a Zoom host/);
		expect(result.items![0].binary).toBeUndefined();
	});

	test('the file is served only to the account\'s token: a wrong client secret gives an error naming the fix, not a file', async () => {
		const { object } = await inboundMms(1);
		const stripped = { ...object, attachments: (object.attachments as IDataObject[]).map((a) => ({ ...a })) };
		const result = await new InProcessN8n(simulatorCredential(sim, { clientSecret: 'wrong' })).runWebhook(signedEvent(stripped, { downloadAttachments: true }));
		expect(result.status).toBe(200);
		const errors = result.items![0].json.attachmentErrors as IDataObject[];
		expect(errors).toHaveLength(1);
		expect(result.items![0].binary).toBeUndefined();
		expect(JSON.stringify(result.items)).not.toContain('wrong');
	});
});
