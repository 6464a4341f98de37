/**
 * Message → Send, step 2: one item's messages to Zoom, exactly once. Pacing and retries of what Zoom
 * refused for now live in the transport; what a failure means is decided in transport/failures.ts. Here:
 * what Zoom accepted before (the ledger), what it may have accepted (its history), and when the run stops.
 */
import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import {
	describeFailure,
	sendVerdict,
	stopsTheRun,
	unknownReason,
	zoomApiError,
	type ZoomClient,
	type ZoomFailure,
} from '../../../transport';
import { AttachmentError, loadAttachments } from '../attachments';
import { AcceptanceLog } from './acceptanceLog';
import { isSkipped } from './consent';
import type { ZoomHistory } from './history';
import type { LedgerKey, SendLedger, SentPart } from './ledger';
import { deliverOneByOne, unreachedOneByOne, type RecipientResult } from './oneToOne';
import type { PreparedSend, RunSettings } from './prepare';

export type Outcome = (
	| { status: 'sent'; parts: SentPart[]; alreadySent: boolean; confirmedInZoom: boolean }
	| { status: 'failed' | 'unknown'; parts: SentPart[]; error: NodeApiError | NodeOperationError }
	/** `attempted`: it was sent, Zoom gave no answer and its history showed nothing (the others never left). */
	| { status: 'notSent'; parts: SentPart[]; reason: string; attempted?: boolean }
	/** Every recipient opted out (consent.ts): nothing was sent, and it is not an error. */
	| { status: 'skipped'; parts: SentPart[] }
) & {
	/** Recipients texted one by one (see oneToOne.ts): where each ended. */
	recipients?: RecipientResult[];
};

/** In a retried execution without a ledger, Zoom's history of the last day is searched before sending. */
export const RETRY_LOOKBACK_MS = 24 * 60 * 60 * 1000;

interface ZoomSendResponse {
	message_id?: unknown;
	session_id?: unknown;
	date_time?: unknown;
}

type PartResult =
	| { kind: 'sent'; part: SentPart; confirmedInZoom: boolean }
	| { kind: 'failed'; error: NodeApiError | NodeOperationError }
	| { kind: 'unknown'; error: NodeOperationError; why: string }
	| { kind: 'notSent'; reason: string }
	| { kind: 'stopped' };

export class Delivery {
	/** Why the run stopped sending (daily limit, cancel, a wait Zoom asked for that is too long). */
	stopReason?: string;

	private failures = 0;

	/** Aborted once the run stops, so that requests still waiting for their turn are not sent. */
	private readonly halt = new AbortController();

	/** So that a cancelled or crashed run can be reconciled: n8n saves no output of a node that never finished. */
	private readonly acceptanceLog: AcceptanceLog;

	constructor(
		private readonly context: IExecuteFunctions,
		private readonly client: ZoomClient,
		private readonly ledger: SendLedger,
		private readonly history: ZoomHistory,
		private readonly settings: RunSettings,
		private readonly continueOnFail: boolean,
		/** A retried execution whose earlier try left no ledger: look in Zoom before sending anything. */
		private readonly checkZoomFirst: boolean,
	) {
		this.acceptanceLog = new AcceptanceLog(context.logger, context.getExecutionId(), client.cancelSignal);
	}

	/** The run has stopped sending: every acceptance is in n8n's log before the node reports or waits. */
	finishSending(): void {
		this.acceptanceLog.flush();
	}

	/** Nothing new is sent once this is true: requests waiting for their turn are dropped too. */
	get stopping(): boolean {
		const stopping = this.stopReason !== undefined || this.client.cancelSignal?.aborted === true || (!this.continueOnFail && this.failures > 0);
		if (stopping && !this.halt.signal.aborted) this.halt.abort();
		return stopping;
	}

