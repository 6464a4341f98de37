/**
 * The simulator's 10DLC SMS campaigns and the opt statuses of consumer numbers, shaped and validated as
 * Zoom's OpenAPI extract (../shared/reference/zoom-phone-sms.openapi.json) documents them:
 *
 * - `GET /phone/sms_campaigns` (listAccountSMSCampaigns): `page_size` ≤ 300 (default 30), `next_page_token`.
 * - `GET /phone/sms_campaigns/{smsCampaignId}` (GetSMSCampaign): status, brand and `phone_numbers[{id, number}]`.
 * - `GET|PATCH /phone/sms_campaigns/{smsCampaignId}/phone_numbers/opt_status`: one consumer
 *   (`consumer_phone_number`, required) against up to 10 of the campaign's numbers (`zoom_phone_user_numbers`,
 *   required, unique); PATCH sets `opt_in` / `opt_out` and answers 204.
 * - `GET /phone/user/{userId}/sms_campaigns/phone_numbers/opt_status`: up to 10 consumers against up to 10
 *   of the user's numbers, with `opt_in_status` (0–4).
 *
 * An inbound SMS whose whole text is an opt-out keyword (STOP…) flips the pair to `opt_out`, an opt-in
 * keyword (START…) to `opt_in`, as carriers and Zoom handle them (zoom-api.md: "START/STOP keywords from
 * recipients are honoured").
 *
 * Array query parameters are read in OpenAPI's default form (`style: form, explode: true`): the key repeated
 * once per value. [SIM] Zoom's answers where the spec is silent (an unknown campaign on GET, a pair never
 * seen, a number outside the campaign) are marked [SIM] where they are made.
 *
 * Self-contained on purpose: zoomSimulator.ts hooks it in with a route list, a state field and one call
 * from its inbound path, so branches adding other simulator features merge cleanly.
 */
import { randomBytes } from 'node:crypto';

import { SEED, zoomId, type SeedData } from './seed';

export type CampaignStatus = 'draft' | 'active' | 'expired' | 'pending' | 'declined' | '--';
export type OptStatus = 'pending' | 'opt_out' | 'opt_in';
/** What a consumer's STOP or START keyword sets. */
export type KeywordOptStatus = Exclude<OptStatus, 'pending'>;

/** Scopes each campaign endpoint accepts (any one suffices), from the OpenAPI `security` blocks. */
export const CAMPAIGN_ENDPOINT_SCOPES = {
	listSmsCampaigns: ['phone:read:admin', 'phone:read:list_sms_campaigns:admin'],
	getSmsCampaign: ['phone:read:admin', 'phone:read:sms_campaign:admin'],
	listCampaignOptStatuses: ['phone:read:admin', 'phone:read:sms_campaign_number_opt_status:admin'],
	updateCampaignOptStatuses: ['phone:write:admin', 'phone:update:sms_campaign_number_opt_status:admin'],
	listUserOptStatuses: [
		'phone:read',
		'phone:read:admin',
		'phone:read:sms_campaign_number_opt_status',
		'phone:read:sms_campaign_number_opt_status:admin',
	],
} as const satisfies Record<string, readonly string[]>;

/** What an S2S app adds to read campaigns and opt statuses, and to record consent (granular admin scopes). */
export const CONSENT_SCOPES: readonly string[] = [
	'phone:read:list_sms_campaigns:admin',
	'phone:read:sms_campaign:admin',
	'phone:read:sms_campaign_number_opt_status:admin',
	'phone:update:sms_campaign_number_opt_status:admin',
];

export interface SeedCampaign {
	id: string;
	displayName: string;
	status: CampaignStatus;
	brand: { id: string; name: string };
	/** E.164 numbers of the account assigned to the campaign. */
	numbers: string[];
	createTime: string;
}

