/**
 * The account budget on a virtual clock: its rules on tables of cases, then whole runs against a model of
 * Zoom's limit (a strict sliding one-second window over admitted requests, per account, across every
 * client, 429 without Retry-After beyond it), with one process or several sharing the account.
 */
import fc from 'fast-check';

import { AccountBudget } from '../../nodes/shared/accountBudget';
import { accountKey, budgetForAccount } from '../../nodes/shared/budgetRegistry';
import { DEFAULT_TUNING } from '../../nodes/shared/budgetTuning';
import { simulate, VirtualClock } from './budgetModel';

describe('accountBudget: keys and registry', () => {
	it.each([
		['https://api.zoom.us/v2', 'abc', 'https://api.zoom.us/v2 abc'],
		['https://API.zoom.us/v2/', ' abc ', 'https://api.zoom.us/v2 abc'],
		['https://api.zoomgov.com/v2', 'abc', 'https://api.zoomgov.com/v2 abc'],
	])('%s + %s → %s', (base, account, key) => {
		expect(accountKey(base, account)).toBe(key);
	});

	it('gives one budget per key, and different accounts different budgets', () => {
		const clock = new VirtualClock();
		const a = budgetForAccount(accountKey('https://api.zoom.us/v2', 'registry-a'), clock);
		expect(budgetForAccount(accountKey('https://api.zoom.us/v2/', 'registry-a'), clock)).toBe(a);
		expect(budgetForAccount(accountKey('https://api.zoom.us/v2', 'registry-b'), clock)).not.toBe(a);
		expect(budgetForAccount(accountKey('https://api.zoomgov.com/v2', 'registry-a'), clock)).not.toBe(a);
	});
});

describe('accountBudget: the ceiling', () => {
	it.each<[string, Array<[number, number]>, Record<string, string>, number]>([
		['nobody asked: Zoom Pro', [], {}, 10],
		['one workflow at 20', [[20, 0]], {}, 20],
		['two workflows: the most careful', [[20, 0], [8, 0]], {}, 8],
		['a vote older than 10 s no longer counts', [[5, -11_000], [20, 0]], {}, 20],
		["Zoom's X-RateLimit-Limit caps it", [[20, 0]], { 'x-ratelimit-limit': '10' }, 10],
		['…and never raises it', [[8, 0]], { 'x-ratelimit-limit': '20' }, 8],
		['a daily limit header is not the per-second limit', [[20, 0]], { 'x-ratelimit-limit': '500', 'x-ratelimit-type': 'Daily-limit' }, 20],
		['nonsense is ignored', [[20, 0]], { 'x-ratelimit-limit': 'many' }, 20],
	])('%s', async (_case, votes, headers, ceiling) => {
		const clock = new VirtualClock();
		const budget = new AccountBudget(clock);
		const now = clock.t;
		for (const [value, at] of votes) {
			clock.t = now + at;
			void budget.acquire(undefined, value);
		}
		clock.t = now;
		budget.answered(headers);
		expect(budget.ceiling).toBe(ceiling);
	});

	it("an answer without X-RateLimit-Limit: the callers' value applies again", () => {
		const budget = new AccountBudget(new VirtualClock());
		void budget.acquire(undefined, 20);
		budget.answered({ 'x-ratelimit-limit': '5' });
		expect(budget.ceiling).toBe(5);
		budget.answered({});
		expect(budget.ceiling).toBe(20);
	});
});

