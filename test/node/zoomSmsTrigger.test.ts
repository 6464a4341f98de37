/**
 * The Zoom SMS Trigger through n8n-core's WebhookContext, with real HTTP requests: Zoom's URL validation,
 * signed events of every kind, and everything that must start nothing.
 */
import type { IDataObject } from 'n8n-workflow';

import { computeUrlValidationToken } from '../../nodes/shared/webhookSignature';
import { NO_SECRET_MESSAGE } from '../../nodes/ZoomSmsTrigger/webhook';
import { InProcessN8n, type WebhookCall } from '../helpers/n8nEngine';
import { SUBSCRIBABLE_EVENTS } from '../simulator/eventSubscriptions';
import { urlValidation, zoomEvent, zoomHeaders } from './zoomEvents';

const SECRET = 'trigger-test-secret-token';
/** Every SMS event Zoom lets an app subscribe to (the simulator's model of Zoom). */
const ALL_EVENTS = [...SUBSCRIBABLE_EVENTS];
/** The account of Zoom's examples. */
const ACCOUNT_ID = '2TP-coFVSnmyvYZogk8gAg';

function newN8n(webhookSecretToken = SECRET) {
	return new InProcessN8n({ environment: 'zoom', accountId: ACCOUNT_ID, clientId: 'client', clientSecret: 'client-secret-value', webhookSecretToken });
}

/** A request Zoom would send for `payload`, signed now unless told otherwise. */
function signed(payload: IDataObject, options: { events?: string[]; secret?: string; timestamp?: number; mode?: WebhookCall['mode'] } = {}): WebhookCall {
	const body = JSON.stringify(payload);
	return {
		parameters: { events: options.events ?? ALL_EVENTS },
		body,
		headers: zoomHeaders(body, options.secret ?? SECRET, options.timestamp),
		mode: options.mode,
	};
}

const now = () => Math.floor(Date.now() / 1000);

// Zoom API brief §5, computed independently of this code.
const REFERENCE_SECRET = 'zoom_webhook_secret_example';
const REFERENCE_CHALLENGE = 'qgg8vlvZRS6UYooatFL8Aw';
const REFERENCE_ANSWER = 'ad45884bdb8a6b48bdd8d22f9bbc07d1221327adce3c0b9def3ccda43d5a631e';

describe('Zoom SMS Trigger: URL validation', () => {
	test('answers Zoom\'s challenge with the reference test vector, and starts nothing', async () => {
		const n8n = newN8n(REFERENCE_SECRET);
		const result = await n8n.runWebhook(signed(urlValidation(REFERENCE_CHALLENGE), { secret: REFERENCE_SECRET, events: ['phone.sms_received'] }));
		expect(result.status).toBe(200);
		expect(result.body).toEqual({ plainToken: REFERENCE_CHALLENGE, encryptedToken: REFERENCE_ANSWER });
		expect(result.items).toBeUndefined();
	});

	test('answers every revalidation, on the Production and the Test URL', async () => {
		const n8n = newN8n();
		for (const [token, mode] of [['AAAAbbbbCCCCdddd1234_-', 'webhook'], ['Zz9yYx8XwV7uT6sR5qP4oN', 'manual']] as const) {
			const result = await n8n.runWebhook(signed(urlValidation(token), { events: ['phone.sms_received'], mode }));
			expect(result.status).toBe(200);
			expect(result.body).toEqual({ plainToken: token, encryptedToken: computeUrlValidationToken(token, SECRET) });
			expect(result.items).toBeUndefined();
		}
	});

	test('refuses to sign a plain token shaped like a signature base, so the endpoint cannot forge events', async () => {
		const n8n = newN8n();
		const ts = now();
		const forged = JSON.stringify(zoomEvent('phone.sms_received'));
		const result = await n8n.runWebhook(signed(urlValidation(`v0:${ts}:${forged}`)));
		expect(result.status).toBe(400);
		expect(JSON.stringify(result.body)).not.toContain(computeUrlValidationToken(`v0:${ts}:${forged}`, SECRET));
		expect(result.items).toBeUndefined();
	});

	test.each([
		['unsigned', () => ({})],
		['signed with another secret', (body: string) => zoomHeaders(body, 'not-the-secret')],
		['signed more than five minutes ago (validation is not retried by Zoom)', (body: string) => zoomHeaders(body, SECRET, now() - 330)],
	])('a challenge %s is refused with 401 and answered with no token', async (_name, headersFor) => {
		const body = JSON.stringify(urlValidation(REFERENCE_CHALLENGE));
		const result = await newN8n().runWebhook({ parameters: { events: ALL_EVENTS }, body, headers: headersFor(body) as Record<string, string> });
		expect(result.status).toBe(401);
		expect(JSON.stringify(result.body)).not.toContain('encryptedToken');
		expect(result.items).toBeUndefined();
	});
});

