import {
	E164_PATTERN,
	PhoneNumberError,
	RecipientListError,
	ZOOM_MAX_RECIPIENTS,
	describePhoneNumberProblem,
	exampleNumberFor,
	isE164,
	parseRecipients,
	supportedCountries,
	toCountryCode,
	toE164,
	type CountryCode,
	type PhoneNumberErrorCode,
} from '../../nodes/shared/phoneNumbers';

describe('toE164', () => {
	// [input, default country, expected E.164]
	const accepted: Array<[string, CountryCode, string]> = [
		// The design note's own examples: 555 numbers are fictional but must pass (see phoneNumbers.ts).
		['+15551234567', 'US', '+15551234567'],
		['5551234567', 'US', '+15551234567'],
		['5145551234', 'US', '+15145551234'],
		['(514) 555-1234', 'US', '+15145551234'],
		['1-555-123-4567', 'US', '+15551234567'],
		['1 (555) 123 4567', 'US', '+15551234567'],
		['555.123.4567', 'US', '+15551234567'],
		['555 123 4567', 'US', '+15551234567'],
		['+1 555 123 4567', 'US', '+15551234567'],
		['  +1 555 123 4567  ', 'US', '+15551234567'],
		['+1\u00A0555\u00A0123\u00A04567', 'US', '+15551234567'],
		['555–123–4567', 'US', '+15551234567'],
		['tel:+15551234567', 'US', '+15551234567'],
		['TEL:+1-555-123-4567', 'US', '+15551234567'],
		['(201) 555-0123', 'US', '+12015550123'],
		// International numbers typed from the US: +, 00, and the North American dialing prefix 011.
		['+33 6 12 34 56 78', 'US', '+33612345678'],
		['0033 6 12 34 56 78', 'US', '+33612345678'],
		['011 33 6 12 34 56 78', 'US', '+33612345678'],
		['011 44 20 7946 0018', 'US', '+442079460018'],
		['00 44 20 7946 0018', 'US', '+442079460018'],
		['+44 (0)20 7946 0018', 'US', '+442079460018'],
		['+49 (0)30 901820', 'US', '+4930901820'],
		['+39 06 6982 1234', 'US', '+390669821234'],
		['+39 (0)6 6982 1234', 'US', '+390669821234'],
		// Canada
		['(416) 555-0199', 'CA', '+14165550199'],
		['613.555.0123', 'CA', '+16135550123'],
		['1 416 555 0199', 'CA', '+14165550199'],
		['+1 514 555 1234', 'CA', '+15145551234'],
		// France
		['06 12 34 56 78', 'FR', '+33612345678'],
		['06.12.34.56.78', 'FR', '+33612345678'],
		['01 23 45 67 89', 'FR', '+33123456789'],
		['0033612345678', 'FR', '+33612345678'],
		['+33 (0)6 12 34 56 78', 'FR', '+33612345678'],
		// United Kingdom
		['020 7946 0018', 'GB', '+442079460018'],
		['07700 900123', 'GB', '+447700900123'],
		['+44 7700 900123', 'GB', '+447700900123'],
		['00 44 7700 900123', 'GB', '+447700900123'],
		// Germany
		['030 901820', 'DE', '+4930901820'],
		['030/901820', 'DE', '+4930901820'],
		['0151 23456789', 'DE', '+4915123456789'],
		['0049 30 901820', 'DE', '+4930901820'],
		// Australia (dialing prefix 0011)
		['0412 345 678', 'AU', '+61412345678'],
		['(02) 9876 5432', 'AU', '+61298765432'],
		['0011 61 412 345 678', 'AU', '+61412345678'],
		['+61 412 345 678', 'US', '+61412345678'],
		// Japan (dialing prefix 010)
		['090-1234-5678', 'JP', '+819012345678'],
		['03-1234-5678', 'JP', '+81312345678'],
		['010 81 90 1234 5678', 'JP', '+819012345678'],
		// Brazil
		['(11) 91234-5678', 'BR', '+5511912345678'],
		['11 91234 5678', 'BR', '+5511912345678'],
		['+55 11 91234-5678', 'US', '+5511912345678'],
		// India
		['098765 43210', 'IN', '+919876543210'],
		['98765 43210', 'IN', '+919876543210'],
		['+91 98765 43210', 'US', '+919876543210'],
		// Non-geographic (international freephone) codes are real country calling codes.
		['+800 1234 5678', 'US', '+80012345678'],
	];

	it.each(accepted)('%j with default %s → %s', (input, country, expected) => {
		const result = toE164(input, country);
		expect(result).toBe(expected);
		expect(result).toMatch(E164_PATTERN);
	});

	it('defaults to the US', () => {
		expect(toE164('(555) 123-4567')).toBe('+15551234567');
	});

	it('accepts a number given as a JavaScript number (n8n expressions may yield one)', () => {
		expect(toE164(15551234567)).toBe('+15551234567');
	});

	it('is idempotent on its own output', () => {
		for (const [input, country] of accepted) {
			const once = toE164(input, country);
			expect(toE164(once, 'FR')).toBe(once);
		}
	});

	// [input, default country, expected code]
	const rejected: Array<[string, CountryCode, PhoneNumberErrorCode]> = [
		['', 'US', 'EMPTY'],
		['   ', 'US', 'EMPTY'],
		['tel:', 'US', 'EMPTY'],
		['12ab', 'US', 'INVALID_CHARACTERS'],
		['abc', 'US', 'INVALID_CHARACTERS'],
		['1-800-GOT-MILK', 'US', 'INVALID_CHARACTERS'],
		['555-123-4567 ext. 12', 'US', 'INVALID_CHARACTERS'],
		['++15551234567', 'US', 'INVALID_CHARACTERS'],
		['1+5551234567', 'US', 'INVALID_CHARACTERS'],
		['555*123#4567', 'US', 'INVALID_CHARACTERS'],
		['.-()', 'US', 'NOT_A_NUMBER'],
		['+', 'US', 'NOT_A_NUMBER'],
		['()', 'US', 'NOT_A_NUMBER'],
		['1', 'US', 'TOO_SHORT'],
		['555', 'US', 'TOO_SHORT'],
		['555123456', 'US', 'TOO_SHORT'],
		['555123456789', 'US', 'TOO_LONG'],
		['+1 555 123 4567 8', 'US', 'TOO_LONG'],
		['+1234567890123456', 'US', 'TOO_LONG'], // 16 digits
		['1234567890123456789012', 'US', 'TOO_LONG'],
		['+44 20 7946', 'US', 'TOO_SHORT'],
		['+33 6 12 34 56 78 9', 'US', 'TOO_LONG'],
		['0033 6 12 34', 'US', 'TOO_SHORT'],
		['06 12 34 5', 'FR', 'TOO_SHORT'],
		['07700 900123 4', 'GB', 'TOO_LONG'],
		['+0123456789', 'US', 'INVALID_COUNTRY_CODE'],
		['+0 555 123 4567', 'US', 'INVALID_COUNTRY_CODE'],
		['+999 123 456 789', 'US', 'INVALID_COUNTRY_CODE'],
		// North American area codes never start with 0 or 1: a French national number is not a US one.
		['0123456789', 'US', 'INVALID_LENGTH'],
		['+1 055 123 4567', 'US', 'INVALID_LENGTH'],
		['06 12 34 56 78', 'US', 'INVALID_LENGTH'],
	];

	it.each(rejected)('%j with default %s is refused (%s)', (input, country, code) => {
		const error = catchPhoneNumberError(() => toE164(input, country));
		expect(error.code).toBe(code);
		expect(error.input).toBe(input);
		expect(error.message).toContain(`"${input}"`);
		expect(error.message).toContain(`(${country})`);
		expect(error.message).toContain(exampleNumberFor(country).e164);
	});

	it('explains the problem, the value as given and the fix', () => {
		expect(catchPhoneNumberError(() => toE164('12ab')).message).toBe(
			'Invalid phone number "12ab": it contains letters that are not part of a phone number ("ab"); ' +
				'only digits, spaces, dots, dashes, parentheses and a leading + are allowed. ' +
				'Use E.164 like +12015550123, or a national number for the default country (US), e.g. (201) 555-0123.',
		);
		expect(catchPhoneNumberError(() => toE164('+1234567890123456')).message).toContain(
			'it has 16 digits; E.164 allows at most 15 after the +',
		);
	});

	it('shows an example number of the default country', () => {
		const error = catchPhoneNumberError(() => toE164('0612', 'FR'));
		expect(error.message).toMatch(/default country \(FR\), e\.g\. 0\d( \d\d){4}\.$/);
		expect(error.example.e164).toMatch(/^\+33\d{9}$/);
		expect(error).toBeInstanceOf(Error);
		expect(error.name).toBe('PhoneNumberError');
	});
});