describe('accountBudget: pacing', () => {
	it('spaces starts by the ceiling plus its margin, and never more than the ceiling in a window', async () => {
		const clock = new VirtualClock();
		const budget = new AccountBudget(clock);
		const starts: number[] = [];
		const all = Array.from({ length: 40 }, async () => starts.push(await budget.acquire(undefined, 10)));
		await clock.run(() => starts.length === 40);
		await Promise.all(all);
		const gaps = starts.slice(1).map((start, index) => start - starts[index]);
		expect(Math.min(...gaps)).toBeGreaterThanOrEqual(100 * (1 + DEFAULT_TUNING.baseMargin) - 1e-9);
		expect(starts[39] - starts[0]).toBeLessThan(39 * 100 * 1.03);
	});

	it('after idle time, no saved-up burst: the next starts are spaced again', async () => {
		const clock = new VirtualClock();
		const budget = new AccountBudget(clock);
		await budget.acquire(undefined, 10);
		clock.t += 5000;
		const starts: number[] = [];
		const all = Array.from({ length: 5 }, async () => starts.push(await budget.acquire(undefined, 10)));
		await clock.run(() => starts.length === 5);
		await Promise.all(all);
		const gaps = starts.slice(1).map((start, index) => start - starts[index]);
		expect(Math.min(...gaps)).toBeGreaterThanOrEqual(100);
	});

	it('slots missed to late timers while requests waited are caught up (a busy event loop costs only the spacing it needs)', async () => {
		// Every timer up to 80 ms late: resetting the schedule at each late timer gave 78 % of the limit here.
		const result = await simulate({ limit: 10, processes: [300], latencyMs: 150, jitterMs: 10, timerLateMs: 80 });
		expect(result.accepted).toBe(300);
		expect(result.share).toBeGreaterThanOrEqual(0.85);
		expect(result.maxArrivalsPerSecond).toBeLessThanOrEqual(11);
	});

	it('late timers widen the spacing before Zoom refuses, and it narrows again once they are on time', async () => {
		// n8n starting a burst of executions: every timer up to 150 ms late for 6 s, then on time.
		const run = async (lateTimerShare: number) => {
			const results = await Promise.all([1, 2, 3, 4, 5].map(async (seed) => await simulate({ limit: 10, processes: [150], latencyMs: 150, jitterMs: 10, timerLateMs: 150, busyForMs: 6000, seed, tuning: { ...DEFAULT_TUNING, lateTimerShare } })));
			return { share: results.reduce((sum, result) => sum + result.share, 0) / results.length, status429: results.reduce((sum, result) => sum + result.status429, 0) };
		};
		const [widening, only429s] = [await run(DEFAULT_TUNING.lateTimerShare), await run(0)];
		expect(widening.status429).toBeLessThanOrEqual(only429s.status429 / 2);
		expect(widening.share).toBeGreaterThanOrEqual(only429s.share);
		expect(widening.share).toBeGreaterThanOrEqual(0.88);
	});

	it('the widening lasts while timers are late, then the margin is back at its base', async () => {
		const clock = new VirtualClock(() => 60);
		const budget = new AccountBudget(clock);
		expect(budget.spacingMargin).toBeCloseTo(DEFAULT_TUNING.baseMargin);
		const starts = Array.from({ length: 3 }, async () => await budget.acquire(undefined, 10));
		await clock.run(() => budget.stats.granted === 3);
		await Promise.all(starts);
		// Its timers fired 60 ms late: 6 % more spacing, for two seconds.
		expect(budget.spacingMargin).toBeCloseTo(0.06);
		clock.t += 2001;
		expect(budget.spacingMargin).toBeCloseTo(DEFAULT_TUNING.baseMargin);
	});

	it('an aborted wait leaves the queue without using a slot', async () => {
		const clock = new VirtualClock();
		const budget = new AccountBudget(clock);
		const controller = new AbortController();
		const granted: number[] = [];
		await budget.acquire(undefined, 10);
		const aborted = budget.acquire(controller.signal, 10).then(
			() => 'granted',
			() => 'aborted',
		);
		const after = budget.acquire(undefined, 10).then((at) => granted.push(at));
		controller.abort();
		expect(await aborted).toBe('aborted');
		await clock.run(() => granted.length === 1);
		await after;
		expect(granted[0] - 1_000_000).toBeCloseTo(100 * (1 + DEFAULT_TUNING.baseMargin), 0);
	});
});

