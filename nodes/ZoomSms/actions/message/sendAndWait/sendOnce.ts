/**
 * The text of a Send and Wait, sent through Message → Send's exactly-once pipeline (send/prepare, deliver,
 * ledger, history, report): a Retry On Fail or a retried execution never texts the contact twice. The
 * ledger stays open until the caller has finished (waiting included): a failure after the send, and the
 * re-run it causes, then finds the text already sent.
 */
import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { validateMessage } from '../../../../shared/messageSplitting';
import { runPool } from '../../../../shared/requestPacer';
import { longMessagesOption, messageText } from '../../../../shared/sendOptions';
import { ZoomClient } from '../../../transport';
import { resolveAutomaticSender } from '../send/automaticSender';
import { isSkipped, wantsConsentCheck } from '../send/consent';
import { Delivery, type Outcome } from '../send/deliver';
import { ZoomHistory } from '../send/history';
import { SendLedger } from '../send/ledger';
import { prepareAll, runSettings, usesAutomaticSender, type PreparedSend } from '../send/prepare';
import { report } from '../send/report';

export type SentOutcome = Extract<Outcome, { status: 'sent' }>;

export interface SentItem {
	itemIndex: number;
	send: PreparedSend;
	outcome: SentOutcome;
}

export interface SendResult {
	/** The items Zoom accepted (now or in an earlier try of this execution). */
	sent: SentItem[];
	/** The items not sent because the contact opted out (Options → Opted-Out Recipients → Skip). */
	skipped: number[];
	/** What report() output for each item (n8n's On Error shapes); the caller replaces the sent ones. */
	output: INodeExecutionData[];
	client: ZoomClient;
	ledger: SendLedger;
}

export interface SendOnceOptions {
	/** What the text ends with after the Message, kept in one piece (the answer link). */
	ending?: string;
	/** Checks on a prepared item before anything is sent (one recipient, ...); opted-out recipients are in `skippedRecipients`. */
	check?: (itemIndex: number, send: PreparedSend) => string | undefined;
}

/**
 * The item with `ending` after its Message (after a blank line), kept whole in the last message: when the
 * text is split, an ending cut from its first words would leave "Answer here:" in one SMS and the link in
 * the next, so it then goes as a message of its own. Throws MessageError when the text cannot be sent.
 */
function withEnding(context: IExecuteFunctions, itemIndex: number, send: PreparedSend, ending: string): PreparedSend {
	const options = context.getNodeParameter('options', itemIndex, {}) as { longMessages?: unknown };
	const mode = longMessagesOption(options.longMessages);
	const message = messageText(context.getNodeParameter('message', itemIndex, '')).trimEnd();
	const parts = validateMessage(`${message}\n\n${ending}`, { mode });
	if (parts.length === 1 || parts[parts.length - 1].endsWith(`\n\n${ending}`) || parts[parts.length - 1] === ending) return { ...send, parts };
	return { ...send, parts: [...validateMessage(message, { mode }), ...validateMessage(ending, { mode })] };
}

export async function sendOnce(context: IExecuteFunctions, items: INodeExecutionData[], options: SendOnceOptions = {}): Promise<SendResult> {
	const continueOnFail = context.continueOnFail();
	const settings = runSettings(context, items.length);
	const client = new ZoomClient(context, { requestsPerSecond: settings.requestsPerSecond });
	const automatic = usesAutomaticSender(context, items.length) ? await resolveAutomaticSender(client) : undefined;
	const runIndex = Number(context.getWorkflowDataProxy(0).$runIndex ?? 0);
	// Opted-Out Recipients → Skip, as in Message → Send: a contact who texted STOP is not asked anything.
	const recorded = wantsConsentCheck(context, items.length) ? SendLedger.recordedItems(context.getContext('node'), runIndex) : undefined;
	const consent = recorded ? { client, alreadyStarted: (itemIndex: number) => recorded.has(itemIndex) } : undefined;
	const prepared = (await prepareAll(context, items, automatic, consent)).map((send, itemIndex) => {
		if (send instanceof NodeOperationError) return send;
		try {
			const problem = options.check?.(itemIndex, send);
			if (problem) return new NodeOperationError(context.getNode(), `Item ${itemIndex}: ${problem}`, { itemIndex, description: 'Nothing was sent for this item.' });
			if (isSkipped(send)) return send;
			return options.ending ? withEnding(context, itemIndex, send, options.ending) : send;
		} catch (error) {
			return new NodeOperationError(context.getNode(), `Item ${itemIndex}: Message: ${(error as Error).message}`, {
				itemIndex,
				description: 'The answer link is part of the text. Shorten the message, or set the text of the link shorter (Options → Link Text). Nothing was sent for this item.',
			});
		}
	});
	const firstInvalid = prepared.find((send): send is NodeOperationError => send instanceof NodeOperationError);
	if (firstInvalid && !continueOnFail) throw firstInvalid;

	const ledger = SendLedger.open(context.getContext('node'), runIndex);
	const history = new ZoomHistory(client, new Set(ledger.messageIds()));
	const checkZoomFirst = context.getMode() === 'retry' && !ledger.isRerun;
	const delivery = new Delivery(context, client, ledger, history, settings, continueOnFail, checkZoomFirst);
	const outcomes: Array<Outcome | undefined> = new Array<Outcome | undefined>(items.length).fill(undefined);
	try {
		await runPool(
			items.length,
			Math.max(2, settings.requestsPerSecond * 2),
			async (itemIndex) => {
				outcomes[itemIndex] = await delivery.deliver(itemIndex, prepared[itemIndex]);
			},
			() => delivery.stopping,
		);
	} finally {
		delivery.finishSending();
	}
	const settled = outcomes.map((outcome, itemIndex) => outcome ?? delivery.unreached(itemIndex, prepared[itemIndex]));
	// Throws with Stop Workflow when an item was not sent, naming every item's fate (see report.ts).
	const output = await report(context, prepared, settled, delivery.stopReason);
	const sent: SentItem[] = [];
	const skipped: number[] = [];
	settled.forEach((outcome, itemIndex) => {
		if (outcome.status === 'sent') sent.push({ itemIndex, send: prepared[itemIndex] as PreparedSend, outcome });
		if (outcome.status === 'skipped') skipped.push(itemIndex);
	});
	return { sent, skipped, output, client, ledger };
}
