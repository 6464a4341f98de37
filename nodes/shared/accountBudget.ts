/**
 * One request budget per Zoom account, shared by everything in this process that calls Zoom for it.
 *
 * Zoom limits requests per account (10/s on Pro, 20/s on Business and up for the SMS endpoints), shared by
 * every app and every caller. Executions that each paced themselves as if alone met one another's 429s: a
 * webhook per contact, two campaigns at once, a reply workflow during a campaign. Here every caller of one
 * account queues on one budget, so one process never goes over the limit by itself.
 *
 * Other processes on the same account (queue-mode workers, other n8n instances, other apps) cannot be
 * seen; the budget adapts to Zoom's answers instead (AIMD, as TCP shares a link):
 * - a per-second 429 while this process alone (nearly) fills Zoom's window is arrival jitter (a request
 *   start on our clock is not its arrival on Zoom's): the spacing margin widens (base 1 %, + 2 % per such
 *   429, at most 10 %, back by 0.1 % a second), so a busy machine settles on the margin it needs; and
 *   while the budget's own timers fire late (n8n's event loop busy), it widens by that delay beforehand,
 *   for as long as they do (`spacingMargin`);
 * - a 429 met while this process sent under the limit, or once the margin is at its most, means someone
 *   else uses the account: the rate goes to a little under what Zoom took from this process in the second
 *   before (never below half at once, never above 80 % of the rate), at most once per round of requests;
 * - a second after a cut the rate returns quickly to just under the rate it was cut from, then grows on
 *   by a share of the ceiling per second, faster after a few seconds without a 429 (the other process's
 *   campaign has likely ended), up to the ceiling.
 * Only the request that met a 429 waits; the others keep going at the slower rate. A refused request holds
 * no place in Zoom's window, so it is not counted as this process's share of it.
 *
 * Pure: time is injected (the node passes n8n's sleep; tests a fake clock). No n8n imports.
 */
import { whenAborted } from './abortFanout';
import { DEFAULT_TUNING, type BudgetClock, type BudgetTuning } from './budgetTuning';

/** Zoom Pro's Medium limit: the budget of an account nobody has said more about. */
export const DEFAULT_ACCOUNT_LIMIT = 10;
/** The slowest a budget goes: many processes sharing one account must still fit under its limit together. */
const MIN_RATE = 0.2;
/** A Requests per Second value counts for this long after its last request (then the workflow is gone). */
export const VOTE_TTL_MS = 10_000;
const WINDOW_MS = 1000;
/** A wait shorter than a timer can sleep: granted now, on its nominal slot (at 1,000s/s a timer per grant would be the limit). */
const TIMER_SLACK_MS = 1;
/**
 * How far behind its slots the budget may catch up after late timers while requests kept waiting (the
 * window rule still caps any burst at the ceiling's worth of starts per window).
 */
const MAX_CATCH_UP_MS = WINDOW_MS;
/** How long after its grant a request's start may be noted by its caller and still be matched to it. */
const FORGET_TOLERANCE_MS = 50;
/**
 * How long a late timer counts as a sign of a busy event loop: n8n starting a burst of executions keeps it
 * busy for seconds, then it is quiet again.
 */
const LATENESS_MEMORY_MS = 2 * WINDOW_MS;
/** The quick return after a cut goes to this share of the rate it was cut from, then the slow probing takes over. */
const RECOVER_TO = 0.95;

interface Waiter {
	resolve: (grantedAt: number) => void;
	reject: (reason: unknown) => void;
	/** Stops listening for the caller's abort. */
	release?: () => void;
}

export class AccountBudget {
	/** The allowed rate (requests/s) since the last cut; Infinity while nothing holds it under the ceiling. */
	private rateValue = Infinity;

	private margin: number;

	private lastSlot = -Infinity;

	/** When the queue last went from empty to waiting: slots that came due before then were not missed, only unused. */
	private busySince = -Infinity;

