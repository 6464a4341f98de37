/**
 * Message → Send, step 3: where every item ended, in the form n8n's On Error setting asks for.
 * - Stop Workflow: any item not sent fails the run with a per-item summary (retrying it is safe: see ledger.ts).
 * - Continue (regular output): one item per input item, failed ones with `success: false` and the error.
 * - Continue (using error output): sent items on the success output, every other item on the error output.
 */
import { NodeOperationError, type IDataObject, type IExecuteFunctions, type INodeExecutionData, type NodeApiError } from 'n8n-workflow';

import { eventLoopYielder } from '../../eventLoop';
import { SKIPPED_OPTED_OUT, skippedRecipientsJson } from './consent';
import type { Outcome } from './deliver';
import type { SentPart } from './ledger';
import type { RecipientResult } from './oneToOne';
import type { PreparedSend } from './prepare';

type Problem = NodeApiError | NodeOperationError;

function sentJson(send: PreparedSend, outcome: Extract<Outcome, { status: 'sent' }>): IDataObject {
	const { parts } = outcome;
	const first = parts[0];
	const last = parts[parts.length - 1];
	return {
		success: true,
		messageId: first.messageId,
		sessionId: last.sessionId,
		dateTime: first.dateTime,
		from: send.from,
		// Automatic From only: why this number sent, as the user never picked it.
		...(send.fromReason ? { fromReason: send.fromReason } : {}),
		to: send.recipients.join(','),
		recipients: send.recipients,
		...(send.attachments?.length ? { attachments: send.attachments } : {}),
		// Opted-Out Recipients → Skip: the group's recipients who opted out got nothing.
		...(send.skippedRecipients?.length ? { skippedRecipients: skippedRecipientsJson(send) } : {}),
		...(parts.length > 1
			? { parts: parts.map((part, index) => ({ part: index + 1, messageId: part.messageId, dateTime: part.dateTime, characters: part.characters })) }
			: {}),
		// Sent by an earlier try of this execution (Retry On Fail, a retried execution): not sent again now.
		...(outcome.alreadySent ? { alreadySent: true } : {}),
		// Zoom gave no answer to a send, and its conversation history showed the message.
		...(outcome.confirmedInZoom ? { confirmedInZoom: true } : {}),
		...oneToOneJson(send, outcome.recipients),
	};
}

/** Recipients texted one by one (a toll-free or non-US/CA sender): each one's message and conversation. */
function oneToOneJson(send: PreparedSend, recipients: RecipientResult[] | undefined): IDataObject {
	if (!send.oneToOne || !recipients) return {};
	const first = recipients.find((recipient) => recipient.parts.length > 0);
	return {
		// messageId is the first recipient's; so is the conversation (not the last recipient's).
		...(first ? { sessionId: first.parts[first.parts.length - 1].sessionId } : {}),
		conversation: 'oneToOne',
		conversationReason: `${send.oneToOne.reason}: Zoom makes group conversations only from US and Canadian toll numbers, so each recipient was texted in a conversation of their own`,
		messages: recipients.map((recipient) => ({
			to: recipient.to,
			status: recipient.status,
			...(recipient.parts.length
				? { messageId: recipient.parts[0].messageId, sessionId: recipient.parts[recipient.parts.length - 1].sessionId, dateTime: recipient.parts[0].dateTime }
				: {}),
			...(recipient.parts.length > 1 ? { parts: recipient.parts.map((part) => part.messageId) } : {}),
			...(recipient.alreadySent ? { alreadySent: true } : {}),
			...(recipient.confirmedInZoom ? { confirmedInZoom: true } : {}),
			...(recipient.error ? { error: recipient.error } : {}),
		})),
	};
}

/** Every recipient opted out: nothing was sent, and that is what was asked (not an error). */
function skippedJson(send: PreparedSend): IDataObject {
	return {
		success: true,
		skipped: SKIPPED_OPTED_OUT,
		from: send.from,
		...(send.fromReason ? { fromReason: send.fromReason } : {}),
		to: (send.skippedRecipients ?? []).join(','),
		recipients: [],
		skippedRecipients: skippedRecipientsJson(send),
	};
}

/** "items 0–4, 7, 9–11": a run of 10,000 items must still give a readable error. */
function formatItemList(indexes: number[]): string {
	const ranges: string[] = [];
	for (let start = 0; start < indexes.length; ) {
		let end = start;
		while (end + 1 < indexes.length && indexes[end + 1] === indexes[end] + 1) end++;
		ranges.push(end > start ? `${indexes[start]}–${indexes[end]}` : String(indexes[start]));
		start = end + 1;
	}
	return `${indexes.length === 1 ? 'item' : 'items'} ${ranges.join(', ')}`;
}

