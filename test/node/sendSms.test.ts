import { InProcessN8n } from '../helpers/n8nEngine';
import { secretsOf, sendParameters, simulatorCredential } from '../helpers/fixtures';
import { SEED } from '../simulator/seed';
import { startZoomSimulator, type ZoomSimulator } from '../simulator/zoomSimulator';

let sim: ZoomSimulator;

beforeAll(async () => {
	sim = await startZoomSimulator();
});
afterAll(async () => {
	await sim.stop();
});
beforeEach(() => sim.reset());

function newN8n(overrides = {}) {
	return new InProcessN8n(simulatorCredential(sim, overrides));
}

describe('Message → Send through n8n\'s engine', () => {
	test('items with mixed number formats arrive in E.164, in order, with one token for the run', async () => {
		const n8n = newN8n();
		const input = [
			{ phone: '+15557654321', text: 'one' },
			{ phone: '5558675309', text: 'two' },
			{ phone: '(555) 222-0199', text: 'three' },
			{ phone: '1-555-333-4444', text: 'four' },
			{ phone: '0044 7700 900123', text: 'five' },
		];
		const { items, error } = await n8n.run(sendParameters(), input);
		expect(error).toBeUndefined();
		const expected = ['+15557654321', '+15558675309', '+15552220199', '+15553334444', '+447700900123'];
		expect(sim.messages.map((message) => [message.toMembers, message.message])).toEqual(
			expected.map((number, index) => [[number], input[index].text]),
		);
		expect(items.map((item) => item.json.to)).toEqual(expected);
		expect(items.map((item) => item.pairedItem)).toEqual(input.map((_, item) => ({ item })));
		expect(items[0].json).toMatchObject({
			success: true,
			messageId: sim.messages[0].messageId,
			sessionId: sim.messages[0].sessionId,
			dateTime: sim.messages[0].dateTime,
			from: SEED.accountNumbers.alex,
		});
		expect(sim.tokenRequests).toBe(1);
		expect(n8n.credentials.stored.accessToken).toBe(sim.messages[0].accessToken);
	});

	test('a second run reuses the stored token', async () => {
		const n8n = newN8n();
		await n8n.run(sendParameters(), [{ phone: SEED.contacts.casey, text: 'first run' }]);
		await n8n.run(sendParameters(), [{ phone: SEED.contacts.riley, text: 'second run' }]);
		expect(sim.messages).toHaveLength(2);
		expect(sim.tokenRequests).toBe(1);
		expect(sim.messages[1].accessToken).toBe(sim.messages[0].accessToken);
	});

	test('an expired token is refreshed once, and nothing is lost or sent twice', async () => {
		const n8n = newN8n();
		await n8n.run(sendParameters(), [{ phone: SEED.contacts.casey, text: 'warm up' }]);
		sim.expireTokens();
		const input = Array.from({ length: 12 }, (_, index) => ({ phone: SEED.contacts.riley, text: `after expiry ${index}` }));
		const { items, error } = await n8n.run(sendParameters({ options: { requestsPerSecond: 50 } }), input);
		expect(error).toBeUndefined();
		expect(items.every((item) => item.json.success === true)).toBe(true);
		expect(sim.tokenRequests).toBe(2);
		const sent = sim.messages.slice(1).map((message) => message.message);
		expect([...sent].sort()).toEqual(input.map((item) => item.text).sort());
		expect(new Set(sent).size).toBe(input.length);
		expect(sim.state().counts.status401).toBeGreaterThanOrEqual(1);
	});

	test('concurrent sends keep output order and pairing', async () => {
		const n8n = newN8n();
		sim.configure({ latencyMs: 20 });
		try {
			const input = Array.from({ length: 30 }, (_, index) => ({ phone: SEED.contacts.casey, text: `message ${index}` }));
			const { items } = await n8n.run(sendParameters({ options: { requestsPerSecond: 100 } }), input);
			expect(items.map((item) => item.pairedItem)).toEqual(input.map((_, item) => ({ item })));
			const byId = new Map(sim.messages.map((message) => [message.messageId, message.message]));
			expect(items.map((item) => byId.get(item.json.messageId as string))).toEqual(input.map((item) => item.text));
		} finally {
			sim.configure({ latencyMs: 0 });
		}
	});

	test('expressions in From and in an option are evaluated for each item; fixed values hold for all', async () => {
		const n8n = newN8n();
		const input = [
			{ phone: '06 12 34 56 78', text: 'fr', country: 'FR', sender: SEED.accountNumbers.alex },
			{ phone: '(555) 222-0199', text: 'us', country: 'US', sender: SEED.accountNumbers.support },
			{ phone: '020 7946 0018', text: 'gb', country: 'GB', sender: SEED.accountNumbers.alex },
		];
		const perItem = await n8n.run(
			sendParameters({
				from: { __rl: true, mode: 'number', value: '={{ $json.sender }}' },
				options: { defaultCountry: '={{ $json.country }}', longMessages: 'split' },
			}),
			input,
		);
		expect(perItem.error).toBeUndefined();
		expect(sim.messages.map((message) => [message.sender, message.toMembers[0]])).toEqual([
			[SEED.accountNumbers.alex, '+33612345678'],
			[SEED.accountNumbers.support, '+15552220199'],
			[SEED.accountNumbers.alex, '+442079460018'],
		]);

		sim.reset();
		const frenchNumbers = [{ phone: '06 12 34 56 78', text: 'one' }, { phone: '01 23 45 67 89', text: 'two' }];
		const fixed = await n8n.run(sendParameters({ options: { defaultCountry: 'FR' } }), frenchNumbers);
		expect(fixed.error).toBeUndefined();
		expect(sim.messages.map((message) => [message.sender, message.toMembers[0]])).toEqual([
			[SEED.accountNumbers.alex, '+33612345678'],
			[SEED.accountNumbers.alex, '+33123456789'],
		]);
	});

	test('a group message goes to every recipient at once; more than 10 is a clear error', async () => {
		const n8n = newN8n();
		const group = `${SEED.contacts.casey}, 555-867-5309 ; (555) 222-0199`;
		const { items } = await n8n.run(sendParameters({ to: group }), [{ text: 'hi all' }]);
		expect(sim.messages).toHaveLength(1);
		expect(sim.messages[0].toMembers).toEqual([SEED.contacts.casey, SEED.contacts.riley, SEED.contacts.taylor]);
		expect(items[0].json.recipients).toEqual(sim.messages[0].toMembers);

		const eleven = Array.from({ length: 11 }, (_, index) => `+1555000${String(1000 + index)}`).join(',');
		const tooMany = await n8n.run(sendParameters({ to: eleven }), [{ text: 'too many' }]);
		expect(tooMany.error?.message).toMatch(/at most 10 recipients/);
		expect(sim.messages).toHaveLength(1);
	});
});

