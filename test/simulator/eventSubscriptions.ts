/* eslint-disable @n8n/community-nodes/no-restricted-globals -- test code, never shipped: timers and fetch to play Zoom. */
/**
 * Zoom's event-subscription API and webhook delivery, for the simulator.
 *
 * Endpoints, as Zoom documents them (Marketplace API; zoom-api.md §5):
 *   POST   /v2/marketplace/app/event_subscription        {events, event_subscription_name, event_webhook_url,
 *                                                         user_ids, subscription_scope, account_id} → 201 {event_subscription_id}
 *   GET    /v2/marketplace/app/event_subscription        → 200 {event_subscriptions: [...]}
 *   DELETE /v2/marketplace/app/event_subscription/{id}   → 204
 * Only an app-level token (grant_type=client_credentials) is accepted, as Zoom staff say.
 *
 * After a creation the simulator sends the endpoint.url_validation challenge (signed, as Zoom signs every
 * request) and delivers events only to subscriptions that answered it. [SIM] Whether Zoom validates an
 * API-created subscription at once is not documented; doing so is the stricter choice.
 * [SIM] Error codes and messages for bad requests are not documented; 300 / 404 are used.
 */
import { createHmac, randomUUID } from 'node:crypto';

const PATH = '/v2/marketplace/app/event_subscription';
const MAX_SUBSCRIPTIONS = 20;
const SCOPES = new Set(['user', 'account', 'master_account']);

export const SUBSCRIBABLE_EVENTS = new Set([
	'phone.sms_received',
	'phone.sms_sent',
	'phone.sms_sent_failed',
	'phone.sms_campaign_number_opt_in',
	'phone.sms_campaign_number_opt_out',
	'phone.sms_etiquette_warn',
	'phone.sms_etiquette_block',
]);

export interface EventSubscription {
	id: string;
	name: string;
	url: string;
	events: string[];
	scope: string;
	accountId: string;
	userIds: string[];
	/** pending until the URL answers the challenge; events go only to validated ones. */
	status: 'pending' | 'validated' | 'failed';
	createdAt: string;
}

export interface WebhookDelivery {
	subscriptionId: string;
	url: string;
	body: string;
	headers: Record<string, string>;
	status: number;
	response: string;
}

export interface SubscriptionResult {
	status: number;
	body?: unknown;
}

export function signZoomRequest(body: string, secret: string, timestampSeconds: number): Record<string, string> {
	const signature = createHmac('sha256', secret).update(`v0:${timestampSeconds}:${body}`).digest('hex');
	return {
		'content-type': 'application/json; charset=utf-8',
		'user-agent': 'Zoom Marketplace/1.0a',
		'x-zm-request-timestamp': String(timestampSeconds),
		'x-zm-signature': `v0=${signature}`,
		'x-zm-request-id': randomUUID(),
		'x-zm-trackingid': `v=2.0;clid=us06;rid=SIM_${randomUUID()}`,
	};
}

function error(status: number, code: number, message: string): SubscriptionResult {
	return { status, body: { code, message } };
}

/** Zoom requires a public HTTPS URL; [SIM] http is allowed for 127.0.0.1 / localhost so tests can run. */
function urlProblem(url: unknown): string | undefined {
	if (typeof url !== 'string' || url === '') return 'event_webhook_url is required.';
	let parsed: URL;
	try {
		parsed = new URL(url);
	} catch {
		return 'event_webhook_url is not a valid URL.';
	}
	const local = parsed.hostname === '127.0.0.1' || parsed.hostname === 'localhost';
	if (parsed.protocol !== 'https:' && !(local && parsed.protocol === 'http:')) return 'event_webhook_url must use HTTPS.';
	return undefined;
}

export class EventSubscriptions {
	private readonly byId = new Map<string, EventSubscription>();

	readonly deliveries: WebhookDelivery[] = [];

	/** Challenges in flight, so a test (and stop()) can wait for them. */
	private pending = new Set<Promise<void>>();

