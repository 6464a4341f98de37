/**
 * Issue 12, items 3, 4 and 6 through n8n's engine against the HTTP simulator: Allowed Countries, Wait for
 * Delivery, and one-to-one sends from senders Zoom makes no group conversations from.
 */
import { sleep } from 'n8n-workflow';

import { InProcessN8n } from '../helpers/n8nEngine';
import { sendParameters, simulatorCredential } from '../helpers/fixtures';
import { SEED } from '../simulator/seed';
import { ONE_TO_ONE_SENDERS } from '../simulator/oneToOne';
import { startZoomSimulator, type ZoomSimulator } from '../simulator/zoomSimulator';

let sim: ZoomSimulator;

beforeAll(async () => {
	sim = await startZoomSimulator({ seed: { oneToOneSenders: true } });
});
afterAll(async () => {
	await sim.stop();
});
beforeEach(() => sim.reset());

const newN8n = () => new InProcessN8n(simulatorCredential(sim));
const fromNumber = (value: string) => ({ __rl: true, mode: 'number', value });

const US = '+12125550123';
const CANADA = '+14165550123';
const JAMAICA = '+18765551234';

describe('Options → Allowed Countries', () => {
	test('a recipient outside the list fails its item before anything is sent for it; the others are sent', async () => {
		const input = [
			{ phone: US, text: 'to New York' },
			{ phone: JAMAICA, text: 'to Kingston' },
			{ phone: CANADA, text: 'to Toronto' },
		];
		const { items } = await newN8n().run(sendParameters({ options: { allowedCountries: ['US', 'CA'] } }), input, { continueOnFail: true });
		expect(sim.messages.map((message) => message.toMembers)).toEqual([[US], [CANADA]]);
		expect(items.map((item) => item.json.success)).toEqual([true, false, true]);
		expect(items[1].json.error).toBe(`Item 1: To: ${JAMAICA} is in Jamaica (JM), which Allowed Countries (United States (US), Canada (CA)) does not include`);
		expect(items[1].json.errorDetails).toContain('add Jamaica (JM) to Options → Allowed Countries');
		expect(items[1].json.errorDetails).toContain('Nothing was sent for this item.');
	});

	test('Stop Workflow: one group recipient elsewhere sends nothing at all, and says which', async () => {
		const { error } = await newN8n().run(sendParameters({ options: { allowedCountries: ['US'] } }), [
			{ phone: US, text: 'fine' },
			{ phone: `${US}, +33612345678`, text: 'group with a French number' },
		]);
		expect(sim.messages).toHaveLength(0);
		expect(error?.message).toBe('Item 1: To: +33612345678 is in France (FR), which Allowed Countries (United States (US)) does not include');
		expect(error?.description).toContain('none of them was texted');
		expect(error?.description).toContain('No item was sent');
	});

	test('a number whose country cannot be told fails closed; without the option it is sent', async () => {
		const fictional = SEED.contacts.casey;
		const refused = await newN8n().run(sendParameters({ options: { allowedCountries: ['US', 'CA'] } }), [{ phone: fictional, text: 'x' }], { continueOnFail: true });
		expect(String(refused.items[0].json.error)).toContain('cannot be told apart');
		expect(sim.messages).toHaveLength(0);
		await newN8n().run(sendParameters(), [{ phone: fictional, text: 'x' }]);
		expect(sim.messages).toHaveLength(1);
	});
});

