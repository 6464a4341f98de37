/**
 * "Every event exactly once" through n8n-core's WebhookContext: replays, Zoom's retries (with the original
 * timestamp or signed anew), a restart between a delivery and its redelivery, another account's events.
 * Bodies are Zoom's own examples, verbatim; the memory of seen events lives in the workflow's static data,
 * which InProcessN8n keeps the way n8n's database does (savedStaticData).
 */
import { signWebhook } from '../../nodes/shared/webhookSignature';
import { InProcessN8n, type WebhookCall } from '../helpers/n8nEngine';
import { zoomExample, zoomHeaders } from './zoomEvents';

const SECRET = 'once-test-secret-token';
const ACCOUNT_ID = '2TP-coFVSnmyvYZogk8gAg';
const EVENTS = ['phone.sms_received', 'phone.sms_sent', 'phone.sms_campaign_number_opt_out', 'phone.sms_etiquette_warn', 'phone.sms_etiquette_block'];
const now = () => Math.floor(Date.now() / 1000);

function newN8n(accountId = ACCOUNT_ID) {
	return new InProcessN8n({ environment: 'zoom', accountId, clientId: 'client', clientSecret: 'client-secret-value', webhookSecretToken: SECRET });
}

function delivery(body: string, timestamp = now(), requestId = `req-${timestamp}-${Math.random()}`): WebhookCall {
	return { parameters: { events: EVENTS }, body, headers: { ...zoomHeaders(body, SECRET, timestamp), 'x-zm-request-id': requestId } };
}

describe('Zoom SMS Trigger: replays start nothing', () => {
	test('a byte-identical replay, and one with the signature\'s hex upper-cased, get 200 and start nothing', async () => {
		const n8n = newN8n();
		const call = delivery(zoomExample('phone.sms_received'));
		const first = await n8n.runWebhook(call);
		expect(first.items).toHaveLength(1);
		const identical = await n8n.runWebhook(call);
		const signature = call.headers!['x-zm-signature'];
		const recased = await n8n.runWebhook({ ...call, headers: { ...call.headers, 'x-zm-signature': `v0=${signature.slice(3).toUpperCase()}` } });
		for (const replay of [identical, recased]) {
			expect(replay.status).toBe(200);
			expect(replay.items).toBeUndefined();
			expect(replay.body).toEqual({ message: 'Repeated delivery of an event already received; ignored.' });
		}
	});

	test('the same event signed anew (new timestamp, new request id) starts nothing', async () => {
		const n8n = newN8n();
		const body = zoomExample('phone.sms_received');
		expect((await n8n.runWebhook(delivery(body, now() - 120))).items).toHaveLength(1);
		const again = await n8n.runWebhook(delivery(body, now()));
		expect(again.status).toBe(200);
		expect(again.items).toBeUndefined();
	});

	test.each(['phone.sms_sent', 'phone.sms_campaign_number_opt_out', 'phone.sms_etiquette_warn', 'phone.sms_etiquette_block'])(
		'%s: Zoom\'s example starts once, its redelivery signed anew starts nothing',
		async (event) => {
			const n8n = newN8n();
			const body = zoomExample(event);
			expect((await n8n.runWebhook(delivery(body, now() - 60))).items).toHaveLength(1);
			expect((await n8n.runWebhook(delivery(body))).items).toBeUndefined();
		},
	);
});