	constructor(
		private readonly settings: () => { accountId: string; webhookSecretToken: string },
		/** Delay before the challenge, as Zoom answers the POST first. */
		private readonly challengeDelayMs = 300,
	) {}

	get all(): EventSubscription[] {
		return [...this.byId.values()].map((s) => ({ ...s, events: [...s.events], userIds: [...s.userIds] }));
	}

	reset(): void {
		this.byId.clear();
		this.deliveries.length = 0;
	}

	async settled(): Promise<void> {
		while (this.pending.size > 0) await Promise.all([...this.pending]);
	}

	handles(path: string): boolean {
		return path === PATH || path.startsWith(`${PATH}/`);
	}

	handle(method: string, path: string, query: URLSearchParams, rawBody: Buffer): SubscriptionResult {
		const rest = path.slice(PATH.length);
		if (rest === '' && method === 'POST') return this.create(rawBody);
		if (rest === '' && method === 'GET') return this.list(query);
		if (rest.startsWith('/') && rest.length > 1 && method === 'DELETE') return this.remove(decodeURIComponent(rest.slice(1)));
		return error(405, 405, `Method ${method} is not allowed on ${path}.`);
	}

	private create(rawBody: Buffer): SubscriptionResult {
		let body: Record<string, unknown>;
		try {
			body = JSON.parse(rawBody.toString('utf8')) as Record<string, unknown>;
		} catch {
			return error(400, 300, 'Request body is not valid JSON.');
		}
		if (!body || typeof body !== 'object' || Array.isArray(body)) return error(400, 300, 'Request body must be a JSON object.');
		const events = body.events;
		if (!Array.isArray(events) || events.length === 0 || !events.every((e) => typeof e === 'string'))
			return error(400, 300, 'events is required: a non-empty array of event names.');
		const unknown = events.filter((e) => !SUBSCRIBABLE_EVENTS.has(e as string));
		if (unknown.length > 0) return error(400, 300, `Invalid events: ${unknown.join(', ')}.`);
		if (typeof body.event_subscription_name !== 'string' || body.event_subscription_name.trim() === '')
			return error(400, 300, 'event_subscription_name is required.');
		const urlError = urlProblem(body.event_webhook_url);
		if (urlError) return error(400, 300, urlError);
		if (typeof body.subscription_scope !== 'string' || !SCOPES.has(body.subscription_scope))
			return error(400, 300, 'subscription_scope must be one of user, account, master_account.');
		const userIds = body.user_ids ?? [];
		if (!Array.isArray(userIds) || !userIds.every((u) => typeof u === 'string')) return error(400, 300, 'user_ids must be an array of user IDs.');
		if (body.subscription_scope === 'user' && userIds.length === 0) return error(400, 300, 'user_ids is required when subscription_scope is user.');
		const { accountId } = this.settings();
		if (body.subscription_scope !== 'user' && body.account_id !== accountId) return error(400, 300, 'account_id is missing or not this account.');
		if (this.byId.size >= MAX_SUBSCRIPTIONS) return error(400, 300, `An app can have at most ${MAX_SUBSCRIPTIONS} event subscriptions.`);

		const subscription: EventSubscription = {
			id: randomUUID().replace(/-/g, '').slice(0, 22),
			name: body.event_subscription_name,
			url: body.event_webhook_url as string,
			events: [...new Set(events as string[])],
			scope: body.subscription_scope,
			accountId,
			userIds: userIds as string[],
			status: 'pending',
			createdAt: new Date().toISOString(),
		};
		this.byId.set(subscription.id, subscription);
		this.track(this.validate(subscription));
		return { status: 201, body: { event_subscription_id: subscription.id } };
	}

