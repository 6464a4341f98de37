/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-dangerous-functions --
 * Tests of test tooling: they spawn the CLI, send signals and time things, none of which runs in n8n. */
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

import { SEED, TINY_PNG_BASE64 } from './seed';
import { startZoomSimulator, type AcceptedMessage, type ZoomSimulator } from './zoomSimulator';

const ROOT = join(__dirname, '..', '..');
const SEED_ACCOUNT = 'sim-account-id';
const A = SEED.accountNumbers;
const C = SEED.contacts;
const S = SEED.sessions;

const UUID_UPPER = /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/;
const SESSION_ID = /^[0-9a-f]{32}$/;
const ZOOM_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

interface Reply {
	status: number;
	headers: Headers;
	body: Record<string, unknown>;
	text: string;
}

type Json = Record<string, unknown>;

let sim: ZoomSimulator;

function basic(id: string, secret: string): string {
	return `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
}

async function call(
	method: string,
	path: string,
	options: {
		token?: string;
		body?: unknown;
		headers?: Record<string, string>;
		signal?: AbortSignal;
	} = {},
): Promise<Reply> {
	const headers: Record<string, string> = { ...(options.headers ?? {}) };
	if (options.token) headers.authorization = `Bearer ${options.token}`;
	let body: string | undefined;
	if (options.body !== undefined) {
		body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
		headers['content-type'] ??= 'application/json';
	}
	const res = await fetch(`${sim.url}${path}`, { method, headers, body, signal: options.signal });
	const text = await res.text();
	let parsed: Json = {};
	try {
		parsed = text === '' ? {} : (JSON.parse(text) as Json);
	} catch {
		parsed = { unparsable: text };
	}
	return { status: res.status, headers: res.headers, body: parsed, text };
}

async function requestToken(
	params = `grant_type=account_credentials&account_id=${SEED_ACCOUNT}`,
	auth = basic('sim-client-id', 'sim-client-secret'),
): Promise<Reply> {
	return call('POST', '/oauth/token', {
		body: params,
		headers: { authorization: auth, 'content-type': 'application/x-www-form-urlencoded' },
	});
}
async function token(): Promise<string> {
	const r = await requestToken();
	expect(r.status).toBe(200);
	return r.body.access_token as string;
}

function sms(overrides: Json = {}): Json {
	return {
		sender: { phone_number: A.alex },
		to_members: [{ phone_number: C.casey }],
		message: 'Hello from the simulator test',
		...overrides,
	};
}

async function send(tok: string, body: unknown = sms(), signal?: AbortSignal): Promise<Reply> {
	return call('POST', '/v2/phone/sms/messages', { token: tok, body, signal });
}

async function control(method: string, path: string, body?: unknown): Promise<Reply> {
	return call(method, `/__sim/${path}`, body === undefined ? {} : { body });
}

function png(extraBytes = 0): string {
	const bytes = Buffer.concat([Buffer.from(TINY_PNG_BASE64, 'base64'), Buffer.alloc(extraBytes)]);
	return bytes.toString('base64');
}

const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46]).toString(
	'base64',
);
const GIF = Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1').toString('base64');

beforeAll(async () => {
	sim = await startZoomSimulator();
});

afterAll(async () => {
	await sim.stop();
});

beforeEach(() => sim.reset());

// ---------------------------------------------------------------------------------------------------

describe('POST /oauth/token', () => {
	it('grants a bearer token for valid S2S credentials (form body)', async () => {
		const r = await requestToken();
		expect(r.status).toBe(200);
		expect(r.headers.get('x-zm-trackingid')).toBeTruthy();
		expect(r.body).toEqual({
			access_token: expect.stringMatching(/^sim_tok_1_/),
			token_type: 'bearer',
			expires_in: 3599,
			scope:
				'phone:read:list_numbers:admin phone:read:sms_message:admin phone:read:list_sms_sessions:admin phone:read:sms_session:admin',
			api_url: sim.url,
		});
		expect(sim.tokenRequests).toBe(1);
	});

	it('also takes the parameters from the query string, and tokens coexist', async () => {
		const first = await token();
		const r = await call(
			'POST',
			`/oauth/token?grant_type=account_credentials&account_id=${SEED_ACCOUNT}`,
			{
				headers: { authorization: basic('sim-client-id', 'sim-client-secret') },
			},
		);
		expect(r.status).toBe(200);
		const second = r.body.access_token as string;
		expect(second).not.toBe(first);
		for (const t of [first, second]) {
			expect((await call('GET', '/v2/phone/numbers', { token: t })).status).toBe(200);
		}
		expect(sim.state().tokensIssued).toBe(2);
	});

	it.each([
		[
			'wrong secret',
			basic('sim-client-id', 'nope'),
			`grant_type=account_credentials&account_id=${SEED_ACCOUNT}`,
		],
		[
			'wrong client id',
			basic('other', 'sim-client-secret'),
			`grant_type=account_credentials&account_id=${SEED_ACCOUNT}`,
		],
		['no Authorization header', '', `grant_type=account_credentials&account_id=${SEED_ACCOUNT}`],
	])('rejects %s with invalid_client', async (_name, auth, params) => {
		const r = await requestToken(params, auth);
		expect(r.status).toBe(400);
		expect(r.body).toEqual({
			reason: 'Invalid client_id or client_secret',
			error: 'invalid_client',
		});
	});

	it.each([
		// client_credentials is Zoom's app-level token (eventSubscriptions.test.ts); other grants are refused.
		['password', `grant_type=password&account_id=${SEED_ACCOUNT}`],
		['missing', `account_id=${SEED_ACCOUNT}`],
	])('rejects grant_type %s', async (_name, params) => {
		const r = await requestToken(params);
		expect(r.status).toBe(400);
		expect(r.body).toEqual({ reason: 'unsupported grant type', error: 'unsupported_grant_type' });
	});

	it.each([
		['unknown', 'grant_type=account_credentials&account_id=someone-else'],
		['missing', 'grant_type=account_credentials'],
	])('rejects an %s account_id', async (_name, params) => {
		const r = await requestToken(params);
		expect(r.status).toBe(400);
		expect(r.body).toEqual({ reason: 'Invalid account_id', error: 'invalid_request' });
		expect(sim.tokenRequests).toBe(1);
		expect(sim.state().tokensIssued).toBe(0);
	});
});

describe('API authentication', () => {
	it('answers 401 code 124 without, or with an unknown, bearer token', async () => {
		for (const headers of [{}, { authorization: 'Bearer sim_tok_999_unknown' }] as Array<
			Record<string, string>
		>) {
			const r = await call('GET', '/v2/phone/numbers', { headers });
			expect(r.status).toBe(401);
			expect(r.body).toEqual({ code: 124, message: 'Invalid access token.' });
			expect(r.headers.get('x-zm-trackingid')).toMatch(/^v=2\.0;clid=sim;rid=WEB_[0-9a-f]{32}$/);
		}
		expect(sim.state().counts.status401).toBe(2);
	});

	it('expires tokens after their TTL', async () => {
		sim.configure({ tokenTtlSeconds: 0.2 });
		const r = await requestToken();
		expect(r.body.expires_in).toBe(0);
		const t = r.body.access_token as string;
		expect((await call('GET', '/v2/phone/numbers', { token: t })).status).toBe(200);
		await new Promise((resolve) => setTimeout(resolve, 250));
		const late = await call('GET', '/v2/phone/numbers', { token: t });
		expect(late.status).toBe(401);
		expect(late.body).toEqual({ code: 124, message: 'Access token has expired.' });
	});

	it('expire-tokens and revoke-tokens invalidate every issued token', async () => {
		const [t1, t2] = [await token(), await token()];
		const expired = await control('POST', 'expire-tokens');
		expect(expired.body).toEqual({ ok: true, expired: 2 });
		for (const t of [t1, t2]) {
			const r = await send(t);
			expect(r.status).toBe(401);
			expect(r.body).toEqual({ code: 124, message: 'Access token has expired.' });
		}
		const t3 = await token();
		expect((await send(t3)).status).toBe(201);
		await control('POST', 'revoke-tokens');
		expect((await send(t3)).body).toEqual({ code: 124, message: 'Invalid access token.' });
		expect(sim.messages).toHaveLength(1);
	});
});

describe('scopes', () => {
	it('refuses an endpoint whose scope the token lacks, naming the granular admin scope', async () => {
		const t = sim.issueToken({ scopes: ['phone:read:list_numbers:admin'] });
		expect((await call('GET', '/v2/phone/numbers', { token: t })).status).toBe(200);
		const r = await send(t);
		expect(r.status).toBe(400);
		expect(r.body).toEqual({
			code: 4711,
			message: 'Invalid access token, does not contain scopes:[phone:read:sms_message:admin].',
		});
		const sessions = await call('GET', '/v2/phone/sms/sessions', { token: t });
		expect(sessions.body.message).toBe(
			'Invalid access token, does not contain scopes:[phone:read:list_sms_sessions:admin].',
		);
		expect(sim.messages).toHaveLength(0);
	});

	it('accepts any one of the documented scopes, classic included', async () => {
		const classic = sim.issueToken({ scopes: ['phone_sms:write:admin'] });
		expect((await send(classic)).status).toBe(201);
		expect((await call('GET', '/v2/phone/numbers', { token: classic })).status).toBe(400);
	});

	it('applies configured scopes to tokens issued afterwards only', async () => {
		const before = await token();
		sim.configure({ scopes: ['phone:read:list_numbers:admin'] });
		const after = await requestToken();
		expect(after.body.scope).toBe('phone:read:list_numbers:admin');
		expect((await send(after.body.access_token as string)).status).toBe(400);
		expect((await send(before)).status).toBe(201);
	});
});

describe('POST /v2/phone/sms/messages', () => {
	it('accepts a valid SMS, records it and shows it in the reads', async () => {
		const t = await token();
		const seen: AcceptedMessage[] = [];
		const listener = (m: AcceptedMessage) => seen.push(m);
		sim.on('message', listener);
		const r = await send(t, sms({ message: 'Your table is ready 🍽️' }));
		sim.off('message', listener);

		expect(r.status).toBe(201);
		expect(r.body).toEqual({
			message_id: expect.stringMatching(UUID_UPPER),
			session_id: S.alexCasey, // same sender + recipient as a seeded conversation
			date_time: expect.stringMatching(ZOOM_TIME),
		});
		expect(sim.messages).toHaveLength(1);
		const m = sim.messages[0];
		expect(m).toMatchObject({
			seq: 1,
			messageId: r.body.message_id,
			sessionId: S.alexCasey,
			sessionCreated: false,
			accessToken: t,
			sender: A.alex,
			toMembers: [C.casey],
			message: 'Your table is ready 🍽️',
			messageType: 1,
			deliveryStatus: 'sent',
			direction: 'Out',
			outcome: 'responded',
			body: sms({ message: 'Your table is ready 🍽️' }),
		});
		expect(seen).toEqual([m]);

		const one = await call('GET', `/v2/phone/sms/sessions/${S.alexCasey}/messages/${m.messageId}`, {
			token: t,
		});
		expect(one.status).toBe(200);
		expect(one.body).toEqual({
			message_id: m.messageId,
			date_time: r.body.date_time,
			direction: 'Out',
			message: 'Your table is ready 🍽️',
			message_type: 1,
			delivery_status: 'sent',
			sender: {
				phone_number: '15550100001',
				display_name: 'Alex Rivera',
				owner: { id: SEED.users.alex.id, type: 'user' },
			},
			to_members: [{ phone_number: '15557654321', display_name: 'Casey Morgan' }],
		});
	});

	it('reuses the session for the same sender and recipient set, and creates one otherwise', async () => {
		const t = await token();
		const group1 = await send(
			t,
			sms({ to_members: [{ phone_number: '+15551110001' }, { phone_number: '+15551110002' }] }),
		);
		const group2 = await send(
			t,
			sms({ to_members: [{ phone_number: '+15551110002' }, { phone_number: '+15551110001' }] }),
		);
		const other = await send(t, sms({ to_members: [{ phone_number: '+15551110001' }] }));
		const fromQueue = await send(
			t,
			sms({ sender: { phone_number: A.support }, to_members: [{ phone_number: '+15551110001' }] }),
		);
		expect(group1.body.session_id).toMatch(SESSION_ID);
		expect(group2.body.session_id).toBe(group1.body.session_id);
		expect(other.body.session_id).not.toBe(group1.body.session_id);
		expect(fromQueue.body.session_id).not.toBe(other.body.session_id);
		expect(sim.messages.map((m) => [m.sessionCreated, m.messageType])).toEqual([
			[true, 3],
			[false, 3],
			[true, 1],
			[true, 1],
		]);
		const all = await call('GET', '/v2/phone/sms/sessions?session_type=all', { token: t });
		const queue = (all.body.sms_sessions as Json[]).find(
			(s) => s.session_id === fromQueue.body.session_id,
		);
		expect(queue).toMatchObject({ session_type: 'call_queue' });
	});

	it('continues a given session_id, and rejects an unknown one with 12004', async () => {
		const t = await token();
		const ok = await send(
			t,
			sms({ session_id: S.alexGroup, to_members: [{ phone_number: C.taylor }] }),
		);
		expect(ok.status).toBe(201);
		expect(ok.body.session_id).toBe(S.alexGroup);
		const bad = await send(t, sms({ session_id: '0123456789abcdef0123456789abcdef' }));
		expect(bad.status).toBe(400);
		expect(bad.body).toEqual({ code: 12004, message: 'Session does not exist' });
	});

	const tooMany = Array.from({ length: 11 }, (_, i) => ({
		phone_number: `+1555111${String(i).padStart(4, '0')}`,
	}));
	// Every row has all four cells: jest passes a `done` callback in place of missing trailing ones.
	it.each<[string, Json, number, string | undefined]>([
		['no sender', { sender: undefined }, 300, undefined],
		['no sender.phone_number', { sender: { user_id: 'x' } }, 300, undefined],
		['a sender without +', { sender: { phone_number: '15550100001' } }, 316, undefined],
		['a sender with spaces', { sender: { phone_number: '+1 555 010 0001' } }, 316, undefined],
		['no to_members', { to_members: undefined }, 300, undefined],
		['empty to_members', { to_members: [] }, 300, undefined],
		[
			'11 recipients',
			{ to_members: tooMany },
			300,
			'to_members can have at most 10 recipients, got 11.',
		],
		['a recipient without phone_number', { to_members: [{}] }, 300, undefined],
		['a non-E.164 recipient', { to_members: [{ phone_number: '555-0100' }] }, 316, undefined],
		[
			'a sender outside the account',
			{ sender: { phone_number: '+15559876543' } },
			7001,
			'Phone number is not valid.',
		],
		['an unassigned sender', { sender: { phone_number: A.unassigned } }, 7001, undefined],
		[
			'a sender that may not send SMS',
			{ sender: { phone_number: A.noSms } },
			7028,
			'Do not allow to send SMS.',
		],
		[
			'an unknown sender.user_id',
			{ sender: { phone_number: A.alex, user_id: 'nobody' } },
			1001,
			undefined,
		],
		[
			'another user’s user_id',
			{ sender: { phone_number: A.alex, user_id: SEED.users.sam.id } },
			7028,
			undefined,
		],
		['a non-string message', { message: 42 }, 300, undefined],
		['neither message nor attachments', { message: undefined }, 300, undefined],
		['an empty message', { message: '' }, 300, undefined],
		['501 characters', { message: 'x'.repeat(501) }, 300, undefined],
		[
			'11 attachments',
			{ attachments: Array.from({ length: 11 }, () => ({ type: 'PNG', base64_encoding: png() })) },
			300,
			undefined,
		],
		['an attachment without type', { attachments: [{ base64_encoding: png() }] }, 138, undefined],
		[
			'a PDF attachment',
			{ attachments: [{ type: 'PDF', base64_encoding: png() }] },
			121,
			undefined,
		],
		[
			'a lower-case type',
			{ attachments: [{ type: 'png', base64_encoding: png() }] },
			121,
			undefined,
		],
		[
			'a non-base64 attachment',
			{ attachments: [{ type: 'PNG', base64_encoding: 'data:image/png;base64,AAAA' }] },
			300,
			undefined,
		],
		[
			'a GIF declared as PNG',
			{ attachments: [{ type: 'PNG', base64_encoding: GIF }] },
			140,
			undefined,
		],
		[
			'a PNG declared as JPEG',
			{ attachments: [{ type: 'JPEG', base64_encoding: png() }] },
			140,
			undefined,
		],
		[
			'over 2 MB of attachments',
			{ attachments: [{ type: 'PNG', base64_encoding: png(2 * 1024 * 1024) }] },
			300,
			undefined,
		],
		[
			'over 1000 bytes of text with an attachment',
			{ message: '😀'.repeat(251), attachments: [{ type: 'GIF', base64_encoding: GIF }] },
			300,
			undefined,
		],
	])('rejects %s and records nothing', async (_name, overrides, code, message) => {
		const t = await token();
		const body = sms(overrides);
		for (const [k, v] of Object.entries(overrides)) if (v === undefined) delete body[k];
		const r = await send(t, body);
		expect(r.status).toBe(400);
		expect(r.body.code).toBe(code);
		if (message) expect(r.body.message).toBe(message);
		if (code === 300)
			expect(r.body.errors).toEqual([{ field: expect.any(String), message: expect.any(String) }]);
		expect(sim.messages).toHaveLength(0);
	});

	it('counts characters as code points: 500 emoji (2000 bytes) are accepted', async () => {
		const r = await send(await token(), sms({ message: '😀'.repeat(500) }));
		expect(r.status).toBe(201);
	});

	it('rejects a body that is not JSON', async () => {
		const t = await token();
		const bad = await send(t, '{"sender":');
		expect(bad.body).toEqual({ code: 300, message: 'Request Body should be a valid JSON object.' });
		const form = await call('POST', '/v2/phone/sms/messages', {
			token: t,
			body: 'message=hi',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
		});
		expect(form.body).toEqual({ code: 300, message: 'Unsupported content type.' });
	});

	it('accepts an MMS, keeps only a summary of the bytes, and serves them back', async () => {
		const t = await token();
		const image = png(100);
		const r = await send(
			t,
			sms({
				message: 'Photo attached',
				attachments: [
					{ type: 'PNG', base64_encoding: image },
					{ type: 'JPG', base64_encoding: JPEG },
					{ type: 'GIF', base64_encoding: GIF },
				],
			}),
		);
		expect(r.status).toBe(201);
		const m = sim.messages[0];
		const bytes = Buffer.from(image, 'base64');
		expect(m.messageType).toBe(2);
		expect(m.attachments[0]).toEqual({
			type: 'PNG',
			size: bytes.length,
			sha256: createHash('sha256').update(bytes).digest('hex'),
		});
		expect(JSON.stringify(m.body)).not.toContain(image);

		const read = await call(
			'GET',
			`/v2/phone/sms/sessions/${m.sessionId}/messages/${m.messageId}`,
			{ token: t },
		);
		const attachments = read.body.attachments as Json[];
		expect(attachments.map((a) => a.type)).toEqual(['PNG', 'JPG', 'GIF']);
		const download = await fetch(attachments[0].download_url as string);
		expect(download.status).toBe(200);
		expect(download.headers.get('content-type')).toBe('image/png');
		expect(Buffer.from(await download.arrayBuffer()).equals(bytes)).toBe(true);
	});

	it('marks messages to numbers ending in 0000 failed_to_deliver (configurable)', async () => {
		const t = await token();
		const failed = await send(t, sms({ to_members: [{ phone_number: C.failing }] }));
		sim.configure({ deliveryStatusRules: [{ pattern: '^\\+1555765', status: 'delivered' }] });
		const delivered = await send(t);
		const status = async (r: Reply) =>
			(
				await call(
					'GET',
					`/v2/phone/sms/sessions/${r.body.session_id as string}/messages/${r.body.message_id as string}`,
					{ token: t },
				)
			).body.delivery_status;
		expect(await status(failed)).toBe('failed_to_deliver');
		expect(await status(delivered)).toBe('delivered');
	});
});

describe('GET /v2/phone/numbers', () => {
	it('lists the seeded numbers in the OpenAPI shape', async () => {
		const r = await call('GET', '/v2/phone/numbers', { token: await token() });
		expect(r.status).toBe(200);
		expect(r.body).toMatchObject({ next_page_token: '', page_size: 30, total_records: 5 });
		const numbers = r.body.phone_numbers as Json[];
		expect(numbers.map((n) => n.number)).toEqual(Object.values(A));
		expect(numbers[0]).toEqual({
			id: expect.any(String),
			number: A.alex,
			display_name: 'Alex Rivera',
			source: 'internal',
			status: 'available',
			number_type: 'toll',
			capability: ['incoming', 'outgoing'],
			location: expect.any(String),
			assignee: {
				id: SEED.users.alex.id,
				name: 'Alex Rivera',
				extension_number: 1001,
				type: 'user',
			},
			site: { id: expect.any(String), name: 'Main Site' },
		});
		expect(numbers[4].assignee).toBeUndefined();
		expect(sim.state().smsCapableNumbers).toEqual([A.alex, A.support, A.mainLine]);
	});

	it('filters by type, extension_type and number_type', async () => {
		const t = await token();
		const count = async (qs: string) =>
			((await call('GET', `/v2/phone/numbers?${qs}`, { token: t })).body.total_records as number) ??
			-1;
		expect(await count('type=assigned')).toBe(4);
		expect(await count('type=unassigned')).toBe(1);
		expect(await count('type=assigned&extension_type=callQueue')).toBe(1);
		expect(await count('number_type=tollfree')).toBe(0);
		expect(await count(`phone_number=${encodeURIComponent(A.mainLine)}`)).toBe(1);
	});

	it('rejects an unknown page token with code 300', async () => {
		const r = await call('GET', '/v2/phone/numbers?next_page_token=stale', {
			token: await token(),
		});
		expect(r.status).toBe(400);
		expect(r.body).toEqual({ code: 300, message: 'Invalid next_page_token' });
	});
});

describe('session reads', () => {
	it('lists user sessions of the past 30 days by default, newest first, numbers without +', async () => {
		const r = await call('GET', '/v2/phone/sms/sessions', { token: await token() });
		expect(r.status).toBe(200);
		const sessions = r.body.sms_sessions as Json[];
		expect(sessions.map((s) => s.session_id)).toEqual([S.alexCasey, S.alexFailed, S.alexGroup]);
		expect(sessions[0]).toEqual({
			session_id: S.alexCasey,
			session_type: 'user',
			last_access_time: expect.stringMatching(ZOOM_TIME),
			participants: [
				{
					phone_number: '15550100001',
					display_name: 'Alex Rivera',
					owner: { id: SEED.users.alex.id, type: 'user' },
					is_session_owner: true,
				},
				{ phone_number: '15557654321', display_name: 'Casey Morgan', is_session_owner: false },
			],
		});
		expect(r.body.next_page_token).toBe('');
	});

	it('filters by session_type, phone_number and date window', async () => {
		const t = await token();
		const ids = async (qs: string) =>
			(
				(await call('GET', `/v2/phone/sms/sessions?${qs}`, { token: t })).body
					.sms_sessions as Json[]
			).map((s) => s.session_id);
		expect(await ids('session_type=all')).toEqual([
			S.alexCasey,
			S.mainLineHarper,
			S.alexFailed,
			S.alexGroup,
			S.supportMorgan,
		]);
		expect(await ids('session_type=call_queue')).toEqual([S.supportMorgan]);
		expect(await ids('session_type=all&phone_number=447700900123')).toEqual([S.mainLineHarper]);
		const day = (offset: number) =>
			new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
		expect(await ids(`from=${day(-65)}&to=${day(-40)}`)).toEqual([S.alexOld]);
		expect(
			await ids(
				`session_type=all&from=${day(-44)}&to=${day(-15)}&filter_type=received_message_time`,
			),
		).toEqual([S.supportMorgan]);
	});

	it.each([
		[
			'from without to',
			'from=2026-01-01',
			300,
			'The to parameter is required when from is specified.',
		],
		[
			'a window over one month',
			'from=2026-01-01&to=2026-02-02',
			300,
			'The date range cannot exceed one month.',
		],
		['a bad date', 'from=2026-02-30&to=2026-03-01', 300, undefined],
		['an unknown session_type', 'session_type=everyone', 400, 'SMS session type is invalid.'],
		[
			'a stale page token',
			'next_page_token=nope',
			400,
			'The next page token is invalid or expired.',
		],
	])('rejects %s', async (_name, qs, code, message) => {
		const r = await call('GET', `/v2/phone/sms/sessions?${qs}`, { token: await token() });
		expect(r.status).toBe(400);
		expect(r.body.code).toBe(code);
		if (message) expect(r.body.message).toBe(message);
	});

	it('allows exactly one month, in both date formats', async () => {
		const t = await token();
		for (const qs of [
			'from=2026-01-01&to=2026-02-01',
			'from=2026-01-31T10:00:00Z&to=2026-02-28T10:00:00Z',
		]) {
			expect((await call('GET', `/v2/phone/sms/sessions?${qs}`, { token: t })).status).toBe(200);
		}
	});

	it("lists a user's sessions by id or email, including their call queues", async () => {
		const t = await token();
		const ids = async (user: string, qs = '') =>
			(
				(
					await call('GET', `/v2/phone/users/${encodeURIComponent(user)}/sms/sessions?${qs}`, {
						token: t,
					})
				).body.sms_sessions as Json[]
			).map((s) => s.session_id);
		expect(await ids(SEED.users.alex.id)).toEqual([S.alexCasey, S.alexFailed, S.alexGroup]);
		expect(await ids('alex.rivera@example.com', 'session_type=call_queue')).toEqual([
			S.supportMorgan,
		]);
		expect(await ids(SEED.users.sam.id, 'session_type=all')).toEqual([S.supportMorgan]);
		expect(await ids(SEED.users.jordan.id)).toEqual([]);
		const missing = await call('GET', '/v2/phone/users/nobody/sms/sessions', { token: t });
		expect(missing.status).toBe(404);
		expect(missing.body).toEqual({ code: 1001, message: 'User does not exist: nobody.' });
	});

	it('returns session messages in the window, sortable and filterable', async () => {
		const t = await token();
		const get = async (qs = '') =>
			(await call('GET', `/v2/phone/sms/sessions/${S.alexCasey}?${qs}`, { token: t })).body
				.sms_histories as Json[];
		const recent = await get();
		expect(recent.map((m) => m.direction)).toEqual(['In', 'Out', 'In']); // the 45-day-old pair is outside
		expect(recent[2]).toMatchObject({ message_type: 2, delivery_status: 'received' });
		expect((await get('sort=2'))[0].message_id).toBe(SEED.mmsMessageId);
		expect((await get('delivery_status=delivered')).map((m) => m.direction)).toEqual(['Out']);
		const day = (offset: number) =>
			new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
		expect(await get(`from=${day(-46)}&to=${day(-40)}`)).toHaveLength(2);
	});

	it('serves the seeded MMS and its attachment', async () => {
		const t = await token();
		const r = await call(
			'GET',
			`/v2/phone/sms/sessions/${S.alexCasey}/messages/${SEED.mmsMessageId}`,
			{ token: t },
		);
		const [attachment] = r.body.attachments as Json[];
		expect(attachment).toMatchObject({
			id: SEED.attachmentId,
			name: 'part-photo.png',
			type: 'PNG',
		});
		const url = attachment.download_url as string;
		expect(url.startsWith(`${sim.url}/file/download/`)).toBe(true);
		const ok = await fetch(url);
		expect(Buffer.from(await ok.arrayBuffer()).toString('base64')).toBe(TINY_PNG_BASE64);
		expect((await fetch(url.replace(/jwt=.*/, 'jwt=forged'))).status).toBe(401);
	});

	it('answers 404 for unknown sessions and messages', async () => {
		const t = await token();
		const session = await call('GET', '/v2/phone/sms/sessions/ffffffffffffffffffffffffffffffff', {
			token: t,
		});
		expect(session.status).toBe(404);
		expect(session.body).toEqual({ code: 12004, message: 'Session does not exist' });
		const message = await call('GET', `/v2/phone/sms/sessions/${S.alexCasey}/messages/NOPE`, {
			token: t,
		});
		expect(message.status).toBe(404);
		const elsewhere = await call(
			'GET',
			`/v2/phone/sms/sessions/${S.alexGroup}/messages/${SEED.mmsMessageId}`,
			{
				token: t,
			},
		);
		expect(elsewhere.status).toBe(404);
	});

	it('shows inbound messages added through the control plane', async () => {
		const t = await token();
		const added = await control('POST', 'inbound', {
			from: C.casey,
			to: A.alex,
			message: 'On my way',
		});
		expect(added.body.sessionId).toBe(S.alexCasey);
		const list = (await call('GET', `/v2/phone/sms/sessions/${S.alexCasey}?sort=2`, { token: t }))
			.body.sms_histories as Json[];
		expect(list[0]).toMatchObject({
			message: 'On my way',
			direction: 'In',
			delivery_status: 'received',
		});
	});
});

describe('pagination across pages', () => {
	let big: ZoomSimulator;
	let previous: ZoomSimulator;

	beforeAll(async () => {
		big = await startZoomSimulator({
			seed: { extraNumbers: 60, extraSessions: 45, extraMessages: 70 },
		});
		previous = sim;
		sim = big;
	});

	afterAll(async () => {
		sim = previous;
		await big.stop();
	});

	async function walk(
		path: string,
		key: string,
		pageSize: number,
	): Promise<{ items: Json[]; pages: number }> {
		const t = big.issueToken();
		const items: Json[] = [];
		let pageToken = '';
		let pages = 0;
		do {
			const sep = path.includes('?') ? '&' : '?';
			const r = await call(
				'GET',
				`${path}${sep}page_size=${pageSize}&next_page_token=${pageToken}`,
				{ token: t },
			);
			expect(r.status).toBe(200);
			expect(r.body.page_size).toBe(pageSize);
			const page = r.body[key] as Json[];
			expect(page.length).toBeLessThanOrEqual(pageSize);
			items.push(...page);
			pageToken = r.body.next_page_token as string;
			pages++;
		} while (pageToken !== '' && pages < 50);
		return { items, pages };
	}

	it('walks numbers', async () => {
		const { items, pages } = await walk('/v2/phone/numbers', 'phone_numbers', 25);
		expect(pages).toBe(3);
		expect(new Set(items.map((n) => n.number)).size).toBe(65);
	});

	it('walks sessions', async () => {
		const { items, pages } = await walk('/v2/phone/sms/sessions', 'sms_sessions', 20);
		expect(pages).toBe(3);
		expect(new Set(items.map((s) => s.session_id)).size).toBe(48);
	});

	it('walks session messages', async () => {
		const { items, pages } = await walk(
			`/v2/phone/sms/sessions/${S.alexCasey}`,
			'sms_histories',
			30,
		);
		expect(pages).toBe(3);
		expect(new Set(items.map((m) => m.message_id)).size).toBe(73);
		const times = items.map((m) => m.date_time as string);
		expect([...times].sort()).toEqual(times);
	});

	it('caps page_size at 100 and rejects a token from another endpoint', async () => {
		const t = big.issueToken();
		const r = await call('GET', '/v2/phone/numbers?page_size=500', { token: t });
		expect(r.body.page_size).toBe(100);
		const first = await call('GET', '/v2/phone/numbers?page_size=10', { token: t });
		const cross = await call(
			'GET',
			`/v2/phone/sms/sessions?next_page_token=${first.body.next_page_token as string}`,
			{
				token: t,
			},
		);
		expect(cross.status).toBe(400);
	});
});

describe('faults', () => {
	it('status: answers the given status for `count` matching requests, recording nothing', async () => {
		const t = await token();
		sim.addFault({ kind: 'status', status: 503, count: 2, path: '/v2/phone/sms/messages' });
		expect((await call('GET', '/v2/phone/numbers', { token: t })).status).toBe(200);
		const a = await send(t);
		const b = await send(t);
		const c = await send(t);
		expect([a.status, b.status, c.status]).toEqual([503, 503, 201]);
		expect(a.body).toEqual({ code: 503, message: 'Service Unavailable' });
		expect(sim.messages).toHaveLength(1);
		expect(sim.state().counts.status5xx).toBe(2);
		expect(sim.faults).toHaveLength(0);
	});

	it('status 429: Zoom bodies and headers, Retry-After in seconds, HTTP-date or verbatim', async () => {
		const t = await token();
		sim.addFault([
			{ kind: 'status', status: 429, retryAfter: 2 },
			{ kind: 'status', status: 429, retryAfter: 3, retryAfterFormat: 'http-date' },
			{
				kind: 'status',
				status: 429,
				rateLimitType: 'Daily-limit',
				retryAfter: '2030-01-01T00:00:00Z',
			},
		]);
		const qps = await send(t);
		expect(qps.status).toBe(429);
		expect(qps.body).toEqual({
			code: 429,
			message: 'You have reached the maximum per-second rate limit for this API. Try again later.',
		});
		expect(qps.headers.get('retry-after')).toBe('2');
		expect(qps.headers.get('x-ratelimit-type')).toBe('QPS');
		expect(qps.headers.get('x-ratelimit-category')).toBe('Medium');
		const dated = await send(t);
		const when = Date.parse(dated.headers.get('retry-after') ?? '');
		expect(when - Date.now()).toBeGreaterThan(500);
		expect(when - Date.now()).toBeLessThan(4000);
		const daily = await send(t);
		expect(daily.body.message).toMatch(/maximum daily rate limit/);
		expect(daily.headers.get('x-ratelimit-type')).toBe('Daily-limit');
		expect(daily.headers.get('retry-after')).toBe('2030-01-01T00:00:00Z');
		expect(sim.messages).toHaveLength(0);
		expect(sim.state().counts.status429).toBe(3);
	});

	it('status on the token endpoint when targeted explicitly', async () => {
		sim.addFault({ kind: 'status', status: 500, path: '/oauth/token' });
		expect((await requestToken()).status).toBe(500);
		expect((await requestToken()).status).toBe(200);
		expect(sim.tokenRequests).toBe(2);
	});

	it('missingScope and invalidToken', async () => {
		const t = await token();
		sim.addFault([{ kind: 'missingScope' }, { kind: 'invalidToken', expired: true }]);
		const scope = await send(t);
		expect(scope.body).toEqual({
			code: 4711,
			message: 'Invalid access token, does not contain scopes:[phone:read:sms_message:admin].',
		});
		const expired = await send(t);
		expect(expired.status).toBe(401);
		expect(expired.body.message).toBe('Access token has expired.');
		expect((await send(t)).status).toBe(201);
	});

	it('delay (and global latency) hold the answer back', async () => {
		const t = await token();
		sim.addFault({ kind: 'delay', ms: 300 });
		let start = Date.now();
		expect((await send(t)).status).toBe(201);
		expect(Date.now() - start).toBeGreaterThanOrEqual(290);
		sim.configure({ latencyMs: 150 });
		start = Date.now();
		expect((await call('GET', '/v2/phone/numbers', { token: t })).status).toBe(200);
		expect(Date.now() - start).toBeGreaterThanOrEqual(140);
	});

	it('malformedJson: the send is accepted but the body does not parse', async () => {
		const t = await token();
		sim.addFault({ kind: 'malformedJson', method: 'POST' });
		const r = await send(t);
		expect(r.status).toBe(201);
		expect(() => JSON.parse(r.text)).toThrow();
		expect(r.text.startsWith('{"message_id":"')).toBe(true);
		expect(sim.messages.map((m) => m.outcome)).toEqual(['malformedJson']);
	});

	it('resetBeforeAccept: the connection drops and nothing is recorded', async () => {
		const t = await token();
		sim.addFault({ kind: 'resetBeforeAccept' });
		await expect(send(t)).rejects.toThrow();
		expect(sim.messages).toHaveLength(0);
		expect(sim.state().counts.resets).toBe(1);
		expect((await send(t)).status).toBe(201);
	});

	it('resetAfterAccept: the connection drops but the message was accepted', async () => {
		const t = await token();
		sim.addFault({ kind: 'resetAfterAccept' });
		await expect(send(t)).rejects.toThrow();
		expect(sim.messages.map((m) => m.outcome)).toEqual(['resetAfterAccept']);
	});

	it('hang: never answers, the client times out, the message was accepted', async () => {
		const t = await token();
		sim.addFault({ kind: 'hang' });
		await expect(send(t, sms(), AbortSignal.timeout(300))).rejects.toThrow();
		expect(sim.messages.map((m) => m.outcome)).toEqual(['hang']);
		expect(sim.state().counts.hangs).toBe(1);
	});

	it('matches by method and glob path', async () => {
		const t = await token();
		sim.addFault({ kind: 'status', status: 502, method: 'GET', path: '/v2/phone/sms/sessions/*' });
		expect((await send(t)).status).toBe(201);
		expect((await call('GET', '/v2/phone/sms/sessions', { token: t })).status).toBe(200);
		expect((await call('GET', `/v2/phone/sms/sessions/${S.alexCasey}`, { token: t })).status).toBe(
			502,
		);
	});
});

describe('rate limits', () => {
	it('answers 429 beyond N requests per second and records none of the rejected sends', async () => {
		const t = await token();
		sim.configure({ rateLimitPerSecond: 10 });
		const replies = await Promise.all(Array.from({ length: 25 }, () => send(t)));
		const statuses = replies.map((r) => r.status);
		expect(statuses.filter((s) => s === 201)).toHaveLength(10);
		expect(statuses.filter((s) => s === 429)).toHaveLength(15);
		const limited = replies.find((r) => r.status === 429);
		expect(limited?.body.message).toMatch(/per-second rate limit/);
		expect(limited?.headers.get('x-ratelimit-type')).toBe('QPS');
		expect(sim.messages).toHaveLength(10);
		expect(sim.state().counts.status429).toBe(15);
		await new Promise((resolve) => setTimeout(resolve, 1050));
		expect((await send(t)).status).toBe(201);
	});

	it('answers the daily 429 with an ISO Retry-After at the next UTC midnight', async () => {
		const t = await token();
		sim.configure({ dailyLimit: 2 });
		expect((await send(t)).status).toBe(201);
		expect((await send(t)).status).toBe(201);
		const r = await send(t);
		expect(r.status).toBe(429);
		expect(r.body.message).toMatch(/maximum daily rate limit/);
		expect(r.headers.get('x-ratelimit-type')).toBe('Daily-limit');
		const midnight = new Date();
		midnight.setUTCHours(24, 0, 0, 0);
		expect(r.headers.get('retry-after')).toBe(midnight.toISOString().replace('.000Z', 'Z'));
		expect((await call('GET', '/v2/phone/numbers', { token: t })).status).toBe(200); // reads are not counted
		expect(sim.messages).toHaveLength(2);
	});
});

describe('control endpoints', () => {
	it('report state, take faults and config, and reset', async () => {
		const t = await token();
		await send(t);
		const state = await control('GET', 'state');
		expect(state.status).toBe(200);
		expect(state.body).toMatchObject({
			url: sim.url,
			tokenRequests: 1,
			tokensIssued: 1,
			tokensActive: 1,
			messagesAccepted: 1,
			requests: { total: 2, byStatus: { '200': 1, '201': 1 } },
			counts: { status401: 0, status429: 0, status5xx: 0, resets: 0, hangs: 0, malformed: 0 },
			smsCapableNumbers: [A.alex, A.support, A.mainLine],
		});
		expect(state.body.config).not.toHaveProperty('clientSecret');
		expect((state.body.messages as Json[])[0]).toMatchObject({ sender: A.alex, accessToken: t });
		expect((await control('GET', 'state?messages=0')).body).not.toHaveProperty('messages');

		const faults = await control('POST', 'faults', [
			{ kind: 'status', status: 500, count: 2 },
			{ kind: 'delay', ms: 10, pathRegex: '^/v2/phone/numbers$' },
		]);
		expect(faults.body).toEqual({ ok: true, pending: 2 });
		expect((await control('POST', 'faults', { kind: 'explode' })).status).toBe(400);
		expect((await send(t)).status).toBe(500);

		const config = await control('POST', 'config', {
			clientId: 'other-client',
			clientSecret: 'other-secret',
			latencyMs: 5,
			scopes: 'phone:read:list_numbers:admin phone_sms:write:admin',
		});
		expect(config.body).toMatchObject({ clientId: 'other-client', latencyMs: 5 });
		expect((await requestToken()).body.error).toBe('invalid_client');
		const other = await requestToken(undefined, basic('other-client', 'other-secret'));
		expect(other.body.scope).toBe('phone:read:list_numbers:admin phone_sms:write:admin');
		expect((await control('POST', 'config', { latencyMs: -1 })).status).toBe(400);

		expect((await control('POST', 'reset')).body).toEqual({ ok: true });
		const after = await control('GET', 'state');
		expect(after.body).toMatchObject({ tokenRequests: 0, messagesAccepted: 0, pendingFaults: [] });
		expect((after.body.config as Json).clientId).toBe('sim-client-id');
		expect((await send(t)).status).toBe(401); // tokens are gone
		expect((await control('GET', 'nope')).status).toBe(404);
	});

	it('keeps connections alive across many requests', async () => {
		const t = await token();
		for (let i = 0; i < 100; i++) await call('GET', '/v2/phone/numbers?page_size=1', { token: t });
		const state = sim.state({ includeMessages: false });
		expect(state.requests.total).toBe(101);
		expect(state.connectionsOpened).toBeLessThanOrEqual(3);
	});

	it('stop() closes promptly even with a hanging request', async () => {
		const own = await startZoomSimulator();
		const t = own.issueToken();
		own.addFault({ kind: 'hang' });
		const pending = fetch(`${own.url}/v2/phone/numbers`, {
			headers: { authorization: `Bearer ${t}` },
		}).catch((error: unknown) => error);
		await new Promise((resolve) => setTimeout(resolve, 50));
		const start = Date.now();
		await own.stop();
		expect(Date.now() - start).toBeLessThan(1000);
		// fetch rejects with a TypeError from another realm than jest's, so check the shape, not the class.
		expect(await pending).toHaveProperty('message', 'fetch failed');
	});
});

describe('cli', () => {
	const children: ChildProcess[] = [];
	afterAll(() => {
		for (const child of children)
			if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
	});

	function startCli(args: string[]): {
		child: ChildProcess;
		firstLine: Promise<Json>;
		exited: Promise<number | null>;
	} {
		const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'cli.ts'), ...args], {
			cwd: ROOT,
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		children.push(child);
		const exited = new Promise<number | null>((resolve) =>
			child.on('exit', (code) => resolve(code)),
		);
		const firstLine = new Promise<Json>((resolve, reject) => {
			const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
			lines.once('line', (line) => resolve(JSON.parse(line) as Json));
			child.once('exit', (code) => reject(new Error(`cli exited early with ${String(code)}`)));
		});
		return { child, firstLine, exited };
	}

	it('prints its URL as one JSON line, serves, and exits on SIGTERM', async () => {
		const { child, firstLine, exited } = startCli([
			'--client-id',
			'cli-client',
			'--rate-limit',
			'5',
		]);
		const info = await firstLine;
		expect(info).toMatchObject({
			url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/),
			clientId: 'cli-client',
			accountId: 'sim-account-id',
			smsCapableNumbers: [A.alex, A.support, A.mainLine],
		});
		const health = await fetch(`${info.url as string}/__sim/config`);
		expect(await health.json()).toMatchObject({ clientId: 'cli-client', rateLimitPerSecond: 5 });
		child.kill('SIGTERM');
		expect(await exited).toBe(0);
	});

	it('exits by itself when its parent pid is gone', async () => {
		const parent = spawn('sleep', ['30'], { stdio: 'ignore' });
		children.push(parent);
		const { firstLine, exited } = startCli(['--parent-pid', String(parent.pid)]);
		await firstLine;
		const parentGone = new Promise((resolve) => parent.on('exit', resolve));
		parent.kill('SIGKILL');
		await parentGone;
		const start = Date.now();
		expect(await exited).toBe(0);
		expect(Date.now() - start).toBeLessThan(3000);
	});
});
