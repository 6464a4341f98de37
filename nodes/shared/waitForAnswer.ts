/**
 * Message → Send and Wait for Response, the parts with no n8n in them: how long to wait, where the answer
 * link points, and which message of a conversation is the contact's reply.
 */

/** n8n's "wait indefinitely" date (n8n-workflow's WAIT_INDEFINITELY): what a wait without a limit uses. */
export const WAIT_INDEFINITELY_MS = Date.parse('3000-01-01T00:00:00.000Z');

/** The longest a Text Reply waits: the execution stays open (in memory) while it waits. */
export const MAX_REPLY_WAIT_MS = 24 * 60 * 60 * 1000;

export class WaitLimitError extends Error {
	override readonly name = 'WaitLimitError';

	constructor(
		message: string,
		readonly fix: string,
	) {
		super(message);
	}
}

/** n8n's Limit Wait Time values, as its send-and-wait nodes name them. */
export interface WaitLimitValues {
	limitType?: unknown;
	resumeAmount?: unknown;
	resumeUnit?: unknown;
	maxDateAndTime?: unknown;
}

const UNIT_MS: Record<string, number> = { seconds: 1000, minutes: 60_000, hours: 3_600_000, days: 86_400_000 };

/** An amount of `unit` in milliseconds; refused when it is not a positive number or the unit is unknown. */
export function durationMs(amount: unknown, unit: unknown, field: string): number {
	const number = typeof amount === 'number' ? amount : typeof amount === 'string' && amount.trim() !== '' ? Number(amount) : Number.NaN;
	const perUnit = UNIT_MS[String(unit)];
	if (perUnit === undefined) {
		throw new WaitLimitError(`${field}: unknown unit ${JSON.stringify(unit)}`, 'Pick Seconds, Minutes, Hours or Days.');
	}
	if (!Number.isFinite(number) || number <= 0) {
		throw new WaitLimitError(`${field} must be a number above 0, but it is ${JSON.stringify(amount)}`, 'Enter how long to wait, for example 2 (hours).');
	}
	return Math.round(number * perUnit);
}

/**
 * When the wait ends without an answer (ms since 1970), from the Limit Wait Time option: none set means
 * n8n's "indefinitely". A limit already past is refused: the execution would resume at once.
 */
export function waitLimitDate(values: WaitLimitValues | undefined, now: number): number {
	if (!values || Object.keys(values).length === 0) return WAIT_INDEFINITELY_MS;
	const type = values.limitType ?? 'afterTimeInterval';
	if (type === 'afterTimeInterval') return now + durationMs(values.resumeAmount ?? 1, values.resumeUnit ?? 'hours', 'Limit Wait Time');
	if (type === 'atSpecifiedTime') {
		const raw = values.maxDateAndTime;
		const at = typeof raw === 'number' ? raw : Date.parse(String(raw ?? ''));
		if (!Number.isFinite(at)) {
			throw new WaitLimitError(`Limit Wait Time: "${String(raw ?? '')}" is not a date and time`, 'Pick a date and time, or use an ISO date such as 2026-12-24T18:00:00Z.');
		}
		if (at <= now) throw new WaitLimitError(`Limit Wait Time: ${new Date(at).toISOString()} has already passed`, 'Pick a date and time in the future.');
		return at;
	}
	throw new WaitLimitError(`Limit Wait Time: unknown limit type ${JSON.stringify(type)}`, 'Pick After Time Interval or At Specified Time.');
}

/**
 * The link the text carries, built on n8n's `$execution.resumeUrl` (`…/webhook-waiting/<execution>?signature=<token>`):
 * n8n reads the part of `signature` after a "/" as the path of the waiting node's webhook, so the link
 * opens this node's page and no other waiting node's (n8n 2.41.1 waiting-webhooks.js parseSignatureParam).
 * The "/" stays literal: encoded it would cost two characters more in the text.
 */
export function answerLink(resumeUrl: string, webhookPath: string): string {
	const url = new URL(resumeUrl);
	const token = url.searchParams.get('signature');
	if (!token) throw new Error('The resume URL carries no signature');
	url.search = '';
	return `${url.toString()}?signature=${encodeURIComponent(token)}/${encodeURIComponent(webhookPath)}`;
}

/** One message of a conversation, as Zoom lists it (session details, ascending order). */
export interface ConversationMessage {
	message_id?: string;
	date_time?: string;
	direction?: string;
	message?: string;
	sender?: { phone_number?: string };
}

export interface Reply {
	messageId: string;
	text: string;
	dateTime: string;
	from: string;
}

const digits = (phone: unknown) => String(phone ?? '').replace(/\D/g, '');

/**
 * The contact's first reply to our message in `messages` (one conversation, oldest first): the first
 * inbound message listed after ours, from one of `contacts`. When our message is not listed (Zoom's
 * history may show it late [UNVERIFIED]), the first inbound message dated no earlier than ours.
 * [UNVERIFIED] Zoom's `date_time` has whole seconds: a message the contact sent in the same second as
 * ours, before it, cannot be told apart from a reply; ours being listed first settles it when it is.
 */
export function findReply(messages: ConversationMessage[], ours: { messageId: string; dateTime: string }, contacts: string[]): Reply | undefined {
	const wanted = new Set(contacts.map(digits));
	const oursAt = Date.parse(ours.dateTime);
	const ourIndex = messages.findIndex((message) => message.message_id === ours.messageId);
	for (let index = ourIndex + 1; index < messages.length; index++) {
		const message = messages[index];
		if (String(message.direction ?? '').toLowerCase() !== 'in' || !message.message_id) continue;
		const from = digits(message.sender?.phone_number);
		if (wanted.size > 0 && from !== '' && !wanted.has(from)) continue;
		if (ourIndex < 0) {
			const at = Date.parse(message.date_time ?? '');
			if (!Number.isFinite(at) || (Number.isFinite(oursAt) && at < oursAt)) continue;
		}
		return {
			messageId: message.message_id,
			text: message.message ?? '',
			dateTime: message.date_time ?? '',
			from: message.sender?.phone_number ? `+${from}` : '',
		};
	}
	return undefined;
}
