/**
 * How the polling trigger reads Zoom's SMS history, account-wide, through the project's ZoomClient (so
 * its request budget paces every request):
 *
 * 1. `GET /phone/sms/sessions` (account level, `session_type=all` so call queues, auto receptionists and
 *    service endpoints count too), with `from`/`to` and a `filter_type` matching the messages wanted:
 *    the conversations that had such a message in the window. With numbers chosen, once per number
 *    (`phone_number`).
 * 2. `GET /phone/sms/sessions/{sessionId}` with the same `from`/`to`, oldest first (`sort=1`): the
 *    messages themselves, kept when their direction and numbers match.
 *
 * Not the sync endpoints (`/phone/sms/sessions/{id}/sync`, `/phone/users/{id}/sms/sessions/sync`): the
 * first is per conversation and cannot find new conversations, the second is per user and misses call
 * queues and auto receptionists; what their `sync_token` covers is not documented well enough to build
 * exactly-once delivery on.
 *
 * [UNVERIFIED] points this relies on (Zoom documents none of them): that `from`/`to` compare against the
 * message's `date_time` to the second and include both ends; that a message that shows late in history
 * keeps its original `date_time` (the trigger reads back a configurable delay for that); that
 * `filter_type` selects sessions as its description says.
 */
import type { IDataObject } from 'n8n-workflow';

import { monthWindows, zoomDateTime } from '../shared/dateRange';
import { messageTime, type SeenMessage, type TimeWindow } from '../shared/pollCursor';
import type { ZoomMessage, ZoomSession } from '../shared/zoomRecords';
import type { ZoomClient } from '../ZoomSms/transport';
import { zoomPages } from '../ZoomSms/transport/pagination';

export type MessagesWanted = 'received' | 'sent' | 'both';

export interface HistoryQuery {
	messages: MessagesWanted;
	/** The account's numbers to keep (digits only, country code first); empty: all numbers. */
	numbers: string[];
}

export interface HistoryMessage extends SeenMessage {
	sessionId: string;
	record: ZoomMessage;
}

const FILTER_TYPES: Record<MessagesWanted, string> = {
	received: 'received_message_time',
	sent: 'sent_message_time',
	both: 'sent_received_message_time',
};

export function digitsOf(value: string | undefined): string {
	return String(value ?? '').replace(/\D/g, '');
}

/** Whether a message is one the user asked for: its direction, and (when chosen) one of the numbers. */
export function wanted(record: ZoomMessage, query: HistoryQuery): boolean {
	const direction = String(record.direction ?? '').toLowerCase();
	if (query.messages === 'received' && direction !== 'in') return false;
	if (query.messages === 'sent' && direction !== 'out') return false;
	if (query.messages === 'both' && direction !== 'in' && direction !== 'out') return false;
	if (query.numbers.length === 0) return true;
	// Received: one of the numbers is a recipient. Sent: one of the numbers sent it.
	const parties = direction === 'in' ? (record.to_members ?? []).map((member) => member.phone_number) : [record.sender?.phone_number];
	return parties.some((party) => query.numbers.includes(digitsOf(party)));
}

function windowQs(window: TimeWindow | undefined): IDataObject {
	return window ? { from: zoomDateTime(window.from), to: zoomDateTime(window.to) } : {};
}

async function sessionIds(client: ZoomClient, query: HistoryQuery, window: TimeWindow | undefined, pageSize?: number, firstPageOnly = false): Promise<string[]> {
	const ids = new Set<string>();
	for (const number of query.numbers.length > 0 ? query.numbers : [undefined]) {
		const pages = zoomPages<ZoomSession>(
			client,
			{
				method: 'GET',
				path: '/phone/sms/sessions',
				qs: { session_type: 'all', filter_type: FILTER_TYPES[query.messages], ...windowQs(window), ...(number ? { phone_number: number } : {}) },
			},
			'sms_sessions',
			pageSize,
		);
		for await (const page of pages) {
			for (const session of page) if (session.session_id) ids.add(session.session_id);
			if (firstPageOnly) break;
		}
	}
	return [...ids];
}

function toHistoryMessage(record: ZoomMessage, sessionId: string): HistoryMessage | undefined {
	const time = messageTime(record.date_time);
	if (!record.message_id || time === undefined) return undefined;
	return { id: record.message_id, time, sessionId, record };
}

/** Every wanted message dated within `window` (split into the one-month ranges Zoom allows). */
export async function readHistory(client: ZoomClient, query: HistoryQuery, window: TimeWindow): Promise<HistoryMessage[]> {
	const found: HistoryMessage[] = [];
	for (const month of monthWindows(window.from, window.to)) {
		for (const sessionId of await sessionIds(client, query, month)) {
			const pages = zoomPages<ZoomMessage>(
				client,
				{ method: 'GET', path: `/phone/sms/sessions/${encodeURIComponent(sessionId)}`, qs: { sort: 1, ...windowQs(month) } },
				'sms_histories',
			);
			for await (const page of pages) {
				for (const record of page) {
					const message = wanted(record, query) ? toHistoryMessage(record, sessionId) : undefined;
					if (message) found.push(message);
				}
			}
		}
	}
	return found;
}

/** Sessions looked at for "Fetch Test Event": the most recent ones are enough to show a message's shape. */
const SAMPLE_SESSIONS = 10;

/**
 * The newest wanted message of the past 30 days (Zoom's default range), for the editor's "Fetch Test
 * Event". [UNVERIFIED] that Zoom lists the most recently active sessions first; the newest of the first
 * sessions' newest messages is taken.
 */
export async function latestMessage(client: ZoomClient, query: HistoryQuery): Promise<HistoryMessage | undefined> {
	let latest: HistoryMessage | undefined;
	for (const sessionId of await sessionIds(client, query, undefined, SAMPLE_SESSIONS, true)) {
		const pages = zoomPages<ZoomMessage>(client, { method: 'GET', path: `/phone/sms/sessions/${encodeURIComponent(sessionId)}`, qs: { sort: 2 } }, 'sms_histories', 30);
		for await (const page of pages) {
			const record = page.find((candidate) => wanted(candidate, query));
			const message = record ? toHistoryMessage(record, sessionId) : undefined;
			if (message && (!latest || message.time > latest.time)) latest = message;
			// Only the newest page of each session: older pages cannot hold anything newer.
			break;
		}
	}
	return latest;
}