describe('toCountryCode', () => {
	it.each([
		['US', 'US'],
		['fr', 'FR'],
		[' gb ', 'GB'],
	])('%j → %s', (value, expected) => {
		expect(toCountryCode(value)).toBe(expected);
	});

	it.each(['', 'XX', 'USA', 'France'])('refuses %j with a RangeError naming the value and the fix', (value) => {
		expect(() => toCountryCode(value)).toThrow(RangeError);
		expect(() => toCountryCode(value)).toThrow(`Unknown default country "${value}": use a two-letter ISO 3166-1 country code`);
	});

	it('is applied by toE164 and parseRecipients, so a lower-case code from a node field works', () => {
		expect(toE164('06 12 34 56 78', 'fr' as CountryCode)).toBe('+33612345678');
		expect(parseRecipients('06 12 34 56 78', 'fr' as CountryCode)).toEqual(['+33612345678']);
		expect(() => toE164('5551234567', 'XX' as CountryCode)).toThrow(RangeError);
	});

	it('lists every supported country', () => {
		expect(supportedCountries()).toEqual(expect.arrayContaining(['US', 'CA', 'FR', 'GB', 'DE', 'AU', 'JP', 'BR', 'IN']));
		expect(supportedCountries().length).toBeGreaterThan(200);
	});
});

