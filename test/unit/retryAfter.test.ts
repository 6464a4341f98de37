import { backoffDelay, parseRetryAfter, retryDelay } from '../../nodes/shared/retryAfter';

const NOW = Date.UTC(2020, 4, 30, 23, 59, 0); // 2020-05-30T23:59:00Z

describe('parseRetryAfter', () => {
	it.each<[string | string[] | number | null | undefined, number | undefined]>([
		// delta-seconds
		['0', 0],
		['1', 1_000],
		['120', 120_000],
		['  30  ', 30_000],
		['1.5', 1_500],
		[2, 2_000],
		[['5', '10'], 5_000],
		// ISO 8601, as Zoom sends for daily limits
		['2020-05-31T00:00:00Z', 60_000],
		['2020-05-31T00:00:00.250Z', 60_250],
		['2020-05-31T00:00Z', 60_000],
		['2020-05-31T01:00:00+01:00', 60_000],
		['2020-05-30T19:00:00-0500', 60_000],
		['2020-05-31T00:00:00', 60_000], // no zone: UTC
		['2020-05-31', 60_000],
		['2020-05-31 00:00:00Z', 60_000],
		// HTTP-date: IMF-fixdate, RFC 850, asctime
		['Sun, 31 May 2020 00:00:00 GMT', 60_000],
		['Sunday, 31-May-20 00:00:00 GMT', 60_000],
		['Sun May 31 00:00:00 2020', 60_000],
		['sun, 31 may 2020 00:00:00 gmt', 60_000],
		// past moments: retry now
		['2020-05-30T00:00:00Z', 0],
		['Sun, 06 Nov 1994 08:49:37 GMT', 0],
		// garbage or absent
		[undefined, undefined],
		[null, undefined],
		['', undefined],
		['soon', undefined],
		['-5', undefined],
		['1e3', undefined],
		['5 seconds', undefined],
		['foo 12', undefined],
		['2020-13-01T00:00:00Z', undefined],
		['2020-02-30T00:00:00Z', undefined],
		['2020-05-31T25:00:00Z', undefined],
		['Sun, 31 Foo 2020 00:00:00 GMT', undefined],
		[Number.NaN, undefined],
		[-1, undefined],
		[[], undefined],
	])('%j → %j ms', (header, expected) => {
		expect(parseRetryAfter(header, NOW)).toBe(expected);
	});

	it('uses the system clock by default', () => {
		const inOneMinute = new Date(Date.now() + 60_000).toISOString();
		const wait = parseRetryAfter(inOneMinute);
		expect(wait).toBeGreaterThan(50_000);
		expect(wait).toBeLessThanOrEqual(60_000);
	});
});

describe('backoffDelay', () => {
	const atMost = () => 0.999999;

	it.each([
		[0, 499],
		[1, 999],
		[2, 1_999],
		[5, 15_999],
		[6, 29_999], // capped at 30 s
		[100, 29_999],
		[10_000, 29_999], // 2 ** 10000 is Infinity; still capped
	])('attempt %i waits at most %i ms', (attempt, expected) => {
		expect(backoffDelay(attempt, { random: atMost })).toBe(expected);
	});

	it('is full jitter: random() scales the whole window', () => {
		expect(backoffDelay(3, { random: () => 0 })).toBe(0);
		expect(backoffDelay(3, { random: () => 0.5 })).toBe(2_000);
		expect(backoffDelay(3, { random: () => 0.25, baseMs: 100, maxMs: 500 })).toBe(125);
	});

	it('treats odd attempts as the first and clamps a bad random source', () => {
		expect(backoffDelay(-3, { random: () => 0.5 })).toBe(250);
		expect(backoffDelay(Number.NaN, { random: () => 0.5 })).toBe(250);
		expect(backoffDelay(2.7, { random: () => 0.5 })).toBe(1_000);
		expect(backoffDelay(0, { random: () => 7 })).toBe(500);
		expect(backoffDelay(0, { random: () => -1 })).toBe(0);
	});

	it('stays within [0, maxMs] with the real random source', () => {
		for (let attempt = 0; attempt < 20; attempt++) {
			const delay = backoffDelay(attempt);
			expect(delay).toBeGreaterThanOrEqual(0);
			expect(delay).toBeLessThanOrEqual(30_000);
		}
	});
});

describe('retryDelay', () => {
	it('prefers Retry-After', () => {
		expect(retryDelay('2020-05-31T00:00:00Z', 4, { now: NOW, random: () => 0.5 })).toBe(60_000);
		expect(retryDelay('0', 4, { now: NOW, random: () => 0.5 })).toBe(0);
	});

	it('falls back to backoff when the header is absent or not understood', () => {
		expect(retryDelay(undefined, 1, { now: NOW, random: () => 0.5 })).toBe(500);
		expect(retryDelay('garbage', 2, { now: NOW, random: () => 0.5 })).toBe(1_000);
	});
});
