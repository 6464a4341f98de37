/**
 * Message → Send, step 1b (called at the end of prepare.ts, before anything is sent): recipients who opted
 * out (texted STOP) are left out when Options → Opted-Out Recipients is Skip. The statuses are read once
 * per run (optStatusLookup.ts says how); `opt_out` is skipped, `opt_in`, `pending` and pairs Zoom does not
 * report are sent (Zoom decides).
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

import { numberKey, splitByConsent } from '../../../../shared/optStatus';
import { describeFailure, zoomApiError, type ZoomClient } from '../../../transport';
import { parameterReader } from '../../common';
import { lookUpOptStatuses } from './optStatusLookup';
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

function lookupError(context: IExecuteFunctions, itemIndex: number, from: string, error: unknown): NodeOperationError {
	const said = zoomApiError(context.getNode(), describeFailure(error));
	const failure = describeFailure(error);
	const scopeHint =
		failure.kind === 'http' && (failure.body?.code === 4711 || failure.status === 401 || failure.status === 403)
			? 'Give the app the scopes phone:read:sms_campaign_number_opt_status:admin, phone:read:list_numbers:admin, phone:read:list_sms_campaigns:admin and phone:read:sms_campaign:admin (or phone:read:admin), '
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
	const { statuses, failed } = await lookUpOptStatuses(
		check.client,
		sends.flatMap(({ send }) => send.recipients.map((to) => ({ from: send.from, to }))),
	);

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
