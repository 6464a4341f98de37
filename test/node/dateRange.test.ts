import { addMonthsClamped, DateRangeError, monthWindows, parseDateInput, requestWindows, zoomDateTime } from '../../nodes/ZoomSms/actions/dateRange';

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
		expect(requestWindows(undefined, now, 0)).toEqual([{ from: now - 30 * 86_400_000, to: now }]);
	});
});
