/**
 * The Zoom Phone SMS events the trigger offers, and how each one becomes the trigger's output item.
 * Payload shapes: Zoom's Phone webhooks OpenAPI (phone.sms_received, phone.sms_sent,
 * phone.sms_sent_failed, phone.sms_campaign_number_opt_in / _opt_out, phone.sms_etiquette_warn / _block).
 */
import type { IDataObject, INodePropertyOptions } from 'n8n-workflow';

import { normalizeMessage, withPlus, type ZoomMessage } from '../ZoomSms/actions/zoomRecords';

export const URL_VALIDATION_EVENT = 'endpoint.url_validation';

/** Option values are Zoom's own event names: what users see in the Marketplace is what they pick here. */
export const EVENT_OPTIONS: INodePropertyOptions[] = [
	{
		name: 'Number Opted In',
		value: 'phone.sms_campaign_number_opt_in',
		description: 'A contact texted START (or another opt-in keyword) to one of your numbers',
	},
	{
		name: 'Number Opted Out',
		value: 'phone.sms_campaign_number_opt_out',
		description: 'A contact texted STOP (or another opt-out keyword) to one of your numbers',
	},
	{
		name: 'SMS Blocked by Etiquette Policy',
		value: 'phone.sms_etiquette_block',
		description: 'A user\'s text was blocked by one of the account\'s SMS etiquette policies',
	},
	{
		name: 'SMS Etiquette Warning',
		value: 'phone.sms_etiquette_warn',
		description: 'A user\'s text triggered a warning of one of the account\'s SMS etiquette policies',
	},
	{
		name: 'SMS Failed to Send',
		value: 'phone.sms_sent_failed',
		description: 'An SMS or MMS from one of your numbers could not be sent',
	},
	{
		name: 'SMS Received',
		value: 'phone.sms_received',
		description: 'One of your numbers received an SMS or MMS',
	},
	{
		name: 'SMS Sent',
		value: 'phone.sms_sent',
		description: 'One of your users sent an SMS or MMS',
	},
];

export const SUPPORTED_EVENTS = new Set(EVENT_OPTIONS.map((option) => String(option.value)));

interface OptStatus {
	consumer_phone_number?: string;
	zoom_phone_user_number?: string;
	opt_status?: string;
	opt_in_status?: number;
	opt_in_message?: string;
}

interface EtiquetteObject {
	email?: string;
	policy_name?: string;
}

interface ZoomEventBody {
	event?: string;
	event_ts?: number;
	payload?: { account_id?: string; object?: ZoomMessage & EtiquetteObject & { phone_number_campaign_opt_statuses?: OptStatus[] } };
}

/** Zoom's opt_in_status codes (webhooks OpenAPI), as names a workflow can compare against. */
const OPT_IN_STATUS_NAMES: Readonly<Record<number, string>> = {
	0: 'unknown',
	1: 'optInMessageRequired',
	2: 'optInMessageSentPending',
	3: 'consented',
	4: 'declined',
};

/** Zoom's opt_status values (pending, opt_in, opt_out) in the node's spelling. */
const OPT_STATUS_NAMES: Readonly<Record<string, string>> = { opt_in: 'optedIn', opt_out: 'optedOut', pending: 'pending' };

/** phone_number_campaign_opt_statuses, normalised: numbers with "+", statuses named, the message kept. */
export function normalizeOptStatuses(statuses: OptStatus[] | undefined): IDataObject[] {
	return (Array.isArray(statuses) ? statuses : []).map((status) => ({
		phoneNumber: withPlus(status.consumer_phone_number),
		zoomPhoneNumber: withPlus(status.zoom_phone_user_number),
		optStatus: OPT_STATUS_NAMES[String(status.opt_status)] ?? String(status.opt_status ?? ''),
		optInStatus: typeof status.opt_in_status === 'number' ? (OPT_IN_STATUS_NAMES[status.opt_in_status] ?? String(status.opt_in_status)) : '',
		optInStatusCode: typeof status.opt_in_status === 'number' ? status.opt_in_status : null,
		optInMessage: status.opt_in_message ?? '',
	}));
}

/**
 * The account's number the message is about: for a received message the receiving member (the one Zoom
 * marks is_message_owner; in a group text `to` lists every member), for a sent one the sender. This is the
 * number to reply from.
 */
export function zoomNumberOf(event: string, object: ZoomMessage): string {
	if (event === 'phone.sms_received') {
		const members = object.to_members ?? [];
		const owner = members.find((member) => (member as { is_message_owner?: boolean }).is_message_owner === true) ?? (members.length === 1 ? members[0] : undefined);
		return withPlus(owner?.phone_number);
	}
	return withPlus(object.sender?.phone_number);
}

function eventTime(eventTs: unknown): string {
	return typeof eventTs === 'number' && Number.isFinite(eventTs) ? new Date(eventTs).toISOString() : '';
}

/**
 * One output item for an event: the event name, normalised fields (numbers in E.164 with "+") and the
 * payload exactly as Zoom sent it under `raw`.
 */
export function eventOutput(body: IDataObject): IDataObject {
	const event = body as ZoomEventBody;
	const name = String(event.event ?? '');
	const object = event.payload?.object ?? {};
	const base: IDataObject = {
		event: name,
		eventTime: eventTime(event.event_ts),
		accountId: event.payload?.account_id ?? '',
	};
	if (name === 'phone.sms_campaign_number_opt_in' || name === 'phone.sms_campaign_number_opt_out') {
		const status = object.phone_number_campaign_opt_statuses?.[0] ?? {};
		return {
			...base,
			optStatus: name.endsWith('_opt_in') ? 'optedIn' : 'optedOut',
			phoneNumber: withPlus(status.consumer_phone_number),
			zoomPhoneNumber: withPlus(status.zoom_phone_user_number),
			dateTime: object.date_time ?? '',
			optStatuses: normalizeOptStatuses(object.phone_number_campaign_opt_statuses),
			raw: body,
		};
	}
	if (name === 'phone.sms_etiquette_warn' || name === 'phone.sms_etiquette_block') {
		return {
			...base,
			action: name.endsWith('_block') ? 'blocked' : 'warned',
			userEmail: object.email ?? '',
			policyName: object.policy_name ?? '',
			message: object.message ?? '',
			dateTime: object.date_time ?? '',
			raw: body,
		};
	}
	const message = normalizeMessage(object, { direction: name === 'phone.sms_received' ? 'inbound' : 'outbound' });
	// Zoom fills failure_reason on phone.sms_sent too (empty on success); always present keeps IF nodes simple.
	message.failureReason = object.failure_reason ?? '';
	return { ...base, ...message, zoomNumber: zoomNumberOf(name, object), optStatuses: normalizeOptStatuses(object.phone_number_campaign_opt_statuses), raw: body };
}
