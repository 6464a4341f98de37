/**
 * The read operations and the From picker under Zoom's faults and odd date ranges (issue 9), through n8n's
 * engine against the simulator, counting what reaches "Zoom":
 * - a per-second 429 in the middle of Return All is waited out (Retry-After, or a backoff) and the pages
 *   already read are kept, not read again;
 * - a failed read or picker request shows Zoom's code, message, tracking ID and hint, never n8n's raw HTTP
 *   error (its request holds the bearer token);
 * - an End Date in the future reads up to now, not month after month up to it; a Start Date in the future
 *   is an error naming the value and the fix, and nothing is requested.
 */
import { InProcessN8n } from '../helpers/n8nEngine';
import { simulatorCredential } from '../helpers/fixtures';
import { SEED } from '../simulator/seed';
import { startZoomSimulator, type ZoomSimulator } from '../simulator/zoomSimulator';

const DAY = 24 * 3600 * 1000;
const ROUTE = {
	messages: 'GET /v2/phone/sms/sessions/{sessionId}',
	sessions: 'GET /v2/phone/sms/sessions',
	numbers: 'GET /v2/phone/numbers',
};

let big: ZoomSimulator;

beforeAll(async () => {
	big = await startZoomSimulator({ seed: { extraMessages: 250, extraSessions: 150, extraNumbers: 230 } });
});
afterAll(async () => {
	await big?.stop();
});
beforeEach(() => big.reset());

const state = () => big.state({ includeMessages: false }).requests;
const requests = (route: string) => state().byRoute[route] ?? 0;
const n8n = () => new InProcessN8n(simulatorCredential(big));

/** A 429 on the `nth` request (from 1) of a route: the earlier ones pass untouched. */
function rateLimitOnRequest(nth: number, path: string | RegExp, retryAfter?: number) {
	for (let passing = 1; passing < nth; passing++) big.addFault({ kind: 'delay', ms: 0, path, count: 1 });
	big.addFault({ kind: 'status', status: 429, path, count: 1, ...(retryAfter !== undefined ? { retryAfter } : {}) });
}

describe('a per-second 429 during Return All', () => {
	test('Message → Get Many: waits as Retry-After says, keeps page 1, reads every message once', async () => {
		const expected = big.seed.sessions
			.find((session) => session.id === SEED.sessions.alexCasey)!
			.messages.filter((message) => -message.offsetMs < 30 * DAY)
			.sort((a, b) => b.offsetMs - a.offsetMs)
			.map((message) => message.id);
		rateLimitOnRequest(2, `/v2/phone/sms/sessions/${SEED.sessions.alexCasey}`, 1);
		const started = Date.now();
		const { items, error } = await n8n().run({ resource: 'message', operation: 'getMany', sessionId: SEED.sessions.alexCasey, returnAll: true }, [{}]);
		expect(error).toBeUndefined();
		expect(items.map((item) => item.json.messageId)).toEqual(expected);
		expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
		// Three pages and the refused request sent again: page 1 was not read a second time.
		expect(requests(ROUTE.messages)).toBe(4);
		expect(state().byStatus['429']).toBe(1);
	});

	test('Conversation → Get Many and Phone Number → Get Many: without Retry-After, a backoff, same result', async () => {
		const sessions = await n8n().run({ resource: 'conversation', operation: 'getMany', returnAll: true }, [{}]);
		const numbers = await n8n().run({ resource: 'phoneNumber', operation: 'getMany', returnAll: true }, [{}]);
		big.reset();
		rateLimitOnRequest(2, '/v2/phone/sms/sessions');
		rateLimitOnRequest(3, '/v2/phone/numbers');
		const sessionsAgain = await n8n().run({ resource: 'conversation', operation: 'getMany', returnAll: true }, [{}]);
		const numbersAgain = await n8n().run({ resource: 'phoneNumber', operation: 'getMany', returnAll: true }, [{}]);
		expect(sessionsAgain.error).toBeUndefined();
		expect(numbersAgain.error).toBeUndefined();
		// The seed's times are relative to now, so compare what identifies each record.
		expect(sessionsAgain.items.map((item) => item.json.sessionId)).toEqual(sessions.items.map((item) => item.json.sessionId));
		expect(sessionsAgain.items.length).toBeGreaterThan(100);
		expect(numbersAgain.items.map((item) => item.json.number)).toEqual(numbers.items.map((item) => item.json.number));
		expect(numbersAgain.items.length).toBeGreaterThan(200);
		expect(requests(ROUTE.sessions)).toBe(2 + 1);
		expect(requests(ROUTE.numbers)).toBe(3 + 1);
	});

	test('the From picker waits out a 429 too', async () => {
		rateLimitOnRequest(1, '/v2/phone/numbers');
		const page = await n8n().listSearch('searchSenderNumbers');
		expect(page.results.length).toBe(100);
		expect(requests(ROUTE.numbers)).toBe(2);
	});
});

