/**
 * How long to wait before retrying a rate-limited Zoom call.
 *
 * Zoom answers 429 for per-second and daily limits. A daily-limit 429 may carry `Retry-After` as an ISO
 * 8601 timestamp (e.g. `2020-05-31T00:00:00Z`), which is not one of HTTP's two forms (delta-seconds
 * and HTTP-date), so all three are read here. Every header is optional: without one, the caller uses
 * `backoffDelay`, since a per-second limit clears within about a second.
 */

export interface BackoffOptions {
	/** Cap of the first retry's delay, in milliseconds. */
	baseMs?: number;
	/** Largest delay ever returned, in milliseconds. */
	maxMs?: number;
	/** Source of randomness in [0, 1); replaceable for tests. */
	random?: () => number;
}

/**
 * Milliseconds to wait according to a `Retry-After` header, 0 for a moment already past, or
 * `undefined` when the value is missing or not understood (then fall back to `backoffDelay`).
 *
 * Accepts delta-seconds (`120`, also `1.5`), HTTP-dates (`Sun, 06 Nov 1994 08:49:37 GMT` and the two
 * obsolete forms) and ISO 8601 date-times (`2020-05-31T00:00:00Z`; without a zone, UTC is assumed).
 */
export function parseRetryAfter(
	headerValue: string | string[] | number | null | undefined,
	now: number = Date.now(),
): number | undefined {
	const value = Array.isArray(headerValue) ? headerValue[0] : headerValue;
	if (typeof value === 'number') {
		return Number.isFinite(value) && value >= 0 ? Math.ceil(value * 1000) : undefined;
	}
	if (typeof value !== 'string') return undefined;
	const text = value.trim();
	if (DELTA_SECONDS.test(text)) return Math.ceil(Number(text) * 1000);
	const moment = parseIsoDateTime(text) ?? parseHttpDate(text);
	if (moment === undefined) return undefined;
	return Math.max(0, moment - now);
}

/**
 * Exponential backoff with full jitter: a random delay between 0 and min(maxMs, baseMs × 2^attempt).
 * `attempt` counts retries from 0. Full jitter spreads out clients that were throttled together,
 * which matters because Zoom's limits are shared by every app on the account.
 */
export function backoffDelay(attempt: number, options: BackoffOptions = {}): number {
	const { baseMs = 500, maxMs = 30_000, random = Math.random } = options;
	const exponent = Number.isFinite(attempt) && attempt > 0 ? Math.floor(attempt) : 0;
	const ceiling = Math.min(maxMs, baseMs * 2 ** exponent);
	const fraction = Math.min(Math.max(random(), 0), 1);
	return Math.floor(fraction * Math.max(ceiling, 0));
}

/** `Retry-After` when it says something, else backoff; the delay before retry number `attempt` (from 0). */
export function retryDelay(
	retryAfterHeader: string | string[] | number | null | undefined,
	attempt: number,
	options: BackoffOptions & { now?: number } = {},
): number {
	return parseRetryAfter(retryAfterHeader, options.now) ?? backoffDelay(attempt, options);
}

// ---------------------------------------------------------------------------------------------------

const DELTA_SECONDS = /^\d+(?:\.\d+)?$/;

const ISO_DATE_TIME =
	/^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAY = '(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*';
const MONTH = '(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)';
const TIME = '(\\d{2}):(\\d{2}):(\\d{2})';
/** RFC 9110 §5.6.7: IMF-fixdate, obsolete RFC 850 and asctime. Written out because Date.parse accepts garbage. */
const IMF_FIXDATE = new RegExp(`^${DAY},\\s+(\\d{1,2})\\s+${MONTH}\\s+(\\d{4})\\s+${TIME}\\s+GMT$`, 'i');
const RFC850_DATE = new RegExp(`^${DAY},\\s+(\\d{1,2})-${MONTH}-(\\d{2})\\s+${TIME}\\s+GMT$`, 'i');
const ASCTIME_DATE = new RegExp(`^${DAY}\\s+${MONTH}\\s+(\\d{1,2})\\s+${TIME}\\s+(\\d{4})$`, 'i');

function parseIsoDateTime(text: string): number | undefined {
	const match = ISO_DATE_TIME.exec(text);
	if (match === null) return undefined;
	const [, year, month, day, hour = '0', minute = '0', second = '0', fraction = '0', zone = 'Z'] = match;
	const utc = utcMoment(+year, +month, +day, +hour, +minute, +second);
	if (utc === undefined) return undefined;
	const offset = zoneOffsetMinutes(zone);
	if (offset === undefined) return undefined;
	return utc + Math.round(Number(`0.${fraction}`) * 1000) - offset * 60_000;
}

function parseHttpDate(text: string): number | undefined {
	let match = IMF_FIXDATE.exec(text);
	if (match !== null) {
		const [, day, month, year, hour, minute, second] = match;
		return utcMoment(+year, monthNumber(month), +day, +hour, +minute, +second);
	}
	match = RFC850_DATE.exec(text);
	if (match !== null) {
		const [, day, month, year, hour, minute, second] = match;
		return utcMoment(twoDigitYear(+year), monthNumber(month), +day, +hour, +minute, +second);
	}
	match = ASCTIME_DATE.exec(text);
	if (match !== null) {
		const [, month, day, hour, minute, second, year] = match;
		return utcMoment(+year, monthNumber(month), +day, +hour, +minute, +second);
	}
	return undefined;
}

function monthNumber(name: string): number {
	return MONTHS.indexOf(name.toLowerCase()) + 1;
}

/** RFC 9110: a two-digit year more than 50 years ahead is in the past century. */
function twoDigitYear(year: number): number {
	return year < 50 ? 2000 + year : 1900 + year;
}

/** Milliseconds since 1970 for a UTC date-time, or undefined if a field is out of range (e.g. 31 Feb). */
function utcMoment(year: number, month: number, day: number, hour: number, minute: number, second: number): number | undefined {
	if (month < 1 || month > 12 || hour > 23 || minute > 59 || second > 60) return undefined;
	const moment = Date.UTC(year, month - 1, day, hour, minute, Math.min(second, 59));
	const check = new Date(moment);
	if (check.getUTCDate() !== day || check.getUTCMonth() !== month - 1) return undefined;
	return moment;
}

function zoneOffsetMinutes(zone: string): number | undefined {
	if (zone.toUpperCase() === 'Z') return 0;
	const match = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone);
	if (match === null) return undefined;
	const [, sign, hours, minutes = '0'] = match;
	if (+hours > 23 || +minutes > 59) return undefined;
	return (sign === '-' ? -1 : 1) * (+hours * 60 + +minutes);
}
