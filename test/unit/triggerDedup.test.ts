/**
 * The trigger's pure pieces of "every event exactly once": what identifies an event, the retry window, and
 * the bounded memory of seen events. Tables of cases; the payloads are Zoom's own examples.
 */
import { attachmentUrlProblem, binaryPropertyName, sizeProblem } from '../../nodes/ZoomSmsTrigger/attachmentPolicy';
import { eventIdentity } from '../../nodes/ZoomSmsTrigger/eventIdentity';
import {
	MAX_FUTURE_SECONDS,
	MAX_REQUEST_AGE_SECONDS,
	SEEN_EVENT_RETENTION_SECONDS,
	ZOOM_RETRY_SPAN_SECONDS,
} from '../../nodes/ZoomSmsTrigger/retryWindow';
import { readSeenEvents, rememberEvent, seenEventKey } from '../../nodes/ZoomSmsTrigger/seenEvents';
import { zoomExample } from '../node/zoomEvents';
import { SUBSCRIBABLE_EVENTS } from '../simulator/eventSubscriptions';

const example = (event: string) => JSON.parse(zoomExample(event)) as Record<string, unknown>;
function withObject(event: string, patch: Record<string, unknown>) {
	const body = example(event) as { payload: { object: Record<string, unknown> } };
	body.payload.object = { ...body.payload.object, ...patch };
	return body;
}

describe('eventIdentity', () => {
	const events = [...SUBSCRIBABLE_EVENTS];

	test.each(events)('%s: Zoom\'s example has an identity from its payload, the same whatever the request id', (event) => {
		const identity = eventIdentity(example(event), 'req-1');
		expect(identity).toBeDefined();
		expect(eventIdentity(example(event), 'req-2')).toBe(identity);
		expect(identity).not.toContain('req-1');
	});

	test('every example event has a different identity', () => {
		const identities = events.map((event) => eventIdentity(example(event)));
		expect(new Set(identities).size).toBe(events.length);
	});

	test.each([
		['another message_id', 'phone.sms_received', { message_id: 'other-id' }],
		['another receiving member (the same group text for another of the account\'s numbers)', 'phone.sms_received', { to_members: [{ phone_number: '12135550000', is_message_owner: true }] }],
		['another sender of a sent message', 'phone.sms_sent', { sender: { phone_number: '12135550000' } }],
		['another opt-out time', 'phone.sms_campaign_number_opt_out', { date_time: '2021-07-19T18:44:00Z' }],
		['another opt-in contact', 'phone.sms_campaign_number_opt_in', { phone_number_campaign_opt_statuses: [{ consumer_phone_number: '+15550001111', zoom_phone_user_number: '+12094436304' }] }],
		['another etiquette policy', 'phone.sms_etiquette_block', { policy_name: 'another policy' }],
	])('%s is another event', (_name, event, patch) => {
		expect(eventIdentity(withObject(event, patch))).not.toBe(eventIdentity(example(event)));
	});

	test.each([
		['the event time (event_ts) differs', (body: Record<string, unknown>) => ({ ...body, event_ts: 1 })],
		['the body is re-serialised', (body: Record<string, unknown>) => JSON.parse(JSON.stringify(body, null, 4)) as Record<string, unknown>],
	])('the same event when %s', (_name, change) => {
		const body = example('phone.sms_received');
		expect(eventIdentity(change(body))).toBe(eventIdentity(body));
	});

	test.each([
		['an unknown event', { event: 'phone.something_new', payload: { account_id: 'a', object: {} } }],
		['an SMS event without message_id', { event: 'phone.sms_received', payload: { account_id: 'a', object: { message: 'x' } } }],
		['an opt event without date_time', { event: 'phone.sms_campaign_number_opt_in', payload: { object: { phone_number_campaign_opt_statuses: [] } } }],
	])('%s falls back to x-zm-request-id, and to nothing without one', (_name, body) => {
		expect(eventIdentity(body, 'req-7')).toContain('req-7');
		expect(eventIdentity(body, 'req-8')).not.toBe(eventIdentity(body, 'req-7'));
		expect(eventIdentity(body)).toBeUndefined();
		expect(eventIdentity(body, '  ')).toBeUndefined();
	});

	test.each([null, 'text', 42, [], { event: 1 }])('never throws on %p', (body) => {
		expect(() => eventIdentity(body, 'r')).not.toThrow();
	});
});