	/** An item's outcome: its check's error, skipped when every recipient opted out (consent.ts), or what Zoom made of it. */
	async deliver(itemIndex: number, send: PreparedSend | NodeOperationError): Promise<Outcome> {
		if (send instanceof NodeOperationError) return { status: 'failed', parts: [], error: send };
		if (isSkipped(send)) return { status: 'skipped', parts: [] };
		const outcome = send.oneToOne ? await deliverOneByOne(this, this.context.getNode(), itemIndex, send) : await this.deliverParts(itemIndex, send);
		if (outcome.status === 'failed' || outcome.status === 'unknown' || (outcome.status === 'notSent' && outcome.attempted)) this.failures++;
		// Checked now, not only when the next item starts: requests already waiting for their turn stop too.
		void this.stopping;
		return outcome;
	}

	/** `key`: where the ledger keeps it (the item, or one recipient of it: see ledger.ts). */
	async deliverParts(itemIndex: number, send: PreparedSend, key: LedgerKey = itemIndex): Promise<Outcome> {
		const record = this.ledger.record(key);
		const parts: SentPart[] = [...(record?.sent ?? [])];
		const alreadySent = parts.length > 0;
		let confirmedInZoom = false;
		let unknownSince = record?.unknownSince;
		let resent = false;
		let sessionId = parts.length ? parts[parts.length - 1].sessionId || send.sessionId : send.sessionId;
		while (parts.length < send.parts.length) {
			const partIndex = parts.length;
			const text = send.parts[partIndex];
			// A previous try left this part's fate unknown, or the retried execution has no ledger at all.
			const checkSince = unknownSince ?? (this.checkZoomFirst ? Date.now() - RETRY_LOOKBACK_MS : undefined);
			if (checkSince !== undefined) {
				const waitMs = unknownSince !== undefined ? Math.max(0, this.settings.deliveryCheckMs - (Date.now() - unknownSince)) : 0;
				const check = await this.lookUp(itemIndex, send, text, sessionId, checkSince, waitMs);
				if (check.kind === 'sent') {
					this.accept(itemIndex, send, partIndex, check.part, key);
					parts.push(check.part);
					sessionId = check.part.sessionId || sessionId;
					confirmedInZoom = true;
					unknownSince = undefined;
					continue;
				}
				if (check.kind === 'unknown') return { status: 'unknown', parts, error: check.error };
				this.ledger.clearUnknown(key);
				unknownSince = undefined;
			}
			if (this.stopping) return this.stopped(itemIndex, send, parts);
			const startedAt = Date.now();
			// Marked before the request leaves: if the run is cancelled or dies while it is under way, a re-run
			// finds this mark and asks Zoom before it sends anything for this item.
			this.ledger.recordUnknown(key, startedAt);
			const result = await this.sendPart(itemIndex, send, text, sessionId, partIndex === 0);
			if (result.kind === 'failed' || result.kind === 'notSent' || result.kind === 'stopped') this.ledger.clearUnknown(key);
			if (result.kind === 'sent') {
				this.accept(itemIndex, send, partIndex, result.part, key);
				parts.push(result.part);
				// Later parts go into the conversation the first one opened, so they arrive together.
				sessionId = result.part.sessionId || sessionId;
				continue;
			}
			if (result.kind === 'stopped') return this.stopped(itemIndex, send, parts);
			if (result.kind === 'notSent') return { status: 'notSent', parts, reason: result.reason };
			if (result.kind === 'failed') return { status: 'failed', parts, error: this.withPartInfo(result.error, send, parts) };
			// Unknown: Zoom may have it. Ask its history before anything else is decided for this item.
			this.acceptanceLog.flush();
			this.context.logger.warn(`Zoom SMS: item ${itemIndex}: ${result.why}; checking Zoom's conversation history`, { itemIndex, part: partIndex + 1 });
			if (this.client.cancelSignal?.aborted || this.settings.deliveryCheckMs <= 0) {
				return { status: 'unknown', parts, error: this.withPartInfo(result.error, send, parts) };
			}
			const check = await this.lookUp(itemIndex, send, text, sessionId, startedAt, this.settings.deliveryCheckMs);
			if (check.kind === 'sent') {
				this.accept(itemIndex, send, partIndex, check.part, key);
				parts.push(check.part);
				sessionId = check.part.sessionId || sessionId;
				confirmedInZoom = true;
				continue;
			}
			if (check.kind === 'unknown') return { status: 'unknown', parts, error: this.withPartInfo(check.error, send, parts) };
			if (this.settings.resendIfNotInZoom && !resent) {
				// Zoom's history shows no such message after the whole wait: the user chose to send it again, once.
				resent = true;
				this.ledger.clearUnknown(key);
				continue;
			}
			// Kept as unknown in the ledger: a re-run asks Zoom once more before it sends.
			return {
				status: 'notSent',
				attempted: true,
				parts,
				reason: `${result.why}; Zoom's conversation history showed no such message ${Math.round(this.settings.deliveryCheckMs / 1000)} s later, so it was not sent${parts.length ? ` (parts 1–${parts.length} of ${send.parts.length} were sent)` : ''}. Turn on Options → Resend If Not in Zoom to send such messages again automatically`,
			};
		}
		return { status: 'sent', parts, alreadySent, confirmedInZoom };
	}

