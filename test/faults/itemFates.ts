/**
 * Checks the promise the Send operation makes under any fault: every item ends exactly once, and what the
 * node says about it matches what the simulator (Zoom) actually accepted.
 *
 * - sent: Zoom accepted it exactly once, and the output's messageId is the one Zoom gave.
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

function checkFate(fate: Fate, accepted: AcceptedMessage[], index: number, messageId?: unknown): void {
	const where = `item ${index} (${fate})`;
	switch (fate) {
		case 'sent':
			expect({ where, accepted: accepted.length }).toEqual({ where, accepted: 1 });
			expect({ where, outcome: accepted[0].outcome }).toEqual({ where, outcome: 'responded' });
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

/** Output items of a run with Continue On Fail: one per input, in order, each with a fate Zoom agrees with. */
export function fatesFromItems(items: INodeExecutionData[], texts: string[], sim: ZoomSimulator): FateCounts & { fates: Fate[] } {
	expect(items).toHaveLength(texts.length);
	const perItem = acceptedPerItem(sim, texts);
	const fates = items.map((item, index): Fate => {
		expect(item.pairedItem).toEqual({ item: index });
		const json = item.json;
		const fate: Fate =
			json.success === true ? 'sent' : json.deliveryStatus === 'unknown' ? 'unknown' : json.deliveryStatus === 'notSent' ? 'notSent' : 'failed';
		if (fate !== 'sent') {
			// A clear error that names the item, or says why the run stopped before it.
			expect(json.error).toEqual(expect.stringMatching(fate === 'notSent' ? /^Not sent: \S/ : new RegExp(`^Item ${index}: \\S`)));
		}
		checkFate(fate, perItem[index], index, json.messageId);
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
