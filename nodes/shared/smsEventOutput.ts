/**
 * A message read from Zoom's SMS history, as the Zoom SMS Polling Trigger outputs it: the same fields as
 * the webhook Zoom SMS Trigger's items for `phone.sms_received` / `phone.sms_sent` /
 * `phone.sms_sent_failed` (nodes/ZoomSmsTrigger/events.ts), so a workflow can switch between the two
 * triggers without changing what follows them. Pure: no requests, no n8n runtime.
 *
 * Differences a history record forces, and why:
 * - `event` is derived (history has no event name): "In" → phone.sms_received, "Out" → phone.sms_sent, and
 *   "Out" with delivery status failed_to_send → phone.sms_sent_failed. [UNVERIFIED] that Zoom's webhook
 *   would have sent exactly that event for the same message.
 * - `eventTime` is the message's own time (`date_time`, whole seconds): history has no event timestamp.
 * - `sessionId` comes from the session the message was read in (history records do not carry it).
 * - `deliveryStatus` is there as well, as history gives it at the time of the poll.
 * - `owner` (who in the account the message belongs to, on webhooks) is taken from the account's side of
 *   the message: the recipient's owner for a received message, the sender's for a sent one.
 * - `raw` is the history record exactly as Zoom returned it.
 */
import type { IDataObject } from 'n8n-workflow';

import { directionOf, normalizeMessage, type ZoomMessage } from './zoomRecords';

export type PolledEvent = 'phone.sms_received' | 'phone.sms_sent' | 'phone.sms_sent_failed';

export function polledEventName(record: ZoomMessage): PolledEvent | undefined {
	const direction = directionOf(record.direction);
	if (direction === 'inbound') return 'phone.sms_received';
	if (direction === 'outbound') return record.delivery_status === 'failed_to_send' ? 'phone.sms_sent_failed' : 'phone.sms_sent';
	return undefined;
}

function isoTime(dateTime: string | undefined): string {
	const ms = Date.parse(String(dateTime ?? ''));
	return Number.isFinite(ms) ? new Date(ms).toISOString() : '';
}

export function historyEventOutput(record: ZoomMessage, context: { sessionId: string; accountId: string }): IDataObject {
	const message = normalizeMessage(record, { sessionId: context.sessionId });
	// As on the webhook trigger's items: always present, empty when Zoom gives no reason.
	message.failureReason = record.failure_reason ?? '';
	if (message.owner === undefined) {
		const direction = directionOf(record.direction);
		const accountSide = direction === 'inbound' ? record.to_members?.find((member) => member.owner)?.owner : direction === 'outbound' ? record.sender?.owner : undefined;
		if (accountSide) message.owner = { ...accountSide } as IDataObject;
	}
	return {
		event: polledEventName(record) ?? '',
		eventTime: isoTime(record.date_time),
		accountId: context.accountId,
		...message,
		raw: record as IDataObject,
	};
}