	/**
	 * When the requests of the last second or so started (ms), oldest first, less those Zoom refused with a
	 * per-second 429: what this process holds of Zoom's window, as far as it can tell.
	 */
	private readonly starts: number[] = [];

	private readonly queue: Waiter[] = [];

	/**
	 * How late the budget's own timers fired lately (ms), and when: the event loop's recent delays. Only
	 * those that may still be the latest of the last two seconds are kept, so the first is the latest.
	 */
	private readonly lateTimers: Array<{ at: number; lateMs: number }> = [];

	private pumping = false;

	/** Requests per Second asked by callers, and when last. */
	private readonly votes = new Map<number, number>();

	/** X-RateLimit-Limit as Zoom last sent it. */
	private zoomLimit?: number;

	private lastReactionAt = -Infinity;

	/** The rate a contention cut came down from: where the last 429 was met, so where the growth slows again. */
	private cutFrom = 0;

	private lastGrowthAt: number;

	/** Counters, for tests and the benchmark. */
	readonly stats = { granted: 0, rateLimited: 0, decreases: 0, marginSteps: 0 };

	constructor(
		private readonly clock: BudgetClock,
		private readonly tuning: BudgetTuning = DEFAULT_TUNING,
	) {
		this.margin = tuning.baseMargin;
		this.lastGrowthAt = clock.now();
	}

	/**
	 * The most requests per second this account may get from this process: the smallest Requests per
	 * Second that a caller asked for in the last ten seconds (the most careful wins), capped by what Zoom
	 * says its limit is; 10 (Zoom Pro) when nobody asked.
	 */
	get ceiling(): number {
		const now = this.clock.now();
		let asked = Infinity;
		for (const [value, at] of this.votes) {
			if (now - at > VOTE_TTL_MS) this.votes.delete(value);
			else asked = Math.min(asked, value);
		}
		const ceiling = Math.min(asked, this.zoomLimit ?? Infinity);
		return Number.isFinite(ceiling) ? ceiling : (this.zoomLimit ?? DEFAULT_ACCOUNT_LIMIT);
	}

	/** The rate requests start at now (requests/s). */
	get rate(): number {
		this.grow();
		return Math.min(this.rateValue, this.ceiling);
	}

	/**
	 * The spacing margin in force: the one 429s taught, or more while the event loop is busy. A timer that
	 * fired 60 ms late says that a request granted just before it may have left 60 ms late too, while the
	 * one granted ten places later leaves on time; Zoom's window then sees them closer than they were
	 * granted. So the spacing widens by the latest delay of the last two seconds, before Zoom has to refuse
	 * anything (measured in `npm run bench` B2: n8n starting 150 executions delays timers by up to 300 ms
	 * for seconds, then runs quietly), and narrows again when the timers are on time.
	 */
	get spacingMargin(): number {
		const now = this.clock.now();
		while (this.lateTimers.length > 0 && this.lateTimers[0].at <= now - LATENESS_MEMORY_MS) this.lateTimers.shift();
		const lateMs = this.lateTimers[0]?.lateMs ?? 0;
		return Math.max(this.margin, Math.min(this.tuning.maxMargin, (this.tuning.lateTimerShare * lateMs) / WINDOW_MS));
	}

	/**
	 * Resolves (with the moment it was granted) when the caller may start its request; rejects with
	 * `abortReason()` (default the signal's reason) if `signal` aborts first, without using a slot.
	 */
	async acquire(signal?: AbortSignal, requestsPerSecond?: number, abortReason: () => unknown = () => signal?.reason): Promise<number> {
		if (requestsPerSecond !== undefined && requestsPerSecond > 0) this.votes.set(requestsPerSecond, this.clock.now());
		if (signal?.aborted) throw abortReason();
		return await new Promise<number>((resolve, reject) => {
			const waiter: Waiter = { resolve, reject };
			if (signal) {
				waiter.release = whenAborted(signal, () => {
					const index = this.queue.indexOf(waiter);
					if (index >= 0) this.queue.splice(index, 1);
					reject(abortReason());
				});
			}
			if (this.queue.length === 0) this.busySince = this.clock.now();
			this.queue.push(waiter);
			void this.pump();
		});
	}

