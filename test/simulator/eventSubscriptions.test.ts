/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- test code, never shipped: it runs HTTP servers. */
/**
 * The simulator's event-subscription API, as Zoom documents it: app tokens only, strict bodies, the
 * url_validation challenge after creation, signed deliveries only to validated subscriptions.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { buildUrlValidationResponse, verifyWebhookSignature } from '../../nodes/shared/webhookSignature';
import { zoomExample } from '../node/zoomEvents';
import { SEED } from './seed';
import { DEFAULT_CREDENTIALS, startZoomSimulator, type ZoomSimulator } from './zoomSimulator';

const SECRET = 'subscription-test-secret';
let sim: ZoomSimulator;
let receiver: Server;
let receiverUrl = '';
const received: Array<{ body: string; headers: IncomingMessage['headers'] }> = [];
let answerChallenges = true;

beforeAll(async () => {
	sim = await startZoomSimulator({ webhookSecretToken: SECRET });
	receiver = createServer(async (req, res) => {
		const chunks: Buffer[] = [];
		for await (const chunk of req) chunks.push(chunk as Buffer);
		const body = Buffer.concat(chunks).toString('utf8');
		received.push({ body, headers: req.headers });
		const parsed = JSON.parse(body) as { event: string; payload: { plainToken?: string } };
		if (parsed.event === 'endpoint.url_validation' && answerChallenges) {
			res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(buildUrlValidationResponse(parsed.payload.plainToken!, SECRET)));
			return;
		}
		res.writeHead(answerChallenges ? 200 : 404).end('{}');
	});
	await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
	receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
});
afterAll(async () => {
	await sim.stop();
	receiver.closeAllConnections();
	await new Promise<void>((resolve) => receiver.close(() => resolve()));
});
beforeEach(() => {
	sim.eventSubscriptions.reset();
	received.length = 0;
	answerChallenges = true;
});

async function token(grant: 'client_credentials' | 'account_credentials'): Promise<string> {
	const response = await fetch(`${sim.url}/oauth/token`, {
		method: 'POST',
		headers: {
			authorization: `Basic ${Buffer.from(`${DEFAULT_CREDENTIALS.clientId}:${DEFAULT_CREDENTIALS.clientSecret}`).toString('base64')}`,
			'content-type': 'application/x-www-form-urlencoded',
		},
		body: grant === 'client_credentials' ? 'grant_type=client_credentials' : `grant_type=account_credentials&account_id=${DEFAULT_CREDENTIALS.accountId}`,
	});
	return ((await response.json()) as { access_token: string }).access_token;
}

async function api(method: string, path: string, bearer: string, body?: unknown) {
	const response = await fetch(`${sim.url}/v2/marketplace/app/event_subscription${path}`, {
		method,
		headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
		...(body === undefined ? {} : { body: JSON.stringify(body) }),
	});
	const text = await response.text();
	return { status: response.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : undefined };
}

const subscription = (overrides: Record<string, unknown> = {}) => ({
	events: ['phone.sms_received'],
	event_subscription_name: 'test',
	event_webhook_url: receiverUrl,
	user_ids: [],
	subscription_scope: 'account',
	account_id: DEFAULT_CREDENTIALS.accountId,
	...overrides,
});

async function until(probe: () => boolean, timeoutMs = 8000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!probe()) {
		if (Date.now() > deadline) throw new Error('timed out');
		await new Promise((resolve) => setTimeout(resolve, 50));
	}
}

describe('simulator: event-subscription API', () => {
	test('create → challenge → listed → signed event delivered → delete → listed no more', async () => {
		const app = await token('client_credentials');
		const created = await api('POST', '', app, subscription());
		expect(created.status).toBe(201);
		const id = created.body!.event_subscription_id as string;
		await until(() => sim.eventSubscriptions.all[0]?.status === 'validated');
		expect(JSON.parse(received[0].body).event).toBe('endpoint.url_validation');
		expect(verifyWebhookSignature({ rawBody: received[0].body, signatureHeader: received[0].headers['x-zm-signature'], timestampHeader: received[0].headers['x-zm-request-timestamp'], secret: SECRET }).valid).toBe(true);

		const listed = await api('GET', '?subscription_scope=account', app);
		expect(listed.body).toEqual({
			event_subscriptions: [expect.objectContaining({ event_subscription_id: id, event_webhook_url: receiverUrl, events: ['phone.sms_received'] })],
		});

		const { deliveries } = await sim.receiveSms({ from: SEED.contacts.casey, to: SEED.accountNumbers.alex, message: 'hello' });
		expect(deliveries).toHaveLength(1);
		const event = received[received.length - 1];
		expect(JSON.parse(event.body)).toMatchObject({ event: 'phone.sms_received', payload: { account_id: DEFAULT_CREDENTIALS.accountId, object: { message: 'hello' } } });
		expect(verifyWebhookSignature({ rawBody: event.body, signatureHeader: event.headers['x-zm-signature'], timestampHeader: event.headers['x-zm-request-timestamp'], secret: SECRET }).valid).toBe(true);

		expect((await api('DELETE', `/${id}`, app)).status).toBe(204);
		expect((await api('DELETE', `/${id}`, app)).status).toBe(404);
		expect((await api('GET', '', app)).body).toEqual({ event_subscriptions: [] });
	});

	test('the account token is refused: subscriptions are the app\'s', async () => {
		const account = await token('account_credentials');
		expect((await api('POST', '', account, subscription())).status).toBe(401);
		expect((await api('GET', '', account)).status).toBe(401);
	});

	test('the app token is refused by the SMS API', async () => {
		const app = await token('client_credentials');
		const response = await fetch(`${sim.url}/v2/phone/sms/sessions`, { headers: { authorization: `Bearer ${app}` } });
		expect(response.status).toBe(401);
	});

	test.each([
		['no events', { events: [] }],
		['an unknown event', { events: ['phone.sms_received', 'phone.nothing'] }],
		['no name', { event_subscription_name: '' }],
		['a plain http URL elsewhere', { event_webhook_url: 'http://example.com/hook' }],
		['no URL', { event_webhook_url: undefined }],
		['an unknown scope', { subscription_scope: 'everything' }],
		['user scope without users', { subscription_scope: 'user' }],
		['another account', { account_id: 'someone-else' }],
	])('%s → 400', async (_name, overrides) => {
		const app = await token('client_credentials');
		const response = await api('POST', '', app, subscription(overrides));
		expect(response.status).toBe(400);
		expect(sim.eventSubscriptions.all).toEqual([]);
	});

	test('a contact texting STOP or START to a campaign number: the opt-out or opt-in event, shaped like Zoom\'s example, after the text itself', async () => {
		const app = await token('client_credentials');
		const events = ['phone.sms_received', 'phone.sms_campaign_number_opt_out', 'phone.sms_campaign_number_opt_in'];
		expect((await api('POST', '', app, subscription({ events }))).status).toBe(201);
		await until(() => sim.eventSubscriptions.all[0]?.status === 'validated');
		const { alex, noSms } = SEED.accountNumbers;
		const { casey } = SEED.contacts;
		const example = JSON.parse(zoomExample('phone.sms_campaign_number_opt_out')) as { payload: { object: { phone_number_campaign_opt_statuses: Array<Record<string, unknown>> } & Record<string, unknown> } };
		const exampleObject = example.payload.object;

		const stop = await sim.receiveSms({ from: casey, to: alex, message: ' stop ' });
		expect(stop.deliveries.map((d) => d.status)).toEqual([200]);
		expect(stop.optDeliveries.map((d) => d.status)).toEqual([200]);
		expect(sim.campaigns.optStatus(alex, casey)).toBe('opt_out');
		const optOut = JSON.parse(stop.optDeliveries[0].body) as { event: string; event_ts: number; payload: { account_id: string; object: typeof exampleObject } };
		expect(optOut).toEqual({
			event: 'phone.sms_campaign_number_opt_out',
			event_ts: expect.any(Number),
			payload: {
				account_id: DEFAULT_CREDENTIALS.accountId,
				object: { phone_number_campaign_opt_statuses: [{ consumer_phone_number: casey, zoom_phone_user_number: alex }], date_time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/) },
			},
		});
		// Exactly the fields of Zoom's example, which its schema closes (additionalProperties: false).
		expect(Object.keys(optOut.payload.object).sort()).toEqual(Object.keys(exampleObject).sort());
		expect(Object.keys(optOut.payload.object.phone_number_campaign_opt_statuses[0]).sort()).toEqual(Object.keys(exampleObject.phone_number_campaign_opt_statuses[0]).sort());
		// The text arrived first, as phone.sms_received; both are signed.
		const bodies = received.slice(-2).map((r) => JSON.parse(r.body) as { event: string });
		expect(bodies.map((b) => b.event)).toEqual(['phone.sms_received', 'phone.sms_campaign_number_opt_out']);
		for (const r of received.slice(-2)) {
			expect(verifyWebhookSignature({ rawBody: r.body, signatureHeader: r.headers['x-zm-signature'], timestampHeader: r.headers['x-zm-request-timestamp'], secret: SECRET }).valid).toBe(true);
		}

		const start = await sim.receiveSms({ from: casey, to: alex, message: 'START' });
		expect(start.optDeliveries.map((d) => JSON.parse(d.body) as { event: string; payload: { object: unknown } })).toEqual([
			expect.objectContaining({
				event: 'phone.sms_campaign_number_opt_in',
				payload: expect.objectContaining({ object: { phone_number_campaign_opt_statuses: [{ consumer_phone_number: casey, zoom_phone_user_number: alex }], date_time: expect.any(String) } }),
			}),
		]);
		expect(sim.campaigns.optStatus(alex, casey)).toBe('opt_in');

		// Not a keyword, or not a campaign number: the text only.
		expect((await sim.receiveSms({ from: casey, to: alex, message: 'stop texting me at night' })).optDeliveries).toEqual([]);
		const outside = await sim.receiveSms({ from: casey, to: noSms, message: 'STOP' });
		expect(outside.deliveries).toHaveLength(1);
		expect(outside.optDeliveries).toEqual([]);
	});

	test('POST /__sim/inbound is a text from a phone: stored, and delivered to the subscriptions like receiveSms', async () => {
		const app = await token('client_credentials');
		expect((await api('POST', '', app, subscription({ events: ['phone.sms_received', 'phone.sms_campaign_number_opt_out'] }))).status).toBe(201);
		await until(() => sim.eventSubscriptions.all[0]?.status === 'validated');
		const { alex } = SEED.accountNumbers;
		const { casey } = SEED.contacts;
		const inbound = async (body: unknown) => {
			const response = await fetch(`${sim.url}/__sim/inbound`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
			return { status: response.status, body: (await response.json()) as Record<string, unknown> };
		};
		const before = received.length;
		const hello = await inbound({ from: casey, to: alex, message: 'Is my order ready?' });
		expect(hello).toEqual({ status: 200, body: { messageId: expect.any(String), sessionId: expect.any(String), dateTime: expect.any(String), deliveries: [{ event: 'phone.sms_received', url: receiverUrl, status: 200 }] } });
		const event = JSON.parse(received[before].body) as { event: string; payload: { object: { message: string; message_id: string } } };
		expect(event.event).toBe('phone.sms_received');
		expect(event.payload.object).toEqual(expect.objectContaining({ message: 'Is my order ready?', message_id: hello.body.messageId }));
		expect(verifyWebhookSignature({ rawBody: received[before].body, signatureHeader: received[before].headers['x-zm-signature'], timestampHeader: received[before].headers['x-zm-request-timestamp'], secret: SECRET }).valid).toBe(true);
		// In the account's history, as Zoom's API reads it.
		const account = await token('account_credentials');
		const stored = await fetch(`${sim.url}/v2/phone/sms/sessions/${String(hello.body.sessionId)}/messages/${String(hello.body.messageId)}`, { headers: { authorization: `Bearer ${account}` } });
		expect(stored.status).toBe(200);
		expect(((await stored.json()) as { message: string }).message).toBe('Is my order ready?');

		const stop = await inbound({ from: casey, to: alex, message: 'STOP' });
		expect(stop.body.optStatusSet).toBe('opt_out');
		expect((stop.body.deliveries as Array<{ event: string }>).map((d) => d.event)).toEqual(['phone.sms_received', 'phone.sms_campaign_number_opt_out']);
		expect(received.length).toBe(before + 3);

		expect((await inbound({ from: casey, to: '+15550000000', message: 'hi' })).status).toBe(400);
		expect(received.length).toBe(before + 3);
	});

	test('a URL that does not answer the challenge gets no events', async () => {
		answerChallenges = false;
		const app = await token('client_credentials');
		expect((await api('POST', '', app, subscription())).status).toBe(201);
		await sim.eventSubscriptions.settled();
		expect(sim.eventSubscriptions.all[0].status).toBe('failed');
		const { deliveries } = await sim.receiveSms({ from: SEED.contacts.casey, to: SEED.accountNumbers.alex, message: 'lost' });
		expect(deliveries).toEqual([]);
	});
});
