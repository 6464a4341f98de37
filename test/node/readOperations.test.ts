/**
 * The read side of the Zoom SMS node through n8n's engine against the Zoom simulator: Message → Get and
 * Get Many, Conversation → Get Many, Phone Number → Get Many. Expected records are computed from the data
 * the simulator was seeded with, so every test checks the node against what "Zoom" holds.
 */
import type { IDataObject } from 'n8n-workflow';

import { InProcessN8n } from '../helpers/n8nEngine';
import { sendParameters, simulatorCredential } from '../helpers/fixtures';
import { SEED, zoomId } from '../simulator/seed';
import { startZoomSimulator, type ZoomSimulator } from '../simulator/zoomSimulator';

const DAY = 24 * 3600 * 1000;
const ROUTE = {
	messages: 'GET /v2/phone/sms/sessions/{sessionId}',
	sessions: 'GET /v2/phone/sms/sessions',
	userSessions: 'GET /v2/phone/users/{userId}/sms/sessions',
	numbers: 'GET /v2/phone/numbers',
};

/** A simulator with the default seed, and one with enough records that every list spans several pages. */
let sim: ZoomSimulator;
let big: ZoomSimulator;

beforeAll(async () => {
	[sim, big] = await Promise.all([
		startZoomSimulator(),
		startZoomSimulator({ seed: { extraMessages: 250, extraSessions: 150, extraNumbers: 230 } }),
	]);
});
afterAll(async () => {
	await Promise.all([sim?.stop(), big?.stop()]);
});
beforeEach(() => {
	sim.reset();
	big.reset();
});

const requests = (on: ZoomSimulator, route: string) => on.state({ includeMessages: false }).requests.byRoute[route] ?? 0;

function n8nFor(on: ZoomSimulator) {
	return new InProcessN8n(simulatorCredential(on));
}

/** The seeded messages of a session, newest first, optionally only those younger than `maxAgeMs`. */
function seededMessages(on: ZoomSimulator, sessionId: string, maxAgeMs = Infinity) {
	const session = on.seed.sessions.find((candidate) => candidate.id === sessionId)!;
	return session.messages.filter((message) => -message.offsetMs < maxAgeMs).sort((a, b) => b.offsetMs - a.offsetMs);
}

/** The seeded sessions with their latest message, newest first, optionally only those younger than `maxAgeMs`. */
function seededSessions(on: ZoomSimulator, maxAgeMs = Infinity) {
	return on.seed.sessions
		.map((session) => ({ session, last: Math.max(...session.messages.map((message) => message.offsetMs)) }))
		.filter(({ last }) => -last < maxAgeMs)
		.sort((a, b) => b.last - a.last)
		.map(({ session }) => session);
}

describe('Message → Get', () => {
	test('returns an inbound MMS with E.164 numbers, its delivery status and a working download URL', async () => {
		const { items, error } = await n8nFor(sim).run({ resource: 'message', operation: 'get', sessionId: SEED.sessions.alexCasey, messageId: SEED.mmsMessageId }, [{}]);
		expect(error).toBeUndefined();
		expect(items).toHaveLength(1);
		const json = items[0].json;
		expect(json).toMatchObject({
			messageId: SEED.mmsMessageId,
			sessionId: SEED.sessions.alexCasey,
			direction: 'inbound',
			from: SEED.contacts.casey,
			fromName: 'Casey Morgan',
			to: SEED.accountNumbers.alex,
			recipients: [SEED.accountNumbers.alex],
			message: "Here's a photo of the part.",
			messageType: 'mms',
			messageTypeCode: 2,
			deliveryStatus: 'received',
		});
		const attachments = json.attachments as IDataObject[];
		expect(attachments).toEqual([expect.objectContaining({ id: SEED.attachmentId, type: 'PNG', name: 'part-photo.png' })]);
		const download = await fetch(String(attachments[0].downloadUrl));
		expect(download.status).toBe(200);
		expect(Buffer.from(await download.arrayBuffer()).subarray(1, 4).toString()).toBe('PNG');
		expect(items[0].pairedItem).toEqual({ item: 0 });
	});

	test('tells whether a message just sent was delivered, one output per input item', async () => {
		const n8n = n8nFor(sim);
		const sent = await n8n.run(sendParameters(), [
			{ phone: SEED.contacts.riley, text: 'will arrive' },
			{ phone: SEED.contacts.failing, text: 'will not arrive' },
		]);
		const { items } = await n8n.run(
			{ resource: 'message', operation: 'get', sessionId: '={{ $json.sessionId }}', messageId: '={{ $json.messageId }}' },
			sent.items.map((item) => item.json),
		);
		expect(items.map((item) => [item.json.messageId, item.json.deliveryStatus, item.json.direction, item.json.to])).toEqual([
			[sent.items[0].json.messageId, 'sent', 'outbound', SEED.contacts.riley],
			[sent.items[1].json.messageId, 'failed_to_deliver', 'outbound', SEED.contacts.failing],
		]);
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});

	test('an unknown message is Zoom\'s error naming the item; with Continue On Fail it is an error item', async () => {
		const parameters = { resource: 'message', operation: 'get', sessionId: SEED.sessions.alexCasey, messageId: '={{ $json.id }}' };
		const input = [{ id: SEED.mmsMessageId }, { id: 'no-such-message' }];
		const failed = await n8nFor(sim).run(parameters, input);
		expect(failed.error?.message).toMatch(/^Item 1: Zoom answered 404 \(code 7012\)/);
		const { items } = await n8nFor(sim).run(parameters, input, { continueOnFail: true });
		expect(items[0].json.messageId).toBe(SEED.mmsMessageId);
		expect(items[1].json.error).toMatch(/^Item 1: Zoom answered 404/);
		expect(items[1].pairedItem).toEqual({ item: 1 });
	});

	test('an empty Message ID is a clear error and nothing is requested', async () => {
		const { error } = await n8nFor(sim).run({ resource: 'message', operation: 'get', sessionId: SEED.sessions.alexCasey, messageId: ' ' }, [{}]);
		expect(error?.message).toBe('Item 0: Message ID is empty');
		expect(requests(sim, 'GET /v2/phone/sms/sessions/{sessionId}/messages/{messageId}')).toBe(0);
	});
});