	/**
	 * A request started at `sentAt` met a per-second 429: how long it waits before it queues again. The
	 * budget slows down (see the file comment); the other requests are not held.
	 */
	rateLimited(retryAfterMs: number | undefined, sentAt: number = this.clock.now()): number {
		this.stats.rateLimited++;
		this.grow();
		const now = this.clock.now();
		// Requests started before the last reaction were sent at the old rate: their 429s are already answered.
		this.forgetStart(sentAt);
		if (sentAt >= this.lastReactionAt) {
			const ownInWindow = this.starts.filter((start) => start > sentAt - WINDOW_MS && start <= sentAt).length;
			// This process alone (nearly) filled Zoom's window: its own starts arrived bunched (a loaded
			// event loop, a connection opened per request). Widening the spacing cures that; cutting the rate
			// would cost far more. Only once the margin is at its most does it count as contention.
			const aloneAtLimit = ownInWindow >= Math.floor(this.ceiling) - 1;
			if (aloneAtLimit && this.margin < this.tuning.maxMargin) {
				this.margin = Math.min(this.tuning.maxMargin, this.margin + this.tuning.marginStep);
				this.stats.marginSteps++;
			} else {
				this.cutFrom = Math.min(this.rateValue, this.ceiling);
				this.rateValue = Math.max(MIN_RATE, this.cutRate(ownInWindow));
				this.stats.decreases++;
			}
			this.lastReactionAt = now;
			// Growth starts again one second after a reaction, when its effect has reached Zoom.
			this.lastGrowthAt = now + WINDOW_MS;
		}
		// Without Retry-After: about one spacing, jittered so that requests refused together do not come back together.
		return retryAfterMs ?? Math.round(Math.random() * this.intervalMs());
	}

	/** Zoom answered with any status but a per-second 429; its rate-limit headers (lower-case names), if any. */
	answered(headers: Record<string, string | undefined>): void {
		// [UNVERIFIED] Zoom is said to send X-RateLimit-Limit; read as the per-second limit of the category
		// unless the answer says it is about the daily limit. It only ever lowers the ceiling.
		// An answer without it says nothing more: the callers' Requests per Second apply again.
		const type = headers['x-ratelimit-type'];
		if (type !== undefined && type.toUpperCase() !== 'QPS') return;
		const limit = Number(headers['x-ratelimit-limit']);
		this.zoomLimit = headers['x-ratelimit-limit'] !== undefined && Number.isFinite(limit) && limit >= 1 && limit <= 1000 ? limit : undefined;
	}

	/**
	 * A refused request does not hold a place in Zoom's window (the simulator's rule; [UNVERIFIED] for Zoom,
	 * which documents none): its start no longer counts against the window rule, so the slot it used is not
	 * lost to the next request. Its start is the latest one at or just before `sentAt` (the client notes the
	 * time right after the grant).
	 */
	private forgetStart(sentAt: number): void {
		for (let index = this.starts.length - 1; index >= 0; index--) {
			const start = this.starts[index];
			if (start > sentAt) continue;
			if (sentAt - start <= FORGET_TOLERANCE_MS) this.starts.splice(index, 1);
			return;
		}
	}

	/**
	 * The rate after a 429 that means contention: cut by the fixed factor, or lower, to a little under what
	 * Zoom took from this process in the second before the refused request (its share of the account's
	 * window right now), so that processes that all started at the full limit land near it together in one
	 * reaction instead of several (as TCP Westwood sets its window from the measured rate). Never below
	 * `deepestCut` of the rate at once: a process that had little to send measures little.
	 */
	private cutRate(admittedInWindow: number): number {
		const current = Math.min(this.rateValue, this.ceiling);
		const cut = current * this.tuning.decrease;
		if (this.tuning.measuredShare <= 0) return cut;
		return Math.max(current * this.tuning.deepestCut, Math.min(cut, admittedInWindow * this.tuning.measuredShare));
	}