describe('Zoom SMS Trigger: signed events start the workflow', () => {
	test('SMS received: normalised fields with E.164 numbers, attachments and the raw payload', async () => {
		const payload = zoomEvent('phone.sms_received');
		const result = await newN8n().runWebhook(signed(payload));
		expect(result.status).toBe(200);
		expect(result.body).toEqual({ message: 'Workflow was started' });
		expect(result.items).toHaveLength(1);
		expect(result.items![0].json).toEqual({
			event: 'phone.sms_received',
			eventTime: new Date(payload.event_ts as number).toISOString(),
			accountId: '2TP-coFVSnmyvYZogk8gAg',
			messageId: '72abd192-97ee-4ddb-b498-85048f4c34d7',
			sessionId: 'e5e9b8417c1f2da2cd3006f3d9d4641a',
			dateTime: '2021-07-19T18:43:43Z',
			direction: 'inbound',
			from: '+12132822256',
			fromName: 'Jackson',
			to: '+12132792348',
			recipients: ['+12132792348'],
			message: 'ttt',
			messageType: 'sms',
			messageTypeCode: 1,
			attachments: [{ id: 'ux7LtGDPRmqbo0nLQ2v9jQ', name: 'Screenshot2021_05_17_183842.jpg', size: 10692, type: 'JPG', downloadUrl: 'https://downloadUrl.zoom.us' }],
			failureReason: '',
			owner: { type: 'callQueue', id: '29QVgYBGRmOM5VlC0DmLgg', team_id: 'milmMfm3SYCwkraYIriNiQ' },
			zoomNumber: '+12132792348',
			optStatuses: [],
			raw: payload,
		});
	});

	test('a group MMS says so in words and in Zoom\'s number', async () => {
		const payload = zoomEvent('phone.sms_received');
		(payload.payload as { object: IDataObject }).object.message_type = 4;
		(payload.payload as { object: IDataObject }).object.to_members = [{ phone_number: '12132792348' }, { phone_number: '447700900123' }];
		const { items } = await newN8n().runWebhook(signed(payload));
		expect(items![0].json).toMatchObject({ messageType: 'groupMms', messageTypeCode: 4, to: '+12132792348,+447700900123', recipients: ['+12132792348', '+447700900123'] });
	});

	test('SMS sent and SMS failed to send are outbound, with the failure reason', async () => {
		const n8n = newN8n();
		const sent = await n8n.runWebhook(signed(zoomEvent('phone.sms_sent')));
		expect(sent.items![0].json).toMatchObject({ event: 'phone.sms_sent', direction: 'outbound', from: '+12132822256', failureReason: '' });
		const failed = await n8n.runWebhook(signed(zoomEvent('phone.sms_sent_failed')));
		expect(failed.items![0].json).toMatchObject({
			event: 'phone.sms_sent_failed',
			direction: 'outbound',
			failureReason: '1101-phone message error send',
			to: '+12132792348',
		});
	});

	test('opt-in and opt-out give the contact\'s and the Zoom number', async () => {
		const n8n = newN8n();
		for (const [event, optStatus] of [['phone.sms_campaign_number_opt_in', 'optedIn'], ['phone.sms_campaign_number_opt_out', 'optedOut']]) {
			const payload = zoomEvent(event);
			const { status, items } = await n8n.runWebhook(signed(payload));
			expect(status).toBe(200);
			expect(items![0].json).toEqual({
				event,
				eventTime: new Date(payload.event_ts as number).toISOString(),
				accountId: '2TP-coFVSnmyvYZogk8gAg',
				optStatus,
				phoneNumber: '+15043449240',
				zoomPhoneNumber: '+12094436304',
				dateTime: '2021-07-19T18:43:43Z',
				optStatuses: [{ phoneNumber: '+15043449240', zoomPhoneNumber: '+12094436304', optStatus: '', optInStatus: '', optInStatusCode: null, optInMessage: '' }],
				raw: payload,
			});
		}
	});

	test('the signature is checked over the raw bytes: odd spacing, key order and escapes still verify', async () => {
		const payload = zoomEvent('phone.sms_received');
		// Re-serialising this body would change it (spacing, escaped é and emoji), so only raw-byte checking accepts it.
		const body = `{ "payload" : ${JSON.stringify(payload.payload, null, 2).replace('"ttt"', '"caf\\u00e9 \\ud83d\\ude00"')},\n"event":"phone.sms_received", "event_ts": ${payload.event_ts} }`;
		const { status, items } = await newN8n().runWebhook({ parameters: { events: ALL_EVENTS }, body, headers: zoomHeaders(body, SECRET) });
		expect(status).toBe(200);
		expect(items![0].json.message).toBe('café 😀');
	});

	test('the Test URL (manual mode) starts the workflow the same way', async () => {
		const { status, items } = await newN8n().runWebhook(signed(zoomEvent('phone.sms_received'), { mode: 'manual' }));
		expect(status).toBe(200);
		expect(items).toHaveLength(1);
	});
});

