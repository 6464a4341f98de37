/**
 * SMS Campaign (Get, Get Many, the campaign picker) and Opt Status (Get Many at campaign and user level,
 * Update) through n8n's engine against the simulator's campaigns (test/simulator/campaigns.ts), and a
 * consumer's STOP / START flipping their status.
 */
import type { IDataObject } from 'n8n-workflow';

import { InProcessN8n } from '../helpers/n8nEngine';
import { simulatorCredential } from '../helpers/fixtures';
import { CAMPAIGN_SEED, seedCampaigns } from '../simulator/campaigns';
import { SEED } from '../simulator/seed';
import { CONSENT_SCOPES, DEFAULT_SCOPES, startZoomSimulator, type ZoomSimulator } from '../simulator/zoomSimulator';

let sim: ZoomSimulator;
beforeAll(async () => {
	sim = await startZoomSimulator({ scopes: [...DEFAULT_SCOPES, ...CONSENT_SCOPES] });
});
afterAll(async () => {
	await sim?.stop();
});
beforeEach(() => sim.reset());

const n8n = () => new InProcessN8n(simulatorCredential(sim));
const requests = (route: string) => sim.state({ includeMessages: false }).requests.byRoute[route] ?? 0;
const campaignLocator = (id: string) => ({ __rl: true, mode: 'id', value: id });
const { alex, support, mainLine } = SEED.accountNumbers;
const { casey, riley, taylor } = SEED.contacts;

function addCampaigns(count: number): void {
	for (let i = 0; i < count; i++) {
		sim.campaigns.addCampaign({ id: `C-extra-${i}`, displayName: `Extra ${i}`, status: 'draft', brand: { id: 'B-x', name: 'X' }, numbers: [], createTime: '2026-01-01T00:00:00.000Z' });
	}
}

describe('SMS Campaign → Get Many', () => {
	test('lists the seeded campaigns with status and brand, paired with the input item', async () => {
		const { items, error } = await n8n().run({ resource: 'smsCampaign', operation: 'getMany', returnAll: true }, [{}]);
		expect(error).toBeUndefined();
		expect(items.map((item) => item.json)).toEqual(
			seedCampaigns(sim.seed).map((c) => ({ id: c.id, displayName: c.displayName, status: c.status, brand: { id: c.brand.id, name: c.brand.name } })),
		);
		expect(items.every((item) => (item.pairedItem as { item: number }).item === 0)).toBe(true);
	});

	test('Return All follows next_page_token; Limit stops after the page it needs', async () => {
		addCampaigns(148);
		const all = await n8n().run({ resource: 'smsCampaign', operation: 'getMany', returnAll: true }, [{}]);
		expect(all.items).toHaveLength(150);
		expect(new Set(all.items.map((item) => item.json.id)).size).toBe(150);
		expect(requests('GET /v2/phone/sms_campaigns')).toBe(2);
		sim.reset();
		addCampaigns(148);
		const some = await n8n().run({ resource: 'smsCampaign', operation: 'getMany', returnAll: false, limit: 5 }, [{}]);
		expect(some.items).toHaveLength(5);
		expect(requests('GET /v2/phone/sms_campaigns')).toBe(1);
	});

	test('a missing scope is Zoom\'s 4711 naming it; Continue (regular output) keeps one error item per input', async () => {
		sim.configure({ scopes: [...DEFAULT_SCOPES] });
		const stopped = await n8n().run({ resource: 'smsCampaign', operation: 'getMany', returnAll: true }, [{}]);
		expect(stopped.error?.message).toMatch(/4711/);
		expect(`${stopped.error?.message} ${stopped.error?.description}`).toMatch(/phone:read:list_sms_campaigns:admin/);
		const continued = await n8n().run({ resource: 'smsCampaign', operation: 'getMany', returnAll: true }, [{}, {}], { continueOnFail: true });
		expect(continued.items.map((item) => [typeof item.json.error, (item.pairedItem as { item: number }).item])).toEqual([
			['string', 0],
			['string', 1],
		]);
	});
});

