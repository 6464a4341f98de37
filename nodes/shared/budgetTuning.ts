/**
 * How an account budget (accountBudget.ts) reacts to Zoom's answers, and the clock it runs on: the numbers
 * chosen on the model of Zoom's window and the benchmark, apart from the mechanism they tune.
 * Pure: no n8n imports.
 */
export interface BudgetClock {
	now(): number;
	sleep(ms: number): Promise<void>;
}

export interface BudgetTuning {
	/** Rate cut on contention. */
	decrease: number;
	/**
	 * On contention, the rate goes to this share of what Zoom took from this process in the second before
	 * the refused request, when that is lower than the cut (0: the fixed cut only).
	 */
	measuredShare: number;
	/** The deepest one reaction cuts, as a share of the rate before it. */
	deepestCut: number;
	/** Share of the ceiling regained per second without a 429. */
	increaseShare: number;
	/**
	 * After this long without a 429 (ms), the increase speeds up by its base amount every further second:
	 * the other process has likely stopped (its campaign ended), so its share is free.
	 */
	quietMs: number;
	/** Spacing margin over the exact limit: the base, what one jitter 429 adds, and the most. */
	baseMargin: number;
	marginStep: number;
	maxMargin: number;
	/** How much of the margin goes back to the base per second without a 429. */
	marginDecayPerSecond: number;
	/** After a cut, the time constant of the quick return to just under the rate it was cut from (0: off). */
	recoverMs: number;
	/** How much of the latest timer delay of the last two seconds widens the margin (0: off). */
	lateTimerShare: number;
}

export const DEFAULT_TUNING: BudgetTuning = {
	// Chosen on test/unit/budgetModel.ts's model of Zoom's window (150 ms, 1 to 3 processes; about 87 % of the
	// limit with 6 % of requests refused for two processes, the plateau of every AIMD variant tried there)
	// and on `npm run bench` scenario 4 in the real n8n: the 1 % base margin gave B1 97.9 % of the limit at
	// Zoom against 96.3 % with 2 %, for as many 429s (the arrival jitter measured there: k → k + 10 at least
	// 1,000–1,004 ms apart with the margin at 1 % and 2 %).
	decrease: 0.8,
	measuredShare: 0.9,
	deepestCut: 0.5,
	increaseShare: 0.03,
	quietMs: 3000,
	baseMargin: 0.01,
	marginStep: 0.02,
	maxMargin: 0.1,
	marginDecayPerSecond: 0.001,
	recoverMs: 1000,
	lateTimerShare: 1,
};
