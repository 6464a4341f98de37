/**
 * Wait for Delivery: what Zoom's `delivery_status` of a sent message means, and when to ask again.
 *
 * Zoom's statuses (OpenAPI, Get SMS by message ID): `sent` (left Zoom, not yet confirmed), `delivered`,
 * `failed_to_send`, `failed_to_deliver`, and for other messages `received` and `unknown`.
 * [UNVERIFIED] Zoom documents no order of the statuses nor how soon a carrier's receipt changes `sent`
 * to `delivered`; some carriers send no receipt at all, so `sent` may stay `sent`.
 */

export type DeliveryResult = 'delivered' | 'failed' | 'pending';

/** Zoom's final statuses; anything else (`sent`, `unknown`, none yet) is still pending. */
export function deliveryResultOf(status: string | undefined): DeliveryResult {
	if (status === 'delivered') return 'delivered';
	if (status === 'failed_to_send' || status === 'failed_to_deliver') return 'failed';
	return 'pending';
}

/**
 * One item's result from its messages' (parts, or one per recipient): failed when any failed, delivered
 * when all were, else pending.
 */
export function combinedResult(results: readonly DeliveryResult[]): DeliveryResult {
	if (results.includes('failed')) return 'failed';
	if (results.length > 0 && results.every((result) => result === 'delivered')) return 'delivered';
	return 'pending';
}

export interface CheckSchedule {
	/** The first check, after Zoom accepted the message. */
	firstMs: number;
	/** Each wait is this much longer than the one before... */
	factor: number;
	/** ...up to this. */
	maxMs: number;
}

/** A carrier's receipt usually comes within seconds: ask soon, then less often. [UNVERIFIED] */
export const DEFAULT_CHECK_SCHEDULE: CheckSchedule = { firstMs: 1_000, factor: 1.5, maxMs: 15_000 };

/**
 * When to check, in ms after the wait began, ending with a check at the limit itself: a status reached
 * just before the limit is still seen.
 */
export function checkTimes(limitMs: number, schedule: CheckSchedule = DEFAULT_CHECK_SCHEDULE): number[] {
	const times: number[] = [];
	let wait = schedule.firstMs;
	for (let at = schedule.firstMs; at < limitMs; at += wait) {
		times.push(Math.round(at));
		wait = Math.min(schedule.maxMs, wait * schedule.factor);
	}
	times.push(limitMs);
	return times;
}

/** Options → Wait for Delivery (Seconds): how long an item waits for its final status at most. */
export const WAIT_FOR_DELIVERY_LIMIT = { field: 'Wait for Delivery (Seconds)', min: 1, max: 600, fallback: 60 } as const;