describe('Zoom SMS Trigger: what starts nothing', () => {
	test.each([
		['tampered body', () => {
			const call = signed(zoomEvent('phone.sms_received'));
			return { ...call, body: String(call.body).replace('"ttt"', '"send me the money"') };
		}],
		['wrong secret', () => signed(zoomEvent('phone.sms_received'), { secret: 'not-the-secret' })],
		['older than any Zoom retry (91 minutes)', () => signed(zoomEvent('phone.sms_received'), { timestamp: now() - 91 * 60 })],
		['timestamp in the future', () => signed(zoomEvent('phone.sms_received'), { timestamp: now() + 330 })],
		['unsigned', () => ({ parameters: { events: ALL_EVENTS }, body: JSON.stringify(zoomEvent('phone.sms_received')) })],
		['signature without timestamp', () => {
			const call = signed(zoomEvent('phone.sms_received'));
			const headers = { ...call.headers };
			delete headers['x-zm-request-timestamp'];
			return { ...call, headers };
		}],
		['unsigned event of a kind not selected', () => ({ parameters: { events: ['phone.sms_received'] }, body: JSON.stringify(zoomEvent('phone.sms_sent')) })],
	])('%s → 401', async (_name, makeCall) => {
		const result = await newN8n().runWebhook(makeCall() as WebhookCall);
		expect(result.status).toBe(401);
		expect(result.items).toBeUndefined();
		expect(JSON.stringify(result.body)).toMatch(/signature/);
	});

	test('the reference signature vector verifies at its own time, and is refused as too old today', async () => {
		// Zoom API brief §5: secret, timestamp, body and signature, computed independently.
		const body = '{"event":"phone.sms_received","event_ts":1626759486127,"payload":{"account_id":"2TP-coFVSnmyvYZogk8gAg","object":{"message":"ttt"}}}';
		const headers = { 'x-zm-request-timestamp': '1626759486', 'x-zm-signature': 'v0=5f6b2ce140460eff7ffcadac08efa9b3b5e5c433c65c18fc745754a8a74bebd2' };
		const n8n = newN8n(REFERENCE_SECRET);
		const today = await n8n.runWebhook({ parameters: { events: ALL_EVENTS }, body, headers });
		expect(today.status).toBe(401);
		const realNow = Date.now;
		Date.now = () => 1626759486_000 + 2_000;
		try {
			const then = await n8n.runWebhook({ parameters: { events: ALL_EVENTS }, body, headers });
			expect(then.status).toBe(200);
			expect(then.items![0].json).toMatchObject({ event: 'phone.sms_received', message: 'ttt' });
		} finally {
			Date.now = realNow;
		}
	});

	test('a signed event that is not selected is acknowledged with 200 and ignored', async () => {
		const result = await newN8n().runWebhook(signed(zoomEvent('phone.sms_sent'), { events: ['phone.sms_received'] }));
		expect(result.status).toBe(200);
		expect(result.items).toBeUndefined();
		const etiquette = await newN8n().runWebhook(signed(zoomEvent('phone.sms_etiquette_warn'), { events: ['phone.sms_received'] }));
		expect(etiquette.status).toBe(200);
		expect(etiquette.items).toBeUndefined();
	});

	test('the same signed request delivered twice starts the workflow once', async () => {
		const n8n = newN8n();
		const call = signed(zoomEvent('phone.sms_received'));
		const first = await n8n.runWebhook(call);
		const again = await n8n.runWebhook(call);
		expect(first.items).toHaveLength(1);
		expect(again.status).toBe(200);
		expect(again.items).toBeUndefined();
	});

	test('without a Webhook Secret Token, events and validation get 401 and a message saying what to fill in', async () => {
		const n8n = newN8n('');
		const event = await n8n.runWebhook(signed(zoomEvent('phone.sms_received')));
		const validation = await n8n.runWebhook(signed(urlValidation(REFERENCE_CHALLENGE)));
		for (const result of [event, validation]) {
			expect(result.status).toBe(401);
			expect(result.items).toBeUndefined();
			expect(result.body).toEqual({ message: NO_SECRET_MESSAGE });
		}
		expect(NO_SECRET_MESSAGE).toMatch(/Webhook Secret Token/);
	});

	test('the Secret Token appears in no response and no output', async () => {
		const n8n = newN8n();
		const results = [
			await n8n.runWebhook(signed(zoomEvent('phone.sms_received'))),
			await n8n.runWebhook(signed(zoomEvent('phone.sms_received'), { secret: 'other' })),
			await n8n.runWebhook(signed(urlValidation('abc'))),
			await n8n.runWebhook(signed(zoomEvent('phone.sms_sent'), { events: ['phone.sms_received'] })),
		];
		for (const result of results) expect(JSON.stringify([result.body, result.items, result.headers])).not.toContain(SECRET);
	});
});
