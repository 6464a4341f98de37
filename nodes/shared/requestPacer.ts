/**
 * Spaces request starts so that a run stays under a requests-per-second budget, and lets any request
 * pause everyone (Zoom's rate limit is per account, so one 429 means all senders must wait).
 * Time and sleeping are injected: the node passes n8n's `sleep`, tests pass a fake clock.
 */
export interface PacerClock {
	now(): number;
	sleep(ms: number): Promise<void>;
}

export class RequestPacer {
	private nextStartAt = 0;

	private pausedUntil = 0;

	private readonly intervalMs: number;

	constructor(
		requestsPerSecond: number,
		private readonly clock: PacerClock,
	) {
		// A hair slower than the exact budget: request starts that are exactly 1000/N ms apart arrive at
		// Zoom bunched by network jitter and would meet 429s they need not.
		this.intervalMs = requestsPerSecond > 0 ? (1000 / requestsPerSecond) * 1.02 : 0;
	}

	/** Resolves when the caller may start its request. */
	async acquire(): Promise<void> {
		for (;;) {
			const now = this.clock.now();
			if (now < this.pausedUntil) {
				await this.clock.sleep(this.pausedUntil - now);
				continue;
			}
			// Reserve a slot before sleeping, so concurrent callers queue behind it instead of sharing it.
			const slot = Math.max(now, this.nextStartAt);
			this.nextStartAt = slot + this.intervalMs;
			if (slot > now) await this.clock.sleep(slot - now);
			// A pause that began while we slept voids the slot: queue again once it ends, spaced as usual.
			if (this.clock.now() >= this.pausedUntil) return;
		}
	}

	/** Nobody starts a request before `ms` from now. */
	pauseFor(ms: number): void {
		this.pausedUntil = Math.max(this.pausedUntil, this.clock.now() + ms);
	}
}

/** Runs `worker` over `count` indexes with at most `concurrency` at a time; stops starting new ones once
 * `shouldStop()` says so. Indexes are started in order. */
export async function runPool(
	count: number,
	concurrency: number,
	worker: (index: number) => Promise<void>,
	shouldStop: () => boolean,
): Promise<void> {
	let next = 0;
	const lanes = Array.from({ length: Math.max(1, Math.min(concurrency, count)) }, async () => {
		while (next < count && !shouldStop()) {
			const index = next++;
			await worker(index);
		}
	});
	await Promise.all(lanes);
}
