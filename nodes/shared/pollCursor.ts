/**
 * The Zoom SMS Polling Trigger's memory between polls: which messages it may still emit and which it
 * already has. Pure: no requests, no n8n runtime; the node keeps the state in n8n's workflow static data,
 * which n8n stores as JSON, so the state is plain JSON (no Map, no Date).
 *
 * Why a time plus a set of IDs, not a time alone:
 * - Zoom's `date_time` has whole seconds. Several messages share a second, and one can arrive in the second
 *   a poll ends: "everything after the last time seen" would skip it, "from the last time seen" would emit
 *   the others again. IDs emitted in the seconds still being read tell them apart.
 * - A message can show in Zoom's history some time after its `date_time` ([UNVERIFIED]: Zoom documents no
 *   such delay and no guarantee that there is none). Each poll reads back `lagMs` before its end, so a
 *   message that shows late, but within `lagMs`, is still emitted, once, thanks to the IDs.
 *
 * `since` only moves forward, and IDs older than `since` are dropped (they can never be read again), so
 * the state stays bounded: at most MAX_REMEMBERED_IDS IDs, whatever the traffic.
 */

const SECOND = 1000;

/** The most message IDs kept; past it the oldest go and `since` moves past them (see `advance`). */
export const MAX_REMEMBERED_IDS = 2000;

export const STATE_VERSION = 1;

export interface PollState {
	v: typeof STATE_VERSION;
	/** Milliseconds since 1970, whole seconds: messages dated before it are never emitted. */
	since: number;
	/** Message ID → its `date_time` in ms, for every message emitted at or after `since`. */
	emitted: Record<string, number>;
}

/** A message read from Zoom, reduced to what the cursor needs. */
export interface SeenMessage {
	id: string;
	/** Its `date_time` in ms. */
	time: number;
}

export interface TimeWindow {
	from: number;
	to: number;
}

export function floorToSecond(ms: number): number {
	return Math.floor(ms / SECOND) * SECOND;
}

/** `date_time` as Zoom prints it (`2026-01-15T09:30:00Z`) in ms; undefined when it is not a date. */
export function messageTime(dateTime: unknown): number | undefined {
	if (typeof dateTime !== 'string' || dateTime === '') return undefined;
	const ms = Date.parse(dateTime);
	return Number.isFinite(ms) ? ms : undefined;
}

/**
 * The state a first poll records: nothing dated before the second it runs in is ever emitted, so
 * activating the trigger does not replay the account's history.
 */
export function startState(nowMs: number): PollState {
	return { v: STATE_VERSION, since: floorToSecond(nowMs), emitted: {} };
}

/** The stored state, or undefined when there is none or it is not one this code wrote (then: a first poll). */
export function readState(stored: unknown): PollState | undefined {
	if (!stored || typeof stored !== 'object') return undefined;
	const candidate = stored as Partial<PollState>;
	if (candidate.v !== STATE_VERSION || typeof candidate.since !== 'number' || !Number.isFinite(candidate.since)) return undefined;
	const emitted: Record<string, number> = {};
	if (candidate.emitted && typeof candidate.emitted === 'object') {
		for (const [id, time] of Object.entries(candidate.emitted)) if (typeof time === 'number' && Number.isFinite(time)) emitted[id] = time;
	}
	return { v: STATE_VERSION, since: candidate.since, emitted };
}

/**
 * The time range a poll at `nowMs` reads: from `since` through the second it runs in. Zoom's `to` has
 * whole seconds, so it is the next second: a message dated in the poll's own second is read now, not a
 * poll later. [UNVERIFIED] that Zoom accepts a `to` a second ahead (it accepts a date-only `to` of today,
 * which is later still) and compares it to the second.
 */
export function pollWindow(state: PollState, nowMs: number): TimeWindow {
	const current = floorToSecond(nowMs);
	return { from: Math.min(state.since, current), to: current + SECOND };
}

/**
 * The messages to emit, oldest first (ties by ID, so the order is the same on every run): dated within
 * [since, window end], not emitted before, each once even if Zoom listed it twice (two sessions' reads,
 * two pages). A message without a usable date cannot be placed against the cursor and is left out.
 */
export function selectNew<T extends SeenMessage>(state: PollState, messages: readonly T[], windowTo: number): T[] {
	const picked = new Map<string, T>();
	for (const message of messages) {
		if (!message.id || !Number.isFinite(message.time)) continue;
		if (message.time < state.since || message.time > windowTo) continue;
		if (Object.prototype.hasOwnProperty.call(state.emitted, message.id) || picked.has(message.id)) continue;
		picked.set(message.id, message);
	}
	return [...picked.values()].sort((a, b) => a.time - b.time || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * The state after a poll at `nowMs` that emitted `emitted`: `since` moves up to `nowMs - lagMs` (messages
 * dated later are still awaited; with no allowance that is the poll's own second, which can still get
 * messages), IDs dated before it are dropped. If more than `maxIds` IDs remain, the oldest seconds are
 * dropped whole and `since` moves past them, so no dropped ID can be emitted again (at the cost of a
 * message of those seconds that shows even later).
 */
export function advance(
	state: PollState,
	emitted: readonly SeenMessage[],
	nowMs: number,
	lagMs: number,
	maxIds: number = MAX_REMEMBERED_IDS,
): PollState {
	let since = Math.max(state.since, floorToSecond(nowMs - Math.max(0, lagMs)));
	const all: Array<[string, number]> = Object.entries(state.emitted);
	for (const message of emitted) all.push([message.id, message.time]);
	let kept = all.filter(([, time]) => time >= since);
	if (kept.length > maxIds) {
		kept.sort((a, b) => b[1] - a[1]);
		const newestDropped = kept[maxIds][1];
		since = Math.max(since, floorToSecond(newestDropped) + SECOND);
		kept = kept.filter(([, time]) => time >= since);
	}
	const next: Record<string, number> = {};
	for (const [id, time] of kept) next[id] = time;
	return { v: STATE_VERSION, since, emitted: next };
}