describe('bad input', () => {
	const input = [
		{ phone: SEED.contacts.casey, text: 'good one' },
		{ phone: '555-CALL-NOW', text: 'bad number' },
		{ phone: SEED.contacts.riley, text: 'good two' },
	];

	test('an invalid number fails the run before anything is sent, naming the item, the value and a valid example', async () => {
		const { items, error } = await newN8n().run(sendParameters(), input);
		expect(items).toEqual([]);
		expect(error?.message).toContain('Item 1');
		expect(error?.message).toContain('555-CALL-NOW');
		expect(error?.description).toMatch(/\+1\d{10}/);
		expect(sim.messages).toHaveLength(0);
	});

	test('with Continue On Fail the invalid item becomes an error item and the others are sent', async () => {
		const { items, error } = await newN8n().run(sendParameters(), input, { continueOnFail: true });
		expect(error).toBeUndefined();
		expect(items.map((item) => item.json.success)).toEqual([true, false, true]);
		expect(items[1]).toMatchObject({ json: { success: false, error: expect.stringContaining('555-CALL-NOW') }, pairedItem: { item: 1 } });
		expect(sim.messages.map((message) => message.message)).toEqual(['good one', 'good two']);
	});

	test('an empty message and one over 1600 characters are clear errors', async () => {
		const empty = await newN8n().run(sendParameters(), [{ phone: SEED.contacts.casey, text: '   ' }]);
		expect(empty.error?.message).toMatch(/Message.*empty/i);
		const long = await newN8n().run(sendParameters(), [{ phone: SEED.contacts.casey, text: 'a'.repeat(1601) }]);
		expect(long.error?.message).toMatch(/1601.*1600|1600.*1601/);
		expect(sim.messages).toHaveLength(0);
	});

	test('Long Messages set to reject refuses a text over Zoom\'s limit', async () => {
		const { error } = await newN8n().run(sendParameters({ options: { longMessages: 'reject' } }), [{ phone: SEED.contacts.casey, text: 'word '.repeat(101) }]);
		expect(error?.message).toMatch(/500/);
		expect(sim.messages).toHaveLength(0);
	});
});

