import { advance, floorToSecond, MAX_REMEMBERED_IDS, messageTime, pollWindow, readState, selectNew, startState, type PollState, type SeenMessage } from '../../nodes/shared/pollCursor';
import { historyEventOutput, polledEventName } from '../../nodes/shared/smsEventOutput';

const T0 = Date.UTC(2026, 0, 15, 9, 30, 0); // 2026-01-15T09:30:00Z
const s = (seconds: number) => T0 + seconds * 1000;
const m = (id: string, seconds: number): SeenMessage => ({ id, time: s(seconds) });

function state(sinceSeconds: number, emitted: Record<string, number> = {}): PollState {
	return { v: 1, since: s(sinceSeconds), emitted: Object.fromEntries(Object.entries(emitted).map(([id, at]) => [id, s(at)])) };
}

describe('startState / pollWindow', () => {
	it('starts at the second the first poll runs in, with nothing emitted', () => {
		expect(startState(s(10) + 700)).toEqual({ v: 1, since: s(10), emitted: {} });
	});

	it.each([
		['a poll reads from since through its own second', state(0), s(60) + 400, { from: s(0), to: s(61) }],
		['a clock that went back reads its own second, not backwards', state(100), s(60), { from: s(60), to: s(61) }],
	])('%s', (_, current, now, expected) => {
		expect(pollWindow(current, now)).toEqual(expected);
	});
});

describe('selectNew', () => {
	it.each<[string, PollState, SeenMessage[], number, string[]]>([
		['new messages, oldest first', state(0), [m('b', 5), m('a', 3)], 10, ['a', 'b']],
		['same second: by ID, so every run agrees', state(0), [m('z', 5), m('y', 5)], 10, ['y', 'z']],
		['already emitted at the boundary second: left out', state(5, { a: 5 }), [m('a', 5), m('b', 5)], 10, ['b']],
		['listed twice (two sessions, two pages): once', state(0), [m('a', 5), m('a', 5)], 10, ['a']],
		['older than since (before activation, or later than the allowance): left out', state(5), [m('old', 4), m('new', 5)], 10, ['new']],
		['dated at the window end: kept', state(0), [m('edge', 10)], 10, ['edge']],
		['dated after the window (clock skew): left for the next poll', state(0), [m('future', 11)], 10, []],
		['no ID or no time: left out', state(0), [{ id: '', time: s(1) }, { id: 'x', time: Number.NaN }], 10, []],
		['lagging history: an older message that shows now, after since', state(0, { b: 8 }), [m('a', 2), m('b', 8)], 10, ['a']],
	])('%s', (_, current, messages, toSeconds, expected) => {
		expect(selectNew(current, messages, s(toSeconds)).map((message) => message.id)).toEqual(expected);
	});
});

describe('advance', () => {
	it.each<[string, PollState, SeenMessage[], number, number, PollState]>([
		['since moves to the end minus the allowance; IDs before it go', state(0, { old: 1 }), [m('a', 50)], 60, 30, state(30, { a: 50 })],
		['IDs at the new since are kept (the boundary second)', state(0), [m('a', 30)], 60, 30, state(30, { a: 30 })],
		['no allowance: since is the window end, its IDs kept', state(0), [m('a', 60)], 60, 0, state(60, { a: 60 })],
		['since never moves back', state(50), [], 60, 30, state(50)],
		['a negative allowance counts as none', state(0), [], 60, -5, state(60)],
	])('%s', (_, current, emitted, toSeconds, lagSeconds, expected) => {
		expect(advance(current, emitted, s(toSeconds), lagSeconds * 1000)).toEqual(expected);
	});

	it('keeps at most maxIds IDs, dropping whole seconds and moving since past them', () => {
		const emitted = [m('a', 1), m('b', 2), m('c', 2), m('d', 3), m('e', 4)];
		// 3 allowed: a,b,c,d,e → newest dropped when keeping 3 newest (e,d,c|b) is b at second 2, so second 2 goes whole.
		const next = advance(state(0), emitted, s(10), 60_000, 3);
		expect(next).toEqual(state(3, { d: 3, e: 4 }));
		// And nothing dropped can come back: c and b are before since now.
		expect(selectNew(next, emitted, s(10)).map((message) => message.id)).toEqual([]);
	});

	it('stays bounded under heavy traffic', () => {
		let current = startState(s(0));
		for (let poll = 1; poll <= 30; poll++) {
			const batch = Array.from({ length: 200 }, (_, i) => ({ id: `p${poll}-${i}`, time: s(poll) }));
			current = advance(current, selectNew(current, batch, s(poll)), s(poll), 3_600_000);
			expect(Object.keys(current.emitted).length).toBeLessThanOrEqual(MAX_REMEMBERED_IDS);
		}
	});
});