	/** The outcome of an item the run stopped before reaching. */
	unreached(itemIndex: number, send: PreparedSend | NodeOperationError, key: LedgerKey = itemIndex): Outcome {
		if (send instanceof NodeOperationError) return { status: 'failed', parts: [], error: send };
		// A skipped item stays skipped even when the run stopped before its turn: it was never to be sent.
		if (isSkipped(send)) return { status: 'skipped', parts: [] };
		if (send.oneToOne && key === itemIndex) return unreachedOneByOne(this, this.context.getNode(), itemIndex, send);
		const record = this.ledger.record(key);
		const parts = record?.sent ?? [];
		if (parts.length >= send.parts.length) return { status: 'sent', parts, alreadySent: true, confirmedInZoom: false };
		if (record?.unknownSince !== undefined) {
			const error = new NodeOperationError(this.context.getNode(), `Item ${itemIndex}: delivery unknown`, {
				itemIndex,
				description: 'An earlier try sent this message without getting Zoom\'s answer, and this run stopped before it could check Zoom. It was not sent again, to avoid a duplicate text; check the conversation in Zoom.',
			});
			return { status: 'unknown', parts, error: this.withPartInfo(error, send, parts) };
		}
		return this.stopped(itemIndex, send, parts);
	}

	private accept(itemIndex: number, send: PreparedSend, partIndex: number, part: SentPart, key: LedgerKey): void {
		this.ledger.recordSent(key, part);
		this.history.claimed.add(part.messageId);
		this.acceptanceLog.add({ itemIndex, part: partIndex + 1, parts: send.parts.length, messageId: part.messageId, sessionId: part.sessionId });
	}

	private stopped(itemIndex: number, send: PreparedSend, parts: SentPart[]): Outcome {
		const why = this.stopReason ?? (this.client.cancelSignal?.aborted ? 'the execution was cancelled' : 'another item failed');
		if (parts.length === 0) return { status: 'notSent', parts, reason: why };
		return {
			status: 'failed',
			parts,
			error: new NodeOperationError(this.context.getNode(), `Item ${itemIndex}: only parts 1–${parts.length} of ${send.parts.length} were sent`, {
				itemIndex,
				description: `The run stopped before the rest was sent: ${why}.`,
			}),
		};
	}

	private withPartInfo<E extends NodeApiError | NodeOperationError>(error: E, send: PreparedSend, parts: SentPart[]): E {
		if (send.parts.length > 1) {
			error.message += ` (part ${parts.length + 1} of ${send.parts.length}${parts.length ? `; parts 1–${parts.length} were sent` : ''})`;
		}
		return error;
	}

	private async lookUp(
		itemIndex: number,
		send: PreparedSend,
		text: string,
		sessionId: string | undefined,
		since: number,
		waitMs: number,
	): Promise<{ kind: 'sent'; part: SentPart } | { kind: 'absent' } | { kind: 'unknown'; error: NodeOperationError }> {
		try {
			const query = { from: send.from, recipients: send.recipients, text, since, sessionId };
			const part = waitMs > 0 ? await this.history.waitFor(query, waitMs, this.client.cancelSignal) : await this.history.find(query);
			return part ? { kind: 'sent', part } : { kind: 'absent' };
		} catch (error) {
			const failure = describeFailure(error);
			const said = zoomApiError(this.context.getNode(), failure);
			return {
				kind: 'unknown',
				error: new NodeOperationError(this.context.getNode(), `Item ${itemIndex}: delivery unknown`, {
					itemIndex,
					description: `An earlier request for this message got no answer, and Zoom's conversation history could not be checked (${said.message}${said.description ? `; ${said.description}` : ''}). It was not sent again, to avoid a duplicate text; check the conversation in Zoom.`,
				}),
			};
		}
	}