describe('exampleNumberFor', () => {
	it.each<CountryCode>(['US', 'CA', 'FR', 'GB', 'DE', 'AU', 'JP', 'BR', 'IN'])('gives a usable example for %s', (country) => {
		const example = exampleNumberFor(country);
		expect(example.e164).toMatch(E164_PATTERN);
		expect(toE164(example.national, country)).toBe(example.e164);
	});
});

describe('isE164', () => {
	it.each([
		['+15551234567', true],
		['+442079460018', true],
		['15551234567', false],
		['+0123', false],
		['+1234567890123456', false],
		['+1 555 123 4567', false],
	])('%j → %s', (value, expected) => {
		expect(isE164(value)).toBe(expected);
	});
});

describe('describePhoneNumberProblem', () => {
	it('returns undefined for a good number', () => {
		expect(describePhoneNumberProblem('+15551234567')).toBeUndefined();
	});

	it('returns the code, problem and message for a bad one, without throwing', () => {
		expect(describePhoneNumberProblem('12ab', 'GB')).toEqual({
			code: 'INVALID_CHARACTERS',
			problem: expect.stringContaining('letters'),
			message: expect.stringContaining('default country (GB), e.g. 07400 123456'),
		});
	});
});

describe('parseRecipients', () => {
	it.each<[string | string[], string[]]>([
		['+15551234567', ['+15551234567']],
		['+15551234567, 5145551234', ['+15551234567', '+15145551234']],
		['+15551234567;5145551234', ['+15551234567', '+15145551234']],
		['+15551234567\n5145551234\r\n(201) 555-0123', ['+15551234567', '+15145551234', '+12015550123']],
		[' , +15551234567 ,, ; \n', ['+15551234567']],
		[['+15551234567', '514-555-1234'], ['+15551234567', '+15145551234']],
		[['+15551234567, 5145551234', '2015550123'], ['+15551234567', '+15145551234', '+12015550123']],
		// Two spellings of one number count once; the first position is kept.
		['5145551234, +15551234567, +1 (514) 555-1234', ['+15145551234', '+15551234567']],
	])('%j → %j', (input, expected) => {
		expect(parseRecipients(input)).toEqual(expected);
	});

	it('reads national numbers of the default country', () => {
		expect(parseRecipients('06 12 34 56 78, 07 98 76 54 32', 'FR')).toEqual(['+33612345678', '+33798765432']);
	});

	it('accepts exactly 10 recipients', () => {
		expect(parseRecipients(tenDistinctNumbers().join(','))).toHaveLength(ZOOM_MAX_RECIPIENTS);
	});

	it('counts distinct numbers against the limit of 10', () => {
		const numbers = [...tenDistinctNumbers(), '+12015550100'];
		expect(parseRecipients(numbers)).toHaveLength(10);
	});

	it('refuses more than 10 and says how to send to more people', () => {
		const error = catchError(() => parseRecipients([...tenDistinctNumbers(), '+12015550111']), RecipientListError);
		expect(error.code).toBe('TOO_MANY_RECIPIENTS');
		expect(error.count).toBe(11);
		expect(error.message).toContain('11 different phone numbers');
		expect(error.message).toContain('at most 10 recipients in one group message');
		expect(error.message).toContain('one item per recipient');
	});

	it.each(['', '  ', ' , ; \n ', []])('refuses %j: no recipient', (input) => {
		const error = catchError(() => parseRecipients(input), RecipientListError);
		expect(error.code).toBe('NO_RECIPIENT');
		expect(error.message).toMatch(/^No recipient: no phone number was found in ".*"\. Enter at least one number in E\.164, like \+12015550123; separate several numbers with commas\.$/s);
	});

	it('names the faulty entry and its position', () => {
		const error = catchPhoneNumberError(() => parseRecipients('+15551234567, 12ab, 5145551234'));
		expect(error.code).toBe('INVALID_CHARACTERS');
		expect(error.input).toBe('12ab');
		expect(error.message).toMatch(/^Invalid phone number "12ab" \(recipient 2 of 3\): /);
	});

	it('does not add a position when there is a single entry', () => {
		expect(catchPhoneNumberError(() => parseRecipients('12ab')).message).toMatch(/^Invalid phone number "12ab": /);
	});
});

function tenDistinctNumbers(): string[] {
	return Array.from({ length: 10 }, (_, index) => `+1201555010${index}`);
}

function catchPhoneNumberError(action: () => unknown): PhoneNumberError {
	return catchError(action, PhoneNumberError);
}

function catchError<T extends Error>(action: () => unknown, type: new (...args: never[]) => T): T {
	let thrown: unknown;
	try {
		action();
	} catch (error) {
		thrown = error;
	}
	expect(thrown).toBeInstanceOf(type);
	return thrown as T;
}
