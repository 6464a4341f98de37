/**
 * Message → Send, step 1b (called at the end of prepare.ts, before anything is sent): recipients who opted
 * out (texted STOP) are left out when Options → Opted-Out Recipients is Skip.
 *
 * How Zoom is asked, once per run, through the run's ZoomClient (paced by the account budget):
 * 1. `GET /phone/sms_campaigns` (every page), then `GET /phone/sms_campaigns/{id}` per campaign until every
 *    sender of the run is found in a campaign's `phone_numbers`. A number is in at most one campaign
 *    [UNVERIFIED: Zoom's KB says a number is "added to a campaign"; the API does not say it cannot be in two].
 * 2. `GET /phone/sms_campaigns/{id}/phone_numbers/opt_status`: Zoom takes one consumer per request there
 *    (`consumer_phone_number`, required), against up to 10 of the campaign's numbers. So each distinct
 *    recipient of the run is asked once, for every sender of the run in that campaign at once: never
 *    once per item, and a recipient who gets 5 texts in a run is asked about once.
 *
 * A sender in no campaign (toll-free numbers, numbers outside the US and Canada) has no opt statuses in
 * Zoom: its texts go as before, and Zoom decides [UNVERIFIED: Zoom honours STOP for them too, zoom-api.md].
 * `opt_out` is skipped; `opt_in`, `pending` and pairs Zoom does not report are sent.
 *
 * A failed look-up (a missing scope, Zoom unreachable) never lets the texts go unchecked: every item it
 * concerns becomes a clear error ("nothing was sent"), and the usual rule applies (Stop Workflow: the whole
 * run stops before anything is sent).
 *
 * Items that an earlier try of this run already sent or may have sent (the ledger holds them) are left
 * exactly as they are: deliver.ts finds them in the ledger and never sends them twice.
 */
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { runPool } from '../../../../shared/requestPacer';
import { numberKey, optStatusReads, pairKey, splitByConsent } from '../../../../shared/optStatus';
import { describeFailure, zoomApiError, type ZoomClient } from '../../../transport';
import { zoomPages } from '../../../transport/pagination';
import { parameterReader } from '../../common';
import { readCampaignOptStatuses } from '../../smsCampaign/campaignApi';
import type { PreparedSend } from './prepare';

/** What the recipient fields of a skipped recipient say. Output values: a contract. */
export const SKIPPED_OPTED_OUT = 'optedOut';

/** The option's values; absent (workflows saved before it existed) means Send Anyway, as before. */
export type OptedOutHandling = 'skip' | 'sendAnyway';

/** Send's option, in its own object so the Options list gains one line. */
export const optedOutRecipientsOption: INodeProperties = {
	displayName: 'Opted-Out Recipients',
	name: 'optedOutRecipients',
	type: 'options',
	options: [
		{
			name: 'Skip',
			value: 'skip',
			description:
				'Recipients who texted STOP to the From number (its 10DLC campaign says opt_out) get nothing; the item is output with skipped: "optedOut". Needs the campaign read scopes.',
		},
		{
			name: 'Send Anyway',
			value: 'sendAnyway',
			description: 'Send without checking: Zoom decides what happens to texts to opted-out numbers',
		},
	],
	default: 'skip',
	description:
		'What to do with recipients who opted out of texts from the From number. Opt statuses are read once per run from the From number\'s 10DLC campaign.',
};

/** A recipient left out, as the output lists it. */
export interface SkippedRecipient {
	phoneNumber: string;
	skipped: typeof SKIPPED_OPTED_OUT;
}

/** Whether a prepared item was left out entirely: every recipient opted out. */
export function isSkipped(send: PreparedSend): boolean {
	return send.recipients.length === 0 && (send.skippedRecipients?.length ?? 0) > 0;
}

function handlingReader(context: IExecuteFunctions): (itemIndex: number) => OptedOutHandling {
	const options = parameterReader<{ optedOutRecipients?: unknown }>(context, 'options', {});
	return (itemIndex) => (options(itemIndex)?.optedOutRecipients === 'skip' ? 'skip' : 'sendAnyway');
}

/** Whether some item asks to skip opted-out recipients: only then is Zoom asked. */
export function wantsConsentCheck(context: IExecuteFunctions, itemCount: number): boolean {
	const handling = handlingReader(context);
	const stored = (context.getNode().parameters.options as { optedOutRecipients?: unknown } | undefined)?.optedOutRecipients;
	// Without an expression the value is the same for every item: the first one says it.
	if (typeof stored !== 'string' || !stored.startsWith('=')) return itemCount > 0 && handling(0) === 'skip';
	for (let itemIndex = 0; itemIndex < itemCount; itemIndex++) if (handling(itemIndex) === 'skip') return true;
	return false;
}

export interface ConsentCheck {
	client: ZoomClient;
	/** Items an earlier try of this run sent or may have sent: left as they are. */
	alreadyStarted: (itemIndex: number) => boolean;
}

const CONCURRENT_READS = 4;

interface CampaignEntry {
	id: string;
	numbers: string[];
}

