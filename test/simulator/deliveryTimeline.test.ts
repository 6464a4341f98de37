/** The simulator's moving delivery statuses (deliveryTimeline.ts) and one-to-one sends (oneToOne.ts), over HTTP. */
import { sleep } from 'n8n-workflow';

import { SEED } from './seed';
import { ONE_TO_ONE_SENDERS } from './oneToOne';
import { startZoomSimulator, type ZoomSimulator } from './zoomSimulator';

let sim: ZoomSimulator;

beforeAll(async () => {
	sim = await startZoomSimulator({ seed: { oneToOneSenders: true } });
});
afterAll(async () => {
	await sim.stop();
});
beforeEach(() => sim.reset());

async function api(method: string, path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
	const token = sim.issueToken();
	const res = await fetch(`${sim.url}/v2${path}`, {
		method,
		headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
		...(body ? { body: JSON.stringify(body) } : {}),
	});
	return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const send = async (from: string, to: string[]) => await api('POST', '/phone/sms/messages', { sender: { phone_number: from }, to_members: to.map((phone_number) => ({ phone_number })), message: 'hi' });
const statusOf = async (sent: { body: Record<string, unknown> }) =>
	(await api('GET', `/phone/sms/sessions/${String(sent.body.session_id)}/messages/${String(sent.body.message_id)}`)).body.delivery_status;

describe('delivery timeline', () => {
	test('sent moves to delivered or failed_to_deliver after the configured delays; no rule stays sent', async () => {
		sim.configure({
			deliveryStatusRules: [],
			deliveryTimeline: [
				{ pattern: '1111$', status: 'failed_to_deliver', afterMs: 300 },
				{ pattern: '2222$', status: 'delivered', afterMs: 150 },
			],
		});
		const failing = await send(SEED.accountNumbers.alex, ['+15550001111']);
		const arriving = await send(SEED.accountNumbers.alex, ['+15550002222']);
		const silent = await send(SEED.accountNumbers.alex, ['+15550003333']);
		expect([await statusOf(failing), await statusOf(arriving), await statusOf(silent)]).toEqual(['sent', 'sent', 'sent']);
		await sleep(200);
		expect([await statusOf(failing), await statusOf(arriving)]).toEqual(['sent', 'delivered']);
		await sleep(150);
		expect([await statusOf(failing), await statusOf(arriving), await statusOf(silent)]).toEqual(['failed_to_deliver', 'delivered', 'sent']);
		// The session's messages filter by the status as it is now.
		const listed = await api('GET', `/phone/sms/sessions/${String(failing.body.session_id)}?delivery_status=failed_to_deliver`);
		expect((listed.body.sms_histories as unknown[]).length).toBe(1);
	});

	test('a status set at acceptance (DeliveryStatusRule) is final: the timeline does not move it', async () => {
		sim.configure({ deliveryTimeline: [{ pattern: '.', status: 'delivered', afterMs: 0 }] });
		expect(await statusOf(await send(SEED.accountNumbers.alex, [SEED.contacts.failing]))).toBe('failed_to_deliver');
	});

	test('a malformed timeline is refused by configure()', () => {
		expect(() => sim.configure({ deliveryTimeline: [{ pattern: '.', status: 'arrived', afterMs: 0 }] as never })).toThrow(/deliveryTimeline/);
	});
});

describe('one-to-one sends', () => {
	const three = [SEED.contacts.casey, SEED.contacts.riley, SEED.contacts.taylor];

	test.each([
		['a toll-free sender', ONE_TO_ONE_SENDERS.tollFree],
		['a UK sender', ONE_TO_ONE_SENDERS.uk],
	])('%s with 3 recipients makes 3 one-to-one messages in 3 sessions', async (_, from) => {
		const sent = await send(from, three);
		expect(sent.status).toBe(201);
		expect(sim.messages.map((message) => message.toMembers)).toEqual(three.map((number) => [number]));
		expect(new Set(sim.messages.map((message) => message.sessionId)).size).toBe(3);
		expect(sim.messages.every((message) => message.messageType === 1)).toBe(true);
		expect(sent.body.message_id).toBe(sim.messages[0].messageId);
	});

	test('a US toll sender makes one group message', async () => {
		await send(SEED.accountNumbers.alex, three);
		expect(sim.messages.map((message) => [message.toMembers, message.messageType])).toEqual([[three, 3]]);
	});
});
