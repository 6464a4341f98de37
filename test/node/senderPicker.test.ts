/**
 * The From list (resource locator `searchSenderNumbers`) and the Automatic From through n8n's engine
 * against the simulator (issue 12, item 7): only numbers that can send (assigned to a user, call queue or
 * auto receptionist; not a common-area phone), each with its 10DLC campaign status where Zoom reports it,
 * and the same rule for the Automatic From.
 */
import { InProcessN8n } from '../helpers/n8nEngine';
import { sendParameters, simulatorCredential } from '../helpers/fixtures';
import { SEED, type SeedOptions } from '../simulator/seed';
import { CONSENT_SCOPES, DEFAULT_SCOPES, startZoomSimulator, type ZoomSimulator } from '../simulator/zoomSimulator';

const N = SEED.accountNumbers;
const started: ZoomSimulator[] = [];

async function simulator(seed: SeedOptions, scopes: readonly string[]): Promise<ZoomSimulator> {
	const sim = await startZoomSimulator({ seed, scopes: [...scopes] });
	started.push(sim);
	return sim;
}

afterAll(async () => {
	await Promise.all(started.map(async (sim) => await sim.stop()));
});

function routes(sim: ZoomSimulator): string[] {
	return sim.requestLogEntries().map((entry) => entry.route).filter((route) => !route.includes('oauth'));
}

describe('the From list', () => {
	test('leaves out the common-area phone\'s number and shows each number\'s 10DLC campaign status', async () => {
		const sim = await simulator({ commonArea: true }, [...DEFAULT_SCOPES, ...CONSENT_SCOPES]);
		// The common-area number is an assigned number of the account: Zoom lists it.
		expect(sim.state().numbers.map((n) => n.number)).toContain(SEED.commonAreaNumber);
		const { results } = await new InProcessN8n(simulatorCredential(sim)).listSearch('searchSenderNumbers');
		expect(results).toEqual([
			{ name: `${N.alex} — Alex Rivera · 10DLC "Appointment Reminders": active`, value: N.alex },
			{ name: `${N.support} — Support · 10DLC "Appointment Reminders": active`, value: N.support },
			{ name: `${N.mainLine} — Main Line · 10DLC "Spring Promotions": pending`, value: N.mainLine },
			{ name: `${N.noSms} — Jordan Lee · in no 10DLC campaign`, value: N.noSms },
		]);
		// One page of numbers, the campaign list, and each campaign once: no more than needed.
		expect(routes(sim)).toEqual([
			'GET /v2/phone/numbers',
			'GET /v2/phone/sms_campaigns',
			'GET /v2/phone/sms_campaigns/{smsCampaignId}',
			'GET /v2/phone/sms_campaigns/{smsCampaignId}',
		]);
	});

	test('stops reading campaigns once every number is placed', async () => {
		const sim = await simulator({ onlyNumbers: [N.alex, N.support] }, [...DEFAULT_SCOPES, ...CONSENT_SCOPES]);
		const { results } = await new InProcessN8n(simulatorCredential(sim)).listSearch('searchSenderNumbers');
		expect(results.map((result) => result.name)).toEqual([
			`${N.alex} — Alex Rivera · 10DLC "Appointment Reminders": active`,
			`${N.support} — Support · 10DLC "Appointment Reminders": active`,
		]);
		expect(routes(sim).filter((route) => route === 'GET /v2/phone/sms_campaigns/{smsCampaignId}')).toHaveLength(1);
	});

	test('without the campaign scopes: the numbers that can send, without a status', async () => {
		const sim = await simulator({ commonArea: true }, DEFAULT_SCOPES);
		const { results } = await new InProcessN8n(simulatorCredential(sim)).listSearch('searchSenderNumbers');
		expect(results).toEqual([
			{ name: `${N.alex} — Alex Rivera`, value: N.alex },
			{ name: `${N.support} — Support`, value: N.support },
			{ name: `${N.mainLine} — Main Line`, value: N.mainLine },
			{ name: `${N.noSms} — Jordan Lee`, value: N.noSms },
		]);
		// Zoom refused the campaign list for its scope; nothing more was tried.
		expect(sim.requestLogEntries().filter((entry) => entry.route === 'GET /v2/phone/sms_campaigns').map((entry) => entry.status)).toEqual([400]);
	});

	test('a search matches the campaign status too', async () => {
		const sim = await simulator({}, [...DEFAULT_SCOPES, ...CONSENT_SCOPES]);
		const { results } = await new InProcessN8n(simulatorCredential(sim)).listSearch('searchSenderNumbers', 'pending');
		expect(results.map((result) => result.value)).toEqual([N.mainLine]);
	});
});

describe('the Automatic From applies the same rule', () => {
	test('a common-area number beside the account\'s one sender is no candidate: that sender sends', async () => {
		const sim = await simulator({ onlyNumbers: [N.support], commonArea: true }, DEFAULT_SCOPES);
		sim.configure({ tokenOwnerUserId: SEED.users.sam.id });
		// eslint-disable-next-line @typescript-eslint/no-unused-vars -- `from` is left out: Automatic on v1.1
		const { from: _untouched, ...parameters } = sendParameters();
		const { items, error } = await new InProcessN8n(simulatorCredential(sim)).run(parameters, [{ phone: SEED.contacts.casey, text: 'hi' }], { typeVersion: 1.1 });
		expect(error).toBeUndefined();
		expect(sim.messages.map((message) => message.sender)).toEqual([N.support]);
		expect(items[0].json.fromReason).toMatch(/only number of the Zoom account/);
	});
});