/** The seeded campaigns, by fixed ids (like SEED). */
export const CAMPAIGN_SEED = {
	/** Active: Alex's and the Support queue's numbers. */
	reminders: { id: `C-${zoomId('campaign:reminders')}`, displayName: 'Appointment Reminders' },
	/** Pending registration: the Main Line number. */
	promotions: { id: `C-${zoomId('campaign:promotions')}`, displayName: 'Spring Promotions' },
	brand: { id: `B-${zoomId('brand:acme')}`, name: 'Acme Dental' },
	/** Seeded opt statuses: Riley texted STOP to Alex's number, Casey texted START. */
	optedOut: [{ zoomNumber: SEED.accountNumbers.alex, consumer: SEED.contacts.riley }],
	optedIn: [{ zoomNumber: SEED.accountNumbers.alex, consumer: SEED.contacts.casey }],
} as const;

/** CTIA's standard keywords; Zoom's exact list is not documented [UNVERIFIED]. */
const OPT_OUT_KEYWORDS = new Set(['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT']);
const OPT_IN_KEYWORDS = new Set(['START', 'YES', 'UNSTOP']);

const MAX_CAMPAIGN_PAGE = 300;
const MAX_PAIR_NUMBERS = 10;
const PAGE_TOKEN_TTL_MS = 15 * 60_000;

/** The parts of a simulator request a campaign route reads. */
export interface CampaignRequest {
	query: URLSearchParams;
	params: string[];
	body: Buffer;
	headers: { 'content-type'?: string };
}

export interface CampaignResult {
	status: number;
	body?: unknown;
}

export interface CampaignRoute {
	method: string;
	label: string;
	pattern: RegExp;
	endpoint: keyof typeof CAMPAIGN_ENDPOINT_SCOPES;
	handler: (ctx: CampaignRequest) => CampaignResult;
}

class CampaignApiError extends Error {
	constructor(
		readonly status: number,
		readonly code: number,
		message: string,
		readonly errors?: Array<{ field: string; message: string }>,
	) {
		super(message);
	}

	toResult(): CampaignResult {
		return { status: this.status, body: { code: this.code, message: this.message, ...(this.errors ? { errors: this.errors } : {}) } };
	}
}

function validation(field: string, message: string): CampaignApiError {
	return new CampaignApiError(400, 300, 'Validation Failed.', [{ field, message }]);
}

const E164 = /^\+[1-9]\d{1,14}$/;

/** Zoom's examples write these numbers with and without "+" ("15043449240"): both are read as E.164. */
function asE164(value: string): string | undefined {
	const candidate = value.startsWith('+') ? value : `+${value}`;
	return E164.test(candidate) ? candidate : undefined;
}

function pairKey(zoomNumber: string, consumer: string): string {
	return `${zoomNumber}|${consumer}`;
}

/** The campaigns of a seed whose numbers are still in it (`onlyNumbers` may have left some out). */
export function seedCampaigns(seed: SeedData): SeedCampaign[] {
	const present = new Set(seed.numbers.map((n) => n.number));
	const keep = (numbers: string[]) => numbers.filter((n) => present.has(n));
	return [
		{
			...CAMPAIGN_SEED.reminders,
			status: 'active',
			brand: { ...CAMPAIGN_SEED.brand },
			numbers: keep([SEED.accountNumbers.alex, SEED.accountNumbers.support]),
			createTime: '2025-03-14T09:30:00.000Z',
		},
		{
			...CAMPAIGN_SEED.promotions,
			status: 'pending',
			brand: { ...CAMPAIGN_SEED.brand },
			numbers: keep([SEED.accountNumbers.mainLine]),
			createTime: '2026-02-01T16:05:00.000Z',
		},
	];
}

export class Campaigns {
	private campaigns: SeedCampaign[] = [];
	private optStatuses = new Map<string, OptStatus>();
	private cursors = new Map<string, { offset: number; expiresAt: number }>();

	/** `seed`: the simulator's current seed; call reset() once it is loaded (and after every reload). */
	constructor(private readonly seed: () => SeedData) {}

	reset(): void {
		this.campaigns = seedCampaigns(this.seed());
		this.optStatuses.clear();
		this.cursors.clear();
		for (const { zoomNumber, consumer } of CAMPAIGN_SEED.optedOut) this.optStatuses.set(pairKey(zoomNumber, consumer), 'opt_out');
		for (const { zoomNumber, consumer } of CAMPAIGN_SEED.optedIn) this.optStatuses.set(pairKey(zoomNumber, consumer), 'opt_in');
	}

