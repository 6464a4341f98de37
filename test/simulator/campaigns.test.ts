/**
 * The simulator's campaign and opt-status endpoints are as strict as Zoom's OpenAPI extract: required
 * parameters, `maxItems` 10, unique numbers, `page_size` ≤ 300, expiring page tokens, the opt_status enum,
 * 404 for an unknown campaign or user, and each endpoint's scopes.
 */
import { CAMPAIGN_SEED, CONSENT_SCOPES } from './campaigns';
import { SEED } from './seed';
import { DEFAULT_SCOPES, startZoomSimulator, type ZoomSimulator } from './zoomSimulator';

let sim: ZoomSimulator;
let token: string;
beforeAll(async () => {
	sim = await startZoomSimulator({ scopes: [...DEFAULT_SCOPES, ...CONSENT_SCOPES] });
});
afterAll(async () => {
	await sim?.stop();
});
beforeEach(() => {
	sim.reset();
	token = sim.issueToken();
});

const { alex, support } = SEED.accountNumbers;
const { riley, casey } = SEED.contacts;
const campaign = `/v2/phone/sms_campaigns/${CAMPAIGN_SEED.reminders.id}`;

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; json: Record<string, unknown> }> {
	const response = await fetch(`${sim.url}${path}`, {
		method,
		headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
		body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
	});
	const text = await response.text();
	return { status: response.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

const q = (pairs: Array<[string, string]>) => pairs.map(([key, value]) => `${key}=${encodeURIComponent(value)}`).join('&');

describe('GET /phone/sms_campaigns', () => {
	test('pages of page_size with a next_page_token; an unknown token is 400 code 400', async () => {
		for (let i = 0; i < 3; i++) sim.campaigns.addCampaign({ id: `C-x${i}`, displayName: `X${i}`, status: 'draft', brand: { id: 'B', name: 'B' }, numbers: [], createTime: '2026-01-01T00:00:00.000Z' });
		const first = await call('GET', '/v2/phone/sms_campaigns?page_size=2');
		expect(first.json).toMatchObject({ page_size: 2, total_records: 5, next_page_token: expect.stringMatching(/^\w+$/) });
		expect((first.json.sms_campaigns as unknown[]).length).toBe(2);
		expect((first.json.sms_campaigns as unknown[])[0]).toEqual({ id: CAMPAIGN_SEED.reminders.id, display_name: 'Appointment Reminders', status: 'active', brand: { ...CAMPAIGN_SEED.brand } });
		const rest = await call('GET', `/v2/phone/sms_campaigns?page_size=300&next_page_token=${String(first.json.next_page_token)}`);
		expect((rest.json.sms_campaigns as unknown[]).length).toBe(3);
		expect(rest.json.next_page_token).toBe('');
		expect(await call('GET', '/v2/phone/sms_campaigns?next_page_token=nope')).toEqual({ status: 400, json: { code: 400, message: 'The next page token is invalid or expired.' } });
	});

	test.each(['0', '301', 'ten'])('page_size=%s is a validation error (maximum 300)', async (size) => {
		const { status, json } = await call('GET', `/v2/phone/sms_campaigns?page_size=${size}`);
		expect([status, json.code]).toEqual([400, 300]);
	});

	test('each endpoint wants its scope', async () => {
		token = sim.issueToken({ scopes: [...DEFAULT_SCOPES] });
		for (const [method, path, scope] of [
			['GET', '/v2/phone/sms_campaigns', 'phone:read:list_sms_campaigns:admin'],
			['GET', campaign, 'phone:read:sms_campaign:admin'],
			['GET', `${campaign}/phone_numbers/opt_status?${q([['consumer_phone_number', riley], ['zoom_phone_user_numbers', alex]])}`, 'phone:read:sms_campaign_number_opt_status:admin'],
			['PATCH', `${campaign}/phone_numbers/opt_status`, 'phone:update:sms_campaign_number_opt_status:admin'],
			['GET', `/v2/phone/user/${SEED.users.alex.id}/sms_campaigns/phone_numbers/opt_status?${q([['consumer_phone_numbers', riley], ['zoom_phone_user_numbers', alex]])}`, 'phone:read:sms_campaign_number_opt_status:admin'],
		] as const) {
			const { status, json } = await call(method, path, method === 'PATCH' ? { consumer_phone_number: riley, zoom_phone_user_numbers: [alex], opt_status: 'opt_in' } : undefined);
			expect([path, status, json.code, json.message]).toEqual([path, 400, 4711, `Invalid access token, does not contain scopes:[${scope}].`]);
		}
		token = sim.issueToken({ scopes: ['phone:read:admin', 'phone:write:admin'] });
		expect((await call('GET', campaign)).status).toBe(200);
	});
});

describe('GET /phone/sms_campaigns/{id}', () => {
	test('the campaign as the spec shapes it; an unknown one is 404', async () => {
		const { status, json } = await call('GET', campaign);
		expect(status).toBe(200);
		expect(json).toMatchObject({ id: CAMPAIGN_SEED.reminders.id, status: 'active', service_type: 'zoomPhone', phone_numbers: [{ id: expect.any(String), number: alex }, { id: expect.any(String), number: support }] });
		expect((await call('GET', '/v2/phone/sms_campaigns/C-nope')).status).toBe(404);
	});
});

describe('opt statuses of a campaign', () => {
	const path = (pairs: Array<[string, string]>) => `${campaign}/phone_numbers/opt_status?${q(pairs)}`;

	test('one consumer against the numbers asked; numbers written without "+" too', async () => {
		const { status, json } = await call('GET', path([['consumer_phone_number', riley.slice(1)], ['zoom_phone_user_numbers', alex], ['zoom_phone_user_numbers', support]]));
		expect(status).toBe(200);
		expect(json).toEqual({
			phone_number_campaign_opt_statuses: [
				{ consumer_phone_number: riley, zoom_phone_user_number: alex, opt_status: 'opt_out' },
				{ consumer_phone_number: riley, zoom_phone_user_number: support, opt_status: 'pending' },
			],
		});
	});

	test.each<[string, number, number, Array<[string, string]>]>([
		['consumer_phone_number missing', 400, 300, [['zoom_phone_user_numbers', alex]]],
		['zoom_phone_user_numbers missing', 400, 300, [['consumer_phone_number', riley]]],
		['two consumers (the campaign endpoint takes one)', 400, 300, [['consumer_phone_number', riley], ['consumer_phone_number', casey], ['zoom_phone_user_numbers', alex]]],
		['a number twice (uniqueItems)', 400, 300, [['consumer_phone_number', riley], ['zoom_phone_user_numbers', alex], ['zoom_phone_user_numbers', alex]]],
		['11 numbers (maxItems 10)', 400, 400, [['consumer_phone_number', riley], ...Array.from({ length: 11 }, (_, i): [string, string] => ['zoom_phone_user_numbers', `+1555090${String(i).padStart(4, '0')}`])]],
		['not a phone number', 400, 300, [['consumer_phone_number', 'riley'], ['zoom_phone_user_numbers', alex]]],
	])('%s → %d code %d', async (_, status, code, pairs) => {
		const reply = await call('GET', path(pairs));
		expect([reply.status, reply.json.code]).toEqual([status, code]);
	});

	test('PATCH sets opt_in / opt_out and answers 204; the spec\'s errors otherwise', async () => {
		const patch = async (body: unknown, headers?: Record<string, string>) => await call('PATCH', `${campaign}/phone_numbers/opt_status`, body, headers);
		expect((await patch({ consumer_phone_number: '15557654321', zoom_phone_user_numbers: [alex], opt_status: 'opt_out' })).status).toBe(204);
		expect(sim.campaigns.optStatus(alex, casey)).toBe('opt_out');
		expect(await patch({ consumer_phone_number: casey, zoom_phone_user_numbers: [alex], opt_status: 'pending' })).toEqual({ status: 400, json: { code: 400, message: 'Opt status should be either opt_out or opt_in.' } });
		expect((await patch({ zoom_phone_user_numbers: [alex], opt_status: 'opt_in' })).json.code).toBe(300);
		expect((await patch({ consumer_phone_number: casey, zoom_phone_user_numbers: [], opt_status: 'opt_in' })).json.code).toBe(300);
		expect((await patch('not json')).json).toEqual({ code: 300, message: 'Request Body should be a valid JSON object.' });
		expect((await call('PATCH', '/v2/phone/sms_campaigns/C-nope/phone_numbers/opt_status', { consumer_phone_number: casey, zoom_phone_user_numbers: [alex], opt_status: 'opt_in' })).status).toBe(404);
		expect(sim.campaigns.optStatus(alex, casey)).toBe('opt_out');
	});
});

describe('opt statuses of a user', () => {
	const path = (user: string, pairs: Array<[string, string]>) => `/v2/phone/user/${user}/sms_campaigns/phone_numbers/opt_status?${q(pairs)}`;

	test('several consumers against the user\'s numbers, with opt_in_status; others\' numbers are left out', async () => {
		const { json } = await call('GET', path(SEED.users.alex.id, [['consumer_phone_numbers', riley], ['consumer_phone_numbers', casey], ['zoom_phone_user_numbers', alex], ['zoom_phone_user_numbers', support]]));
		expect(json.phone_number_campaign_opt_statuses).toEqual([
			{ consumer_phone_number: riley, zoom_phone_user_number: alex, opt_status: 'opt_out', opt_in_status: 4 },
			{ consumer_phone_number: casey, zoom_phone_user_number: alex, opt_status: 'opt_in', opt_in_status: 3 },
		]);
	});

	test('an unknown user is 404, "me" from a Server-to-Server token 400 code 300, and both lists are required', async () => {
		const pairs: Array<[string, string]> = [['consumer_phone_numbers', riley], ['zoom_phone_user_numbers', alex]];
		expect((await call('GET', path('nobody', pairs))).status).toBe(404);
		expect((await call('GET', path('me', pairs))).json.code).toBe(300);
		expect((await call('GET', path(SEED.users.alex.id, [['zoom_phone_user_numbers', alex]]))).json.code).toBe(300);
		expect((await call('GET', path(SEED.users.alex.id, [['consumer_phone_numbers', riley]]))).json.code).toBe(300);
	});
});

describe('keywords from consumers', () => {
	test.each<[string, string]>([
		['STOP', 'opt_out'],
		['unsubscribe', 'opt_out'],
		['  Quit ', 'opt_out'],
		['START', 'opt_in'],
		['yes', 'opt_in'],
		['stop it please', 'pending'],
	])('"%s" → %s', (message, status) => {
		sim.addInboundMessage({ from: '+15550909090', to: alex, message });
		expect(sim.campaigns.optStatus(alex, '+15550909090')).toBe(status);
	});

	test('a keyword to a number in no campaign changes nothing; POST /__sim/inbound flips it like an API call would', async () => {
		sim.addInboundMessage({ from: '+15550909090', to: SEED.accountNumbers.noSms, message: 'STOP' });
		expect(sim.campaigns.optStatus(SEED.accountNumbers.noSms, '+15550909090')).toBe('pending');
		const response = await fetch(`${sim.url}/__sim/inbound`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ from: casey, to: alex, message: 'STOP' }) });
		expect(response.status).toBe(200);
		expect(sim.campaigns.optStatus(alex, casey)).toBe('opt_out');
	});
});
