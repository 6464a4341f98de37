/**
 * Date ranges for Zoom's SMS history endpoints. Zoom returns at most one month per request ("the date
 * range defined by the from and to parameters should be a month", Zoom Phone OpenAPI), so a longer range
 * is cut into calendar-month windows that the node requests one after the other.
 *
 * Pure: no n8n runtime, so it can be tested on its own.
 */

const SECOND = 1000;

export class DateRangeError extends Error {
	override readonly name = 'DateRangeError';

	/** What to do about it, when there is more to say than the generic date-format hint. */
	readonly hint?: string;

	constructor(message: string, hint?: string) {
		super(message);
		this.hint = hint;
	}
}

/**
 * How far past now an End Date may reach before it is cut back: n8n's clock and Zoom's may disagree by a
 * little, and a message sent a moment ago must still be in the range.
 * [UNVERIFIED] Zoom does not document how it answers a `to` a few minutes in the future; the simulator
 * accepts it (and the node sent one before whenever an End Date was in the future).
 */
export const CLOCK_SKEW_MS = 5 * 60 * SECOND;

export interface TimeWindow {
	/** Milliseconds since 1970, whole seconds. */
	from: number;
	to: number;
}

/** Zoom's `yyyy-MM-dd'T'HH:mm:ss'Z'` (UTC, no milliseconds). */
export function zoomDateTime(ms: number): string {
	return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Offset of `timeZone` from UTC at the instant `utcMs`, in milliseconds (positive east of Greenwich). */
function timeZoneOffset(utcMs: number, timeZone: string): number {
	const parts = new Intl.DateTimeFormat('en-US', {
		timeZone,
		hourCycle: 'h23',
		year: 'numeric',
		month: '2-digit',
		day: '2-digit',
		hour: '2-digit',
		minute: '2-digit',
		second: '2-digit',
	}).formatToParts(new Date(utcMs));
	const part = (type: string) => Number(parts.find((candidate) => candidate.type === type)?.value ?? 0);
	const wallClockAsUtc = Date.UTC(part('year'), part('month') - 1, part('day'), part('hour'), part('minute'), part('second'));
	return wallClockAsUtc - Math.floor(utcMs / SECOND) * SECOND;
}

/** The UTC instant at which the wall clock in `timeZone` shows the given local time. */
function wallClockToUtc(local: number, timeZone: string): number {
	const firstGuess = local - timeZoneOffset(local, timeZone);
	// Near a daylight-saving change the offset at the guess can differ from the offset at the answer.
	return local - timeZoneOffset(firstGuess, timeZone);
}

const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?$/;

/**
 * A date parameter as n8n gives it: the date picker's `2026-01-15T09:30:00` (no zone: the workflow's time
 * zone, as everywhere in n8n), a full ISO string with `Z` or an offset, a Date, or a Luxon DateTime from an
 * expression. Returns undefined for an empty value.
 *
 * @throws DateRangeError for a value that is not a date
 */
export function parseDateInput(value: unknown, timeZone: string, label: string): number | undefined {
	if (value === undefined || value === null || value === '') return undefined;
	if (value instanceof Date) return checked(value.getTime(), value, label);
	if (typeof value === 'object' && typeof (value as { toISO?: unknown }).toISO === 'function') {
		return checked(Date.parse(String((value as { toISO: () => string }).toISO())), value, label);
	}
	if (typeof value === 'number') return checked(value, value, label);
	const text = String(value).trim();
	const local = LOCAL_DATE_TIME.exec(text);
	if (local) {
		const [, year, month, day, hour = '0', minute = '0', second = '0'] = local;
		const wallClock = Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second));
		const roundTrip = new Date(wallClock);
		if (roundTrip.getUTCMonth() !== Number(month) - 1 || roundTrip.getUTCDate() !== Number(day)) {
			throw new DateRangeError(`${label}: "${text}" is not a valid date`);
		}
		return wallClockToUtc(wallClock, timeZone);
	}
	return checked(Date.parse(text), text, label);
}

function checked(ms: number, original: unknown, label: string): number {
	if (!Number.isFinite(ms)) throw new DateRangeError(`${label}: "${String(original)}" is not a valid date`);
	return ms;
}

/** `ms` plus `months` calendar months in UTC, with the day clamped to the target month (Jan 31 → Feb 28). */
export function addMonthsClamped(ms: number, months: number): number {
	const date = new Date(ms);
	const year = date.getUTCFullYear();
	const month = date.getUTCMonth() + months;
	const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
	return Date.UTC(
		year,
		month,
		Math.min(date.getUTCDate(), lastDay),
		date.getUTCHours(),
		date.getUTCMinutes(),
		date.getUTCSeconds(),
	);
}

/**
 * Cuts [from, to] (inclusive, whole seconds) into consecutive windows of at most one calendar month,
 * oldest first. Windows do not overlap: each starts one second after the previous one ends.
 */
export function monthWindows(from: number, to: number): TimeWindow[] {
	const start = Math.floor(from / SECOND) * SECOND;
	const end = Math.floor(to / SECOND) * SECOND;
	if (start > end) throw new DateRangeError('The start date is after the end date');
	const windows: TimeWindow[] = [];
	for (let windowStart = start; windowStart <= end; ) {
		const windowEnd = Math.min(end, addMonthsClamped(windowStart, 1) - SECOND);
		windows.push({ from: windowStart, to: windowEnd });
		windowStart = windowEnd + SECOND;
	}
	return windows;
}

/**
 * The windows to request for an optional start and end: none given means Zoom's own default (the past 30
 * days, one request); a start alone runs to `now`; an end alone starts 30 days before it, as Zoom does.
 * Nothing has happened after now: an End Date in the future (2099) is cut back to now (plus CLOCK_SKEW_MS),
 * where it would otherwise cost one request per month up to it, hundreds of them, one after the other; a
 * Start Date in the future can match nothing, so it is an error rather than an empty result.
 *
 * @param startInput the Start Date as the user gave it, to name it in the error
 */
export function requestWindows(from: number | undefined, to: number | undefined, now: number, startInput?: unknown): TimeWindow[] | undefined {
	if (from === undefined && to === undefined) return undefined;
	const latest = now + CLOCK_SKEW_MS;
	if (from !== undefined && from > latest) {
		const given = startInput === undefined || startInput === null ? '' : `"${String(startInput)}" `;
		throw new DateRangeError(
			`Start Date ${given}(${zoomDateTime(from)}) is in the future, so no message can match it yet`,
			`Pick a Start Date before now (${zoomDateTime(now)}), or leave it empty to read the past 30 days.`,
		);
	}
	// A start alone runs to now, or to itself when it is only a clock skew ahead of now.
	const end = Math.min(to ?? Math.max(now, from ?? now), latest);
	const start = from ?? end - 30 * 24 * 3600 * SECOND;
	return monthWindows(start, end);
}
