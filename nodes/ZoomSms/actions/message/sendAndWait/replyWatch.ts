/**
 * Text Reply: the contact's answer is an SMS in the same Zoom conversation. Zoom does not call n8n for it
 * (its phone.sms_received event goes to the Zoom SMS Trigger's workflow, not to this execution), so the
 * node asks Zoom: GET /phone/sms/sessions/{sessionId}, through the ZoomClient and so paced with every
 * other request of the account, every "Check Every" seconds, until the reply shows or the limit passes.
 *
 * Where the waiting happens: in this execution, which stays running (n8n's persisted wait cannot be
 * used: when its time comes n8n resumes the execution without running the node again, n8n-core
 * WorkflowExecute.handleWaitingState disables the waiting node, so nothing could ask Zoom during it).
 * The trade-off, written in the README: the wait holds an execution open (hence the 24-hour cap); Stop
 * ends it at once; an n8n restart ends it (n8n marks the execution crashed). Retrying that execution does
 * not text the contact again (the send path finds the text in Zoom's history) and looks for a reply from
 * the original text on, so a reply sent while n8n was down is still found.
 */
import type { IDataObject } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { sleepUnlessAborted } from '../../../../shared/abortFanout';
import { findReply, type ConversationMessage, type Reply } from '../../../../shared/waitForAnswer';
import { describeFailure, type ZoomClient, type ZoomFailure } from '../../../transport';
import { zoomPages } from '../../../transport/pagination';
import { zoomDateTime } from '../../dateRange';

/** Zoom's `date_time` has whole seconds and clocks differ: the window opens a little before our text. */
const CLOCK_MARGIN_MS = 120_000;

export interface ReplyWatch {
	itemIndex: number;
	sessionId: string;
	/** Our last message in the conversation: the reply comes after it. */
	messageId: string;
	dateTime: string;
	contacts: string[];
	/** When to stop waiting (ms since 1970). */
	deadline: number;
}

export type WatchResult =
	| { kind: 'replied'; reply: Reply }
	| { kind: 'timedOut'; at: number }
	| { kind: 'failed'; failure: ZoomFailure }
	| { kind: 'cancelled' };

/** Failures that checking again cannot mend: the conversation or the permission to read it is missing. */
function isPermanent(failure: ZoomFailure): boolean {
	if (failure.kind === 'credential') return true;
	if (failure.kind !== 'http' || failure.status === undefined) return false;
	return failure.status >= 400 && failure.status < 500 && failure.status !== 408 && failure.status !== 429;
}

async function check(client: ZoomClient, watch: ReplyWatch): Promise<Reply | undefined> {
	const sentAt = Date.parse(watch.dateTime);
	const since = Number.isFinite(sentAt) ? sentAt : watch.deadline - 24 * 3_600_000;
	const messages: ConversationMessage[] = [];
	const pages = zoomPages<ConversationMessage>(
		client,
		{
			method: 'GET',
			path: `/phone/sms/sessions/${encodeURIComponent(watch.sessionId)}`,
			qs: { from: zoomDateTime(since - CLOCK_MARGIN_MS), to: zoomDateTime(Date.now() + CLOCK_MARGIN_MS), sort: 1 } as IDataObject,
		},
		'sms_histories',
	);
	for await (const page of pages) {
		messages.push(...page);
		const reply = findReply(messages, watch, watch.contacts);
		if (reply) return reply;
	}
	return undefined;
}

export interface WatchLog {
	warn(message: string, meta?: IDataObject): void;
}

/**
 * Waits for every watch's reply at once (one request per pending conversation per check) and returns
 * each one's result, by item index. A check that fails for a passing reason (no answer, a Zoom server
 * error, the rate limit) is simply made again at the next turn.
 */
export async function waitForReplies(client: ZoomClient, watches: ReplyWatch[], checkEveryMs: number, log: WatchLog): Promise<Map<number, WatchResult>> {
	const results = new Map<number, WatchResult>();
	const signal = client.cancelSignal;
	let pending = [...watches];
	while (pending.length > 0) {
		const turnStarted = Date.now();
		await Promise.all(
			pending.map(async (watch) => {
				try {
					const reply = await check(client, watch);
					if (reply) results.set(watch.itemIndex, { kind: 'replied', reply });
				} catch (error) {
					const failure = describeFailure(error);
					if (failure.kind === 'cancelled' || signal?.aborted) return;
					if (isPermanent(failure)) {
						results.set(watch.itemIndex, { kind: 'failed', failure });
						return;
					}
					log.warn(`Zoom SMS: item ${watch.itemIndex}: checking the conversation for a reply failed (${failure.message}); checking again later`, {
						itemIndex: watch.itemIndex,
					});
				}
			}),
		);
		if (signal?.aborted) {
			for (const watch of pending) if (!results.has(watch.itemIndex)) results.set(watch.itemIndex, { kind: 'cancelled' });
			break;
		}
		// A watch whose limit had passed when this turn started has had its last check.
		for (const watch of pending) {
			if (!results.has(watch.itemIndex) && watch.deadline <= turnStarted) results.set(watch.itemIndex, { kind: 'timedOut', at: watch.deadline });
		}
		pending = pending.filter((watch) => !results.has(watch.itemIndex));
		if (pending.length === 0) break;
		const nextDeadline = Math.min(...pending.map((watch) => watch.deadline));
		const wait = Math.max(0, Math.min(checkEveryMs - (Date.now() - turnStarted), nextDeadline - Date.now()));
		await sleepUnlessAborted(wait, signal, sleep);
	}
	return results;
}