describe('long messages', () => {
	test('a 1600-character message is split at word boundaries and sent in order in one conversation', async () => {
		const words = Array.from({ length: 320 }, (_, index) => `w${String(index).padStart(3, '0')}`);
		const text = words.join(' ');
		expect([...text].length).toBeLessThanOrEqual(1600);
		const { items } = await newN8n().run(sendParameters(), [{ phone: SEED.contacts.casey, text }]);
		const parts = sim.messages.map((message) => message.message ?? '');
		expect(parts.length).toBe(4);
		expect(parts.join('')).toBe(text);
		for (const part of parts) {
			expect([...part].length).toBeLessThanOrEqual(500);
			expect(part.trimEnd().split(' ').every((word) => /^w\d{3}$/.test(word))).toBe(true);
		}
		expect(new Set(sim.messages.map((message) => message.sessionId)).size).toBe(1);
		expect(items[0].json.parts).toEqual(sim.messages.map((message, index) => expect.objectContaining({ part: index + 1, messageId: message.messageId })));
	});
});

describe('Zoom errors', () => {
	test('a sender Zoom does not allow becomes an error with Zoom\'s code, message, tracking ID and a hint', async () => {
		const { error } = await newN8n().run(sendParameters({ from: { __rl: true, mode: 'number', value: SEED.accountNumbers.noSms } }), [{ phone: SEED.contacts.casey, text: 'hi' }]);
		expect(error?.name).toBe('NodeApiError');
		expect(error?.message).toMatch(/7028/);
		expect(error?.description).toMatch(/10DLC|enabled for SMS/);
		const trackingIds = sim.requestLogEntries().map((entry) => entry.trackingId);
		expect(trackingIds.some((id) => error?.description?.includes(id))).toBe(true);
	});

	test('a missing scope names the scope and what to enable', async () => {
		sim.addFault({ kind: 'missingScope', scopes: ['phone:write:sms_message:admin'] });
		const { error } = await newN8n().run(sendParameters(), [{ phone: SEED.contacts.casey, text: 'hi' }]);
		expect(error?.message).toMatch(/4711/);
		expect(error?.description).toContain('phone:write:sms_message:admin');
		expect(error?.description).toMatch(/Scopes/);
	});

	test('a 429 is waited out and the message is sent exactly once', async () => {
		sim.addFault({ kind: 'status', status: 429, retryAfter: 1, count: 2 });
		const started = Date.now();
		const { items, error } = await newN8n().run(sendParameters(), [{ phone: SEED.contacts.casey, text: 'patience' }]);
		expect(error).toBeUndefined();
		expect(items[0].json.success).toBe(true);
		expect(sim.messages).toHaveLength(1);
		expect(Date.now() - started).toBeGreaterThanOrEqual(1900);
	});

	test('no client secret, token or webhook secret appears in outputs or errors', async () => {
		const credential = simulatorCredential(sim);
		const n8n = new InProcessN8n(credential);
		const ok = await n8n.run(sendParameters(), [{ phone: SEED.contacts.casey, text: 'fine' }]);
		sim.addFault({ kind: 'missingScope' });
		const failed = await n8n.run(sendParameters(), [{ phone: SEED.contacts.casey, text: 'scope' }], { continueOnFail: true });
		const thrown = await n8n.run(sendParameters({ from: { __rl: true, mode: 'number', value: SEED.accountNumbers.noSms } }), [{ phone: SEED.contacts.casey, text: 'x' }]);
		const everything = JSON.stringify([ok.items, failed.items, thrown.error, thrown.run.data.resultData]);
		for (const secret of secretsOf(credential, sim)) expect(everything).not.toContain(secret);
	});
});

describe('credential', () => {
	test('the Test button succeeds with good credentials', async () => {
		expect(await newN8n().testCredential()).toEqual({ status: 'OK', message: 'Connection successful!' });
	});

	test.each([
		['a wrong client secret', { clientSecret: 'not-the-secret' }, /Client ID or Client Secret/],
		['a missing client id', { clientId: '' }, /needs a Client ID and a Client Secret/],
		['a missing account id', { accountId: '' }, /needs an Account ID/],
		['an unknown account id', { accountId: 'someone-else' }, /Account ID/],
	])('the Test button fails with %s and says what to fix', async (_, overrides, message) => {
		const n8n = newN8n();
		const result = await n8n.testCredential({ ...simulatorCredential(sim), ...overrides });
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(message);
		expect(result.message).not.toContain('not-the-secret');
	});

	// A missing read scope no longer fails the Test: see test/node/credentialTest.test.ts.

	test('the From picker lists the account\'s numbers with their owners', async () => {
		const { results } = await newN8n().listSearch('searchSenderNumbers');
		expect(results).toEqual(expect.arrayContaining([{ name: `${SEED.accountNumbers.alex} — Alex Rivera`, value: SEED.accountNumbers.alex }]));
		const filtered = await newN8n().listSearch('searchSenderNumbers', 'support');
		expect(filtered.results.map((result) => result.value)).toEqual([SEED.accountNumbers.support]);
	});
});
