/**
 * Message → Send, Options → Wait for Delivery: after Zoom accepted an item's text, its `delivery_status`
 * (GET /phone/sms/sessions/{sessionId}/messages/{messageId}) is checked until it is final (delivered,
 * failed_to_send, failed_to_deliver) or the user's limit passes.
 *
 * Outside the exactly-once core on purpose: it starts after deliver.ts has recorded the item as sent, it
 * only reads, and it never throws. A delivery that failed is not an error of the item: the text WAS sent,
 * and an error in a sent item's output would make n8n's Retry On Fail run the node again. So the item stays
 * on the success output with `deliveryResult: "failed"`, and the workflow routes on it (IF / Switch).
 *
 * Every check goes through ZoomClient, so it is paced within the account's budget with the sends; the
 * items of a run wait at the same time (each wait is mostly sleeping between checks), not one after another.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { sleepUnlessAborted } from '../../../../shared/abortFanout';
import { checkTimes, combinedResult, deliveryResultOf, WAIT_FOR_DELIVERY_LIMIT, type CheckSchedule, type DeliveryResult } from '../../../../shared/deliveryStatus';
import { numberOption } from '../../../../shared/sendOptions';
import { describeFailure, zoomApiError, type ZoomClient } from '../../../transport';
import type { Outcome } from './deliver';

/** One message to watch: a part of the item, or one recipient's message (one-to-one sends). */
interface Watched {
	messageId: string;
	sessionId: string;
	to?: string;
}

interface MessageReport {
	messageId: string;
	to?: string;
	deliveryStatus: string;
	deliveryResult: DeliveryResult | 'unknown';
	deliveryStatusAt: string;
	deliveryError?: string;
}

/** Options → Wait for Delivery (Seconds) of the run (first item), in ms; undefined when not set. */
export function waitForDeliveryMs(context: IExecuteFunctions, itemCount: number): number | undefined {
	if (itemCount === 0) return undefined;
	const options = context.getNodeParameter('options', 0, {}) as { waitForDeliverySeconds?: unknown };
	if (options.waitForDeliverySeconds === undefined || options.waitForDeliverySeconds === null || options.waitForDeliverySeconds === '') return undefined;
	try {
		return numberOption(options.waitForDeliverySeconds, WAIT_FOR_DELIVERY_LIMIT) * 1000;
	} catch {
		// An expression giving no number: wait the default rather than fail a run whose texts are sent.
		return WAIT_FOR_DELIVERY_LIMIT.fallback * 1000;
	}
}

/** The messages of a sent item whose status is watched: every part, of every recipient. */
function watchedOf(outcome: Extract<Outcome, { status: 'sent' }>): Watched[] {
	if (outcome.recipients) {
		return outcome.recipients.flatMap((recipient) => recipient.parts.map((part) => ({ messageId: part.messageId, sessionId: part.sessionId, to: recipient.to })));
	}
	return outcome.parts.map((part) => ({ messageId: part.messageId, sessionId: part.sessionId }));
}

interface ZoomMessage {
	delivery_status?: unknown;
}

export class DeliveryWaiter {
	private readonly stop = new AbortController();

	constructor(
		private readonly context: IExecuteFunctions,
		private readonly client: ZoomClient,
		private readonly limitMs: number,
		private readonly schedule?: CheckSchedule,
	) {
		client.cancelSignal?.addEventListener('abort', () => this.stop.abort(), { once: true });
	}

	/** Stops every wait now (the run is failing anyway, or was cancelled): each reports what it saw last. */
	abort(): void {
		this.stop.abort();
	}

	/** The item's delivery fields for its output; never throws. */
	async forItem(itemIndex: number, outcome: Extract<Outcome, { status: 'sent' }>): Promise<IDataObject> {
		try {
			const watched = watchedOf(outcome);
			const reports = await Promise.all(watched.map(async (message) => await this.watch(itemIndex, message)));
			return itemFields(reports, this.limitMs);
		} catch (error) {
			return { deliveryResult: 'unknown', deliveryError: (error as Error).message };
		}
	}

	private async watch(itemIndex: number, message: Watched): Promise<MessageReport> {
		const startedAt = Date.now();
		let last: MessageReport = { messageId: message.messageId, ...(message.to ? { to: message.to } : {}), deliveryStatus: 'sent', deliveryResult: 'pending', deliveryStatusAt: new Date(startedAt).toISOString() };
		for (const at of checkTimes(this.limitMs, this.schedule)) {
			const waitMs = startedAt + at - Date.now();
			if (waitMs > 0 && !(await sleepUnlessAborted(waitMs, this.stop.signal, sleep))) return last;
			if (this.stop.signal.aborted) return last;
			try {
				const found = await this.client.request<ZoomMessage>({
					method: 'GET',
					path: `/phone/sms/sessions/${encodeURIComponent(message.sessionId)}/messages/${encodeURIComponent(message.messageId)}`,
					haltSignal: this.stop.signal,
					timeoutMs: 10_000,
				});
				const status = typeof found?.delivery_status === 'string' ? found.delivery_status : 'unknown';
				last = { ...last, deliveryStatus: status, deliveryResult: deliveryResultOf(status), deliveryStatusAt: new Date().toISOString() };
				if (last.deliveryResult !== 'pending') return last;
			} catch (error) {
				const failure = describeFailure(error);
				if (failure.kind === 'halted' || failure.kind === 'cancelled') return last;
				// [UNVERIFIED] A message Zoom just accepted may not be readable yet (its history can lag): not found
				// is checked again at the next turn; any other answer (a missing scope, ...) ends this wait.
				// Transient failures of a read (timeout, dropped connection, 5xx) are checked again too.
				if (failure.status === 404 || failure.kind === 'timeout' || failure.kind === 'network' || (failure.status ?? 0) >= 500) continue;
				const said = zoomApiError(this.context.getNode(), failure, { itemIndex });
				return { ...last, deliveryResult: 'unknown', deliveryError: `${said.message}${said.description ? `: ${said.description}` : ''}` };
			}
		}
		return last;
	}
}

const RANK: Record<MessageReport['deliveryResult'], number> = { failed: 0, unknown: 1, pending: 2, delivered: 3 };

/** The item's fields: the deciding message's status (the worst one), and each message's when several. */
function itemFields(reports: MessageReport[], limitMs: number): IDataObject {
	const sorted = [...reports].sort((a, b) => RANK[a.deliveryResult] - RANK[b.deliveryResult] || b.deliveryStatusAt.localeCompare(a.deliveryStatusAt));
	const deciding = sorted[0];
	const results = reports.map((report) => report.deliveryResult);
	const result = results.includes('unknown') && !results.includes('failed') ? 'unknown' : combinedResult(results.filter((r): r is DeliveryResult => r !== 'unknown'));
	return {
		deliveryResult: result,
		deliveryStatus: deciding.deliveryStatus,
		deliveryStatusAt: deciding.deliveryStatusAt,
		...(result === 'pending' ? { deliveryNote: `Still "${deciding.deliveryStatus}" when Wait for Delivery's ${Math.round(limitMs / 1000)} s passed; the text was sent and is not sent again.` } : {}),
		...(deciding.deliveryError ? { deliveryError: deciding.deliveryError } : {}),
		...(reports.length > 1
			? { deliveries: reports.map(({ messageId, to, deliveryStatus, deliveryResult: each, deliveryStatusAt, deliveryError }) => ({ messageId, ...(to ? { to } : {}), deliveryStatus, deliveryResult: each, deliveryStatusAt, ...(deliveryError ? { deliveryError } : {}) })) }
			: {}),
	};
}
