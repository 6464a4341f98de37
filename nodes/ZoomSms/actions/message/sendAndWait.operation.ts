/**
 * Message → Send and Wait for Response, in n8n's "send and wait" convention (operation `sendAndWait`):
 * - Approval / Free Text: the text carries a link to this node's waiting webhook (sendAndWait/webhook.ts),
 *   built on `$execution.resumeUrl`; the execution waits in n8n's database (putExecutionToWait, with the
 *   optional Limit Wait Time) and resumes with the answer given on the page. One item per execution, as
 *   n8n's own send-and-wait nodes: an execution resumes once.
 * - Text Reply: the text goes out, then the node checks the conversation in Zoom for the contact's reply
 *   (sendAndWait/replyWatch.ts) up to the limit; many items wait at once.
 * Either way the text is sent by Message → Send's exactly-once pipeline (sendAndWait/sendOnce.ts).
 */
import type { IDataObject, IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { answerLink, durationMs, MAX_REPLY_WAIT_MS, WaitLimitError, waitLimitDate, type WaitLimitValues } from '../../../shared/waitForAnswer';
import { zoomApiError } from '../../transport';
import { waitForReplies, type ReplyWatch } from './sendAndWait/replyWatch';
import { sendOnce, type SentItem } from './sendAndWait/sendOnce';

export { description } from './sendAndWait/description';

function oneRecipient(_itemIndex: number, send: { recipients: string[]; skippedRecipients?: string[] }): string | undefined {
	// Counted as written in To: a second number that opted out does not make a group of two acceptable.
	const count = send.recipients.length + (send.skippedRecipients?.length ?? 0);
	return count === 1 ? undefined : `To: Send and Wait texts one person, but To holds ${count} numbers`;
}

function limitError(context: IExecuteFunctions, error: unknown): NodeOperationError {
	if (error instanceof WaitLimitError) return new NodeOperationError(context.getNode(), error.message, { itemIndex: 0, description: `${error.fix} Nothing was sent.` });
	return new NodeOperationError(context.getNode(), error as Error, { itemIndex: 0 });
}

function sentJson(item: SentItem): IDataObject {
	const first = item.outcome.parts[0];
	const last = item.outcome.parts[item.outcome.parts.length - 1];
	return { messageId: first.messageId, sessionId: last.sessionId, dateTime: first.dateTime, from: item.send.from, to: item.send.recipients.join(',') };
}

async function approvalOrFreeText(context: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	if (items.length > 1) {
		throw new NodeOperationError(context.getNode(), `Send and Wait answers once per execution, but it got ${items.length} items`, {
			description:
				'Approval and Free Text resume the execution with one answer. Give the node one item (a Limit node before it keeps the first), run it once per item in a sub-workflow, or use the response type Text Reply, which waits for many replies at once. Nothing was sent.',
		});
	}
	let waitTill: number;
	try {
		waitTill = waitLimitDate(context.getNodeParameter('options.limitWaitTime.values', 0, {}) as WaitLimitValues, Date.now());
	} catch (error) {
		throw limitError(context, error);
	}
	const resumeUrl = String(context.getWorkflowDataProxy(0).$execution?.resumeUrl ?? '');
	const link = answerLink(resumeUrl, context.getNode().id);
	const linkText = String(context.getNodeParameter('options.linkText', 0, 'Answer here:') ?? '').trim();
	const { sent, skipped, output, ledger } = await sendOnce(context, items, {
		check: oneRecipient,
		ending: `${linkText ? `${linkText} ` : ''}${link}`,
	});
	// The contact opted out: nothing was sent, nothing is asked, and the execution goes on at once.
	if (skipped.length === items.length) {
		ledger.close();
		return output;
	}
	// Not sent, with On Error set to continue: the item's error is the output, and nothing waits.
	if (sent.length === 0) return output;
	if (sent[0].outcome.alreadySent && context.getMode() === 'retry') {
		throw new NodeOperationError(context.getNode(), 'The text was already sent by the execution this one retries', {
			itemIndex: 0,
			description: `Message ${sent[0].outcome.parts[0].messageId} went to ${sent[0].send.recipients[0]} with a link to that earlier execution, which no longer waits. It was not sent again, to avoid a duplicate text; run the workflow anew to ask again.`,
		});
	}
	await context.putExecutionToWait(new Date(waitTill));
	ledger.close();
	// n8n replaces this output with the answer when the link is used, and keeps it (the input) when the limit passes.
	return items.map((item, itemIndex) => ({ ...item, pairedItem: { item: itemIndex } }));
}

async function textReply(context: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	let waitMs: number;
	try {
		waitMs = durationMs(context.getNodeParameter('replyWaitAmount', 0, 1), context.getNodeParameter('replyWaitUnit', 0, 'hours'), 'Wait Up To');
		if (waitMs > MAX_REPLY_WAIT_MS) throw new WaitLimitError('Wait Up To is longer than 24 hours', 'A Text Reply waits in a running execution: wait at most 24 hours.');
	} catch (error) {
		throw limitError(context, error);
	}
	const checkEveryMs = Math.min(3600, Math.max(2, Number(context.getNodeParameter('options.checkEverySeconds', 0, 30)) || 30)) * 1000;
	const { sent, skipped, output, client, ledger } = await sendOnce(context, items, { check: oneRecipient });
	const now = Date.now();
	const watches: ReplyWatch[] = sent.map((item) => {
		const last = item.outcome.parts[item.outcome.parts.length - 1];
		// Sent by an earlier try (the ledger), or found in Zoom's history (a retried execution whose try died).
		const earlier = item.outcome.alreadySent || item.outcome.confirmedInZoom;
		const sentAt = earlier ? Date.parse(item.outcome.parts[0].dateTime) : Number.NaN;
		return {
			itemIndex: item.itemIndex,
			sessionId: last.sessionId,
			messageId: last.messageId,
			dateTime: last.dateTime,
			contacts: item.send.recipients,
			// A text sent by an earlier try waits only what is left of its limit.
			deadline: (Number.isFinite(sentAt) ? sentAt : now) + waitMs,
		};
	});
	const results = await waitForReplies(client, watches, checkEveryMs, context.logger);
	const onError = context.getNode().onError;
	const continueOnFail = context.continueOnFail();
	// The records of what was sent are dropped only when nothing can make n8n run the node again.
	// An opted-out contact's item is done: it was never to be sent, and is output as skipped.
	let everyItemDone = sent.length + skipped.length === items.length;
	for (const item of sent) {
		const result = results.get(item.itemIndex);
		const pairedItem = { item: item.itemIndex };
		const sentInfo = sentJson(item);
		if (result?.kind === 'replied') {
			const { reply } = result;
			output[item.itemIndex] = { json: { data: { replied: true, text: reply.text, respondedAt: reply.dateTime, from: reply.from, messageId: reply.messageId }, sent: sentInfo }, pairedItem };
		} else if (result?.kind === 'failed') {
			const error = zoomApiError(context.getNode(), result.failure, { itemIndex: item.itemIndex, prefix: `Item ${item.itemIndex}` });
			error.description = [error.description, `The text was sent (message ${sentInfo.messageId as string}); checking the conversation for the reply failed.`].filter(Boolean).join(' ');
			if (!continueOnFail) throw error;
			everyItemDone = false;
			output[item.itemIndex] = { json: onError === 'continueErrorOutput' ? { error: error.message, details: { sent: sentInfo } } : { error: error.message, errorDetails: error.description, sent: sentInfo }, pairedItem };
		} else if (result?.kind === 'timedOut') {
			output[item.itemIndex] = { json: { data: { replied: false, timedOut: true, waitedUntil: new Date(result.at).toISOString() }, sent: sentInfo }, pairedItem };
		} else {
			throw new NodeOperationError(context.getNode(), 'The execution was cancelled while waiting for the reply', { itemIndex: item.itemIndex });
		}
	}
	if (everyItemDone) ledger.close();
	return output;
}

export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	if (items.length === 0) return [];
	const responseType = this.getNodeParameter('responseType', 0, 'approval') as string;
	if (responseType === 'textReply') return await textReply(this, items);
	return await approvalOrFreeText(this, items);
}