describe('Message → Get Many', () => {
	test('Return All follows next_page_token through every page: Zoom\'s default 30 days, newest first', async () => {
		const expected = seededMessages(big, SEED.sessions.alexCasey, 30 * DAY).map((message) => message.id);
		expect(expected.length).toBe(253);
		const { items, error } = await n8nFor(big).run({ resource: 'message', operation: 'getMany', sessionId: SEED.sessions.alexCasey, returnAll: true }, [{}]);
		expect(error).toBeUndefined();
		expect(items.map((item) => item.json.messageId)).toEqual(expected);
		expect(requests(big, ROUTE.messages)).toBe(3);
		expect(items.every((item) => item.json.sessionId === SEED.sessions.alexCasey && String(item.json.from).startsWith('+'))).toBe(true);
	});

	test('a Limit stops reading once it has enough', async () => {
		const expected = seededMessages(big, SEED.sessions.alexCasey, 30 * DAY).slice(0, 120).map((message) => message.id);
		const { items } = await n8nFor(big).run({ resource: 'message', operation: 'getMany', sessionId: SEED.sessions.alexCasey, returnAll: false, limit: 120 }, [{}]);
		expect(items.map((item) => item.json.messageId)).toEqual(expected);
		expect(requests(big, ROUTE.messages)).toBe(2);
	});

	test('a date range longer than a month is read month by month, oldest first, each message once', async () => {
		const start = new Date(Date.now() - 80 * DAY).toISOString();
		const end = new Date(Date.now() + 60_000).toISOString();
		const expected = seededMessages(big, SEED.sessions.alexCasey).reverse().map((message) => message.id);
		expect(expected.length).toBe(255);
		const { items, error } = await n8nFor(big).run(
			{ resource: 'message', operation: 'getMany', sessionId: SEED.sessions.alexCasey, returnAll: true, filters: { startDate: start, endDate: end }, options: { order: 'oldestFirst' } },
			[{}],
		);
		expect(error).toBeUndefined();
		expect(items.map((item) => item.json.messageId)).toEqual(expected);
		// 80 days are three calendar-month windows (the simulator refuses longer ones, as Zoom does); the
		// newest window holds 253 messages, three pages.
		expect(requests(big, ROUTE.messages)).toBe(5);
	});

	test('filters: direction (client-side) and delivery status (Zoom\'s)', async () => {
		const n8n = n8nFor(sim);
		const inbound = await n8n.run(
			{ resource: 'message', operation: 'getMany', sessionId: SEED.sessions.alexCasey, returnAll: true, filters: { direction: 'inbound', startDate: new Date(Date.now() - 50 * DAY).toISOString() } },
			[{}],
		);
		expect(inbound.items.map((item) => item.json.messageId)).toEqual(
			seededMessages(sim, SEED.sessions.alexCasey).filter((message) => message.direction === 'In').map((message) => message.id),
		);
		const failed = await n8n.run(
			{ resource: 'message', operation: 'getMany', sessionId: SEED.sessions.alexFailed, returnAll: true, filters: { deliveryStatus: 'failed_to_deliver' } },
			[{}],
		);
		expect(failed.items.map((item) => [item.json.messageId, item.json.deliveryStatus])).toEqual([[zoomId('message:failed-1'), 'failed_to_deliver']]);
		const delivered = await n8n.run(
			{ resource: 'message', operation: 'getMany', sessionId: SEED.sessions.alexFailed, returnAll: true, filters: { deliveryStatus: 'delivered' } },
			[{}],
		);
		expect(delivered.items).toEqual([]);
	});

	test('a start date after the end date is a clear error', async () => {
		const { error } = await n8nFor(sim).run(
			{ resource: 'message', operation: 'getMany', sessionId: SEED.sessions.alexCasey, filters: { startDate: '2026-03-01T00:00:00Z', endDate: '2026-02-01T00:00:00Z' } },
			[{}],
		);
		expect(error?.message).toBe('Item 0: The start date is after the end date');
	});
});

