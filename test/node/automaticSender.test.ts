/**
 * From → Automatic through n8n's engine against the simulator: the number of the token's user, else the
 * account's only number, else a clear error and nothing sent; looked up once per run; v1 nodes unchanged.
 */
import type { IDataObject } from 'n8n-workflow';

import { InProcessN8n } from '../helpers/n8nEngine';
import { sendParameters, simulatorCredential } from '../helpers/fixtures';
import { SEED, type SeedOptions } from '../simulator/seed';
import { AUTOMATIC_SENDER_SCOPES, startZoomSimulator, type ZoomSimulator } from '../simulator/zoomSimulator';

const N = SEED.accountNumbers;
const started: ZoomSimulator[] = [];

async function simulator(seed: SeedOptions = {}, scopes: readonly string[] = AUTOMATIC_SENDER_SCOPES): Promise<ZoomSimulator> {
	const sim = await startZoomSimulator({ seed, scopes: [...scopes] });
	started.push(sim);
	return sim;
}

afterAll(async () => {
	await Promise.all(started.map(async (sim) => await sim.stop()));
});

/** A v1.1 Send node whose From was never touched: n8n stores no `from`, so its default (Automatic) applies. */
function automaticParameters(overrides: IDataObject = {}): IDataObject {
	// eslint-disable-next-line @typescript-eslint/no-unused-vars -- `from` is left out on purpose
	const { from: _untouched, ...parameters } = sendParameters(overrides);
	return parameters;
}

const input = [
	{ phone: SEED.contacts.casey, text: 'one' },
	{ phone: SEED.contacts.riley, text: 'two' },
	{ phone: SEED.contacts.taylor, text: 'three' },
];

function routes(sim: ZoomSimulator): string[] {
	return sim.requestLogEntries().map((entry) => entry.route).filter((route) => !route.includes('oauth'));
}

