/**
 * The Zoom reads behind Send's Opted-Out Recipients = Skip (consent.ts), made once per run through the
 * run's ZoomClient, so they are paced by the account budget with the sends.
 *
 * 1. Whose number each sender is: `GET /phone/numbers?type=assigned`, page after page until every sender
 *    is found (the list the From picker shows; `phone:read:list_numbers:admin`).
 * 2. A sender assigned to a Zoom user: `GET /phone/user/{userId}/sms_campaigns/phone_numbers/opt_status`,
 *    10 consumers and 10 of the user's numbers per request, so 100 recipients of one sender cost 10 reads.
 *    [UNVERIFIED] that this user-level list reports the same statuses as the campaign's: Zoom documents
 *    both as "the opt statuses" of the number pairs, with the same scope (`phone:read:sms_campaign_number_
 *    opt_status:admin`).
 * 3. Any other sender (a call queue's, an auto receptionist's, or when step 1 could not be read): its
 *    campaign, from `GET /phone/sms_campaigns` and `GET /phone/sms_campaigns/{id}` (`phone_numbers`), read
 *    until every such sender is found; then `GET /phone/sms_campaigns/{id}/phone_numbers/opt_status`,
 *    which takes one consumer per request, against up to 10 of the campaign's numbers: each distinct
 *    recipient once. [UNVERIFIED] that a number is in one campaign at most: the first that lists it is used.
 *
 * A sender in no campaign gets no status from Zoom (its texts are then sent, Zoom decides).
 */
import type { IDataObject } from 'n8n-workflow';

import { numberKey, optStatusReads, pairKey, userOptStatusReads, type ZoomOptStatus } from '../../../../shared/optStatus';
import { runPool } from '../../../../shared/requestPacer';
import type { ZoomClient } from '../../../transport';
import { zoomPages } from '../../../transport/pagination';
import { fetchPhoneNumberPage } from '../../phoneNumber/listPhoneNumbers';
import { readCampaignOptStatuses, readUserOptStatuses } from '../../smsCampaign/campaignApi';

const CONCURRENT_READS = 4;

export interface OptStatusLookup {
	/** Opt statuses by pairKey(sender, consumer). */
	statuses: Map<string, string>;
	/** Senders (number keys) whose statuses could not be read, with the first failure. */
	failed: Map<string, unknown>;
}

/** The Zoom user each sender is assigned to; a sender of another kind maps to undefined. */
async function ownersOf(client: ZoomClient, senders: string[]): Promise<Map<string, string | undefined>> {
	const wanted = new Set(senders.map(numberKey));
	const owners = new Map<string, string | undefined>();
	let token: string | undefined;
	const tokensSeen = new Set<string>();
	do {
		const page = await fetchPhoneNumberPage(client, { assignment: 'assigned' }, 100, token);
		for (const number of page.numbers) {
			const key = numberKey(String(number.number));
			if (!wanted.has(key)) continue;
			const assignee = number.assignee as IDataObject | undefined;
			owners.set(key, assignee?.type === 'user' && typeof assignee.id === 'string' && assignee.id ? assignee.id : undefined);
		}
		token = page.nextPageToken;
		if (token !== undefined && tokensSeen.has(token)) break;
		if (token !== undefined) tokensSeen.add(token);
	} while (token !== undefined && owners.size < wanted.size);
	return owners;
}

/** Which campaign each sender is in: campaigns are read until every sender is found (or none is left). */
async function campaignsOf(client: ZoomClient, senders: string[]): Promise<Map<string, string>> {
	const wanted = new Set(senders.map(numberKey));
	const found = new Map<string, string>();
	if (wanted.size === 0) return found;
	for await (const page of zoomPages<{ id?: string }>(client, { method: 'GET', path: '/phone/sms_campaigns' }, 'sms_campaigns')) {
		for (const listed of page) {
			if (!listed.id) continue;
			const campaign = await client.request<{ phone_numbers?: Array<{ number?: string }> } | undefined>({
				method: 'GET',
				path: `/phone/sms_campaigns/${encodeURIComponent(listed.id)}`,
			});
			for (const entry of campaign?.phone_numbers ?? []) {
				const key = numberKey(entry.number);
				if (wanted.has(key) && !found.has(key)) found.set(key, listed.id);
			}
			if (found.size === wanted.size) return found;
		}
	}
	return found;
}

function record(statuses: Map<string, string>, records: ZoomOptStatus[]): void {
	for (const entry of records) {
		if (entry.zoom_phone_user_number && entry.consumer_phone_number && entry.opt_status) {
			statuses.set(pairKey(entry.zoom_phone_user_number, entry.consumer_phone_number), entry.opt_status);
		}
	}
}

/** Runs the reads, 4 at a time; a read that failed, or that a cancel left unmade, marks its senders failed. */
async function runReads(client: ZoomClient, reads: Array<{ zoomNumbers: string[]; run: () => Promise<ZoomOptStatus[]> }>, lookup: OptStatusLookup): Promise<void> {
	const done = new Set<number>();
	const fail = (senders: string[], error: unknown) => {
		for (const sender of senders) if (!lookup.failed.has(numberKey(sender))) lookup.failed.set(numberKey(sender), error);
	};
	await runPool(
		reads.length,
		CONCURRENT_READS,
		async (index) => {
			try {
				record(lookup.statuses, await reads[index].run());
				done.add(index);
			} catch (error) {
				fail(reads[index].zoomNumbers, error);
			}
		},
		() => client.cancelSignal?.aborted === true,
	);
	reads.forEach((read, index) => {
		if (!done.has(index)) fail(read.zoomNumbers, new Error('The execution was cancelled before the opt statuses were read'));
	});
}

/** The opt statuses of the run's (sender, recipient) pairs. */
export async function lookUpOptStatuses(client: ZoomClient, texts: Array<{ from: string; to: string }>): Promise<OptStatusLookup> {
	const lookup: OptStatusLookup = { statuses: new Map(), failed: new Map() };
	const senders = [...new Map(texts.map((text) => [numberKey(text.from), text.from])).values()];
	// Without the numbers list every sender takes the campaign path, which needs no owner.
	const owners = await ownersOf(client, senders).catch(() => new Map<string, string | undefined>());
	const ownerOf = (sender: string) => owners.get(numberKey(sender));

	const userReads = userOptStatusReads(texts, ownerOf).map((read) => ({
		zoomNumbers: read.zoomNumbers,
		run: async () => await readUserOptStatuses(client, read.userId, read.consumers, read.zoomNumbers),
	}));
	const campaignTexts = texts.filter((text) => ownerOf(text.from) === undefined);
	let campaignReads: typeof userReads = [];
	if (campaignTexts.length > 0) {
		const campaignSenders = [...new Map(campaignTexts.map((text) => [numberKey(text.from), text.from])).values()];
		try {
			const campaignOf = await campaignsOf(client, campaignSenders);
			campaignReads = optStatusReads(campaignTexts, (sender) => campaignOf.get(numberKey(sender))).map((read) => ({
				zoomNumbers: read.zoomNumbers,
				run: async () => await readCampaignOptStatuses(client, read.campaignId, read.consumer, read.zoomNumbers),
			}));
		} catch (error) {
			for (const sender of campaignSenders) lookup.failed.set(numberKey(sender), error);
		}
	}
	await runReads(client, [...userReads, ...campaignReads], lookup);
	return lookup;
}