	private intervalMs(): number {
		return (1000 / this.rate) * (1 + this.spacingMargin);
	}

	/** Additive increase, and the margin's slow return to its base, for the time since the last reaction. */
	private grow(): void {
		const now = this.clock.now();
		const elapsed = now - this.lastGrowthAt;
		if (elapsed <= 0) return;
		this.lastGrowthAt = now;
		const ceiling = this.ceiling;
		if (this.rateValue < ceiling) {
			// Seconds of growth at the base pace, plus the quiet speed-up integrated over the same time.
			const quiet = (at: number) => Math.max(0, at - this.lastReactionAt - this.tuning.quietMs) / 1000;
			const steps = elapsed / 1000 + (quiet(now) ** 2 - quiet(now - elapsed) ** 2) / 2;
			let grown = this.rateValue + ceiling * this.tuning.increaseShare * steps;
			// Back towards the rate of the last cut quickly (most of the way within `recoverMs`), then on
			// slowly: the processes on the account spend their time near the limit, not far under it (as
			// TCP CUBIC does around its last loss).
			const target = this.cutFrom * RECOVER_TO;
			if (this.tuning.recoverMs > 0 && this.rateValue < target) grown = Math.max(grown, this.rateValue + (target - this.rateValue) * (1 - Math.exp(-elapsed / this.tuning.recoverMs)));
			// Back at the ceiling: unconstrained again, so a higher ceiling later applies at once.
			this.rateValue = grown >= ceiling ? Infinity : grown;
		}
		this.margin = Math.max(this.tuning.baseMargin, this.margin - (this.tuning.marginDecayPerSecond * elapsed) / 1000);
	}

	/** The earliest moment the next request may start. */
	private nextStartAt(now: number): number {
		const interval = this.intervalMs();
		let slot = this.lastSlot + interval;
		// Slots that came due while nobody waited are gone: no saved-up burst after idle time. Slots missed
		// while requests waited, because a timer fired late (n8n's event loop busy starting executions,
		// measured in `npm run bench` B2), are caught up: resetting the schedule to now at every late timer
		// lost a tenth of the pace there. The window rule below still caps any burst.
		if (slot < this.busySince) slot = this.busySince;
		if (slot < now - MAX_CATCH_UP_MS) slot = now - MAX_CATCH_UP_MS;
		// However the slots fell, never more than the ceiling's worth of starts in one (widened) window.
		const perWindow = Math.max(1, Math.floor(this.ceiling));
		while (this.starts.length > 0 && this.starts[0] <= now - 2 * WINDOW_MS) this.starts.shift();
		if (this.starts.length >= perWindow) slot = Math.max(slot, this.starts[this.starts.length - perWindow] + WINDOW_MS * (1 + this.spacingMargin));
		return slot;
	}

	private async pump(): Promise<void> {
		if (this.pumping) return;
		this.pumping = true;
		try {
			while (this.queue.length > 0) {
				const now = this.clock.now();
				const at = this.nextStartAt(now);
				if (at > now + TIMER_SLACK_MS) {
					const wakeAt = now + Math.min(at - now, 60_000);
					await this.clock.sleep(wakeAt - now);
					const lateMs = this.clock.now() - wakeAt;
					if (lateMs > 0) {
						while (this.lateTimers.length > 0 && this.lateTimers[this.lateTimers.length - 1].lateMs <= lateMs) this.lateTimers.pop();
						this.lateTimers.push({ at: this.clock.now(), lateMs });
					}
					continue;
				}
				const waiter = this.queue.shift();
				if (!waiter) break;
				waiter.release?.();
				this.lastSlot = Math.max(at, this.lastSlot);
				this.starts.push(now);
				this.stats.granted++;
				waiter.resolve(now);
			}
		} finally {
			this.pumping = false;
		}
	}
}