describe('retry window', () => {
	test('Zoom\'s retries (5, 20, 60 minutes) span 85 minutes; requests are accepted 90 minutes, remembered 95', () => {
		expect(ZOOM_RETRY_SPAN_SECONDS).toBe(85 * 60);
		expect(MAX_REQUEST_AGE_SECONDS).toBe(90 * 60);
		expect(MAX_FUTURE_SECONDS).toBe(5 * 60);
		expect(SEEN_EVENT_RETENTION_SECONDS).toBe(95 * 60);
		// Whatever Zoom does with the timestamp of a retry, the memory outlives every request still accepted.
		expect(SEEN_EVENT_RETENTION_SECONDS).toBeGreaterThanOrEqual(MAX_REQUEST_AGE_SECONDS);
		expect(SEEN_EVENT_RETENTION_SECONDS).toBeGreaterThanOrEqual(ZOOM_RETRY_SPAN_SECONDS + MAX_FUTURE_SECONDS);
	});
});

describe('seen-event memory', () => {
	const limits = { retentionSeconds: 100, maxEntries: 3 };

	test.each([
		['an empty memory', {}, 'a', 1000, true],
		['the same key, recently', { a: 990 }, 'a', 1000, false],
		['the same key, at the retention edge', { a: 900 }, 'a', 1000, false],
		['the same key, expired', { a: 899 }, 'a', 1000, true],
		['another key', { b: 990 }, 'a', 1000, true],
	])('%s → new: %p', (_name, memory, key, now, isNew) => {
		expect(rememberEvent(memory, key, now, limits).isNew).toBe(isNew);
	});

	test('expired entries leave, and beyond the limit the oldest leave first', () => {
		const { memory } = rememberEvent({ old: 1, b: 950, c: 960, d: 970 }, 'e', 1000, limits);
		expect(memory).toEqual({ c: 960, d: 970, e: 1000 });
	});

	test('a key already there is not moved or added twice', () => {
		const { memory, isNew } = rememberEvent({ a: 950, b: 960 }, 'a', 1000, limits);
		expect(isNew).toBe(false);
		expect(memory).toEqual({ a: 950, b: 960 });
	});

	test('keys are short, stable hashes that never look like array indexes and hide the identity', () => {
		const key = seenEventKey('["phone.sms_received","+12135550100"]');
		expect(key).toMatch(/^e[A-Za-z0-9_-]{16}$/);
		expect(seenEventKey('["phone.sms_received","+12135550100"]')).toBe(key);
		expect(seenEventKey('other')).not.toBe(key);
		expect(key).not.toContain('2135550100');
	});

	test.each([
		[undefined, {}],
		['text', {}],
		[[1, 2], {}],
		[{ a: 1, b: 'x', c: null, d: Number.NaN }, { a: 1 }],
	])('static data %p reads as %p', (value, expected) => {
		expect(readSeenEvents(value)).toEqual(expected);
	});
});

describe('attachment policy', () => {
	const sim = 'http://127.0.0.1:4010/v2';
	test.each([
		['https://downloadUrl.zoom.us', undefined],
		['https://file.zoom.us/file/1?jwt=x', undefined],
		['https://api.zoomgov.com/file/1', undefined],
		['http://127.0.0.1:4010/file/download/1', undefined],
		['http://file.zoom.us/file/1', 'not a Zoom host'],
		['https://evilzoom.us/file', 'not a Zoom host'],
		['https://zoom.us.example.com/file', 'not a Zoom host'],
		['not a url', 'is not a URL'],
		['', 'no download_url'],
	])('%s → %p', (url, problem) => {
		const result = attachmentUrlProblem(url, sim);
		if (problem === undefined) expect(result).toBeUndefined();
		else expect(result).toContain(problem);
	});

	test('size limit and property names', () => {
		expect(sizeProblem(10 * 1024 * 1024, 10)).toBeUndefined();
		expect(sizeProblem(10 * 1024 * 1024 + 1, 10)).toMatch(/more than the Max Attachment Size of 10 MB/);
		expect(binaryPropertyName('attachment_', 2)).toBe('attachment_2');
		expect(binaryPropertyName('', 0)).toBe('attachment_0');
	});
});