describe('Options → Wait for Delivery', () => {
	test('reports delivered, failed and pending at the limit, each sent once and on the success output', async () => {
		sim.configure({
			deliveryStatusRules: [],
			deliveryTimeline: [
				{ pattern: '9999$', status: 'sent', afterMs: 0 },
				{ pattern: '0000$', status: 'failed_to_deliver', afterMs: 1200 },
				{ pattern: '.', status: 'delivered', afterMs: 1200 },
			],
		});
		const input = [
			{ phone: '+12125550123', text: 'will arrive' },
			{ phone: '+12125550000', text: 'will fail' },
			{ phone: '+12125559999', text: 'no receipt' },
		];
		const { items, errorItems, error } = await newN8n().run(sendParameters({ options: { waitForDeliverySeconds: 3 } }), input, { onError: 'continueErrorOutput' });
		expect(error).toBeUndefined();
		expect(errorItems).toHaveLength(0);
		expect(sim.messages).toHaveLength(3);
		expect(items.map((item) => [item.json.success, item.json.deliveryResult, item.json.deliveryStatus])).toEqual([
			[true, 'delivered', 'delivered'],
			[true, 'failed', 'failed_to_deliver'],
			[true, 'pending', 'sent'],
		]);
		for (const item of items) expect(Number.isNaN(Date.parse(String(item.json.deliveryStatusAt)))).toBe(false);
		// Reached after the timeline's 1.2 s, not at acceptance.
		expect(Date.parse(String(items[0].json.deliveryStatusAt)) - Date.parse(sim.messages[0].receivedAt)).toBeGreaterThanOrEqual(1200);
		expect(items[2].json.deliveryNote).toContain('3 s');
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	});

	test('without the option the output has no delivery fields and no status is read', async () => {
		const { items } = await newN8n().run(sendParameters(), [{ phone: US, text: 'x' }]);
		expect(items[0].json.deliveryResult).toBeUndefined();
		expect(sim.requestLogEntries().filter((entry) => entry.route.includes('/messages/{messageId}'))).toHaveLength(0);
	});

	test('many items wait at the same time, not one after another', async () => {
		sim.configure({ deliveryStatusRules: [], deliveryTimeline: [{ pattern: '.', status: 'delivered', afterMs: 1500 }] });
		const input = Array.from({ length: 6 }, (_, index) => ({ phone: `+1212555010${index}`, text: `item ${index}` }));
		const { items } = await newN8n().run(sendParameters({ options: { waitForDeliverySeconds: 10 } }), input);
		expect(items.every((item) => item.json.deliveryResult === 'delivered')).toBe(true);
		const checks = new Map<string, number[]>();
		for (const entry of sim.requestLogEntries()) {
			const match = /\/messages\/([^/?]+)$/.exec(entry.path);
			if (entry.method === 'GET' && match) checks.set(match[1], [...(checks.get(match[1]) ?? []), Date.parse(entry.at)]);
		}
		expect(checks.size).toBe(6);
		// Each item needed at least two checks (pending, then delivered); every item's checks overlap every
		// other's: the latest first check comes before the earliest last check.
		for (const times of checks.values()) expect(times.length).toBeGreaterThanOrEqual(2);
		const firsts = [...checks.values()].map((times) => Math.min(...times));
		const lasts = [...checks.values()].map((times) => Math.max(...times));
		expect(Math.max(...firsts)).toBeLessThan(Math.min(...lasts));
	});

	test('a cancel while items wait stops their checks; nothing is sent again', async () => {
		sim.configure({ deliveryStatusRules: [] }); // no timeline: every text stays "sent"
		const control: { cancel?: () => void } = {};
		const checked = () => sim.requestLogEntries().filter((entry) => entry.method === 'GET' && /\/messages\/[^/]+$/.test(entry.path)).length;
		const started = Date.now();
		const running = newN8n().run(sendParameters({ options: { waitForDeliverySeconds: 60 } }), [{ phone: US, text: 'a' }, { phone: CANADA, text: 'b' }], { control });
		while (checked() < 2 && Date.now() - started < 20_000) await sleep(50);
		control.cancel?.();
		const atCancel = checked();
		const result = await running;
		expect(result.status).toBe('canceled');
		// The waits stopped: without the cancel, each item would be checked again 2.5 s and 4.75 s after it was sent.
		await sleep(4_500);
		expect(checked()).toBe(atCancel);
		expect(sim.messages).toHaveLength(2);
	});

	test('a status that cannot be read (missing scope) is reported, and the item is still sent', async () => {
		sim.addFault({ path: '/v2/phone/sms/sessions/*/messages/*', kind: 'missingScope', count: 5 });
		const { items, error } = await newN8n().run(sendParameters({ options: { waitForDeliverySeconds: 2 } }), [{ phone: US, text: 'x' }]);
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({ success: true, deliveryResult: 'unknown' });
		expect(String(items[0].json.deliveryError)).not.toBe('');
		expect(sim.messages).toHaveLength(1);
	});
});

