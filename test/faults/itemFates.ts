/**
 * Checks the promise the Send operation makes under any fault: every item ends exactly once, and what the
 * node says about it matches what the simulator (Zoom) actually accepted.
 *
 * - sent: Zoom accepted it exactly once, and the output's messageId is the one Zoom gave (Zoom's answer
 *   reached the node, or the node found the message in Zoom's history after a lost answer).
 * - failed / not sent: Zoom never accepted it.
 * - delivery unknown: Zoom accepted it at most once (the node never sent it again).
 * - nothing reached Zoom that no item asked for.
 */
import type { INodeExecutionData } from 'n8n-workflow';

import type { AcceptedMessage, ZoomSimulator } from '../simulator/zoomSimulator';

export type Fate = 'sent' | 'failed' | 'unknown' | 'notSent';

export interface FateCounts {
	sent: number;
	failed: number;
	unknown: number;
	notSent: number;
	/** Messages the simulator accepted for items the node reported as delivery unknown. */
	acceptedButUnknown: number;
}

/** Input items whose texts are unique, so each accepted message names its item. */
export function numberedItems(count: number, phone: string, label = 'fault test'): Array<{ phone: string; text: string }> {
	return Array.from({ length: count }, (_, index) => ({ phone, text: `${label} item ${index}` }));
}

function acceptedPerItem(sim: ZoomSimulator, texts: string[]): AcceptedMessage[][] {
	const indexOf = new Map(texts.map((text, index) => [text, index]));
	const perItem: AcceptedMessage[][] = texts.map(() => []);
	for (const message of sim.messages) {
		const index = indexOf.get(message.message ?? '');
		if (index === undefined) throw new Error(`The simulator accepted a message no item asked for: ${JSON.stringify(message.message)}`);
		perItem[index].push(message);
	}
	return perItem;
}

function checkFate(fate: Fate, accepted: AcceptedMessage[], index: number, messageId?: unknown, confirmedInZoom = false): void {
	const where = `item ${index} (${fate})`;
	switch (fate) {
		case 'sent':
			expect({ where, accepted: accepted.length }).toEqual({ where, accepted: 1 });
			// An answer that never reached the node is only "sent" when the node says it found it in Zoom.
			if (!confirmedInZoom) expect({ where, outcome: accepted[0].outcome }).toEqual({ where, outcome: 'responded' });
			if (messageId !== undefined) expect({ where, messageId }).toEqual({ where, messageId: accepted[0].messageId });
			break;
		case 'failed':
		case 'notSent':
			expect({ where, accepted: accepted.length }).toEqual({ where, accepted: 0 });
			break;
		case 'unknown':
			expect({ where, acceptedAtMostOnce: accepted.length <= 1 }).toEqual({ where, acceptedAtMostOnce: true });
			break;
	}
}

function count(fates: Fate[], perItem: AcceptedMessage[][]): FateCounts {
	const counts: FateCounts = { sent: 0, failed: 0, unknown: 0, notSent: 0, acceptedButUnknown: 0 };
	fates.forEach((fate, index) => {
		counts[fate]++;
		if (fate === 'unknown') counts.acceptedButUnknown += perItem[index].length;
	});
	return counts;
}

/** How many times Zoom accepted each item's text: more than once is a customer texted twice. */
export function duplicatesOf(sim: ZoomSimulator, texts: string[]): number {
	return acceptedPerItem(sim, texts).filter((accepted) => accepted.length > 1).length;
}

/**
 * Output items of a run that continued on failures, one per input, each with a fate Zoom agrees with.
 * `errorItems` are those of the error output (On Error: Continue (using error output)): together with
 * `items` they must hold every input item exactly once, and the error output only items not sent.
 */
export function fatesFromItems(
	items: INodeExecutionData[],
	texts: string[],
	sim: ZoomSimulator,
	errorItems: INodeExecutionData[] = [],
): FateCounts & { fates: Fate[] } {
	// The error output carries `{ error, details }` (n8n's shape for it), the details being the usual fields.
	const flat = (item: INodeExecutionData): INodeExecutionData =>
		item.json.details && typeof item.json.details === 'object' ? { ...item, json: { ...(item.json.details as object), error: item.json.error } } : item;
	errorItems = errorItems.map(flat);
	const all = [...items, ...errorItems];
	expect(all).toHaveLength(texts.length);
	const byIndex = new Map<number, INodeExecutionData>();
	for (const item of all) {
		const index = (item.pairedItem as { item: number }).item;
		expect({ index, listedTwice: byIndex.has(index) }).toEqual({ index, listedTwice: false });
		byIndex.set(index, item);
	}
	for (const item of errorItems) expect({ onErrorOutput: item.json.success }).toEqual({ onErrorOutput: false });
	const perItem = acceptedPerItem(sim, texts);
	const fates = texts.map((_, index): Fate => {
		const json = byIndex.get(index)!.json;
		const fate: Fate =
			json.success === true ? 'sent' : json.deliveryStatus === 'unknown' ? 'unknown' : json.deliveryStatus === 'notSent' ? 'notSent' : 'failed';
		if (fate !== 'sent') {
			// A clear error that names the item, or says why the run stopped before it.
			expect(json.error).toEqual(expect.stringMatching(fate === 'notSent' ? new RegExp(`^(Not sent: |Item ${index}: not sent: )\\S`) : new RegExp(`^Item ${index}: \\S`)));
		}
		if (errorItems.length > 0 || items.length < texts.length) {
			// With an error output, a failed item must not leave through the success output.
			expect({ index, onSuccessOutput: items.includes(byIndex.get(index)!) }).toEqual({ index, onSuccessOutput: fate === 'sent' });
		}
		checkFate(fate, perItem[index], index, json.messageId, json.confirmedInZoom === true || json.alreadySent === true);
		return fate;
	});
	return { ...count(fates, perItem), fates };
}

const SECTIONS: Array<[Fate, RegExp]> = [
	['sent', /Sent: items? ([\d–, ]+?) \(/],
	['unknown', /Delivery unknown: items? ([\d–, ]+?) \(/],
	['failed', /Failed: items? ([\d–, ]+?) \(/],
	['notSent', /Not sent: items? ([\d–, ]+?)(?: \(|\.)/],
];

function expandList(list: string): number[] {
	return list.split(', ').flatMap((range) => {
		const [from, to = from] = range.split('–').map(Number);
		return Array.from({ length: to - from + 1 }, (_, offset) => from + offset);
	});
}

/**
 * A run without Continue On Fail throws; its error's description says where every item ended
 * ("Sent: items 0–4 … Not sent: items 7–11 …"). Each item must be in exactly one list, and the lists must
 * agree with what Zoom accepted.
 */
export function fatesFromError(description: string | null | undefined, texts: string[], sim: ZoomSimulator): FateCounts & { fates: Fate[] } {
	const fates: Array<Fate | undefined> = texts.map(() => undefined);
	for (const [fate, pattern] of SECTIONS) {
		const match = pattern.exec(description ?? '');
		if (!match) continue;
		for (const index of expandList(match[1])) {
			expect({ index, listedTwice: fates[index] !== undefined }).toEqual({ index, listedTwice: false });
			fates[index] = fate;
		}
	}
	if (!/Sent: item/.test(description ?? '')) expect(description).toContain('No item was sent.');
	expect(fates.map((fate, index) => (fate === undefined ? index : -1)).filter((index) => index >= 0)).toEqual([]);
	const perItem = acceptedPerItem(sim, texts);
	(fates as Fate[]).forEach((fate, index) => checkFate(fate, perItem[index], index));
	return { ...count(fates as Fate[], perItem), fates: fates as Fate[] };
}
