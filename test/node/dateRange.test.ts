import { addMonthsClamped, CLOCK_SKEW_MS, DateRangeError, monthWindows, parseDateInput, requestWindows, zoomDateTime } from '../../nodes/ZoomSms/actions/dateRange';

const utc = (text: string) => Date.parse(text);

describe('parseDateInput', () => {
	test('a date picker value without a zone is read in the workflow\'s time zone, daylight saving included', () => {
		expect(zoomDateTime(parseDateInput('2026-01-15T09:30:00', 'America/New_York', 'Start Date')!)).toBe('2026-01-15T14:30:00Z');
		expect(zoomDateTime(parseDateInput('2026-07-15T09:30:00', 'America/New_York', 'Start Date')!)).toBe('2026-07-15T13:30:00Z');
		expect(zoomDateTime(parseDateInput('2026-07-15', 'Europe/Berlin', 'Start Date')!)).toBe('2026-07-14T22:00:00Z');
		expect(zoomDateTime(parseDateInput('2026-03-29 03:30', 'Europe/Berlin', 'Start Date')!)).toBe('2026-03-29T01:30:00Z');
	});

	test('values with a zone, Dates, Luxon-like objects and epoch milliseconds keep their instant', () => {
		expect(parseDateInput('2026-01-15T09:30:00Z', 'Asia/Tokyo', 'x')).toBe(utc('2026-01-15T09:30:00Z'));
		expect(parseDateInput('2026-01-15T09:30:00+02:00', 'Asia/Tokyo', 'x')).toBe(utc('2026-01-15T07:30:00Z'));
		expect(parseDateInput(new Date('2026-01-15T09:30:00Z'), 'Asia/Tokyo', 'x')).toBe(utc('2026-01-15T09:30:00Z'));
		expect(parseDateInput({ toISO: () => '2026-01-15T09:30:00.000+09:00' }, 'UTC', 'x')).toBe(utc('2026-01-15T00:30:00Z'));
		expect(parseDateInput(utc('2026-01-15T09:30:00Z'), 'UTC', 'x')).toBe(utc('2026-01-15T09:30:00Z'));
	});

	test('empty is no date; nonsense and impossible dates are errors that name the field', () => {
		expect(parseDateInput('', 'UTC', 'x')).toBeUndefined();
		expect(parseDateInput(undefined, 'UTC', 'x')).toBeUndefined();
		expect(() => parseDateInput('next tuesday', 'UTC', 'End Date')).toThrow(new DateRangeError('End Date: "next tuesday" is not a valid date'));
		expect(() => parseDateInput('2026-02-30', 'UTC', 'Start Date')).toThrow(DateRangeError);
	});
});

describe('monthWindows', () => {
	test('consecutive windows of at most one calendar month, without overlap, covering the range', () => {
		const windows = monthWindows(utc('2026-01-31T00:00:00Z'), utc('2026-05-10T12:00:00Z'));
		expect(windows.map((window) => [zoomDateTime(window.from), zoomDateTime(window.to)])).toEqual([
			['2026-01-31T00:00:00Z', '2026-02-27T23:59:59Z'],
			['2026-02-28T00:00:00Z', '2026-03-27T23:59:59Z'],
			['2026-03-28T00:00:00Z', '2026-04-27T23:59:59Z'],
			['2026-04-28T00:00:00Z', '2026-05-10T12:00:00Z'],
		]);
		for (const window of windows) expect(window.to).toBeLessThan(addMonthsClamped(window.from, 1));
	});

	test('a range within a month is one window; a start after the end is an error', () => {
		expect(monthWindows(utc('2026-01-01T00:00:00Z'), utc('2026-01-20T00:00:00Z'))).toHaveLength(1);
		expect(() => monthWindows(utc('2026-02-01T00:00:00Z'), utc('2026-01-01T00:00:00Z'))).toThrow(DateRangeError);
	});

	test('requestWindows: none for Zoom\'s default, up to now for a start alone, 30 days before an end alone', () => {
		const now = utc('2026-06-15T12:00:00Z');
		expect(requestWindows(undefined, undefined, now)).toBeUndefined();
		expect(requestWindows(utc('2026-06-01T00:00:00Z'), undefined, now)).toEqual([{ from: utc('2026-06-01T00:00:00Z'), to: now }]);
		expect(requestWindows(undefined, now, now + 86_400_000)).toEqual([{ from: now - 30 * 86_400_000, to: now }]);
	});
});

describe('requestWindows ends at now', () => {
	const now = utc('2026-06-15T12:00:00Z');

	test('an End Date in the future is cut back to now plus the clock skew: a few windows, not hundreds', () => {
		const windows = requestWindows(utc('2026-04-01T00:00:00Z'), utc('2099-12-31T00:00:00Z'), now)!;
		expect(windows).toHaveLength(3);
		expect(windows[windows.length - 1].to).toBe(now + CLOCK_SKEW_MS);
		// An End Date alone in the future: the 30 days before now, as Zoom's default.
		expect(requestWindows(undefined, utc('2099-01-01T00:00:00Z'), now)).toEqual([{ from: now + CLOCK_SKEW_MS - 30 * 86_400_000, to: now + CLOCK_SKEW_MS }]);
		// A moment ahead of n8n's clock is kept as it is.
		expect(requestWindows(utc('2026-06-01T00:00:00Z'), now + 60_000, now)).toEqual([{ from: utc('2026-06-01T00:00:00Z'), to: now + 60_000 }]);
	});

	test('a Start Date in the future is an error naming the value and the fix', () => {
		let thrown: unknown;
		try {
			requestWindows(utc('2099-01-01T00:00:00Z'), undefined, now, '2099-01-01T00:00:00');
		} catch (error) {
			thrown = error;
		}
		expect(thrown).toBeInstanceOf(DateRangeError);
		expect((thrown as DateRangeError).message).toBe('Start Date "2099-01-01T00:00:00" (2099-01-01T00:00:00Z) is in the future, so no message can match it yet');
		expect((thrown as DateRangeError).hint).toBe('Pick a Start Date before now (2026-06-15T12:00:00Z), or leave it empty to read the past 30 days.');
		// Within the clock skew it is not in the future yet.
		expect(requestWindows(now + 60_000, undefined, now)).toEqual([{ from: now + 60_000, to: now + 60_000 }]);
	});
});
