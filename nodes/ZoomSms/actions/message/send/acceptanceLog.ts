/**
 * The log line of every message Zoom accepted: n8n saves no output of a node that never finished (a
 * cancelled execution, a timeout), so this line is how such a run is reconciled.
 *
 * Lines are grouped: one per second at most, of up to 50 messages, plus one whenever the run stops
 * sending, is cancelled, or logs something else about an item (so the log keeps its order). One line per
 * message cost about 0.13 ms each in n8n's logger (it records where it was called from): 5 % of the node's
 * time at 1,000 messages a second (`npm run bench` B5), for a log that says the same.
 */
import type { Logger } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

export interface Acceptance {
	itemIndex: number;
	/** 1-based, of `parts`: long texts go as several messages. */
	part: number;
	parts: number;
	messageId: string;
	sessionId?: string;
}

const MAX_PER_LINE = 50;
const MAX_DELAY_MS = 1000;

/** How one accepted message reads in the line: `item 7 as message …`, with its part when there are several. */
export function acceptanceText(acceptance: Acceptance): string {
	const part = acceptance.parts > 1 ? ` (part ${acceptance.part} of ${acceptance.parts})` : '';
	return `item ${acceptance.itemIndex}${part} as message ${acceptance.messageId}`;
}

export class AcceptanceLog {
	private pending: Acceptance[] = [];

	private flushScheduled = false;

	constructor(
		private readonly logger: Logger,
		private readonly executionId: string,
		cancelSignal?: AbortSignal,
	) {
		cancelSignal?.addEventListener('abort', () => this.flush(), { once: true });
	}

	add(acceptance: Acceptance): void {
		this.pending.push(acceptance);
		if (this.pending.length >= MAX_PER_LINE) {
			this.flush();
			return;
		}
		if (this.flushScheduled) return;
		this.flushScheduled = true;
		void sleep(MAX_DELAY_MS).then(() => {
			this.flushScheduled = false;
			this.flush();
		});
	}

	/** Writes what is waiting, if anything. */
	flush(): void {
		if (this.pending.length === 0) return;
		const accepted = this.pending;
		this.pending = [];
		this.logger.info(`Zoom SMS: accepted by Zoom: ${accepted.map(acceptanceText).join('; ')}`, { executionId: this.executionId, accepted });
	}
}
