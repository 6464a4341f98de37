/**
 * Consent (10DLC opt statuses) as plain data, with no n8n import: Zoom's campaign and opt-status records
 * turned into the node's output, the requests a run needs, and which recipients of a text are left out.
 *
 * Zoom's opt status is per pair: a consumer's number and one of the account's numbers
 * (`GET /phone/sms_campaigns/{id}/phone_numbers/opt_status`: "The opt status per a number pair").
 */
import type { IDataObject } from 'n8n-workflow';

export type OptStatusValue = 'opt_in' | 'opt_out' | 'pending';

/** Zoom's `zoom_phone_user_numbers` and `consumer_phone_numbers` hold at most 10 numbers (OpenAPI `maxItems`). */
export const MAX_NUMBERS_PER_OPT_STATUS_REQUEST = 10;

export interface ZoomCampaign {
	id?: string;
	display_name?: string;
	status?: string;
	service_type?: string;
	brand?: { id?: string; name?: string };
	phone_numbers?: Array<{ id?: string; number?: string }>;
	auto_renew?: boolean;
	create_time?: string;
	use_case?: string;
}

export interface ZoomOptStatus {
	consumer_phone_number?: string;
	zoom_phone_user_number?: string;
	opt_status?: string;
	opt_in_status?: number;
	opt_in_message?: string;
}

/** Zoom's examples print numbers with and without "+"; pairs are compared on their digits. */
export function numberKey(phoneNumber: string | undefined): string {
	return String(phoneNumber ?? '').replace(/\D/g, '');
}

export function pairKey(zoomNumber: string, consumer: string): string {
	return `${numberKey(zoomNumber)}|${numberKey(consumer)}`;
}

function e164(phoneNumber: string | undefined): string {
	const value = String(phoneNumber ?? '').trim();
	return /^\d{7,15}$/.test(value) ? `+${value}` : value;
}

/** A campaign as the node outputs it (Get and Get Many; Get Many's records have no numbers). */
export function normalizeCampaign(record: ZoomCampaign): IDataObject {
	const json: IDataObject = {
		id: record.id ?? '',
		displayName: record.display_name ?? '',
		status: record.status ?? '',
	};
	if (record.brand) json.brand = { id: record.brand.id ?? '', name: record.brand.name ?? '' };
	if (record.service_type !== undefined) json.serviceType = record.service_type;
	if (record.phone_numbers !== undefined) {
		json.phoneNumbers = record.phone_numbers.map((entry) => ({ id: entry.id ?? '', number: e164(entry.number) }));
	}
	if (record.auto_renew !== undefined) json.autoRenew = record.auto_renew;
	if (record.create_time !== undefined) json.createTime = record.create_time;
	if (record.use_case !== undefined) json.useCase = record.use_case;
	return json;
}

/** One number pair's opt status as the node outputs it. */
export function normalizeOptStatus(record: ZoomOptStatus, extra: IDataObject = {}): IDataObject {
	return {
		...extra,
		consumerPhoneNumber: e164(record.consumer_phone_number),
		zoomPhoneNumber: e164(record.zoom_phone_user_number),
		optStatus: record.opt_status ?? '',
		...(record.opt_in_status !== undefined ? { optInStatus: record.opt_in_status } : {}),
		...(record.opt_in_message !== undefined ? { optInMessage: record.opt_in_message } : {}),
	};
}

/** `list` cut into pieces of at most `size`. */
export function chunk<T>(list: readonly T[], size: number): T[][] {
	const pieces: T[][] = [];
	for (let start = 0; start < list.length; start += size) pieces.push(list.slice(start, start + size));
	return pieces;
}

/**
 * The opt-status reads a run needs: per campaign, each consumer once, against every sender of the run
 * in that campaign that texts them (up to 10 per request, Zoom's limit). `texts` are the run's
 * (sender, recipient) pairs; `campaignOf` says which campaign a sender is in (undefined: none).
 */
export function optStatusReads(
	texts: ReadonlyArray<{ from: string; to: string }>,
	campaignOf: (sender: string) => string | undefined,
): Array<{ campaignId: string; consumer: string; zoomNumbers: string[] }> {
	const byCampaign = new Map<string, Map<string, { consumer: string; senders: Map<string, string> }>>();
	for (const { from, to } of texts) {
		const campaignId = campaignOf(from);
		if (campaignId === undefined) continue;
		const consumers = byCampaign.get(campaignId) ?? new Map<string, { consumer: string; senders: Map<string, string> }>();
		byCampaign.set(campaignId, consumers);
		const entry = consumers.get(numberKey(to)) ?? { consumer: to, senders: new Map<string, string>() };
		consumers.set(numberKey(to), entry);
		if (!entry.senders.has(numberKey(from))) entry.senders.set(numberKey(from), from);
	}
	const reads: Array<{ campaignId: string; consumer: string; zoomNumbers: string[] }> = [];
	for (const [campaignId, consumers] of byCampaign) {
		for (const { consumer, senders } of consumers.values()) {
			for (const zoomNumbers of chunk([...senders.values()], MAX_NUMBERS_PER_OPT_STATUS_REQUEST)) reads.push({ campaignId, consumer, zoomNumbers });
		}
	}
	return reads;
}

/**
 * The user-level opt-status reads a run needs (`GET /phone/user/{userId}/sms_campaigns/phone_numbers/
 * opt_status`): per user, the run's recipients of that user's senders, 10 consumers and 10 senders per
 * request. `ownerOf` says which Zoom user a sender is assigned to (undefined: not a user's number).
 */
export function userOptStatusReads(
	texts: ReadonlyArray<{ from: string; to: string }>,
	ownerOf: (sender: string) => string | undefined,
): Array<{ userId: string; consumers: string[]; zoomNumbers: string[] }> {
	const byUser = new Map<string, { senders: Map<string, string>; consumers: Map<string, string> }>();
	for (const { from, to } of texts) {
		const userId = ownerOf(from);
		if (userId === undefined) continue;
		const entry = byUser.get(userId) ?? { senders: new Map<string, string>(), consumers: new Map<string, string>() };
		byUser.set(userId, entry);
		if (!entry.senders.has(numberKey(from))) entry.senders.set(numberKey(from), from);
		if (!entry.consumers.has(numberKey(to))) entry.consumers.set(numberKey(to), to);
	}
	const reads: Array<{ userId: string; consumers: string[]; zoomNumbers: string[] }> = [];
	for (const [userId, { senders, consumers }] of byUser) {
		for (const zoomNumbers of chunk([...senders.values()], MAX_NUMBERS_PER_OPT_STATUS_REQUEST)) {
			for (const batch of chunk([...consumers.values()], MAX_NUMBERS_PER_OPT_STATUS_REQUEST)) reads.push({ userId, consumers: batch, zoomNumbers });
		}
	}
	return reads;
}

/**
 * Which recipients of a text from `from` are left out: those whose status with `from` is `opt_out`.
 * `pending`, `opt_in` and pairs Zoom did not report are kept (Zoom still decides when it sends).
 */
export function splitByConsent(
	from: string,
	recipients: readonly string[],
	statuses: ReadonlyMap<string, string>,
): { keep: string[]; optedOut: string[] } {
	const keep: string[] = [];
	const optedOut: string[] = [];
	for (const recipient of recipients) {
		if (statuses.get(pairKey(from, recipient)) === 'opt_out') optedOut.push(recipient);
		else keep.push(recipient);
	}
	return { keep, optedOut };
}
