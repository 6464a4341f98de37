/**
 * What this run of the node has sent, kept where n8n keeps it for a re-run of the same execution.
 *
 * n8n re-runs a node in two ways, and both must not text anyone twice:
 * - Retry On Fail calls the node again inside the same execution, with the same items (and n8n also
 *   re-runs it when the first output item carries an error, Continue On Fail included).
 * - Retrying a failed execution (the Retry button, or the public API) starts a new execution in mode
 *   `retry` from the data n8n saved for the failed one, in queue mode possibly on another worker.
 * The node's context (`getContext('node')`) is part of the execution's data: the same object on Retry On
 * Fail, and saved with the failed execution and handed back to its retry. So every message Zoom accepted,
 * and every request whose fate is unknown, is written here the moment it is known, by item and part.
 *
 * What is not covered: a process that dies mid-run (n8n saves no data of a node that never finished), so
 * a retry finds no ledger; the send path then asks Zoom's history instead (see history.ts).
 */

export interface SentPart {
	messageId: string;
	sessionId: string;
	dateTime: string;
	characters: number;
}

/**
 * Whose record: an item's index, or `"item/recipient"` for one recipient of an item whose recipients Zoom
 * texts one by one (see send/destinations.ts): each of those requests is recorded on its own, so a re-run
 * texts only the recipients not yet texted.
 */
export type LedgerKey = number | string;

/** The key of recipient `recipientIndex` of item `itemIndex` when its recipients are sent one by one. */
export function recipientKey(itemIndex: number, recipientIndex: number): string {
	return `${itemIndex}/${recipientIndex}`;
}

export interface ItemRecord {
	/** The parts Zoom accepted, in order. */
	sent: SentPart[];
	/** When the request for the next part left without an answer: it may have been accepted. */
	unknownSince?: number;
}

/** One run's records as stored in the execution data: plain JSON, since n8n saves it to its database. */
interface StoredRun {
	version: 1;
	startedAt: number;
	items: Record<string, { sent: Array<[string, string, string, number]>; unknownSince?: number }>;
}

const CONTEXT_KEY = 'zoomSmsSendLedger';

export class SendLedger {
	/** Whether this run of the node had started before (a Retry On Fail try, or a retried execution). */
	readonly isRerun: boolean;

	private readonly run: StoredRun;

	private constructor(
		private readonly runs: Record<string, StoredRun>,
		private readonly runKey: string,
		now: number,
	) {
		const existing = runs[runKey];
		this.isRerun = existing?.version === 1;
		this.run = this.isRerun ? existing : { version: 1, startedAt: now, items: {} };
		runs[runKey] = this.run;
	}

	/** The ledger of run `runIndex` of the node whose context object is `nodeContext`. */
	static open(nodeContext: Record<string, unknown>, runIndex: number, now = Date.now()): SendLedger {
		const runs = (nodeContext[CONTEXT_KEY] ??= {}) as Record<string, StoredRun>;
		return new SendLedger(runs, String(runIndex), now);
	}

	/**
	 * The items an earlier try of run `runIndex` recorded (sent, or maybe sent), read without opening the
	 * ledger (opening it marks the run as started). Send's consent check leaves these items as they are.
	 * A key may name one recipient of an item ("item/recipient", for senders Zoom texts one by one): the
	 * item counts as recorded, so its recipient list (and each recipient's key) stays as the first try had it.
	 */
	static recordedItems(nodeContext: Record<string, unknown>, runIndex: number): Set<number> {
		const stored = (nodeContext[CONTEXT_KEY] as Record<string, StoredRun> | undefined)?.[String(runIndex)];
		if (stored?.version !== 1) return new Set();
		return new Set(Object.keys(stored.items).map((key) => Number.parseInt(key.split('/')[0], 10)).filter(Number.isInteger));
	}

	/** When this run first started: the earliest moment a message of it can have reached Zoom. */
	get startedAt(): number {
		return this.run.startedAt;
	}

	record(itemIndex: LedgerKey): ItemRecord | undefined {
		const stored = this.run.items[itemIndex];
		if (!stored) return undefined;
		return {
			sent: stored.sent.map(([messageId, sessionId, dateTime, characters]) => ({ messageId, sessionId, dateTime, characters })),
			...(stored.unknownSince !== undefined ? { unknownSince: stored.unknownSince } : {}),
		};
	}

	/** Every message ID this run has recorded, so that a look-up in Zoom's history never claims one twice. */
	messageIds(): string[] {
		return Object.values(this.run.items).flatMap((item) => item.sent.map(([messageId]) => messageId));
	}

	recordSent(itemIndex: LedgerKey, part: SentPart): void {
		const stored = (this.run.items[itemIndex] ??= { sent: [] });
		stored.sent.push([part.messageId, part.sessionId, part.dateTime, part.characters]);
		delete stored.unknownSince;
	}

	recordUnknown(itemIndex: LedgerKey, since: number): void {
		const stored = (this.run.items[itemIndex] ??= { sent: [] });
		stored.unknownSince ??= since;
	}

	/** The next part turned out not to have been sent (Zoom's history shows it absent): it may go again. */
	clearUnknown(itemIndex: LedgerKey): void {
		const stored = this.run.items[itemIndex];
		if (stored) delete stored.unknownSince;
	}

	/**
	 * Every item ended sent: n8n will not run this node again in this execution, so the records are dropped
	 * rather than saved with the execution (a campaign of 10,000 would add a megabyte to it).
	 */
	close(): void {
		delete this.runs[this.runKey];
	}
}