describe('accountBudget: reactions to per-second 429s', () => {
	it('a 429 while this process alone fills the window widens the margin; once at its most, 429s cut the rate', async () => {
		const clock = new VirtualClock();
		const budget = new AccountBudget(clock);
		let sentAt = 0;
		const all = Array.from({ length: 10 }, async () => (sentAt = await budget.acquire(undefined, 10)));
		await clock.run(() => budget.stats.granted === 10);
		await Promise.all(all);
		expect(budget.rateLimited(undefined, sentAt)).toBeLessThanOrEqual(110);
		expect(budget.stats).toMatchObject({ marginSteps: 1, decreases: 0 });
		expect(budget.rate).toBe(10);
		// A 429 of a request sent before that reaction: already answered.
		budget.rateLimited(undefined, sentAt - 1);
		expect(budget.stats).toMatchObject({ marginSteps: 1, decreases: 0 });
		clock.t += 500;
		budget.rateLimited(undefined, clock.t);
		expect(budget.stats).toMatchObject({ marginSteps: 1, decreases: 1 });
		// 5 of this process's starts in the second before: a little under that is its share, but one
		// reaction cuts to half the rate at most.
		expect(budget.rate).toBeCloseTo(10 * DEFAULT_TUNING.deepestCut);
		// Retry-After, when Zoom sends one, is that request's wait.
		expect(budget.rateLimited(1500, clock.t)).toBe(1500);
	});

	/** A budget at 10/s whose process started `own` requests in the last second, then met a 429. */
	async function refusedWith(own: number): Promise<{ clock: VirtualClock; budget: AccountBudget }> {
		const clock = new VirtualClock();
		const budget = new AccountBudget(clock);
		const all = Array.from({ length: own }, async () => await budget.acquire(undefined, 10));
		await clock.run(() => budget.stats.granted === own);
		await Promise.all(all);
		clock.t += 1000 - own * 102 + 1; // the last `own` starts are still in the window
		budget.rateLimited(undefined, clock.t);
		return { clock, budget };
	}

	it.each<[string, number, number]>([
		// own starts in the window → the rate after one reaction
		['held 8 of the 10: 0.9 × 8, under the fixed cut', 8, 8 * DEFAULT_TUNING.measuredShare],
		['held 6 of the 10: 0.9 × 6', 6, 6 * DEFAULT_TUNING.measuredShare],
		['held 4: half the rate at most at once', 4, 10 * DEFAULT_TUNING.deepestCut],
		['sent nothing lately (another app fills the account): half', 0, 10 * DEFAULT_TUNING.deepestCut],
	])('contention: the rate goes to a little under what Zoom took from this process, %s', async (_case, own, rate) => {
		const { budget } = await refusedWith(own);
		expect(budget.stats.decreases).toBe(1);
		expect(budget.rate).toBeCloseTo(rate);
	});

	it('measured cuts: two processes that start together at the full limit go to half of it each in one reaction', async () => {
		const { budget } = await refusedWith(5);
		expect(budget.rate).toBeCloseTo(5);
	});

	it("a refused request holds no place in Zoom's window: it is not counted in this process's share", async () => {
		const clock = new VirtualClock();
		const budget = new AccountBudget(clock);
		const starts: number[] = [];
		const all = Array.from({ length: 8 }, async () => starts.push(await budget.acquire(undefined, 10)));
		await clock.run(() => starts.length === 8);
		await Promise.all(all);
		budget.rateLimited(undefined, starts[7]);
		expect(budget.rate).toBeCloseTo(7 * DEFAULT_TUNING.measuredShare);
	});

	it('after a cut: quickly back to just under the rate it was cut from, then on by a share of the ceiling per second', () => {
		const clock = new VirtualClock();
		const budget = new AccountBudget(clock);
		budget.rateLimited(undefined, clock.t);
		const cut = 10 * DEFAULT_TUNING.deepestCut;
		// Nothing grows for a second: the cut has to reach Zoom first.
		clock.t += 1000;
		expect(budget.rate).toBeCloseTo(cut);
		// Then most of the way back to 95 % of the rate it was cut from within recoverMs.
		clock.t += DEFAULT_TUNING.recoverMs;
		expect(budget.rate).toBeGreaterThan(cut + (9.5 - cut) * 0.6);
		expect(budget.rate).toBeLessThan(9.5 + 1e-9);
		clock.t += 20_000;
		expect(budget.rate).toBe(10);
	});

	it('without the quick return: a share of the ceiling per second, faster once quiet for a while', () => {
		const clock = new VirtualClock();
		const budget = new AccountBudget(clock, { ...DEFAULT_TUNING, recoverMs: 0 });
		budget.rateLimited(undefined, clock.t);
		clock.t += 1000;
		const cut = 10 * DEFAULT_TUNING.deepestCut;
		expect(budget.rate).toBeCloseTo(cut);
		clock.t += 2000;
		const step = 10 * DEFAULT_TUNING.increaseShare;
		expect(budget.rate).toBeCloseTo(cut + 2 * step);
		// From 3 s without a 429 (quietMs) the pace grows by one step per second every second: from 3 s to
		// 5 s, 2 steps at the base pace and 2 more (the integral of 0 → 2 over 2 s).
		clock.t += 2000;
		expect(budget.rate).toBeCloseTo(cut + 2 * step + 4 * step);
		clock.t += 10_000;
		expect(budget.rate).toBe(10);
	});
});

describe('accountBudget: whole runs against Zoom’s window', () => {
	it('one process: near the limit, never over it at Zoom by more than a probe, few 429s', async () => {
		const result = await simulate({ limit: 10, processes: [600], latencyMs: 150, jitterMs: 15 });
		expect(result.accepted).toBe(600);
		expect(result.share).toBeGreaterThanOrEqual(0.95);
		expect(result.status429).toBeLessThanOrEqual(6);
		expect(result.maxArrivalsPerSecond).toBeLessThanOrEqual(11);
	});

	it.each([
		[2, 0.85, 0.1],
		[3, 0.8, 0.15],
	])('%i processes on one account converge on the limit together without a 429 storm', async (processes, share, share429) => {
		const result = await simulate({ limit: 10, processes: Array.from({ length: processes }, () => 300), latencyMs: 150, jitterMs: 15 });
		expect(result.accepted).toBe(300 * processes);
		expect(result.share).toBeGreaterThanOrEqual(share);
		expect(result.status429 / (result.accepted + result.status429)).toBeLessThanOrEqual(share429);
	});

	it('property: whatever the latency, jitter and limit, one process keeps within a probe of the limit', async () => {
		await fc.assert(
			fc.asyncProperty(fc.integer({ min: 0, max: 400 }), fc.integer({ min: 0, max: 40 }), fc.constantFrom(5, 10, 20), fc.integer({ min: 1, max: 1e6 }), async (latencyMs, jitterMs, limit, seed) => {
				const result = await simulate({ limit, processes: [limit * 8], latencyMs, jitterMs, seed });
				expect(result.accepted).toBe(limit * 8);
				expect(result.maxArrivalsPerSecond).toBeLessThanOrEqual(limit + 1);
				expect(result.status429).toBeLessThanOrEqual(Math.ceil(limit * 8 * 0.05));
			}),
			{ numRuns: 25 },
		);
	});
});

