/**
 * Message → Send with Options → Opted-Out Recipients through n8n's engine against the simulator: opted-out
 * recipients are left out before anything is sent, opt statuses are read once per run (per recipient and
 * campaign, never per item), a missing scope stops the run instead of sending unchecked, and the ledger's
 * exactly-once guarantee holds across Retry On Fail.
 */
import type { IDataObject } from 'n8n-workflow';

import { InProcessN8n } from '../helpers/n8nEngine';
import { sendParameters, simulatorCredential } from '../helpers/fixtures';
import { SEED } from '../simulator/seed';
import { CONSENT_SCOPES, DEFAULT_SCOPES, startZoomSimulator, type ZoomSimulator } from '../simulator/zoomSimulator';

const OPT_STATUS = 'GET /v2/phone/sms_campaigns/{smsCampaignId}/phone_numbers/opt_status';
const USER_OPT_STATUS = 'GET /v2/phone/user/{userId}/sms_campaigns/phone_numbers/opt_status';
const NUMBERS = 'GET /v2/phone/numbers';
const LIST = 'GET /v2/phone/sms_campaigns';
const GET = 'GET /v2/phone/sms_campaigns/{smsCampaignId}';
const { alex, support } = SEED.accountNumbers;
const { casey, riley, taylor } = SEED.contacts;

let sim: ZoomSimulator;
beforeAll(async () => {
	sim = await startZoomSimulator({ scopes: [...DEFAULT_SCOPES, ...CONSENT_SCOPES], seed: { alexExtraNumbers: 1 } });
});
afterAll(async () => {
	await sim?.stop();
});
beforeEach(() => sim.reset());

const n8n = () => new InProcessN8n(simulatorCredential(sim));
const requests = (route: string) => sim.state({ includeMessages: false }).requests.byRoute[route] ?? 0;
const skip = (options: IDataObject = {}) => sendParameters({ options: { optedOutRecipients: 'skip', ...options } });
const consumer = (i: number) => `+1555060${String(i).padStart(4, '0')}`;
const sentTo = () => sim.messages.map((message) => message.toMembers.join(','));

