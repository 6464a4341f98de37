/**
 * Spaces request starts so that a run stays under a requests-per-second budget, and lets any request
 * pause everyone (Zoom's rate limit is per account, so one 429 means all senders must wait).
 * Time and sleeping are injected: the node passes n8n's `sleep`, tests pass a fake clock.
 */
export interface PacerClock {
	now(): number;
	sleep(ms: number): Promise<void>;
}

/** Every spacing is this much longer than the exact budget (see the constructor). */
const SAFETY = 1.02;

/** Timers overflow past 2^31 − 1 ms and fire at once; no wait here is ever that long (callers cap theirs). */
const LONGEST_SLEEP_MS = 2 ** 31 - 1;

export class RequestPacer {
	private nextStartAt = 0;

	private pausedUntil = 0;

	private readonly intervalMs: number;

	/** Zoom counts requests in any one-second window; a hair longer here, for the same reason as the interval. */
	private readonly windowMs = 1000 * SAFETY;

	private readonly perWindow: number;

	/** When the last `perWindow` requests really started, oldest first. */
	private readonly recentStarts: number[] = [];

	constructor(
		requestsPerSecond: number,
		private readonly clock: PacerClock,
	) {
		// A hair slower than the exact budget: request starts that are exactly 1000/N ms apart arrive at
		// Zoom bunched by network jitter and would meet 429s they need not.
		this.intervalMs = requestsPerSecond > 0 ? (1000 / requestsPerSecond) * SAFETY : 0;
		this.perWindow = requestsPerSecond > 0 ? Math.max(1, Math.floor(requestsPerSecond)) : Infinity;
	}

	/** Resolves when the caller may start its request. */
	async acquire(): Promise<void> {
		for (;;) {
			const now = this.clock.now();
			if (now < this.pausedUntil) {
				await this.clock.sleep(Math.min(LONGEST_SLEEP_MS, this.pausedUntil - now));
				continue;
			}
			// Reserve a slot before sleeping, so concurrent callers queue behind it instead of sharing it.
			const slot = Math.max(now, this.nextStartAt);
			this.nextStartAt = slot + this.intervalMs;
			if (slot > now) await this.clock.sleep(slot - now);
			// A timer that fired late (a busy event loop) must not let the next ones catch up in a burst: slots
			// or not, no more than the budget starts in any window, counted from when requests really start.
			let startAt = this.clock.now();
			for (let freesAt = this.windowFreesAt(); startAt < freesAt && startAt >= this.pausedUntil; freesAt = this.windowFreesAt()) {
				await this.clock.sleep(freesAt - startAt);
				startAt = this.clock.now();
			}
			// A pause that began while we slept voids the slot: queue again once it ends, spaced as usual.
			if (startAt < this.pausedUntil) continue;
			this.recentStarts.push(startAt);
			if (this.recentStarts.length > this.perWindow) this.recentStarts.shift();
			return;
		}
	}

	/** Nobody starts a request before `ms` from now. */
	pauseFor(ms: number): void {
		this.pausedUntil = Math.max(this.pausedUntil, this.clock.now() + ms);
	}

	/** When the oldest of the last `perWindow` starts leaves the window (0 while fewer have started). */
	private windowFreesAt(): number {
		return this.recentStarts.length < this.perWindow ? 0 : this.recentStarts[this.recentStarts.length - this.perWindow] + this.windowMs;
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