/** Which campaign each sender is in: campaigns are read until every sender is found (or none is left). */
async function campaignsOf(client: ZoomClient, senders: string[]): Promise<Map<string, string>> {
	const wanted = new Set(senders.map(numberKey));
	const found = new Map<string, string>();
	for await (const page of zoomPages<{ id?: string }>(client, { method: 'GET', path: '/phone/sms_campaigns' }, 'sms_campaigns')) {
		for (const listed of page) {
			if (!listed.id) continue;
			const campaign = await client.request<{ phone_numbers?: Array<{ number?: string }> } | undefined>({
				method: 'GET',
				path: `/phone/sms_campaigns/${encodeURIComponent(listed.id)}`,
			});
			const entry: CampaignEntry = { id: listed.id, numbers: (campaign?.phone_numbers ?? []).map((n) => numberKey(n.number)) };
			for (const number of entry.numbers) {
				if (wanted.has(number) && !found.has(number)) found.set(number, entry.id);
			}
			if (found.size === wanted.size) return found;
		}
	}
	return found;
}

function lookupError(context: IExecuteFunctions, itemIndex: number, from: string, error: unknown): NodeOperationError {
	const said = zoomApiError(context.getNode(), describeFailure(error));
	const failure = describeFailure(error);
	const scopeHint =
		failure.kind === 'http' && (failure.body?.code === 4711 || failure.status === 401 || failure.status === 403)
			? 'Give the app the scopes phone:read:list_sms_campaigns:admin, phone:read:sms_campaign:admin and phone:read:sms_campaign_number_opt_status:admin (or phone:read:admin), '
			: 'Check that Zoom is reachable and run again, ';
	return new NodeOperationError(context.getNode(), `Item ${itemIndex}: could not read the opt statuses of the recipients of ${from}`, {
		itemIndex,
		description: `${said.message}${said.description ? ` (${said.description})` : ''}. Options → Opted-Out Recipients is Skip, so nothing is sent unchecked. ${scopeHint}or set Opted-Out Recipients to Send Anyway to let Zoom decide. Nothing was sent for this item.`,
	});
}

/**
 * The prepared items with opted-out recipients left out (`skippedRecipients`); an item whose every
 * recipient opted out keeps no recipient (see isSkipped). A look-up that failed turns the items it
 * concerns into errors.
 */
export async function applyConsent(
	context: IExecuteFunctions,
	prepared: Array<PreparedSend | NodeOperationError>,
	check: ConsentCheck,
): Promise<Array<PreparedSend | NodeOperationError>> {
	const handling = handlingReader(context);
	const candidates: number[] = [];
	prepared.forEach((send, itemIndex) => {
		if (!(send instanceof NodeOperationError) && handling(itemIndex) === 'skip' && !check.alreadyStarted(itemIndex)) candidates.push(itemIndex);
	});
	if (candidates.length === 0) return prepared;
	const sends = candidates.map((itemIndex) => ({ itemIndex, send: prepared[itemIndex] as PreparedSend }));
	const senders = [...new Map(sends.map(({ send }) => [numberKey(send.from), send.from])).values()];

	let campaignOfSender: Map<string, string>;
	try {
		campaignOfSender = await campaignsOf(check.client, senders);
	} catch (error) {
		const result = [...prepared];
		for (const { itemIndex, send } of sends) result[itemIndex] = lookupError(context, itemIndex, send.from, error);
		return result;
	}

	const texts = sends.flatMap(({ send }) => send.recipients.map((to) => ({ from: send.from, to })));
	const reads = optStatusReads(texts, (sender) => campaignOfSender.get(numberKey(sender)));
	const statuses = new Map<string, string>();
	/** Senders (number keys) whose look-up failed, with the first failure. */
	const failed = new Map<string, unknown>();
	const done = new Set<number>();
	await runPool(
		reads.length,
		CONCURRENT_READS,
		async (index) => {
			const read = reads[index];
			try {
				for (const record of await readCampaignOptStatuses(check.client, read.campaignId, read.consumer, read.zoomNumbers)) {
					if (record.zoom_phone_user_number && record.consumer_phone_number && record.opt_status) {
						statuses.set(pairKey(record.zoom_phone_user_number, record.consumer_phone_number), record.opt_status);
					}
				}
				done.add(index);
			} catch (error) {
				for (const sender of read.zoomNumbers) if (!failed.has(numberKey(sender))) failed.set(numberKey(sender), error);
			}
		},
		() => check.client.cancelSignal?.aborted === true,
	);
	// Reads the run never made (it was cancelled): their senders' texts are not sent unchecked.
	reads.forEach((read, index) => {
		if (done.has(index)) return;
		for (const sender of read.zoomNumbers) if (!failed.has(numberKey(sender))) failed.set(numberKey(sender), new Error('The execution was cancelled before the opt statuses were read'));
	});

	const result = [...prepared];
	for (const { itemIndex, send } of sends) {
		const failure = failed.get(numberKey(send.from));
		if (failure !== undefined) {
			result[itemIndex] = lookupError(context, itemIndex, send.from, failure);
			continue;
		}
		const { keep, optedOut } = splitByConsent(send.from, send.recipients, statuses);
		if (optedOut.length === 0) continue;
		result[itemIndex] = { ...send, recipients: keep, skippedRecipients: optedOut };
	}
	return result;
}

/** The output's list of who was left out. */
export function skippedRecipientsJson(send: PreparedSend): SkippedRecipient[] {
	return (send.skippedRecipients ?? []).map((phoneNumber) => ({ phoneNumber, skipped: SKIPPED_OPTED_OUT }));
}