describe('Opted-Out Recipients: Skip', () => {
	test('a campaign of 20 where 3 texted STOP sends 17 and outputs the 3 as skipped, each paired with its input', async () => {
		const optedOut = [3, 11, 17];
		for (const i of optedOut) sim.addInboundMessage({ from: consumer(i), to: alex, message: 'STOP' });
		const input = Array.from({ length: 20 }, (_, i) => ({ phone: consumer(i), text: `Your appointment is tomorrow (${i})` }));
		const { items, error } = await n8n().run(skip(), input);
		expect(error).toBeUndefined();
		expect(items).toHaveLength(20);
		expect(sim.messages).toHaveLength(17);
		expect(sentTo().sort()).toEqual(input.map((item) => item.phone).filter((_, i) => !optedOut.includes(i)).sort());
		items.forEach((item, i) => {
			expect((item.pairedItem as { item: number }).item).toBe(i);
			if (optedOut.includes(i)) {
				expect(item.json).toEqual({
					success: true,
					skipped: 'optedOut',
					from: alex,
					to: consumer(i),
					recipients: [],
					skippedRecipients: [{ phoneNumber: consumer(i), skipped: 'optedOut' }],
				});
			} else {
				expect(item.json).toMatchObject({ success: true, messageId: expect.any(String), to: consumer(i) });
				expect(item.json.skipped).toBeUndefined();
			}
		});
		// Once per run: Alex's number is a user's, so the user-level list answers 10 recipients per request.
		expect([requests(NUMBERS), requests(USER_OPT_STATUS)]).toEqual([1, 2]);
		expect(requests(LIST) + requests(GET) + requests(OPT_STATUS)).toBe(0);
	});

	test('a call queue\'s number goes through its campaign: the campaigns once, each recipient once', async () => {
		const input = Array.from({ length: 6 }, (_, i) => ({ phone: consumer(i), text: `Your ticket ${i} is solved` }));
		sim.addInboundMessage({ from: consumer(2), to: support, message: 'UNSUBSCRIBE' });
		const run = await n8n().run(sendParameters({ from: { __rl: true, mode: 'number', value: support }, options: { optedOutRecipients: 'skip' } }), input);
		expect(run.error).toBeUndefined();
		expect(run.items.map((item) => item.json.skipped ?? 'sent')).toEqual(['sent', 'sent', 'optedOut', 'sent', 'sent', 'sent']);
		expect(sim.messages.map((message) => message.sender)).toEqual(Array(5).fill(support));
		expect([requests(LIST), requests(GET), requests(OPT_STATUS), requests(USER_OPT_STATUS)]).toEqual([1, 1, 6, 0]);
	});

	test('without the numbers list (its scope missing) a user\'s number goes through its campaign too', async () => {
		sim.configure({ scopes: [...DEFAULT_SCOPES.filter((scope) => scope !== 'phone:read:list_numbers:admin'), ...CONSENT_SCOPES] });
		const { items, error } = await n8n().run(skip(), [{ phone: riley, text: 'a' }, { phone: casey, text: 'b' }]);
		expect(error).toBeUndefined();
		expect(items.map((item) => item.json.skipped ?? 'sent')).toEqual(['optedOut', 'sent']);
		expect([requests(LIST), requests(GET), requests(OPT_STATUS), requests(USER_OPT_STATUS)]).toEqual([1, 1, 2, 0]);
	});

	test('a skipped item is not an error: with Continue (using error output) it stays on the success output', async () => {
		const { items, errorItems } = await n8n().run(skip(), [{ phone: riley, text: 'a' }, { phone: casey, text: 'b' }], { onError: 'continueErrorOutput' });
		expect(errorItems).toHaveLength(0);
		expect(items.map((item) => [item.json.skipped ?? 'sent', (item.pairedItem as { item: number }).item])).toEqual([
			['optedOut', 0],
			['sent', 1],
		]);
	});

	test('a recipient texted by many items is asked about once', async () => {
		const input = Array.from({ length: 12 }, (_, i) => ({ phone: [casey, riley, taylor][i % 3], text: `Reminder ${i}` }));
		const { items } = await n8n().run(skip(), input);
		expect(requests(USER_OPT_STATUS)).toBe(1);
		expect(items.filter((item) => item.json.skipped === 'optedOut')).toHaveLength(4);
		expect(sim.messages).toHaveLength(8);
	});

	test('a group text goes to the recipients who did not opt out, and says who was skipped', async () => {
		const { items, error } = await n8n().run(skip(), [{ phone: `${taylor}, ${riley}, ${casey}`, text: 'Team dinner at 7' }]);
		expect(error).toBeUndefined();
		expect(sim.messages).toHaveLength(1);
		expect(sim.messages[0].toMembers).toEqual([taylor, casey]);
		expect(items[0].json).toMatchObject({
			success: true,
			recipients: [taylor, casey],
			to: `${taylor},${casey}`,
			skippedRecipients: [{ phoneNumber: riley, skipped: 'optedOut' }],
		});
		expect(items[0].json.skipped).toBeUndefined();
	});

	test('a group whose every recipient opted out is skipped whole', async () => {
		sim.addInboundMessage({ from: taylor, to: alex, message: 'Stop' });
		const { items } = await n8n().run(skip(), [{ phone: `${taylor}, ${riley}`, text: 'Team dinner at 7' }]);
		expect(sim.messages).toHaveLength(0);
		expect(items[0].json).toMatchObject({ skipped: 'optedOut', skippedRecipients: [{ phoneNumber: taylor }, { phoneNumber: riley }] });
	});

	test('START brings a consumer back: the next run texts them', async () => {
		sim.addInboundMessage({ from: riley, to: alex, message: 'START' });
		const { items } = await n8n().run(skip(), [{ phone: riley, text: 'Welcome back' }]);
		expect(items[0].json.messageId).toEqual(expect.any(String));
		expect(sentTo()).toEqual([riley]);
	});

	test('a sender in no campaign has no opt-out in Zoom: its texts go, and Zoom decides', async () => {
		// Alex's second number (seed option alexExtraNumbers) is in no campaign; Riley opted out of Alex's first.
		const parameters = sendParameters({ from: { __rl: true, mode: 'number', value: '+15550110001' }, options: { optedOutRecipients: 'skip' } });
		const { items } = await n8n().run(parameters, [{ phone: riley, text: 'Hi' }]);
		expect(items[0].json.messageId).toEqual(expect.any(String));
		expect(sentTo()).toEqual([riley]);
		expect(requests(OPT_STATUS)).toBe(0);
	});

	test('without the read scopes the run stops before sending anything, naming the scopes and Send Anyway', async () => {
		sim.configure({ scopes: [...DEFAULT_SCOPES] });
		const { error, items } = await n8n().run(skip(), [{ phone: casey, text: 'a' }, { phone: taylor, text: 'b' }]);
		expect(items).toHaveLength(0);
		expect(sim.messages).toHaveLength(0);
		expect(error?.message).toBe(`Item 0: could not read the opt statuses of the recipients of ${alex}`);
		expect(error?.description).toMatch(/4711/);
		expect(error?.description).toMatch(/phone:read:sms_campaign_number_opt_status:admin/);
		expect(error?.description).toMatch(/Send Anyway/);
		expect(error?.description).toMatch(/No item was sent/);
	});

	test('without the opt-status scope alone, Continue (using error output) sends nothing either: every item leaves on the error output', async () => {
		sim.configure({ scopes: [...DEFAULT_SCOPES, 'phone:read:list_sms_campaigns:admin', 'phone:read:sms_campaign:admin'] });
		const { items, errorItems } = await n8n().run(skip(), [{ phone: casey, text: 'a' }, { phone: taylor, text: 'b' }], { onError: 'continueErrorOutput' });
		expect(sim.messages).toHaveLength(0);
		expect(items).toHaveLength(0);
		expect(errorItems.map((item) => (item.pairedItem as { item: number }).item)).toEqual([0, 1]);
	});
});

