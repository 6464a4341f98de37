/**
 * Automatic setup: what the trigger asks Zoom's event-subscription API for, and whether a subscription Zoom
 * lists is the one this trigger needs. Pure, no n8n imports.
 *
 * Zoom's API (/marketplace/app/event_subscription, see the README): POST creates a subscription for the
 * app and answers {event_subscription_id}; GET lists the app's subscriptions; DELETE /{id} removes one. The
 * token is an app-level client_credentials token. [UNVERIFIED]: the subscription_scope value for
 * account-wide Phone events ("account" is used here) and the exact shape of the GET answer (read loosely).
 */

export const EVENT_SUBSCRIPTION_PATH = '/marketplace/app/event_subscription';

export interface SubscriptionRequest {
	events: string[];
	event_subscription_name: string;
	event_webhook_url: string;
	user_ids: string[];
	subscription_scope: 'account';
	account_id: string;
}

/** Zoom's limit on the name is not documented; 64 characters keeps it short in the Marketplace list. */
export function subscriptionName(workflowName: string, nodeName: string): string {
	return `n8n: ${workflowName} / ${nodeName}`.slice(0, 64);
}

export function subscriptionRequest(input: { events: string[]; url: string; accountId: string; name: string }): SubscriptionRequest {
	return {
		events: [...new Set(input.events)].sort(),
		event_subscription_name: input.name,
		event_webhook_url: input.url,
		user_ids: [],
		subscription_scope: 'account',
		account_id: input.accountId,
	};
}

export interface ListedSubscription {
	id: string;
	url: string;
	events: string[];
}

/** The subscriptions in a GET answer, whatever Zoom calls the list (event_subscriptions or subscriptions). */
export function listedSubscriptions(answer: unknown): ListedSubscription[] {
	const root = answer && typeof answer === 'object' ? (answer as Record<string, unknown>) : {};
	const list = Array.isArray(root.event_subscriptions) ? root.event_subscriptions : Array.isArray(root.subscriptions) ? root.subscriptions : [];
	return list
		.filter((entry): entry is Record<string, unknown> => !!entry && typeof entry === 'object')
		.map((entry) => ({
			id: String(entry.event_subscription_id ?? entry.id ?? ''),
			url: String(entry.event_webhook_url ?? ''),
			events: Array.isArray(entry.events) ? entry.events.map(String) : [],
		}))
		.filter((entry) => entry.id !== '');
}

export type SubscriptionCheck =
	| { verdict: 'matches'; id: string }
	| { verdict: 'outdated'; id: string }
	| { verdict: 'missing' };

/**
 * Whether Zoom already has this trigger's subscription: the one remembered by id, else one for the same URL
 * (made by an earlier activation whose memory was lost). Same URL and same events: it matches; otherwise it
 * is outdated (events changed in the node) and must be replaced.
 */
export function checkSubscription(listed: ListedSubscription[], rememberedId: string | undefined, url: string, events: string[]): SubscriptionCheck {
	const found = (rememberedId ? listed.find((entry) => entry.id === rememberedId) : undefined) ?? listed.find((entry) => entry.url === url);
	if (!found) return { verdict: 'missing' };
	const wanted = [...new Set(events)].sort().join(',');
	const has = [...new Set(found.events)].sort().join(',');
	return found.url === url && wanted === has ? { verdict: 'matches', id: found.id } : { verdict: 'outdated', id: found.id };
}
