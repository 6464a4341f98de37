/**
 * A bounded memory of the events a trigger has already started the workflow for. Pure: it works on a plain
 * object, so the node can keep it in n8n's workflow static data (saved to n8n's database after each
 * production webhook request, and read from it at the next one, in whichever n8n process receives it).
 *
 * Keys are a hash of the event identity (short and free of personal data such as phone numbers, since
 * static data is stored with the workflow); values are the second the event was first seen.
 */
import { createHash } from 'node:crypto';

export type SeenEvents = Record<string, number>;

export interface SeenEventLimits {
	retentionSeconds: number;
	maxEntries: number;
}

/** 96 bits of SHA-256, base64url: 16 characters, collisions negligible for a few thousand entries. */
export function seenEventKey(identity: string): string {
	// The "e" prefix keeps the key from ever looking like an array index, which would change JSON key order.
	return `e${createHash('sha256').update(identity, 'utf8').digest('base64url').slice(0, 16)}`;
}

/** A clean copy of what static data held: only keys with finite numbers survive (anything else is dropped). */
export function readSeenEvents(value: unknown): SeenEvents {
	const result: SeenEvents = {};
	if (!value || typeof value !== 'object' || Array.isArray(value)) return result;
	for (const [key, at] of Object.entries(value as Record<string, unknown>)) {
		if (typeof at === 'number' && Number.isFinite(at)) result[key] = at;
	}
	return result;
}

/**
 * Records `key` as seen at `nowSeconds` unless it already is. Returns the new memory and whether the event
 * is new. Entries older than the retention are dropped; beyond `maxEntries` the oldest are dropped.
 */
export function rememberEvent(
	memory: SeenEvents,
	key: string,
	nowSeconds: number,
	limits: SeenEventLimits,
): { isNew: boolean; memory: SeenEvents } {
	const kept = Object.entries(memory).filter(([, at]) => nowSeconds - at <= limits.retentionSeconds);
	if (kept.some(([known]) => known === key)) return { isNew: false, memory: Object.fromEntries(kept) };
	kept.sort((a, b) => a[1] - b[1]);
	const room = Math.max(0, limits.maxEntries - 1);
	const survivors = kept.slice(Math.max(0, kept.length - room));
	survivors.push([key, nowSeconds]);
	return { isNew: true, memory: Object.fromEntries(survivors) };
}
