/**
 * What every variant sends: item n goes to its own number (so each opens its own conversation, as in a
 * campaign) with a text naming the run and the item, so the simulator's record shows losses and duplicates.
 * The n8n workflows build the same values with expressions (workflows.ts).
 */
export const FROM_NUMBER = '+15550100001';
export const FIRST_RECIPIENT = '+15552000000';
export const MESSAGE_TAIL = ': your appointment is confirmed for tomorrow at 10:00. Reply STOP to opt out.';

export interface BenchItem {
	phone: string;
	text: string;
}

export function benchItems(count: number, label: string): BenchItem[] {
	return Array.from({ length: count }, (_, n) => ({ phone: `+${Number(FIRST_RECIPIENT.slice(1)) + n}`, text: `${label} #${n}${MESSAGE_TAIL}` }));
}

/** The item a text was sent for, or undefined when it is not one of this run's texts. */
export function itemOfText(text: string | undefined, label: string): number | undefined {
	const match = new RegExp(`^${label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} #(\\d+)${MESSAGE_TAIL.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`).exec(text ?? '');
	return match ? Number(match[1]) : undefined;
}
