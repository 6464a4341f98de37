import { AccountBudget } from './accountBudget';
import type { BudgetClock } from './budgetTuning';

/**
 * The budgets of this process, one per account. A module-level map, not a global: n8n loads the package
 * once per process, so this is shared by every execution and node of that process.
 */
const budgets = new Map<string, AccountBudget>();

/** What identifies an account: its API base (Zoom, Zoom for Government, a simulator) and its Account ID. Never a secret. */
export function accountKey(apiBaseUrl: string, accountId: string): string {
	return `${apiBaseUrl.trim().replace(/\/+$/, '').toLowerCase()} ${accountId.trim()}`;
}

export function budgetForAccount(key: string, clock: BudgetClock): AccountBudget {
	let budget = budgets.get(key);
	if (!budget) {
		budget = new AccountBudget(clock);
		budgets.set(key, budget);
	}
	return budget;
}

/** Forgets every account's budget, as a fresh process would start: for tests that each stand for a new n8n. */
export function forgetAccountBudgets(): void {
	budgets.clear();
}