	/** The campaign a number belongs to (Zoom: a number is in at most one campaign). */
	campaignOf(zoomNumber: string): SeedCampaign | undefined {
		return this.campaigns.find((campaign) => campaign.numbers.includes(zoomNumber));
	}

	/** A pair never seen is `pending` [SIM]: the spec lists the value but not when Zoom gives it. */
	optStatus(zoomNumber: string, consumer: string): OptStatus {
		return this.optStatuses.get(pairKey(zoomNumber, consumer)) ?? 'pending';
	}

	/** Sets a pair's status directly (tests, the control API). */
	setOptStatus(zoomNumber: string, consumer: string, status: OptStatus): void {
		this.optStatuses.set(pairKey(zoomNumber, consumer), status);
	}

	/** Adds a campaign (tests, the demo). */
	addCampaign(campaign: SeedCampaign): void {
		for (const existing of this.campaigns) existing.numbers = existing.numbers.filter((n) => !campaign.numbers.includes(n));
		this.campaigns.push({ ...campaign, numbers: [...campaign.numbers] });
	}

	/**
	 * An inbound SMS: a consumer's opt-out or opt-in keyword to a campaign number sets their status with that
	 * number. Returns the status the keyword set (Zoom then sends its opt-out or opt-in event), if any.
	 */
	inbound(from: string, to: string, text: string): KeywordOptStatus | undefined {
		if (!this.campaignOf(to)) return undefined;
		const keyword = text.trim().toUpperCase();
		const status: KeywordOptStatus | undefined = OPT_OUT_KEYWORDS.has(keyword) ? 'opt_out' : OPT_IN_KEYWORDS.has(keyword) ? 'opt_in' : undefined;
		if (status) this.optStatuses.set(pairKey(to, from), status);
		return status;
	}

	summary(): Array<{ id: string; status: CampaignStatus; numbers: string[] }> {
		return this.campaigns.map(({ id, status, numbers }) => ({ id, status, numbers: [...numbers] }));
	}

	routes(): CampaignRoute[] {
		const seg = '([^/]+)';
		const guarded = (handler: (ctx: CampaignRequest) => CampaignResult) => (ctx: CampaignRequest) => {
			try {
				return handler(ctx);
			} catch (error) {
				if (error instanceof CampaignApiError) return error.toResult();
				return { status: 500, body: { code: 500, message: `Simulator error: ${error instanceof Error ? error.message : String(error)}` } };
			}
		};
		return [
			{
				method: 'GET',
				label: 'GET /v2/phone/sms_campaigns',
				pattern: /^\/v2\/phone\/sms_campaigns$/,
				endpoint: 'listSmsCampaigns',
				handler: guarded((ctx) => this.list(ctx)),
			},
			{
				method: 'GET',
				label: 'GET /v2/phone/sms_campaigns/{smsCampaignId}',
				pattern: new RegExp(`^/v2/phone/sms_campaigns/${seg}$`),
				endpoint: 'getSmsCampaign',
				handler: guarded((ctx) => this.get(ctx)),
			},
			{
				method: 'GET',
				label: 'GET /v2/phone/sms_campaigns/{smsCampaignId}/phone_numbers/opt_status',
				pattern: new RegExp(`^/v2/phone/sms_campaigns/${seg}/phone_numbers/opt_status$`),
				endpoint: 'listCampaignOptStatuses',
				handler: guarded((ctx) => this.campaignOptStatuses(ctx)),
			},
			{
				method: 'PATCH',
				label: 'PATCH /v2/phone/sms_campaigns/{smsCampaignId}/phone_numbers/opt_status',
				pattern: new RegExp(`^/v2/phone/sms_campaigns/${seg}/phone_numbers/opt_status$`),
				endpoint: 'updateCampaignOptStatuses',
				handler: guarded((ctx) => this.updateOptStatuses(ctx)),
			},
			{
				method: 'GET',
				label: 'GET /v2/phone/user/{userId}/sms_campaigns/phone_numbers/opt_status',
				pattern: new RegExp(`^/v2/phone/user/${seg}/sms_campaigns/phone_numbers/opt_status$`),
				endpoint: 'listUserOptStatuses',
				handler: guarded((ctx) => this.userOptStatuses(ctx)),
			},
		];
	}

