/**
 * Looks a message up in Zoom's conversation history: the one record of what Zoom accepted that every n8n
 * process can read. The send path asks it when Zoom's answer was lost (a timeout, a dropped connection, a
 * 5xx) and before re-sending in a retried execution that has no ledger.
 *
 * A message matches when it went out from the same number, in a conversation with exactly the same
 * recipients, with the same text, no earlier than the request could have reached Zoom, and no other item
 * of the run has claimed it (two items may send the same text to the same person).
 *
 * [UNVERIFIED] Zoom does not document how soon an accepted message appears in its history. "Not found"
 * is only "not found yet": the caller checks again until its wait is over (see `waitFor`), and the README
 * says that a message listed later than that wait would be reported as not sent.
 */
import type { IDataObject } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import type { ZoomClient } from '../../../transport';
import { zoomPages } from '../../../transport/pagination';
import { zoomDateTime } from '../../dateRange';
import type { SentPart } from './ledger';

export interface HistoryQuery {
	from: string;
	recipients: string[];
	text: string;
	/** The earliest moment (ms) the message can have reached Zoom. */
	since: number;
	/** The conversation it was sent in, when known (Session ID, or the session of its earlier parts). */
	sessionId?: string;
}

/** Zoom's `date_time` has whole seconds, and clocks differ: the window opens a little before `since`. */
const CLOCK_MARGIN_MS = 120_000;

const digits = (phone: unknown) => String(phone ?? '').replace(/\D/g, '');

interface HistoryParty {
	phone_number?: string;
	is_session_owner?: boolean;
}

interface HistorySession {
	session_id?: string;
	participants?: HistoryParty[];
}

interface HistoryMessage {
	message_id?: string;
	date_time?: string;
	direction?: string;
	message?: string;
	sender?: HistoryParty;
	to_members?: HistoryParty[];
}

export class ZoomHistory {
	constructor(
		private readonly client: ZoomClient,
		/** Message IDs already reported for some item of this run (shared by every look-up of the run). */
		readonly claimed: Set<string>,
	) {}

	/** The matching message, claimed for the caller, or undefined when Zoom's history does not show one. */
	async find(query: HistoryQuery): Promise<SentPart | undefined> {
		const window = { from: zoomDateTime(query.since - CLOCK_MARGIN_MS), to: zoomDateTime(Date.now() + CLOCK_MARGIN_MS) };
		const sessionIds = query.sessionId ? [query.sessionId] : await this.sessionsOf(query, window);
		for (const sessionId of sessionIds) {
			const found = await this.findInSession(sessionId, query, window);
			if (found) {
				this.claimed.add(found.messageId);
				return found;
			}
		}
		return undefined;
	}

	/**
	 * Looks again and again until the message shows or `waitMs` is over: Zoom's history may list an accepted
	 * message late. The first look is immediate; then after 1, 2, 4… seconds, the last one at the end.
	 */
	async waitFor(query: HistoryQuery, waitMs: number, signal?: AbortSignal): Promise<SentPart | undefined> {
		const deadline = Date.now() + waitMs;
		for (let pause = 1000; ; pause *= 2) {
			const found = await this.find(query);
			if (found) return found;
			const left = deadline - Date.now();
			if (left <= 0 || signal?.aborted) return undefined;
			await sleep(Math.min(pause, left));
		}
	}

	private async sessionsOf(query: HistoryQuery, window: { from: string; to: string }): Promise<string[]> {
		const wanted = new Set(query.recipients.map(digits));
		const sender = digits(query.from);
		const ids: string[] = [];
		const pages = zoomPages<HistorySession>(
			this.client,
			{
				method: 'GET',
				path: '/phone/sms/sessions',
				qs: { session_type: 'all', phone_number: query.recipients[0], filter_type: 'sent_message_time', ...window },
			},
			'sms_sessions',
		);
		for await (const page of pages) {
			for (const session of page) {
				if (!session.session_id) continue;
				const parties = session.participants ?? [];
				const owner = parties.find((party) => party.is_session_owner);
				const others = new Set(parties.filter((party) => !party.is_session_owner).map((party) => digits(party.phone_number)));
				const sameOwner = owner === undefined || digits(owner.phone_number) === sender;
				const samePeople = parties.length === 0 || (others.size === wanted.size && [...wanted].every((phone) => others.has(phone)));
				if (sameOwner && samePeople) ids.push(session.session_id);
			}
		}
		return ids;
	}

	private async findInSession(sessionId: string, query: HistoryQuery, window: { from: string; to: string }): Promise<SentPart | undefined> {
		const sender = digits(query.from);
		const earliest = query.since - CLOCK_MARGIN_MS;
		const matches: HistoryMessage[] = [];
		const pages = zoomPages<HistoryMessage>(
			this.client,
			{ method: 'GET', path: `/phone/sms/sessions/${encodeURIComponent(sessionId)}`, qs: { ...window, sort: 1 } as IDataObject },
			'sms_histories',
		);
		for await (const page of pages) {
			for (const message of page) {
				if (!message.message_id || this.claimed.has(message.message_id)) continue;
				if (String(message.direction ?? '').toLowerCase() !== 'out') continue;
				if (message.sender?.phone_number !== undefined && digits(message.sender.phone_number) !== sender) continue;
				if ((message.message ?? '') !== query.text && (message.message ?? '').trim() !== query.text.trim()) continue;
				const at = Date.parse(message.date_time ?? '');
				if (Number.isFinite(at) && at < earliest) continue;
				matches.push(message);
			}
		}
		// The earliest unclaimed match: two items with the same text each get their own message.
		const found = matches[0];
		if (!found?.message_id) return undefined;
		return { messageId: found.message_id, sessionId, dateTime: found.date_time ?? '', characters: [...query.text].length };
	}
}
