/**
 * The Zoom Phone SMS events the trigger offers, and how each one becomes the trigger's output item.
 * Payload shapes: Zoom's Phone webhooks OpenAPI (phone.sms_received, phone.sms_sent,
 * phone.sms_sent_failed, phone.sms_campaign_number_opt_in / _opt_out).
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
}

interface ZoomEventBody {
	event?: string;
	event_ts?: number;
	payload?: { account_id?: string; object?: ZoomMessage & { phone_number_campaign_opt_statuses?: OptStatus[] } };
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
			raw: body,
		};
	}
	const message = normalizeMessage(object, { direction: name === 'phone.sms_received' ? 'inbound' : 'outbound' });
	// Zoom fills failure_reason on phone.sms_sent too (empty on success); always present keeps IF nodes simple.
	message.failureReason = object.failure_reason ?? '';
	return { ...base, ...message, raw: body };
}