	private list(query: URLSearchParams): SubscriptionResult {
		const scope = query.get('subscription_scope');
		if (scope !== null && !SCOPES.has(scope)) return error(400, 300, 'subscription_scope must be one of user, account, master_account.');
		const accountId = query.get('account_id');
		const list = [...this.byId.values()].filter((s) => (scope === null || s.scope === scope) && (accountId === null || s.accountId === accountId));
		return {
			status: 200,
			body: {
				event_subscriptions: list.map((s) => ({
					event_subscription_id: s.id,
					event_subscription_name: s.name,
					event_webhook_url: s.url,
					events: [...s.events],
					subscription_scope: s.scope,
					created_source: 'api',
					subscriber_id: s.accountId,
				})),
			},
		};
	}

	private remove(id: string): SubscriptionResult {
		if (!this.byId.delete(id)) return error(404, 404, 'Event subscription does not exist.');
		return { status: 204 };
	}

	private track(work: Promise<void>): void {
		const tracked = work.finally(() => this.pending.delete(tracked));
		this.pending.add(tracked);
	}

	/** The challenge, tried a few times a second apart (n8n may still be registering the URL). */
	private async validate(subscription: EventSubscription): Promise<void> {
		await new Promise((resolve) => setTimeout(resolve, this.challengeDelayMs));
		const { webhookSecretToken } = this.settings();
		for (let attempt = 0; attempt < 5 && this.byId.has(subscription.id); attempt++) {
			const plainToken = randomUUID().replace(/-/g, '').slice(0, 22);
			const body = JSON.stringify({ payload: { plainToken }, event_ts: Date.now(), event: 'endpoint.url_validation' });
			const answer = await this.post(subscription, body, Math.floor(Date.now() / 1000));
			const expected = createHmac('sha256', webhookSecretToken).update(plainToken).digest('hex');
			try {
				const parsed = JSON.parse(answer.response) as { plainToken?: string; encryptedToken?: string };
				if ((answer.status === 200 || answer.status === 204) && parsed.plainToken === plainToken && parsed.encryptedToken === expected) {
					subscription.status = 'validated';
					return;
				}
			} catch {
				// not JSON: failed
			}
			await new Promise((resolve) => setTimeout(resolve, 1000));
		}
		subscription.status = 'failed';
	}

	private async post(subscription: EventSubscription, body: string, timestampSeconds: number, headers?: Record<string, string>): Promise<WebhookDelivery> {
		const sent = headers ?? signZoomRequest(body, this.settings().webhookSecretToken, timestampSeconds);
		let status = 0;
		let response = '';
		try {
			const answer = await fetch(subscription.url, { method: 'POST', headers: sent, body, signal: AbortSignal.timeout(3000) });
			status = answer.status;
			response = await answer.text();
		} catch (failure) {
			response = String(failure);
		}
		const delivery = { subscriptionId: subscription.id, url: subscription.url, body, headers: sent, status, response };
		this.deliveries.push(delivery);
		return delivery;
	}

	/**
	 * Sends `event` to every validated subscription for it, signed now, as Zoom does (one attempt; tests play
	 * Zoom's retries with `redeliver`).
	 */
	async deliver(event: string, object: Record<string, unknown>, options: { timestampSeconds?: number } = {}): Promise<WebhookDelivery[]> {
		const at = options.timestampSeconds ?? Math.floor(Date.now() / 1000);
		const body = JSON.stringify({ event, event_ts: at * 1000, payload: { account_id: this.settings().accountId, object } });
		const targets = [...this.byId.values()].filter((s) => s.status === 'validated' && s.events.includes(event));
		return await Promise.all(targets.map(async (s) => await this.post(s, body, at)));
	}

	/**
	 * A retry of `delivery`: the same body, either with its original headers (timestamp and signature as
	 * first sent) or signed anew now. [SIM] Zoom does not document which of the two its retries do.
	 */
	async redeliver(delivery: WebhookDelivery, options: { restamp: boolean }): Promise<WebhookDelivery> {
		const subscription = this.byId.get(delivery.subscriptionId) ?? { id: delivery.subscriptionId, url: delivery.url } as EventSubscription;
		if (!options.restamp) return await this.post(subscription, delivery.body, 0, delivery.headers);
		return await this.post(subscription, delivery.body, Math.floor(Date.now() / 1000));
	}
}