describe('Conversation → Get Many', () => {
	test('the account\'s conversations of every type, newest first, with E.164 participants', async () => {
		const expected = seededSessions(sim, 30 * DAY);
		const { items, error } = await n8nFor(sim).run({ resource: 'conversation', operation: 'getMany', returnAll: true }, [{}]);
		expect(error).toBeUndefined();
		expect(items.map((item) => item.json.sessionId)).toEqual(expected.map((session) => session.id));
		const casey = items.find((item) => item.json.sessionId === SEED.sessions.alexCasey)!.json;
		expect(casey).toMatchObject({
			sessionType: 'user',
			ownerNumber: SEED.accountNumbers.alex,
			contactNumbers: [SEED.contacts.casey],
			participants: [
				{ phoneNumber: SEED.accountNumbers.alex, displayName: 'Alex Rivera', isSessionOwner: true, owner: { id: SEED.users.alex.id, type: 'user' } },
				{ phoneNumber: SEED.contacts.casey, displayName: 'Casey Morgan', isSessionOwner: false },
			],
		});
		expect(items.find((item) => item.json.sessionId === SEED.sessions.supportMorgan)?.json.sessionType).toBe('call_queue');
	});

	test('Return All across pages, and a Limit', async () => {
		const expected = seededSessions(big, 30 * DAY).map((session) => session.id);
		expect(expected.length).toBe(155);
		const all = await n8nFor(big).run({ resource: 'conversation', operation: 'getMany', returnAll: true }, [{}]);
		expect(all.items.map((item) => item.json.sessionId)).toEqual(expected);
		expect(requests(big, ROUTE.sessions)).toBe(2);
		const limited = await n8nFor(big).run({ resource: 'conversation', operation: 'getMany', limit: 7 }, [{}]);
		expect(limited.items.map((item) => item.json.sessionId)).toEqual(expected.slice(0, 7));
	});

	test('a long date range is walked month by month without duplicates', async () => {
		const expected = seededSessions(big).map((session) => session.id);
		const { items, error } = await n8nFor(big).run(
			{ resource: 'conversation', operation: 'getMany', returnAll: true, filters: { startDate: new Date(Date.now() - 100 * DAY).toISOString(), endDate: new Date(Date.now() + 60_000).toISOString() } },
			[{}],
		);
		expect(error).toBeUndefined();
		expect(items.map((item) => item.json.sessionId)).toEqual(expected);
		expect(new Set(items.map((item) => item.json.sessionId)).size).toBe(items.length);
		expect(requests(big, ROUTE.sessions)).toBeGreaterThanOrEqual(4);
	});

	test('filters: a phone number in any format, and a session type', async () => {
		const n8n = n8nFor(sim);
		const byNumber = await n8n.run({ resource: 'conversation', operation: 'getMany', returnAll: true, filters: { phoneNumber: '(555) 765-4321' } }, [{}]);
		expect(byNumber.items.map((item) => item.json.sessionId)).toEqual([SEED.sessions.alexCasey]);
		const queues = await n8n.run({ resource: 'conversation', operation: 'getMany', returnAll: true, filters: { sessionType: 'call_queue' } }, [{}]);
		expect(queues.items.map((item) => item.json.sessionId)).toEqual([SEED.sessions.supportMorgan]);
	});

	test('one user\'s conversations, by email or ID, include the call queues they belong to', async () => {
		const n8n = n8nFor(sim);
		const sam = await n8n.run({ resource: 'conversation', operation: 'getMany', scope: 'user', userId: SEED.users.sam.email, returnAll: true }, [{}]);
		expect(sam.items.map((item) => item.json.sessionId)).toEqual([SEED.sessions.supportMorgan]);
		const alex = await n8n.run({ resource: 'conversation', operation: 'getMany', scope: 'user', userId: SEED.users.alex.id, returnAll: true }, [{}]);
		const alexNumbers = new Set<string>([SEED.accountNumbers.alex, SEED.accountNumbers.support]);
		expect(alex.items.map((item) => item.json.sessionId)).toEqual(
			seededSessions(sim, 30 * DAY).filter((session) => alexNumbers.has(session.ownerNumber)).map((session) => session.id),
		);
		expect(requests(sim, ROUTE.userSessions)).toBe(2);
		const unknown = await n8n.run({ resource: 'conversation', operation: 'getMany', scope: 'user', userId: 'nobody@example.com' }, [{}]);
		expect(unknown.error?.message).toMatch(/^Item 0: Zoom answered 404 \(code 1001\): User does not exist/);
	});
});