describe('SMS Campaign → Get', () => {
	test('gives the status and the account numbers in the campaign', async () => {
		const { items, error } = await n8n().run({ resource: 'smsCampaign', operation: 'get', smsCampaignId: campaignLocator(CAMPAIGN_SEED.reminders.id) }, [{}]);
		expect(error).toBeUndefined();
		expect(items[0].json).toMatchObject({
			id: CAMPAIGN_SEED.reminders.id,
			displayName: 'Appointment Reminders',
			status: 'active',
			serviceType: 'zoomPhone',
			phoneNumbers: [
				{ id: expect.any(String), number: alex },
				{ id: expect.any(String), number: support },
			],
		});
	});

	test('an unknown campaign fails naming the item; with the error output it leaves there', async () => {
		const { items, errorItems } = await n8n().run(
			{ resource: 'smsCampaign', operation: 'get', smsCampaignId: '={{ { __rl: true, mode: "id", value: $json.id } }}' },
			[{ id: CAMPAIGN_SEED.reminders.id }, { id: 'C-nope' }],
			{ onError: 'continueErrorOutput' },
		);
		expect(items.map((item) => item.json.id)).toEqual([CAMPAIGN_SEED.reminders.id]);
		expect(errorItems).toHaveLength(1);
		expect(errorItems[0].json.error).toMatch(/^Item 1: Zoom answered 404/);
		expect((errorItems[0].pairedItem as { item: number }).item).toBe(1);
	});

	test('the campaign picker lists campaigns with their status and filters by name', async () => {
		const all = await n8n().listSearch('searchSmsCampaigns');
		expect(all.results).toEqual([
			{ name: 'Appointment Reminders (active)', value: CAMPAIGN_SEED.reminders.id },
			{ name: 'Spring Promotions (pending)', value: CAMPAIGN_SEED.promotions.id },
		]);
		expect((await n8n().listSearch('searchSmsCampaigns', 'spring')).results.map((r) => r.value)).toEqual([CAMPAIGN_SEED.promotions.id]);
	});
});

