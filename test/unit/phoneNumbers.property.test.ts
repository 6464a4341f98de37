import fc from 'fast-check';
import { getCountries, parsePhoneNumberFromString } from 'libphonenumber-js/min';

import { E164_PATTERN, PhoneNumberError, exampleNumberFor, toE164 } from '../../nodes/shared/phoneNumbers';

const countries = getCountries();
const country = fc.constantFrom(...countries);

/** Strings that look like phone numbers, so the properties reach libphonenumber and not only the character check. */
const phoneLike = fc.oneof(
	fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: 0, maxLength: 20 }),
	fc.string({ unit: fc.constantFrom(...'0123456789 -.()+/'), minLength: 0, maxLength: 25 }),
	fc.tuple(fc.constantFrom('+', '00', '011', 'tel:+', '+1 ', '0', ''), fc.string({ unit: fc.constantFrom(...'0123456789 '), maxLength: 18 })).map(
		([prefix, rest]) => prefix + rest,
	),
	fc.string({ unit: 'binary', maxLength: 30 }),
	fc.string({ unit: fc.constantFrom(...'0123456789abc+#*\u00A0\u2013'), maxLength: 20 }),
);

describe('toE164 (properties)', () => {
	it('returns strict E.164 or throws a PhoneNumberError, nothing else', () => {
		fc.assert(
			fc.property(phoneLike, country, (input, defaultCountry) => {
				try {
					expect(toE164(input, defaultCountry)).toMatch(E164_PATTERN);
				} catch (error) {
					expect(error).toBeInstanceOf(PhoneNumberError);
					expect((error as PhoneNumberError).input).toBe(input);
					expect((error as PhoneNumberError).message).toContain(`"${input}"`);
				}
			}),
			{ numRuns: 2000 },
		);
	});

	it('is idempotent: its output maps to itself, whatever the default country', () => {
		fc.assert(
			fc.property(phoneLike, country, country, (input, firstCountry, secondCountry) => {
				let once: string;
				try {
					once = toE164(input, firstCountry);
				} catch {
					return;
				}
				expect(toE164(once, secondCountry)).toBe(once);
			}),
			{ numRuns: 2000 },
		);
	});

	it("reads any formatting of a country's example number back to the same E.164", () => {
		const separators = fc.array(fc.constantFrom('', '', ' ', '-', '.', '\u00A0'), { minLength: 20, maxLength: 20 });
		fc.assert(
			fc.property(country, separators, fc.boolean(), (defaultCountry, gaps, international) => {
				const example = exampleNumberFor(defaultCountry);
				const digits = (international ? example.e164 : example.national).replace(/\D/g, '');
				const formatted = (international ? '+' : '') + [...digits].map((digit, index) => digit + (gaps[index] ?? '')).join('');
				expect(toE164(formatted, defaultCountry)).toBe(example.e164);
			}),
			{ numRuns: 1000 },
		);
	});
});

describe('toE164: the North American shortcut agrees with libphonenumber', () => {
	// +1 then an area code [2-9]XX and 7 digits is returned as typed without libphonenumber (its largest
	// cost per item on a campaign); libphonenumber must read every such number the same way.
	const nanpE164 = fc
		.tuple(fc.integer({ min: 200, max: 999 }), fc.integer({ min: 0, max: 9_999_999 }))
		.map(([area, rest]) => `+1${area}${String(rest).padStart(7, '0')}`);

	it('every +1 [2-9]XX XXX XXXX number: possible for libphonenumber, and its E.164 is the number itself', () => {
		fc.assert(
			fc.property(nanpE164, country, (number, defaultCountry) => {
				const parsed = parsePhoneNumberFromString(number);
				expect(parsed?.isPossible()).toBe(true);
				expect(parsed?.number).toBe(number);
				expect(toE164(number, defaultCountry)).toBe(number);
			}),
			{ numRuns: 20_000 },
		);
	});

	it('formatted, in a tel: link or after 00 / 011 it is read as libphonenumber reads it', () => {
		for (const [input, expected] of [
			['+1 (415) 555-0132', '+14155550132'],
			['tel:+1-212-555-0199', '+12125550199'],
			['011 1 604 555 0101', '+16045550101'],
			['+1 (0)415 555 0132', '+14155550132'],
			['+1 115 555 0132', undefined],
			['+1 415 555 013', undefined],
		] as const) {
			if (expected) expect(toE164(input, 'US')).toBe(expected);
			else expect(() => toE164(input, 'US')).toThrow(PhoneNumberError);
		}
	});
});