describe('Opted-Out Recipients: Send Anyway, and workflows saved before the option', () => {
	test.each([
		['Send Anyway', sendParameters({ options: { optedOutRecipients: 'sendAnyway' } })],
		['the option absent (v1 behaviour)', sendParameters()],
	])('%s: no campaign is read and the opted-out recipient is sent to (Zoom decides)', async (_label, parameters) => {
		const { items, error } = await n8n().run(parameters, [{ phone: riley, text: 'Hi' }]);
		expect(error).toBeUndefined();
		expect(items[0].json.messageId).toEqual(expect.any(String));
		expect(sentTo()).toEqual([riley]);
		expect(requests(LIST) + requests(GET) + requests(OPT_STATUS) + requests(USER_OPT_STATUS) + requests(NUMBERS)).toBe(0);
	});
});

describe('exactly once', () => {
	test('Retry On Fail: a recipient who texted STOP after their text was accepted is not reported as skipped, and nothing is sent twice', async () => {
		// Casey's text is accepted, then Casey texts STOP; Taylor's send fails once, so n8n runs the node again.
		sim.on('message', (message) => {
			if (message.toMembers.includes(casey)) sim.addInboundMessage({ from: casey, to: alex, message: 'STOP' });
		});
		sim.addFault({ kind: 'status', status: 400, body: { code: 300, message: 'Validation Failed.' }, path: '/v2/phone/sms/messages', skip: 1 });
		const { items, tries, error } = await n8n().run(skip(), [{ phone: casey, text: 'one' }, { phone: taylor, text: 'two' }, { phone: riley, text: 'three' }], {
			retryOnFail: { maxTries: 2, waitBetweenTries: 0 },
		});
		sim.removeAllListeners('message');
		expect(error).toBeUndefined();
		expect(tries).toBe(2);
		expect(sentTo()).toEqual([casey, taylor]);
		expect(items[0].json).toMatchObject({ success: true, alreadySent: true, to: casey });
		expect(items[0].json.skipped).toBeUndefined();
		expect(items[1].json).toMatchObject({ success: true, to: taylor });
		expect(items[2].json).toMatchObject({ skipped: 'optedOut' });
	});
});