describe('Group messages as Zoom defines them', () => {
	const three = [SEED.contacts.casey, SEED.contacts.riley, SEED.contacts.taylor];

	test('a toll-free sender with 3 recipients gives 3 one-to-one messages, each with its own ID and session', async () => {
		const { items, error } = await newN8n().run(sendParameters({ from: fromNumber(ONE_TO_ONE_SENDERS.tollFree) }), [{ phone: three.join(','), text: 'Store closes early today' }]);
		expect(error).toBeUndefined();
		expect(sim.messages.map((message) => message.toMembers)).toEqual(three.map((number) => [number]));
		expect(new Set(sim.messages.map((message) => message.sessionId)).size).toBe(3);
		expect(items).toHaveLength(1);
		expect(items[0].json).toMatchObject({ success: true, conversation: 'oneToOne', recipients: three, messageId: sim.messages[0].messageId, sessionId: sim.messages[0].sessionId });
		expect(String(items[0].json.conversationReason)).toContain('toll-free');
		expect(items[0].json.messages).toEqual(
			sim.messages.map((message) => ({ to: message.toMembers[0], status: 'sent', messageId: message.messageId, sessionId: message.sessionId, dateTime: message.dateTime })),
		);
	});

	test('a UK sender is sent one by one too; a US toll number still makes one group message', async () => {
		await newN8n().run(sendParameters({ from: fromNumber(ONE_TO_ONE_SENDERS.uk) }), [{ phone: three.join(','), text: 'from London' }]);
		expect(sim.messages.map((message) => message.toMembers.length)).toEqual([1, 1, 1]);
		sim.reset({ keepConfig: true });
		const { items } = await newN8n().run(sendParameters(), [{ phone: three.join(','), text: 'group' }]);
		expect(sim.messages.map((message) => message.toMembers)).toEqual([three]);
		expect(items[0].json.conversation).toBeUndefined();
	});

	test('Retry On Fail after the 2nd of 3 recipients texts only the 3rd', async () => {
		sim.addFault({ path: '/v2/phone/sms/messages', method: 'POST', kind: 'status', status: 400, body: { code: 7001, message: 'Phone number is not valid.' }, skip: 2, count: 1 });
		const result = await newN8n().run(sendParameters({ from: fromNumber(ONE_TO_ONE_SENDERS.tollFree) }), [{ phone: three.join(','), text: 'once each' }], {
			retryOnFail: { maxTries: 2, waitBetweenTries: 0 },
		});
		expect(result.tries).toBe(2);
		expect(result.error).toBeUndefined();
		expect(sim.messages.map((message) => message.toMembers)).toEqual(three.map((number) => [number]));
		const messages = result.items[0].json.messages as Array<{ to: string; alreadySent?: boolean; messageId: string }>;
		expect(messages.map((message) => [message.to, message.alreadySent === true])).toEqual([
			[three[0], true],
			[three[1], true],
			[three[2], false],
		]);
		expect(messages.map((message) => message.messageId)).toEqual(sim.messages.map((message) => message.messageId));
	});

	test('the Retry button after a failed 3rd recipient texts only the 3rd (the ledger survives n8n\'s database round trip)', async () => {
		const n8n = newN8n();
		sim.addFault({ path: '/v2/phone/sms/messages', method: 'POST', kind: 'status', status: 400, body: { code: 7001, message: 'Phone number is not valid.' }, skip: 2, count: 1 });
		const failed = await n8n.run(sendParameters({ from: fromNumber(ONE_TO_ONE_SENDERS.tollFree) }), [{ phone: three.join(','), text: 'retry button' }]);
		expect(failed.error?.message).toContain(`recipient 3 of 3, ${three[2]}; texted: ${three[0]}, ${three[1]}`);
		expect(sim.messages).toHaveLength(2);
		const retried = await n8n.retry(failed);
		expect(retried.error).toBeUndefined();
		expect(sim.messages.map((message) => message.toMembers)).toEqual(three.map((number) => [number]));
		expect((retried.items[0].json.messages as Array<{ alreadySent?: boolean }>).map((message) => message.alreadySent === true)).toEqual([true, true, false]);
	});

	test('a lost answer for the 2nd recipient is found in that recipient\'s conversation, and nobody is texted twice', async () => {
		sim.addFault({ path: '/v2/phone/sms/messages', method: 'POST', kind: 'failAfterAccept', status: 502, skip: 1, count: 1 });
		const { items, error } = await newN8n().run(sendParameters({ from: fromNumber(ONE_TO_ONE_SENDERS.tollFree), options: { deliveryCheckSeconds: 5 } }), [{ phone: three.join(','), text: 'lost answer' }]);
		expect(error).toBeUndefined();
		expect(sim.messages.map((message) => message.toMembers)).toEqual(three.map((number) => [number]));
		const messages = items[0].json.messages as Array<{ messageId: string; confirmedInZoom?: boolean }>;
		expect(messages.map((message) => message.confirmedInZoom === true)).toEqual([false, true, false]);
		expect(messages.map((message) => message.messageId)).toEqual(sim.messages.map((message) => message.messageId));
		expect(items[0].json.confirmedInZoom).toBe(true);
	});

	test('a refused recipient does not keep the others from their text; the item says who was texted', async () => {
		sim.addFault({ path: '/v2/phone/sms/messages', method: 'POST', kind: 'status', status: 400, body: { code: 7001, message: 'Phone number is not valid.' }, skip: 1, count: 1 });
		const { items } = await newN8n().run(sendParameters({ from: fromNumber(ONE_TO_ONE_SENDERS.tollFree) }), [{ phone: three.join(','), text: 'x' }], { continueOnFail: true });
		expect(sim.messages.map((message) => message.toMembers[0])).toEqual([three[0], three[2]]);
		expect(items[0].json.success).toBe(false);
		expect(String(items[0].json.error)).toContain(`recipient 2 of 3, ${three[1]}; texted: ${three[0]}, ${three[2]}`);
		expect((items[0].json.messages as Array<{ status: string }>).map((message) => message.status)).toEqual(['sent', 'failed', 'sent']);
	});

	test('Wait for Delivery watches each recipient\'s message: one failed recipient makes the item failed, and says who', async () => {
		sim.configure({ deliveryStatusRules: [], deliveryTimeline: [{ pattern: '0000$', status: 'failed_to_deliver', afterMs: 0 }, { pattern: '.', status: 'delivered', afterMs: 0 }] });
		const to = [SEED.contacts.casey, SEED.contacts.failing];
		const { items } = await newN8n().run(sendParameters({ from: fromNumber(ONE_TO_ONE_SENDERS.tollFree), options: { waitForDeliverySeconds: 2 } }), [{ phone: to.join(','), text: 'x' }]);
		expect(items[0].json).toMatchObject({ success: true, conversation: 'oneToOne', deliveryResult: 'failed', deliveryStatus: 'failed_to_deliver' });
		expect((items[0].json.deliveries as Array<{ to: string; deliveryResult: string }>).map((delivery) => [delivery.to, delivery.deliveryResult])).toEqual([
			[to[0], 'delivered'],
			[to[1], 'failed'],
		]);
	});

	test('a Session ID with a one-to-one sender and several recipients is refused before sending', async () => {
		const { items } = await newN8n().run(sendParameters({ from: fromNumber(ONE_TO_ONE_SENDERS.tollFree), options: { sessionId: 'abc' } }), [{ phone: three.join(','), text: 'x' }], { continueOnFail: true });
		expect(sim.messages).toHaveLength(0);
		expect(String(items[0].json.error)).toContain('Session ID continues one conversation');
	});
});
