/**
 * Message → Send, step 2 for an item whose recipients Zoom texts one by one (a toll-free sender, or one
 * outside the US and Canada: see nodes/shared/groupMessaging.ts). Zoom would turn the request into one
 * 1:1 message per recipient anyway; sent as one request per recipient instead, each recipient's message
 * has its own message ID and conversation in the output, and the ledger records each request on its
 * own (key "item/recipient"), so a re-run (Retry On Fail, a retried execution) texts only the recipients
 * that were not texted yet. The exactly-once rules are deliver.ts's: each recipient goes through them.
 */
import type { INode } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { Delivery, Outcome } from './deliver';
import { recipientKey, type SentPart } from './ledger';
import type { PreparedSend } from './prepare';

/** Where one recipient's message ended (output as `messages[]`). */
export interface RecipientResult {
	to: string;
	status: Outcome['status'];
	parts: SentPart[];
	alreadySent?: boolean;
	confirmedInZoom?: boolean;
	/** Why it was not sent, when it was not. */
	error?: string;
}

function forRecipient(send: PreparedSend, recipientIndex: number): PreparedSend {
	const single: PreparedSend = { ...send, recipients: [send.recipients[recipientIndex]] };
	delete single.oneToOne;
	return single;
}

function resultOf(to: string, outcome: Outcome): RecipientResult {
	if (outcome.status === 'sent') {
		return { to, status: 'sent', parts: outcome.parts, ...(outcome.alreadySent ? { alreadySent: true } : {}), ...(outcome.confirmedInZoom ? { confirmedInZoom: true } : {}) };
	}
	// Never from deliver(): a recipient who opted out was taken off the list before (consent.ts).
	if (outcome.status === 'skipped') return { to, status: 'skipped', parts: [] };
	return { to, status: outcome.status, parts: outcome.parts, error: outcome.status === 'notSent' ? outcome.reason : outcome.error.message };
}

/** One outcome for the item from its recipients' outcomes. */
function combine(node: INode, itemIndex: number, send: PreparedSend, outcomes: Outcome[]): Outcome {
	const recipients = outcomes.map((outcome, index) => resultOf(send.recipients[index], outcome));
	const parts = outcomes.flatMap((outcome) => outcome.parts);
	const badIndex = outcomes.findIndex((outcome) => outcome.status !== 'sent');
	if (badIndex < 0) {
		return {
			status: 'sent',
			parts,
			alreadySent: outcomes.every((outcome) => outcome.status === 'sent' && outcome.alreadySent),
			confirmedInZoom: outcomes.some((outcome) => outcome.status === 'sent' && outcome.confirmedInZoom),
			recipients,
		};
	}
	const bad = outcomes[badIndex] as Exclude<Outcome, { status: 'sent' } | { status: 'skipped' }>;
	const texted = recipients.filter((recipient) => recipient.status === 'sent').map((recipient) => recipient.to);
	const where = `recipient ${badIndex + 1} of ${send.recipients.length}, ${send.recipients[badIndex]}`;
	const textedNote = texted.length ? `texted: ${texted.join(', ')}` : 'no recipient was texted';
	if (bad.status === 'notSent' && !bad.attempted && texted.length === 0) return { ...bad, parts, recipients };
	if (bad.status === 'notSent') {
		return {
			status: bad.attempted ? 'notSent' : 'failed',
			parts,
			recipients,
			...(bad.attempted
				? { reason: `${bad.reason} (${where}; ${textedNote})`, attempted: true }
				: {
						error: new NodeOperationError(node, `Item ${itemIndex}: only ${texted.length} of ${send.recipients.length} recipients were texted`, {
							itemIndex,
							description: `The run stopped before ${send.recipients[badIndex]} was texted: ${bad.reason}. Texted: ${texted.join(', ')}; a re-run of this execution texts only the others.`,
						}),
					}),
		} as Outcome;
	}
	bad.error.message += ` (${where}; ${textedNote})`;
	return { ...bad, parts, recipients };
}

/** Texts each recipient in turn, through the same exactly-once path as any item, with its own ledger key. */
export async function deliverOneByOne(delivery: Delivery, node: INode, itemIndex: number, send: PreparedSend): Promise<Outcome> {
	const outcomes: Outcome[] = [];
	for (let recipientIndex = 0; recipientIndex < send.recipients.length; recipientIndex++) {
		outcomes.push(await delivery.deliverParts(itemIndex, forRecipient(send, recipientIndex), recipientKey(itemIndex, recipientIndex)));
	}
	return combine(node, itemIndex, send, outcomes);
}

/** An item the run never reached: what an earlier try texted still counts, recipient by recipient. */
export function unreachedOneByOne(delivery: Delivery, node: INode, itemIndex: number, send: PreparedSend): Outcome {
	const outcomes = send.recipients.map((_, recipientIndex) => delivery.unreached(itemIndex, forRecipient(send, recipientIndex), recipientKey(itemIndex, recipientIndex)));
	return combine(node, itemIndex, send, outcomes);
}