describe('From → Automatic (node version 1.1)', () => {
	test('the token user\'s only number sends every item, looked up once for the run, and the output says why', async () => {
		const sim = await simulator();
		const n8n = new InProcessN8n(simulatorCredential(sim));
		const { items, error } = await n8n.run(automaticParameters(), input, { typeVersion: 1.1 });
		expect(error).toBeUndefined();
		expect(sim.messages.map((message) => message.sender)).toEqual([N.alex, N.alex, N.alex]);
		expect(items.map((item) => item.json.from)).toEqual([N.alex, N.alex, N.alex]);
		expect(items[0].json.fromReason).toMatch(/Alex Rivera, the Zoom user of the app's token/);
		const lookups = routes(sim).filter((route) => !route.includes('sms/messages'));
		expect(lookups).toEqual(['GET /v2/phone/numbers', 'GET /v2/users/{userId}', 'GET /v2/phone/users/{userId}']);
		// The phone profile was read by id: Zoom refuses `me` on Phone endpoints for S2S tokens.
		expect(sim.requestLogEntries().some((entry) => entry.path === `/v2/phone/users/${SEED.users.alex.id}`)).toBe(true);
	});

	test('the Automatic mode set explicitly behaves the same on a v1 node', async () => {
		const sim = await simulator();
		const n8n = new InProcessN8n(simulatorCredential(sim));
		const { error } = await n8n.run(sendParameters({ from: { __rl: true, mode: 'automatic', value: '' } }), input.slice(0, 1));
		expect(error).toBeUndefined();
		expect(sim.messages.map((message) => message.sender)).toEqual([N.alex]);
	});

	test('the account\'s only number sends when the token\'s user has none, without reading the user', async () => {
		const sim = await simulator({ onlyNumbers: [N.support] });
		sim.configure({ tokenOwnerUserId: SEED.users.sam.id });
		const n8n = new InProcessN8n(simulatorCredential(sim));
		const { items, error } = await n8n.run(automaticParameters(), input.slice(0, 2), { typeVersion: 1.1 });
		expect(error).toBeUndefined();
		expect(sim.messages.map((message) => message.sender)).toEqual([N.support, N.support]);
		expect(items[0].json.fromReason).toMatch(/only number of the Zoom account/);
		expect(routes(sim).filter((route) => route.includes('users'))).toEqual([]);
	});

	test('the token\'s user with several numbers: an error listing the numbers and how to pick one; nothing sent', async () => {
		const sim = await simulator({ alexExtraNumbers: 1 });
		const n8n = new InProcessN8n(simulatorCredential(sim));
		const { error } = await n8n.run(automaticParameters(), input, { typeVersion: 1.1 });
		expect(sim.messages).toHaveLength(0);
		expect(error?.message).toMatch(/^Item 0: The Automatic From cannot choose between 2 numbers/);
		expect(error?.description).toContain('+15550100001 (Alex Rivera), +15550100002 (Support), +15550100003 (Main Line)');
		expect(error?.description).toContain('+15550110001 (Alex Rivera)');
		expect(error?.description).toMatch(/"By Number"/);
		expect(error?.description).toMatch(/No item was sent/);
	});

	test('the token\'s user with no number and several in the account: an error listing them; nothing sent', async () => {
		const sim = await simulator();
		sim.configure({ tokenOwnerUserId: SEED.users.sam.id });
		const n8n = new InProcessN8n(simulatorCredential(sim));
		const { error } = await n8n.run(automaticParameters(), input, { typeVersion: 1.1 });
		expect(sim.messages).toHaveLength(0);
		expect(error?.message).toMatch(/cannot choose between 4 numbers/);
		expect(error?.description).toMatch(/Sam Patel, has no number that can send SMS/);
		expect(error?.description).toContain('+15550100004 (Jordan Lee)');
	});

	test('a token user whose SMS policy is off does not count', async () => {
		const sim = await simulator();
		sim.configure({ tokenOwnerUserId: SEED.users.jordan.id });
		const n8n = new InProcessN8n(simulatorCredential(sim));
		const { error } = await n8n.run(automaticParameters(), input.slice(0, 1), { typeVersion: 1.1 });
		expect(sim.messages).toHaveLength(0);
		expect(error?.description).toMatch(/Jordan Lee, may not send SMS/);
	});

	test('no number in the account: an error saying so; nothing sent', async () => {
		const sim = await simulator({ onlyNumbers: [] });
		const n8n = new InProcessN8n(simulatorCredential(sim));
		const { error } = await n8n.run(automaticParameters(), input, { typeVersion: 1.1 });
		expect(sim.messages).toHaveLength(0);
		expect(error?.message).toMatch(/no number that can send SMS/);
	});

	test('without the user scope the error names it and lists the account\'s numbers', async () => {
		const sim = await simulator({}, AUTOMATIC_SENDER_SCOPES.filter((scope) => !scope.startsWith('user:')));
		const n8n = new InProcessN8n(simulatorCredential(sim));
		const { error } = await n8n.run(automaticParameters(), input.slice(0, 1), { typeVersion: 1.1 });
		expect(sim.messages).toHaveLength(0);
		expect(error?.description).toMatch(/could not be read \(GET \/users\/me: code 4711/);
		expect(error?.description).toMatch(/user:read:user:admin/);
	});

	test('with Continue On Fail, items that pick their number still send and Automatic ones carry the error', async () => {
		const sim = await simulator({ alexExtraNumbers: 1 });
		const n8n = new InProcessN8n(simulatorCredential(sim));
		const { items } = await n8n.run(
			sendParameters({ from: { __rl: true, mode: '={{ $json.mode }}', value: '={{ $json.from }}' } }),
			[
				{ ...input[0], mode: 'automatic', from: '' },
				{ ...input[1], mode: 'number', from: N.support },
			],
			{ continueOnFail: true, typeVersion: 1.1 },
		);
		expect(sim.messages.map((message) => message.sender)).toEqual([N.support]);
		expect(items[0].json.error).toMatch(/cannot choose/);
		expect(items[1].json.success).toBe(true);
	});

	test('a number typed into Automatic is refused, naming the fix', async () => {
		const sim = await simulator();
		const n8n = new InProcessN8n(simulatorCredential(sim));
		const { error } = await n8n.run(sendParameters({ from: { __rl: true, mode: 'automatic', value: N.support } }), input.slice(0, 1), { typeVersion: 1.1 });
		expect(sim.messages).toHaveLength(0);
		expect(error?.message).toContain(`From is Automatic but holds "${N.support}"`);
		expect(error?.description).toMatch(/"By Number"/);
	});

	test('a picked number is used as before, with no look-up', async () => {
		const sim = await simulator();
		const n8n = new InProcessN8n(simulatorCredential(sim));
		const { items, error } = await n8n.run(sendParameters({ from: { __rl: true, mode: 'number', value: N.support } }), input.slice(0, 1), { typeVersion: 1.1 });
		expect(error).toBeUndefined();
		expect(items[0].json.from).toBe(N.support);
		expect(items[0].json.fromReason).toBeUndefined();
		expect(routes(sim)).toEqual(['POST /v2/phone/sms/messages']);
	});
});

describe('stored v1 workflows keep their behaviour', () => {
	test('a v1 node with an untouched From still asks for a number and sends nothing', async () => {
		const sim = await simulator();
		const n8n = new InProcessN8n(simulatorCredential(sim));
		const { error } = await n8n.run(automaticParameters(), input.slice(0, 1), { typeVersion: 1 });
		expect(error?.message).toBe('Item 0: no From number');
		expect(sim.messages).toHaveLength(0);
		expect(routes(sim)).toEqual([]);
	});
});