describe('Opt Status', () => {
	const getMany = (extra: IDataObject) => ({ resource: 'optStatus', operation: 'getMany', smsCampaignId: campaignLocator(CAMPAIGN_SEED.reminders.id), ...extra });

	test('campaign level: every consumer against every number of the campaign, one request per consumer', async () => {
		const { items, error } = await n8n().run(getMany({ consumerNumbers: `${riley}, ${casey}, ${taylor}` }), [{}]);
		expect(error).toBeUndefined();
		expect(items.map((item) => [item.json.consumerPhoneNumber, item.json.zoomPhoneNumber, item.json.optStatus])).toEqual([
			[riley, alex, 'opt_out'],
			[riley, support, 'pending'],
			[casey, alex, 'opt_in'],
			[casey, support, 'pending'],
			[taylor, alex, 'pending'],
			[taylor, support, 'pending'],
		]);
		expect(items[0].json.campaignId).toBe(CAMPAIGN_SEED.reminders.id);
		expect(requests('GET /v2/phone/sms_campaigns/{smsCampaignId}/phone_numbers/opt_status')).toBe(3);
	});

	test('campaign level filtered to one account number; national numbers are read as US', async () => {
		const { items } = await n8n().run(getMany({ consumerNumbers: '(555) 867-5309', zoomNumbers: alex }), [{}]);
		expect(items.map((item) => item.json)).toEqual([{ campaignId: CAMPAIGN_SEED.reminders.id, consumerPhoneNumber: riley, zoomPhoneNumber: alex, optStatus: 'opt_out' }]);
		expect(requests('GET /v2/phone/sms_campaigns/{smsCampaignId}')).toBe(0);
	});

	test('user level: 3 consumers in one request, with the opt-in sub-status', async () => {
		const { items, error } = await n8n().run(
			{ resource: 'optStatus', operation: 'getMany', level: 'user', userId: SEED.users.alex.id, consumerNumbers: `${riley}, ${casey}, ${taylor}`, zoomNumbers: alex },
			[{}],
		);
		expect(error).toBeUndefined();
		expect(items.map((item) => [item.json.consumerPhoneNumber, item.json.optStatus, item.json.optInStatus])).toEqual([
			[riley, 'opt_out', 4],
			[casey, 'opt_in', 3],
			[taylor, 'pending', 1],
		]);
		expect(items[0].json.userId).toBe(SEED.users.alex.id);
		expect(requests('GET /v2/phone/user/{userId}/sms_campaigns/phone_numbers/opt_status')).toBe(1);
	});

	test('more than 10 consumers is refused before Zoom is asked', async () => {
		const many = Array.from({ length: 11 }, (_, i) => `+1555040${String(i).padStart(4, '0')}`).join(',');
		const { error } = await n8n().run(getMany({ consumerNumbers: many }), [{}]);
		expect(error?.message).toMatch(/^Item 0: Consumer Numbers holds 11 numbers, Zoom takes at most 10/);
		expect(requests('GET /v2/phone/sms_campaigns/{smsCampaignId}/phone_numbers/opt_status')).toBe(0);
	});

	test('Update records an opt-out from a form for every number of the campaign, then Get Many reads it back', async () => {
		const update = await n8n().run(
			{ resource: 'optStatus', operation: 'update', smsCampaignId: campaignLocator(CAMPAIGN_SEED.reminders.id), consumerNumber: '={{ $json.phone }}', optStatus: 'opt_out' },
			[{ phone: taylor }],
		);
		expect(update.error).toBeUndefined();
		expect(update.items[0].json).toEqual({ campaignId: CAMPAIGN_SEED.reminders.id, consumerPhoneNumber: taylor, zoomPhoneNumbers: [alex, support], optStatus: 'opt_out', updated: true });
		expect(sim.campaigns.optStatus(alex, taylor)).toBe('opt_out');
		expect(sim.campaigns.optStatus(support, taylor)).toBe('opt_out');
		const read = await n8n().run(getMany({ consumerNumbers: taylor }), [{}]);
		expect(read.items.map((item) => item.json.optStatus)).toEqual(['opt_out', 'opt_out']);
	});

	test('Update to opt in for one account number; a number outside the campaign is Zoom\'s error', async () => {
		const ok = await n8n().run(
			{ resource: 'optStatus', operation: 'update', smsCampaignId: campaignLocator(CAMPAIGN_SEED.reminders.id), consumerNumber: riley, optStatus: 'opt_in', zoomNumbers: alex },
			[{}],
		);
		expect(ok.error).toBeUndefined();
		expect(sim.campaigns.optStatus(alex, riley)).toBe('opt_in');
		const bad = await n8n().run(
			{ resource: 'optStatus', operation: 'update', smsCampaignId: campaignLocator(CAMPAIGN_SEED.reminders.id), consumerNumber: riley, optStatus: 'opt_out', zoomNumbers: mainLine },
			[{}],
		);
		expect(bad.error?.message).toMatch(/^Item 0: Zoom answered 400 \(code 300\)/);
		expect(sim.campaigns.optStatus(alex, riley)).toBe('opt_in');
	});

	test('Update needs the write scope: without it Zoom\'s 4711 and nothing changes', async () => {
		sim.configure({ scopes: CONSENT_SCOPES.filter((scope) => !scope.startsWith('phone:update')) });
		const { error } = await n8n().run(
			{ resource: 'optStatus', operation: 'update', smsCampaignId: campaignLocator(CAMPAIGN_SEED.reminders.id), consumerNumber: taylor, optStatus: 'opt_out', zoomNumbers: alex },
			[{}],
		);
		expect(error?.message).toMatch(/4711/);
		expect(sim.campaigns.optStatus(alex, taylor)).toBe('pending');
	});
});

describe('a consumer\'s keyword', () => {
	test('STOP flips the pair to opt_out, START back to opt_in, as Opt Status → Get Many reads it', async () => {
		const status = async () => (await n8n().run({ resource: 'optStatus', operation: 'getMany', smsCampaignId: campaignLocator(CAMPAIGN_SEED.reminders.id), consumerNumbers: taylor, zoomNumbers: alex }, [{}])).items[0].json.optStatus;
		expect(await status()).toBe('pending');
		sim.addInboundMessage({ from: taylor, to: alex, message: ' stop ' });
		expect(await status()).toBe('opt_out');
		sim.addInboundMessage({ from: taylor, to: alex, message: 'START' });
		expect(await status()).toBe('opt_in');
		sim.addInboundMessage({ from: taylor, to: alex, message: 'Please stop texting me at night' });
		expect(await status()).toBe('opt_in');
	});
});
