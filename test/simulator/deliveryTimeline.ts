/**
 * Simulator: delivery statuses that move over time, as a carrier's receipt would move them on Zoom.
 *
 * Zoom reports an accepted message's `delivery_status` (Get SMS by message ID, a session's messages):
 * `sent` once it has left, then `delivered` or `failed_to_deliver` when the carrier answers, or
 * `failed_to_send`. [SIM] [UNVERIFIED] Zoom documents neither the order nor how long a receipt takes:
 * each rule here says after how long a matching message reaches its final status.
 *
 * A message's status is worked out when it is read (no timers): the initial status (DeliveryStatusRule,
 * usually `sent`) until `afterMs` have passed since it was accepted, then the rule's status.
 */
import type { DeliveryStatus } from './seed';

export interface DeliveryTimelineRule {
	/** A regular expression source tested against each recipient's E.164 number; the first rule matching applies. */
	pattern: string;
	/** The status reached. */
	status: DeliveryStatus;
	/** How long after acceptance (ms). */
	afterMs: number;
}

/** The step a message is on its way to. */
export interface DeliveryStep {
	status: DeliveryStatus;
	at: number;
}

/**
 * For the demo: most numbers are delivered after 3 s, numbers ending in 0000 fail after 2 s, and numbers
 * ending in 9999 stay `sent` (no receipt). Used with `deliveryStatusRules: []`: the default rule fails
 * 0000 numbers at acceptance, and the timeline moves only messages that start `sent`. Tests configure their own.
 */
export const DEMO_DELIVERY_TIMELINE: readonly DeliveryTimelineRule[] = [
	{ pattern: '9999$', status: 'sent', afterMs: 0 },
	{ pattern: '0000$', status: 'failed_to_deliver', afterMs: 2_000 },
	{ pattern: '.', status: 'delivered', afterMs: 3_000 },
];

const STATUSES: readonly DeliveryStatus[] = ['received', 'delivered', 'failed_to_send', 'sent', 'failed_to_deliver', 'unknown'];

/** The rules from `configure()` input, or an error naming what is wrong. */
export function parseTimeline(value: unknown): DeliveryTimelineRule[] {
	const valid =
		Array.isArray(value) &&
		value.every(
			(rule: unknown) =>
				typeof rule === 'object' &&
				rule !== null &&
				typeof (rule as DeliveryTimelineRule).pattern === 'string' &&
				STATUSES.includes((rule as DeliveryTimelineRule).status) &&
				typeof (rule as DeliveryTimelineRule).afterMs === 'number' &&
				(rule as DeliveryTimelineRule).afterMs >= 0,
		);
	if (!valid) throw new Error('deliveryTimeline must be [{pattern, status, afterMs}] with a known delivery status and afterMs >= 0');
	const rules = (value as DeliveryTimelineRule[]).map((rule) => ({ ...rule }));
	for (const rule of rules) new RegExp(rule.pattern); // fail here, not mid-request
	return rules;
}

/** Where a message accepted at `acceptedAt` for `recipients` is heading, if a rule matches. */
export function nextStep(rules: readonly DeliveryTimelineRule[], recipients: readonly string[], acceptedAt: number): DeliveryStep | undefined {
	for (const rule of rules) {
		const re = new RegExp(rule.pattern);
		if (recipients.some((recipient) => re.test(recipient))) return { status: rule.status, at: acceptedAt + rule.afterMs };
	}
	return undefined;
}

/** A message's status at `now`. */
export function statusAt(message: { deliveryStatus: DeliveryStatus; deliveryStep?: DeliveryStep }, now: number): DeliveryStatus {
	return message.deliveryStep && now >= message.deliveryStep.at ? message.deliveryStep.status : message.deliveryStatus;
}