describe('a failed read shows Zoom\'s error, never the HTTP request', () => {
	test('Get Many: Zoom\'s code, message, tracking ID and hint; no token anywhere in the error', async () => {
		big.addFault({ kind: 'missingScope', path: '/v2/phone/numbers', count: 1 });
		const n8nInstance = n8n();
		const { error } = await n8nInstance.run({ resource: 'phoneNumber', operation: 'getMany', returnAll: true }, [{}]);
		expect(error?.message).toMatch(/^Item 0: Zoom answered 400 \(code 4711\): Invalid access token, does not contain scopes/);
		expect(error?.description).toMatch(/Zoom tracking ID: \S+/);
		expect(error?.description).toMatch(/scope/i);
		const token = String(n8nInstance.credentials.stored.accessToken);
		expect(token.length).toBeGreaterThan(10);
		expect(JSON.stringify(error)).not.toContain(token);
		expect(JSON.stringify(error)).not.toContain(String(n8nInstance.credentials.stored.clientSecret));
	});

	test('the From picker: the same mapping, and a daily limit is not waited for', async () => {
		const n8nInstance = n8n();
		await n8nInstance.listSearch('searchSenderNumbers');
		big.addFault({ kind: 'status', status: 429, rateLimitType: 'Daily-limit', path: '/v2/phone/numbers', count: 1 });
		const thrown = await n8nInstance.listSearch('searchSenderNumbers').then(
			() => undefined,
			(error: Error & { description?: string }) => error,
		);
		expect(thrown?.name).toBe('NodeApiError');
		expect(thrown?.message).toMatch(/^Could not list the account's phone numbers: Zoom answered 429/);
		expect(thrown?.description).toMatch(/Zoom tracking ID: \S+/);
		expect(JSON.stringify(thrown)).not.toContain(String(n8nInstance.credentials.stored.accessToken));
		expect(requests(ROUTE.numbers)).toBe(2);
	});
});

describe('date ranges end at now', () => {
	test('an End Date in 2099 reads the months up to now: a few requests, not one per month until 2099', async () => {
		const { items, error } = await n8n().run(
			{
				resource: 'conversation',
				operation: 'getMany',
				returnAll: true,
				filters: { startDate: new Date(Date.now() - 45 * DAY).toISOString(), endDate: '2099-12-31T00:00:00' },
			},
			[{}],
		);
		expect(error).toBeUndefined();
		expect(items.length).toBeGreaterThan(100);
		// 45 days are two month windows; the newest holds more than a page.
		expect(requests(ROUTE.sessions)).toBeLessThanOrEqual(4);
	});

	test('Message → Get Many with only an End Date in the future: the past 30 days, as without dates', async () => {
		const plain = await n8n().run({ resource: 'message', operation: 'getMany', sessionId: SEED.sessions.alexCasey, returnAll: true }, [{}]);
		big.reset();
		const future = await n8n().run(
			{ resource: 'message', operation: 'getMany', sessionId: SEED.sessions.alexCasey, returnAll: true, filters: { endDate: '2099-01-01' } },
			[{}],
		);
		expect(future.error).toBeUndefined();
		expect(future.items.map((item) => item.json.messageId)).toEqual(plain.items.map((item) => item.json.messageId));
		// Three pages, plus at most a one-second window when 30 days exceed the calendar month before now.
		expect(requests(ROUTE.messages)).toBeLessThanOrEqual(4);
	});

	test('a Start Date in the future is an error naming the value and the fix; nothing is requested', async () => {
		const { error } = await n8n().run(
			{ resource: 'message', operation: 'getMany', sessionId: SEED.sessions.alexCasey, returnAll: true, filters: { startDate: '2099-01-01T00:00:00' } },
			[{}],
		);
		// The date picker's value is read in the workflow's time zone (n8n's default, America/New_York, here).
		expect(error?.message).toBe('Item 0: Start Date "2099-01-01T00:00:00" (2099-01-01T05:00:00Z) is in the future, so no message can match it yet');
		expect(error?.description).toMatch(/^Pick a Start Date before now \(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\), or leave it empty to read the past 30 days\.$/);
		expect(requests(ROUTE.messages)).toBe(0);
	});
});