	private async sendPart(itemIndex: number, send: PreparedSend, text: string, sessionId: string | undefined, withAttachments: boolean): Promise<PartResult> {
		const names = withAttachments ? send.attachmentNames : [];
		let response: ZoomSendResponse | undefined;
		try {
			response = await this.client.request<ZoomSendResponse>({
				method: 'POST',
				path: '/phone/sms/messages',
				body: async () => {
					// Read now that the request's turn has come: only the requests about to go hold images in memory.
					const attachments = names.length ? await loadAttachments(this.context, itemIndex, names) : [];
					return {
						sender: { phone_number: send.from },
						to_members: send.recipients.map((phoneNumber) => ({ phone_number: phoneNumber })),
						...(text !== '' || attachments.length === 0 ? { message: text } : {}),
						...(sessionId ? { session_id: sessionId } : {}),
						...(attachments.length ? { attachments: attachments.map((file) => ({ base64_encoding: file.base64, type: file.type })) } : {}),
					};
				},
				timeoutMs: send.timeoutMs,
				haltSignal: this.halt.signal,
			});
		} catch (error) {
			if (error instanceof AttachmentError) {
				return { kind: 'failed', error: new NodeOperationError(this.context.getNode(), `Item ${itemIndex}: Attachments: ${error.message}`, { itemIndex, description: 'Nothing was sent for this item.' }) };
			}
			return this.failed(itemIndex, describeFailure(error));
		}
		if (!response || typeof response !== 'object' || typeof response.message_id !== 'string') {
			return {
				kind: 'unknown',
				why: 'Zoom answered, but its answer could not be read',
				// n8n's getNode() copies the node: only when it is needed, not for every message.
				error: new NodeOperationError(this.context.getNode(), `Item ${itemIndex}: delivery unknown`, {
					itemIndex,
					description: 'Zoom answered, but its answer could not be read, so it is unknown whether the message was accepted.',
				}),
			};
		}
		return {
			kind: 'sent',
			confirmedInZoom: false,
			part: {
				messageId: response.message_id,
				sessionId: typeof response.session_id === 'string' ? response.session_id : (sessionId ?? ''),
				dateTime: typeof response.date_time === 'string' ? response.date_time : '',
				characters: [...text].length,
			},
		};
	}

	private failed(itemIndex: number, failure: ZoomFailure): PartResult {
		const node = this.context.getNode();
		if (failure.kind === 'halted') return { kind: 'stopped' };
		if (stopsTheRun(failure)) {
			this.stopReason ??=
				failure.kind === 'cancelled'
					? 'the execution was cancelled'
					: `${failure.kind === 'rateLimitWait' ? 'Zoom\'s rate limit asked for a longer wait than a run can make' : 'Zoom\'s daily SMS request limit was reached'}${failure.retryAt ? `; Zoom accepts requests again after ${failure.retryAt}` : ''}`;
			void this.stopping;
		}
		const verdict = sendVerdict(failure);
		if (verdict === 'unknown') {
			const why = unknownReason(failure);
			return {
				kind: 'unknown',
				why: `${why[0].toUpperCase()}${why.slice(1)}`,
				error: new NodeOperationError(node, `Item ${itemIndex}: delivery unknown`, {
					itemIndex,
					description: `${why[0].toUpperCase()}${why.slice(1)}, so it is unknown whether Zoom accepted it. It was not sent again, to avoid a duplicate text; check the conversation in Zoom.`,
				}),
			};
		}
		if (failure.kind === 'cancelled') return { kind: 'notSent', reason: 'the execution was cancelled' };
		return { kind: 'failed', error: zoomApiError(node, failure, { itemIndex, prefix: `Item ${itemIndex}`, endpoint: 'sendSms' }) };
	}
}