	// -------------------------------------------------------------------------------------------------

	private list(ctx: CampaignRequest): CampaignResult {
		const raw = ctx.query.get('page_size');
		let pageSize = 30;
		if (raw !== null && raw !== '') {
			if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > MAX_CAMPAIGN_PAGE) {
				throw validation('page_size', `must be an integer from 1 to ${MAX_CAMPAIGN_PAGE}`);
			}
			pageSize = Number(raw);
		}
		let offset = 0;
		const token = ctx.query.get('next_page_token');
		if (token !== null && token !== '') {
			const cursor = this.cursors.get(token);
			if (!cursor || cursor.expiresAt <= Date.now()) throw new CampaignApiError(400, 400, 'The next page token is invalid or expired.');
			offset = cursor.offset;
		}
		const page = this.campaigns.slice(offset, offset + pageSize);
		let next = '';
		if (offset + pageSize < this.campaigns.length) {
			next = randomBytes(26).toString('base64url').replace(/[-_]/g, '').slice(0, 35);
			this.cursors.set(next, { offset: offset + pageSize, expiresAt: Date.now() + PAGE_TOKEN_TTL_MS });
		}
		return {
			status: 200,
			body: {
				next_page_token: next,
				page_size: pageSize,
				sms_campaigns: page.map((c) => ({ id: c.id, display_name: c.displayName, status: c.status, brand: { ...c.brand } })),
				total_records: this.campaigns.length,
			},
		};
	}

	private find(rawId: string): SeedCampaign {
		const id = decodeURIComponent(rawId);
		const campaign = this.campaigns.find((c) => c.id === id);
		// Spec: 404 "Path variable smsCampaignId not found" (opt_status endpoints); [SIM] the same for GET.
		if (!campaign) throw new CampaignApiError(404, 404, 'Path variable smsCampaignId not found.');
		return campaign;
	}

	private get(ctx: CampaignRequest): CampaignResult {
		const c = this.find(ctx.params[0]);
		const numbers = this.seed().numbers;
		return {
			status: 200,
			body: {
				id: c.id,
				display_name: c.displayName,
				status: c.status,
				service_type: 'zoomPhone',
				brand: { ...c.brand },
				phone_numbers: c.numbers.map((n) => ({ id: numbers.find((seeded) => seeded.number === n)?.id ?? zoomId(`number:${n}`), number: n })),
				auto_renew: true,
				create_time: c.createTime,
				use_case: 'lowVolumeMixed',
				categories_fit: true,
				content_type: ['urlLink'],
				sample_message_1: 'Hi, this is Acme Dental: your appointment is tomorrow at 10:00. Reply STOP to opt out.',
			},
		};
	}

	/** A required array query parameter: repeated key, 1–10 unique E.164 numbers. */
	private numberList(query: URLSearchParams, field: string): string[] {
		const values = query.getAll(field).filter((v) => v !== '');
		if (values.length === 0) throw validation(field, 'Missing field.');
		if (values.length > MAX_PAIR_NUMBERS) throw new CampaignApiError(400, 400, `Size of unique receiver phone numbers cannot exceed ${MAX_PAIR_NUMBERS}.`);
		const numbers = values.map((v) => {
			const e164 = asE164(v);
			if (!e164) throw validation(field, `${v} is not a phone number.`);
			return e164;
		});
		if (new Set(numbers).size !== numbers.length) throw validation(field, 'must contain unique items.');
		return numbers;
	}

	private consumer(value: unknown, field = 'consumer_phone_number'): string {
		if (typeof value !== 'string' || value === '') throw validation(field, 'Missing field.');
		const e164 = asE164(value);
		if (!e164) throw validation(field, `${value} is not a phone number.`);
		return e164;
	}

	private campaignOptStatuses(ctx: CampaignRequest): CampaignResult {
		const campaign = this.find(ctx.params[0]);
		if (ctx.query.getAll('consumer_phone_number').length > 1) throw validation('consumer_phone_number', 'must be a single phone number.');
		const consumer = this.consumer(ctx.query.get('consumer_phone_number') ?? undefined);
		const zoomNumbers = this.numberList(ctx.query, 'zoom_phone_user_numbers');
		return {
			status: 200,
			body: {
				// [SIM] Numbers outside the campaign are left out of the answer.
				phone_number_campaign_opt_statuses: zoomNumbers
					.filter((n) => campaign.numbers.includes(n))
					.map((n) => ({ consumer_phone_number: consumer, zoom_phone_user_number: n, opt_status: this.optStatus(n, consumer) })),
			},
		};
	}

	private updateOptStatuses(ctx: CampaignRequest): CampaignResult {
		const campaign = this.find(ctx.params[0]);
		const type = (ctx.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
		if (type !== 'application/json') throw new CampaignApiError(400, 300, 'Unsupported content type.');
		let body: unknown;
		try {
			body = JSON.parse(ctx.body.toString('utf8'));
		} catch {
			body = undefined;
		}
		if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new CampaignApiError(400, 300, 'Request Body should be a valid JSON object.');
		const input = body as Record<string, unknown>;
		const consumer = this.consumer(input.consumer_phone_number);
		const list = input.zoom_phone_user_numbers;
		if (!Array.isArray(list) || list.length === 0) throw validation('zoom_phone_user_numbers', 'Missing field.');
		if (list.length > MAX_PAIR_NUMBERS) throw validation('zoom_phone_user_numbers', `size must be between 1 and ${MAX_PAIR_NUMBERS}`);
		const zoomNumbers = list.map((v) => {
			const e164 = typeof v === 'string' ? asE164(v) : undefined;
			if (!e164) throw validation('zoom_phone_user_numbers', `${String(v)} is not a phone number.`);
			return e164;
		});
		if (new Set(zoomNumbers).size !== zoomNumbers.length) throw validation('zoom_phone_user_numbers', 'must contain unique items.');
		if (input.opt_status !== 'opt_in' && input.opt_status !== 'opt_out') {
			throw new CampaignApiError(400, 400, 'Opt status should be either opt_out or opt_in.');
		}
		const outside = zoomNumbers.filter((n) => !campaign.numbers.includes(n));
		// [SIM] The spec documents no answer for a number outside the campaign; refused rather than ignored.
		if (outside.length) throw validation('zoom_phone_user_numbers', `${outside.join(', ')} is not assigned to the SMS campaign.`);
		for (const n of zoomNumbers) this.optStatuses.set(pairKey(n, consumer), input.opt_status);
		return { status: 204 };
	}

	private userOptStatuses(ctx: CampaignRequest): CampaignResult {
		const rawUser = decodeURIComponent(ctx.params[0]);
		// [SIM] as for GET /phone/users/{userId}: an S2S token has no "me" on Phone endpoints.
		if (rawUser === 'me') throw new CampaignApiError(400, 300, 'Invalid user id.');
		const user = this.seed().users.find((u) => u.id === rawUser || u.email === rawUser);
		if (!user) throw new CampaignApiError(404, 404, `User does not exist:${rawUser}.`);
		const consumers = this.numberList(ctx.query, 'consumer_phone_numbers');
		const zoomNumbers = this.numberList(ctx.query, 'zoom_phone_user_numbers');
		const own = new Set(this.seed().numbers.filter((n) => n.assignee?.type === 'user' && n.assignee.id === user.id).map((n) => n.number));
		const statuses = [];
		for (const n of zoomNumbers) {
			// [SIM] Numbers that are not the user's, or in no campaign, are left out.
			if (!own.has(n)) continue;
			const campaign = this.campaignOf(n);
			for (const consumer of consumers) {
				const optStatus = campaign ? this.optStatus(n, consumer) : 'pending';
				statuses.push({
					consumer_phone_number: consumer,
					zoom_phone_user_number: n,
					opt_status: optStatus,
					// [SIM] The sub-status: 0 without a campaign, 3 consented, 4 declined, 1 a new session.
					opt_in_status: !campaign ? 0 : optStatus === 'opt_in' ? 3 : optStatus === 'opt_out' ? 4 : 1,
				});
			}
		}
		return { status: 200, body: { phone_number_campaign_opt_statuses: statuses } };
	}
}