describe('Phone Number → Get Many', () => {
	const numbersIn = (on: ZoomSimulator, assigned?: boolean) =>
		on.seed.numbers.filter((number) => assigned === undefined || (number.assignee !== undefined) === assigned).map((number) => number.number);

	test('assigned numbers by default, with their owners; all and unassigned on request', async () => {
		const n8n = n8nFor(sim);
		const assigned = await n8n.run({ resource: 'phoneNumber', operation: 'getMany', returnAll: true }, [{}]);
		expect(assigned.items.map((item) => item.json.number)).toEqual(numbersIn(sim, true));
		expect(assigned.items[0].json).toMatchObject({
			number: SEED.accountNumbers.alex,
			assigned: true,
			assignee: { id: SEED.users.alex.id, name: 'Alex Rivera', type: 'user', extensionNumber: 1001 },
			numberType: 'toll',
		});
		const all = await n8n.run({ resource: 'phoneNumber', operation: 'getMany', returnAll: true, filters: { assignment: 'all' } }, [{}]);
		expect(all.items.map((item) => item.json.number)).toEqual(numbersIn(sim));
		const unassigned = await n8n.run({ resource: 'phoneNumber', operation: 'getMany', returnAll: true, filters: { assignment: 'unassigned' } }, [{}]);
		expect(unassigned.items.map((item) => item.json.number)).toEqual([SEED.accountNumbers.unassigned]);
		const tollFree = await n8n.run({ resource: 'phoneNumber', operation: 'getMany', returnAll: true, filters: { numberType: 'tollfree' } }, [{}]);
		expect(tollFree.items).toEqual([]);
	});

	test('Return All across pages, a Limit, and the From picker shows the same numbers', async () => {
		const expected = numbersIn(big, true);
		expect(expected.length).toBe(234);
		const n8n = n8nFor(big);
		const all = await n8n.run({ resource: 'phoneNumber', operation: 'getMany', returnAll: true }, [{}]);
		expect(all.items.map((item) => item.json.number)).toEqual(expected);
		expect(requests(big, ROUTE.numbers)).toBe(3);
		const limited = await n8n.run({ resource: 'phoneNumber', operation: 'getMany', limit: 150 }, [{}]);
		expect(limited.items.map((item) => item.json.number)).toEqual(expected.slice(0, 150));

		const pickerValues: string[] = [];
		let token: string | undefined;
		do {
			const page = await n8n.listSearch('searchSenderNumbers', undefined, token);
			pickerValues.push(...page.results.map((result) => String(result.value)));
			token = page.paginationToken as string | undefined;
		} while (token);
		expect(pickerValues).toEqual(expected);
	});
});

describe('every read operation', () => {
	test('a Zoom error is reported with its code; Continue On Fail keeps going', async () => {
		sim.addFault({ kind: 'missingScope', path: '/v2/phone/numbers', count: 1 });
		const { error } = await n8nFor(sim).run({ resource: 'phoneNumber', operation: 'getMany', returnAll: true }, [{}]);
		expect(error?.message).toMatch(/^Item 0: Zoom answered 400 \(code 4711\)/);
		sim.addFault({ kind: 'status', status: 500, path: '/v2/phone/sms/sessions', count: 1 });
		const { items } = await n8nFor(sim).run({ resource: 'conversation', operation: 'getMany', limit: 1 }, [{}, {}], { continueOnFail: true });
		expect(items[0].json.error).toMatch(/^Item 0: Zoom answered 500/);
		expect(items[1].json.sessionId).toBe(SEED.sessions.alexCasey);
		expect(items.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
	});
});