describe('Zoom SMS Trigger: Zoom\'s retries are accepted once', () => {
	test('a retry carrying its original timestamp, 20 minutes old, starts once if unseen and never twice', async () => {
		const n8n = newN8n();
		const call = delivery(zoomExample('phone.sms_received'), now() - 20 * 60);
		const retry = await n8n.runWebhook(call);
		expect(retry.status).toBe(200);
		expect(retry.items).toHaveLength(1);
		const nextRetry = await n8n.runWebhook(call);
		expect(nextRetry.status).toBe(200);
		expect(nextRetry.items).toBeUndefined();
	});

	test.each([
		['the last retry, 85 minutes old', 85 * 60, 200],
		['89 minutes old', 89 * 60, 200],
		['older than any retry: 91 minutes', 91 * 60, 401],
		['a day old', 86_400, 401],
	])('%s → %p', async (_name, age, status) => {
		const result = await newN8n().runWebhook(delivery(zoomExample('phone.sms_received'), now() - age));
		expect(result.status).toBe(status);
		expect(result.items?.length ?? 0).toBe(status === 200 ? 1 : 0);
	});

	test('unsigned, even when recent, is refused', async () => {
		const body = zoomExample('phone.sms_received');
		const result = await newN8n().runWebhook({ parameters: { events: EVENTS }, body, headers: { 'x-zm-request-timestamp': String(now()) } });
		expect(result.status).toBe(401);
		expect(result.items).toBeUndefined();
	});

	test('a restart (or another n8n process on the same database) between a delivery and its redelivery: still once', async () => {
		const first = newN8n();
		const body = zoomExample('phone.sms_received');
		expect((await first.runWebhook(delivery(body, now() - 6 * 60))).items).toHaveLength(1);
		expect(JSON.stringify(first.savedStaticData)).not.toContain('12132792348');

		const restarted = newN8n();
		restarted.savedStaticData = JSON.parse(JSON.stringify(first.savedStaticData));
		const redelivered = await restarted.runWebhook(delivery(body));
		expect(redelivered.status).toBe(200);
		expect(redelivered.items).toBeUndefined();

		// Without that memory (a fresh database) the same request would start the workflow: the test can fail.
		expect((await newN8n().runWebhook(delivery(body))).items).toHaveLength(1);
	});

	test('the Test URL keeps no memory in the database (n8n does not save static data for test webhooks)', async () => {
		const n8n = newN8n();
		const call = { ...delivery(zoomExample('phone.sms_received')), mode: 'manual' as const };
		expect((await n8n.runWebhook(call)).items).toHaveLength(1);
		expect(n8n.savedStaticData).toEqual({});
	});
});

describe('Zoom SMS Trigger: other accounts', () => {
	test('a signed event for another account is acknowledged (200) and starts nothing', async () => {
		const result = await newN8n('another-account-id').runWebhook(delivery(zoomExample('phone.sms_received')));
		expect(result.status).toBe(200);
		expect(result.items).toBeUndefined();
		expect(JSON.stringify(result.body)).toMatch(/another Zoom account/);
	});
});

describe('Zoom SMS Trigger: output', () => {
	test('Zoom\'s received example: zoomNumber is the receiving member, optStatuses normalised', async () => {
		const { items } = await newN8n().runWebhook(delivery(zoomExample('phone.sms_received')));
		expect(items![0].json).toMatchObject({
			zoomNumber: '+12132792348',
			from: '+12132822256',
			optStatuses: [
				{ phoneNumber: '+120970XXXXX', zoomPhoneNumber: '+120971XXXXX', optStatus: 'optedIn', optInStatus: 'unknown', optInStatusCode: 0, optInMessage: '' },
				{
					phoneNumber: '+120970XXXXX',
					zoomPhoneNumber: '+120971XXXXX',
					optStatus: 'pending',
					optInStatus: 'optInMessageRequired',
					optInStatusCode: 1,
					optInMessage: expect.stringMatching(/^Text START to receive text messages/),
				},
			],
		});
	});

	test('in a group text zoomNumber is the account\'s member that received it, not the whole to list', async () => {
		const body = JSON.parse(zoomExample('phone.sms_received'));
		body.payload.object.to_members = [
			{ phone_number: '14155550100', display_name: 'Someone else' },
			{ phone_number: '12132792348', display_name: 'Tomcat', is_message_owner: true },
		];
		const { items } = await newN8n().runWebhook(delivery(JSON.stringify(body)));
		expect(items![0].json).toMatchObject({ zoomNumber: '+12132792348', to: '+14155550100,+12132792348' });
	});

	test('Zoom\'s sent example: zoomNumber is the sender', async () => {
		const body = zoomExample('phone.sms_sent');
		const { items } = await newN8n().runWebhook(delivery(body));
		expect(items![0].json.zoomNumber).toBe(`+${JSON.parse(body).payload.object.sender.phone_number}`);
	});

	test.each([
		['phone.sms_etiquette_warn', 'warned', "Company's SSN warning policy"],
		['phone.sms_etiquette_block', 'blocked', "Company's SSN blocking policy"],
	])('%s from Zoom\'s example', async (event, action, policyName) => {
		const body = zoomExample(event);
		const { items } = await newN8n().runWebhook(delivery(body));
		expect(items![0].json).toEqual({
			event,
			eventTime: '2021-07-20T05:38:06.127Z',
			accountId: ACCOUNT_ID,
			action,
			userEmail: 'user.email@company.com',
			policyName,
			message: 'this is my SSN 123-45-6789',
			dateTime: '2025-03-15T18:43:43Z',
			raw: JSON.parse(body),
		});
	});

	test('the signature the tests use is Zoom\'s scheme over the verbatim example bytes', () => {
		const body = zoomExample('phone.sms_received');
		expect(body).toContain('\n  "event": "phone.sms_received"');
		expect(signWebhook(body, 1, SECRET)).toMatch(/^v0=[0-9a-f]{64}$/);
	});
});