/** Where every item ended, so a stopped run can be resumed without sending anything twice. */
export function describeItems(outcomes: Outcome[], stopReason: string | undefined): string {
	const lists: Record<Outcome['status'], number[]> = { sent: [], unknown: [], failed: [], notSent: [], skipped: [] };
	outcomes.forEach((outcome, index) => lists[outcome.status].push(index));
	return [
		lists.sent.length ? `Sent: ${formatItemList(lists.sent)} (do not send them again).` : 'No item was sent.',
		lists.unknown.length ? `Delivery unknown: ${formatItemList(lists.unknown)} (check Zoom before resending).` : '',
		lists.failed.length ? `Failed: ${formatItemList(lists.failed)} (not accepted by Zoom; see each item's error).` : '',
		lists.notSent.length ? `Not sent: ${formatItemList(lists.notSent)}${stopReason ? ` (${stopReason})` : ''}.` : '',
		lists.skipped.length ? `Skipped: ${formatItemList(lists.skipped)} (every recipient opted out; nothing to send).` : '',
	]
		.filter(Boolean)
		.join(' ');
}

type Unsent = Exclude<Outcome, { status: 'sent' } | { status: 'skipped' }>;

function problemOf(context: IExecuteFunctions, outcome: Unsent, itemIndex: number): Problem {
	if (outcome.status !== 'notSent') return outcome.error;
	return new NodeOperationError(context.getNode(), outcome.attempted ? `Item ${itemIndex}: not sent` : `Not sent: ${outcome.reason}.`, {
		itemIndex,
		description: outcome.attempted ? `${outcome.reason}.` : 'Nothing was sent for this item; it can be sent again safely.',
	});
}

function failedJson(send: PreparedSend | NodeOperationError, outcome: Unsent, problem: Problem, itemIndex: number): IDataObject {
	const sentParts: SentPart[] = outcome.parts;
	return {
		success: false,
		...(outcome.status === 'unknown' ? { deliveryStatus: 'unknown' } : outcome.status === 'notSent' ? { deliveryStatus: 'notSent' } : {}),
		error: outcome.status === 'notSent' && outcome.attempted ? `Item ${itemIndex}: not sent: ${outcome.reason}.` : problem.message,
		...(problem.description && !(outcome.status === 'notSent' && outcome.attempted) ? { errorDetails: problem.description } : {}),
		...(sentParts.length ? { sentParts: sentParts.map((part) => part.messageId) } : {}),
		...(send instanceof NodeOperationError ? {} : oneToOneJson(send, outcome.recipients)),
	};
}

/**
 * The node's output (one item per input item, in order, each paired with its input), or the error that
 * stops the workflow.
 */
export async function report(
	context: IExecuteFunctions,
	prepared: Array<PreparedSend | NodeOperationError>,
	outcomes: Outcome[],
	stopReason: string | undefined,
): Promise<INodeExecutionData[]> {
	const onError = context.getNode().onError;
	const continueOnFail = context.continueOnFail();
	if (!continueOnFail) {
		// The error is the first item that went wrong, not one that was merely not reached because of it.
		const wentWrong = (outcome: Outcome) => outcome.status === 'failed' || outcome.status === 'unknown' || (outcome.status === 'notSent' && outcome.attempted === true);
		const firstWrong = outcomes.findIndex(wentWrong);
		const firstProblem = firstWrong >= 0 ? firstWrong : outcomes.findIndex((outcome) => outcome.status !== 'sent' && outcome.status !== 'skipped');
		if (firstProblem >= 0) {
			const error = problemOf(context, outcomes[firstProblem] as Unsent, firstProblem);
			error.description = [error.description, describeItems(outcomes, stopReason)].filter(Boolean).join(' ');
			throw error;
		}
	}
	const giveWay = eventLoopYielder();
	const output: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < outcomes.length; itemIndex++) {
		const outcome = outcomes[itemIndex];
		const pairedItem = { item: itemIndex };
		if (outcome.status === 'sent') {
			output.push({ json: sentJson(prepared[itemIndex] as PreparedSend, outcome), pairedItem });
		} else if (outcome.status === 'skipped') {
			output.push({ json: skippedJson(prepared[itemIndex] as PreparedSend), pairedItem });
		} else {
			const problem = problemOf(context, outcome, itemIndex);
			const json = failedJson(prepared[itemIndex], outcome, problem, itemIndex);
			// n8n sends an item to the error output when its JSON holds only `error` (and `message`, `details`);
			// an item carrying its error object instead would have its JSON replaced by `{ error }` alone, and
			// the workflow would lose what tells a resend apart from a duplicate (deliveryStatus, sentParts).
			const { error, ...details } = json;
			output.push({ json: onError === 'continueErrorOutput' ? { error, details } : json, pairedItem });
		}
		await giveWay();
	}
	return output;
}
