/**
 * What makes a Zoom event the same event when it arrives again (a Zoom retry, a replay, a re-cased
 * signature): what Zoom says the event is, never the bytes of its signature. Pure, no n8n imports.
 *
 * - SMS events (received, sent, failed): the event type, Zoom's `message_id`, and the account member the
 *   event is about (so the copies of one group message delivered for two of the account's numbers, if Zoom
 *   sends one per member [UNVERIFIED], stay two events).
 * - Opt-in / opt-out: the event type, each number pair with its status, and `date_time`.
 * - Etiquette warn / block: the event type, the user's email, the policy, `date_time` and the message.
 * - Anything else (or a payload lacking those fields): Zoom's `x-zm-request-id` header. Whether Zoom keeps
 *   that id on retries is not documented [UNVERIFIED]; a retry with a new id then starts the workflow again.
 * - Without even a request id: undefined, and the caller falls back to the body's bytes.
 */

type Json = Record<string, unknown>;

const MESSAGE_EVENTS = new Set(['phone.sms_received', 'phone.sms_sent', 'phone.sms_sent_failed']);
const OPT_EVENTS = new Set(['phone.sms_campaign_number_opt_in', 'phone.sms_campaign_number_opt_out']);
const ETIQUETTE_EVENTS = new Set(['phone.sms_etiquette_warn', 'phone.sms_etiquette_block']);

function objectOf(value: unknown): Json {
	return value && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : {};
}

function text(value: unknown): string {
	return typeof value === 'string' || typeof value === 'number' ? String(value) : '';
}

/** Parts joined unambiguously (a "|" inside a value cannot make two identities equal). */
function join(parts: string[]): string {
	return JSON.stringify(parts);
}

/** The account's member an SMS event is about: the message owner among the receivers, or the sender. */
function memberOf(event: string, object: Json): string {
	if (event === 'phone.sms_received') {
		const members = Array.isArray(object.to_members) ? object.to_members.map(objectOf) : [];
		const owner = members.find((member) => member.is_message_owner === true);
		return text(owner?.phone_number ?? objectOf(object.owner).id);
	}
	return text(objectOf(object.sender).phone_number);
}

export function eventIdentity(body: unknown, requestId?: string): string | undefined {
	const root = objectOf(body);
	const event = text(root.event);
	const object = objectOf(objectOf(root.payload).object);
	const account = text(objectOf(root.payload).account_id);
	if (MESSAGE_EVENTS.has(event) && text(object.message_id) !== '') {
		return join([event, account, 'message', text(object.message_id), memberOf(event, object)]);
	}
	if (OPT_EVENTS.has(event) && Array.isArray(object.phone_number_campaign_opt_statuses) && text(object.date_time) !== '') {
		const pairs = object.phone_number_campaign_opt_statuses.map(objectOf).map((status) =>
			join([text(status.consumer_phone_number), text(status.zoom_phone_user_number), text(status.opt_status)]),
		);
		if (pairs.length > 0) return join([event, account, 'opt', text(object.date_time), ...pairs]);
	}
	if (ETIQUETTE_EVENTS.has(event) && text(object.date_time) !== '' && text(object.email) !== '') {
		return join([event, account, 'etiquette', text(object.email), text(object.policy_name), text(object.date_time), text(object.message)]);
	}
	const id = (requestId ?? '').trim();
	if (id !== '') return join([event, account, 'request', id]);
	return undefined;
}
