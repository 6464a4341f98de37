/* eslint-disable @n8n/community-nodes/no-restricted-globals -- test tooling, never shipped: it drives timers itself. */
/**
 * The account budget on a virtual clock against a model of Zoom's limit (a strict sliding one-second window
 * over admitted requests, per account, across every client, 429 without Retry-After beyond it), with one
 * process or several sharing the account. Used by test/unit/accountBudget.test.ts.
 */
import { AccountBudget } from '../../nodes/shared/accountBudget';
import type { BudgetClock, BudgetTuning } from '../../nodes/shared/budgetTuning';

export class VirtualClock implements BudgetClock {
	t = 1_000_000;

	private timers: Array<{ at: number; seq: number; resolve: () => void }> = [];

	private seq = 0;

	/** Every timer fires this much late at most (a busy event loop), drawn by `lateness`. */
	constructor(private readonly lateness: () => number = () => 0) {}

	now(): number {
		return this.t;
	}

	async sleep(ms: number): Promise<void> {
		await new Promise<void>((resolve) => this.timers.push({ at: this.t + Math.max(0, ms) + this.lateness(), seq: this.seq++, resolve }));
	}

	/** Runs timers in time order until `done()` or nothing is left to run. */
	async run(done: () => boolean, limitMs = 600_000): Promise<void> {
		const end = this.t + limitMs;
		for (;;) {
			await flush();
			if (done() || this.timers.length === 0 || this.t > end) return;
			this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
			const next = this.timers.shift()!;
			this.t = Math.max(this.t, next.at);
			next.resolve();
		}
	}
}

const flush = async () => await new Promise<void>((resolve) => setImmediate(resolve));

/** Zoom's per-second limit as the simulator enforces it: admitted requests in any one-second window. */
export class ZoomWindow {
	private admitted: number[] = [];

	readonly arrivals: number[] = [];

	status429 = 0;

	constructor(private readonly limit: number) {}

	arrive(at: number): boolean {
		this.arrivals.push(at);
		this.admitted = this.admitted.filter((time) => time > at - 1000);
		if (this.admitted.length >= this.limit) {
			this.status429++;
			return false;
		}
		this.admitted.push(at);
		return true;
	}

	/** The most requests (admitted or not) that arrived in any one-second window. */
	maxArrivalsPerSecond(): number {
		const sorted = [...this.arrivals].sort((a, b) => a - b);
		let most = 0;
		for (let start = 0, end = 0; end < sorted.length; end++) {
			while (sorted[end] - sorted[start] >= 1000) start++;
			most = Math.max(most, end - start + 1);
		}
		return most;
	}
}

export interface RunResult {
	accepted: number;
	status429: number;
	elapsedMs: number;
	/** Accepted per second over the run, as a share of the limit. */
	share: number;
	maxArrivalsPerSecond: number;
	/** Each process's budget counters. */
	stats: Array<AccountBudget['stats']>;
}

export interface SimulateOptions {
	limit: number;
	/** Items per process; each process has its own budget, as queue-mode workers have. */
	processes: number[];
	latencyMs: number;
	/** Each request arrives up to this much later than its grant (connection set-up, a busy event loop). */
	jitterMs: number;
	/** Each of the budget's timers fires up to this much late. */
	timerLateMs?: number;
	/** Timers are late only for this long from the start (n8n starting a burst of executions), then on time. */
	busyForMs?: number;
	seed?: number;
	requestsPerSecond?: number;
	tuning?: BudgetTuning;
	/** A process starts this long after the one before it. */
	staggerMs?: number;
}

/** `processes[p]` items sent by process p, 2 × rate lanes each, latency `latencyMs` each way ± jitter. */
export async function simulate(options: SimulateOptions): Promise<RunResult> {
	let random = options.seed ?? 1;
	const uniform = () => {
		random = (random * 16807) % 2147483647;
		return random / 2147483647;
	};
	let busyUntil = Infinity;
	const clock: VirtualClock = new VirtualClock(() => (clock.now() < busyUntil ? uniform() * (options.timerLateMs ?? 0) : 0));
	busyUntil = clock.now() + (options.busyForMs ?? Infinity);
	const zoom = new ZoomWindow(options.limit);
	const start = clock.now();
	let accepted = 0;
	let lastAcceptedAt = start;
	const total = options.processes.reduce((sum, count) => sum + count, 0);
	const rps = options.requestsPerSecond ?? options.limit;
	const budgets: AccountBudget[] = [];
	const runs = options.processes.map(async (items, index) => {
		if (options.staggerMs) await clock.sleep(index * options.staggerMs);
		const budget = new AccountBudget(clock, options.tuning);
		budgets.push(budget);
		let next = 0;
		const lane = async () => {
			while (next < items) {
				next++;
				for (;;) {
					const sentAt = await budget.acquire(undefined, rps);
					await clock.sleep(options.latencyMs / 2 + uniform() * options.jitterMs);
					const ok = zoom.arrive(clock.now());
					await clock.sleep(options.latencyMs / 2);
					if (ok) {
						budget.answered({ 'x-ratelimit-limit': String(options.limit) });
						accepted++;
						lastAcceptedAt = clock.now();
						break;
					}
					await clock.sleep(budget.rateLimited(undefined, sentAt));
				}
			}
		};
		await Promise.all(Array.from({ length: 2 * rps }, lane));
	});
	await clock.run(() => accepted >= total);
	await Promise.all(runs);
	const elapsedMs = lastAcceptedAt - start;
	return { accepted, status429: zoom.status429, elapsedMs, share: accepted / (elapsedMs / 1000) / options.limit, maxArrivalsPerSecond: zoom.maxArrivalsPerSecond(), stats: budgets.map((budget) => ({ ...budget.stats })) };
}