describe('readState', () => {
	it.each<[string, unknown, PollState | undefined]>([
		['nothing stored: a first poll', undefined, undefined],
		['another shape: a first poll', { lastTimeChecked: '2026-01-01' }, undefined],
		['another version: a first poll', { v: 2, since: 0, emitted: {} }, undefined],
		['its own state, after a JSON round trip', JSON.parse(JSON.stringify(state(5, { a: 6 }))), state(5, { a: 6 })],
		['bad entries are dropped, the rest kept', { v: 1, since: s(5), emitted: { a: s(6), b: 'x' } }, state(5, { a: 6 })],
	])('%s', (_, stored, expected) => {
		expect(readState(stored)).toEqual(expected);
	});
});

describe('messageTime / floorToSecond', () => {
	it.each<[unknown, number | undefined]>([
		['2026-01-15T09:30:00Z', T0],
		['', undefined],
		['yesterday', undefined],
		[42, undefined],
	])('%p', (value, expected) => {
		expect(messageTime(value)).toBe(expected);
	});

	it('floors to the second', () => {
		expect(floorToSecond(s(3) + 999)).toBe(s(3));
	});
});

describe('historyEventOutput', () => {
	const record = {
		message_id: 'M1',
		date_time: '2026-01-15T09:30:00Z',
		direction: 'In',
		message: 'hello',
		message_type: 1,
		delivery_status: 'received',
		sender: { phone_number: '15550001111', display_name: 'Ann' },
		to_members: [{ phone_number: '15552223333', owner: { id: 'U1', type: 'user' } }],
	};

	it('gives the webhook trigger\'s fields, from a history record', () => {
		expect(historyEventOutput(record, { sessionId: 'S1', accountId: 'ACC' })).toEqual({
			event: 'phone.sms_received',
			eventTime: '2026-01-15T09:30:00.000Z',
			accountId: 'ACC',
			messageId: 'M1',
			sessionId: 'S1',
			dateTime: '2026-01-15T09:30:00Z',
			direction: 'inbound',
			from: '+15550001111',
			fromName: 'Ann',
			to: '+15552223333',
			recipients: ['+15552223333'],
			message: 'hello',
			messageType: 'sms',
			messageTypeCode: 1,
			attachments: [],
			deliveryStatus: 'received',
			failureReason: '',
			owner: { id: 'U1', type: 'user' },
			raw: record,
		});
	});

	it('takes a sent message\'s owner from its sender', () => {
		const sent = { ...record, direction: 'Out', sender: { phone_number: '15552223333', owner: { id: 'Q1', type: 'callQueue' } }, to_members: [{ phone_number: '15550001111' }] };
		expect(historyEventOutput(sent, { sessionId: 'S1', accountId: 'ACC' }).owner).toEqual({ id: 'Q1', type: 'callQueue' });
	});

	it.each([
		[{ direction: 'In' }, 'phone.sms_received'],
		[{ direction: 'Out', delivery_status: 'delivered' }, 'phone.sms_sent'],
		[{ direction: 'Out', delivery_status: 'failed_to_send' }, 'phone.sms_sent_failed'],
		[{ direction: 'sideways' }, undefined],
	])('%p → %p', (fields, expected) => {
		expect(polledEventName(fields)).toBe(expected);
	});
});
