/**
 * Zoom's message, conversation and phone-number records turned into the shape the Zoom SMS node and the
 * Zoom SMS Trigger output: camelCase names, numbers in E.164 with a leading "+", and the message type as a
 * word as well as Zoom's number. Pure: no requests, no n8n runtime.
 *
 * Zoom prints numbers in history and webhook payloads without the "+" ("12132822256"), but they are
 * already international (country code first), so adding the "+" is all E.164 needs; guessing a country
 * with a phone library could only make them wrong.
 */
import type { IDataObject } from 'n8n-workflow';

export interface ZoomParty {
	phone_number?: string;
	display_name?: string;
	id?: string;
	type?: string;
	owner?: { id?: string; type?: string };
	is_message_owner?: boolean;
	is_session_owner?: boolean;
}

export interface ZoomAttachment {
	id?: string;
	name?: string;
	size?: number;
	type?: string;
	download_url?: string;
}

/** A message as Zoom's history endpoints and SMS webhooks describe it (both shapes share these fields). */
export interface ZoomMessage {
	message_id?: string;
	session_id?: string;
	date_time?: string;
	direction?: string;
	message?: string;
	message_type?: number;
	delivery_status?: string;
	sender?: ZoomParty;
	to_members?: ZoomParty[];
	attachments?: ZoomAttachment[];
	failure_reason?: string;
	owner?: { id?: string; type?: string; team_id?: string; sms_sender_user_id?: string };
}

export interface ZoomSession {
	session_id?: string;
	session_type?: string;
	last_access_time?: string;
	participants?: ZoomParty[];
}

export interface ZoomPhoneNumber {
	id?: string;
	number?: string;
	display_name?: string;
	status?: string;
	number_type?: string;
	source?: string;
	location?: string;
	capability?: string[];
	assignee?: { id?: string; name?: string; extension_number?: number | string; type?: string };
	site?: { id?: string; name?: string };
}

/** Zoom's `message_type` codes (OpenAPI: 1 SMS, 2 MMS, 3 GROUP_SMS, 4 GROUP_MMS, 5 SMS_INTER, 6 MSG_ON_NET). */
export const MESSAGE_TYPES: Readonly<Record<number, string>> = {
	1: 'sms',
	2: 'mms',
	3: 'groupSms',
	4: 'groupMms',
	5: 'internationalSms',
	6: 'onNetMessage',
};

/** `12132822256` → `+12132822256`; values that are not plain international digits are returned unchanged. */
export function withPlus(phoneNumber: string | undefined): string {
	const value = String(phoneNumber ?? '').trim();
	if (/^\d{7,15}$/.test(value)) return `+${value}`;
	return value;
}

export function messageTypeName(code: number | undefined): string {
	return code === undefined ? 'unknown' : (MESSAGE_TYPES[code] ?? 'unknown');
}

/** Zoom says "In"/"Out" in history; webhooks imply the direction by their event instead. */
export function directionOf(value: string | undefined): 'inbound' | 'outbound' | undefined {
	const lower = String(value ?? '').toLowerCase();
	if (lower === 'in' || lower === 'inbound') return 'inbound';
	if (lower === 'out' || lower === 'outbound') return 'outbound';
	return undefined;
}

export function normalizeAttachment(attachment: ZoomAttachment): IDataObject {
	return {
		id: attachment.id ?? '',
		name: attachment.name ?? '',
		size: attachment.size ?? 0,
		// Webhooks say "jpg", history says "JPG": one spelling for workflows to compare against.
		type: String(attachment.type ?? '').toUpperCase(),
		downloadUrl: attachment.download_url ?? '',
	};
}

/**
 * One message in the node's output shape. `context` fills what the record itself lacks: history records
 * carry no session ID (it is in the URL), webhook records no direction (it is in the event name).
 */
export function normalizeMessage(
	record: ZoomMessage,
	context: { sessionId?: string; direction?: 'inbound' | 'outbound' } = {},
): IDataObject {
	const recipients = (record.to_members ?? []).map((member) => withPlus(member.phone_number)).filter(Boolean);
	const json: IDataObject = {
		messageId: record.message_id ?? '',
		sessionId: record.session_id ?? context.sessionId ?? '',
		dateTime: record.date_time ?? '',
		direction: directionOf(record.direction) ?? context.direction ?? 'unknown',
		from: withPlus(record.sender?.phone_number),
		fromName: record.sender?.display_name ?? '',
		to: recipients.join(','),
		recipients,
		message: record.message ?? '',
		messageType: messageTypeName(record.message_type),
		messageTypeCode: record.message_type ?? null,
		attachments: (record.attachments ?? []).map(normalizeAttachment),
	};
	if (record.delivery_status !== undefined) json.deliveryStatus = record.delivery_status;
	if (record.failure_reason !== undefined) json.failureReason = record.failure_reason;
	if (record.owner) json.owner = { ...record.owner } as IDataObject;
	return json;
}

export function normalizeSession(record: ZoomSession): IDataObject {
	const participants = (record.participants ?? []).map((participant) => ({
		phoneNumber: withPlus(participant.phone_number),
		displayName: participant.display_name ?? '',
		isSessionOwner: participant.is_session_owner === true,
		...(participant.owner ? { owner: { ...participant.owner } } : {}),
	}));
	return {
		sessionId: record.session_id ?? '',
		sessionType: record.session_type ?? '',
		lastMessageTime: record.last_access_time ?? '',
		ownerNumber: participants.find((participant) => participant.isSessionOwner)?.phoneNumber ?? '',
		contactNumbers: participants.filter((participant) => !participant.isSessionOwner).map((participant) => participant.phoneNumber),
		participants,
	};
}

export function normalizePhoneNumber(record: ZoomPhoneNumber): IDataObject {
	const json: IDataObject = {
		id: record.id ?? '',
		number: withPlus(record.number),
		displayName: record.display_name ?? '',
		status: record.status ?? '',
		numberType: record.number_type ?? '',
		assigned: record.assignee !== undefined,
	};
	if (record.assignee) {
		json.assignee = {
			id: record.assignee.id ?? '',
			name: record.assignee.name ?? '',
			type: record.assignee.type ?? '',
			extensionNumber: record.assignee.extension_number ?? null,
		};
	}
	if (record.site) json.site = { id: record.site.id ?? '', name: record.site.name ?? '' };
	if (record.location !== undefined) json.location = record.location;
	if (record.capability !== undefined) json.capability = [...record.capability];
	if (record.source !== undefined) json.source = record.source;
	return json;
}
