/**
 * Phone-number normalisation for Zoom Phone SMS: anything a user may type becomes E.164 (`+15551234567`).
 *
 * Every decision about country codes, trunk prefixes and lengths is delegated to libphonenumber-js.
 *
 * Why the 'min' metadata build and not 'max': we never ask for the *type* of a number (mobile, fixed
 * line, ...), and our acceptance rule is `isPossible()` (length for the country), which 'min' answers
 * exactly like 'max' because it keeps each country's possible lengths. 'max' only adds per-type
 * patterns that sharpen `isValid()`, which we use solely as a tie-breaker between two readings of the
 * same digits (see `pickBestReading`). Checked on 73,500 random numbers over all countries: 'min' and
 * 'max' never disagreed on `isPossible()`. This module bundles to about 189 kB with 'min' and 264 kB
 * with 'max' (esbuild, unminified).
 *
 * Why `isPossible()` and not `isValid()`: `isValid()` rejects numbers in unassigned or fictional
 * ranges, such as the 555 numbers people test with (`5551234567`, `+15551234567`, also used in the
 * project's own guide). Zoom's API accepts any well-formed E.164 number and the carrier decides what
 * is deliverable, so refusing those numbers here would only block legitimate tests. We still reject
 * what can never be a phone number: letters, wrong length for the country, unknown country calling
 * codes, more than 15 digits.
 */
import {
	getCountries,
	getExampleNumber,
	isSupportedCountry,
	parsePhoneNumberFromString,
	validatePhoneNumberLength,
	type CountryCode,
	type PhoneNumber,
} from 'libphonenumber-js/min';
// One example mobile number per country (about 5 kB bundled) so error messages show a familiar format.
import exampleMobileNumbers from 'libphonenumber-js/examples.mobile.json';

export type { CountryCode };

/** E.164: a `+`, a country calling code that does not start with 0, at most 15 digits in total. */
export const E164_PATTERN = /^\+[1-9]\d{1,14}$/;

/** Zoom's `to_members` array holds at most 10 numbers (one group message for US/CA numbers). */
export const ZOOM_MAX_RECIPIENTS = 10;

export type PhoneNumberErrorCode =
	| 'EMPTY'
	| 'INVALID_CHARACTERS'
	| 'NOT_A_NUMBER'
	| 'INVALID_COUNTRY_CODE'
	| 'TOO_SHORT'
	| 'TOO_LONG'
	| 'INVALID_LENGTH';

export interface PhoneNumberExample {
	/** E.164 form, e.g. `+12015550123`. */
	e164: string;
	/** How people in the default country write it, e.g. `(201) 555-0123`. */
	national: string;
}

/** A phone number that cannot be turned into E.164. The message names the value as given and the fix. */
export class PhoneNumberError extends Error {
	override readonly name = 'PhoneNumberError';

	constructor(
		readonly code: PhoneNumberErrorCode,
		/** The value exactly as the user gave it. */
		readonly input: string,
		readonly defaultCountry: CountryCode,
		/** What is wrong, in a few words, e.g. `it contains letters ("ab")`. */
		readonly problem: string,
		/** Where the value came from, e.g. `recipient 2 of 3`; part of the message when given. */
		readonly location?: string,
	) {
		super(formatPhoneNumberErrorMessage(input, defaultCountry, problem, location));
	}

	/** A valid number in the default country, to show in the node's error description. */
	get example(): PhoneNumberExample {
		return exampleNumberFor(this.defaultCountry);
	}
}

export type RecipientListErrorCode = 'NO_RECIPIENT' | 'TOO_MANY_RECIPIENTS';

/** The recipient list as a whole is unusable (empty, or more numbers than Zoom takes at once). */
export class RecipientListError extends Error {
	override readonly name = 'RecipientListError';

	constructor(
		readonly code: RecipientListErrorCode,
		/** The list as given, joined with ", " when it was an array. */
		readonly input: string,
		/** Distinct numbers found (0 for NO_RECIPIENT). */
		readonly count: number,
		message: string,
	) {
		super(message);
	}
}

export type PhoneNumberProblem = Pick<PhoneNumberError, 'code' | 'problem' | 'message'>;

/**
 * Normalises one phone number to E.164.
 *
 * Accepts `+15551234567`, `5551234567`, `(514) 555-1234`, `1-555-123-4567`, `555.123.4567`,
 * `+33 6 12 34 56 78`, `0033 6 12 34 56 78`, `011 33 6 12 34 56 78`, `tel:+15551234567`, and national
 * numbers of `defaultCountry` (`06 12 34 56 78` with FR, `020 7946 0018` with GB).
 *
 * @throws PhoneNumberError when the value cannot be a phone number.
 */
export function toE164(input: string | number, defaultCountry: CountryCode = 'US'): string {
	const country = toCountryCode(defaultCountry);
	const given = String(input);
	const reading = readPhoneNumber(given, country);
	if ('problem' in reading) {
		throw new PhoneNumberError(reading.code, given, country, reading.problem);
	}
	return reading.e164;
}

/**
 * A supported two-letter country code, in upper case (`fr` → `FR`), for a value typed into a node field.
 *
 * @throws RangeError for a code libphonenumber does not know: a configuration mistake, not a bad number.
 */
export function toCountryCode(value: string): CountryCode {
	const code = String(value).trim().toUpperCase();
	if (!isSupportedCountry(code)) {
		throw new RangeError(
			`Unknown default country "${value}": use a two-letter ISO 3166-1 country code such as US, CA, FR or GB.`,
		);
	}
	return code;
}

/** Every country code `toE164` accepts as a default country, e.g. to build a drop-down. */
export function supportedCountries(): CountryCode[] {
	return getCountries();
}

/** Whether `value` is already strict E.164 (what Zoom expects in `phone_number` fields). */
export function isE164(value: string): boolean {
	return E164_PATTERN.test(value);
}

/** What is wrong with `input`, or `undefined` when `toE164` would accept it. Throws only for an unknown country. */
export function describePhoneNumberProblem(
	input: string | number,
	defaultCountry: CountryCode = 'US',
): PhoneNumberProblem | undefined {
	const country = toCountryCode(defaultCountry);
	const given = String(input);
	const reading = readPhoneNumber(given, country);
	if (!('problem' in reading)) return undefined;
	const { code, problem, message } = new PhoneNumberError(reading.code, given, country, reading.problem);
	return { code, problem, message };
}

/**
 * Splits a recipient list into distinct E.164 numbers, in the order given.
 *
 * `input` is a string separated by commas, semicolons or new lines, or an array of such strings.
 * Two spellings of the same number (`+15551234567`, `555-123-4567`) count once.
 *
 * @throws PhoneNumberError for the first entry that is not a phone number (the message says which one).
 * @throws RecipientListError when there is no number, or more than Zoom's 10.
 */
export function parseRecipients(input: string | string[], defaultCountry: CountryCode = 'US'): string[] {
	const country = toCountryCode(defaultCountry);
	const given = Array.isArray(input) ? input.join(', ') : String(input);
	const entries = splitRecipientEntries(input);
	if (entries.length === 0) {
		throw new RecipientListError(
			'NO_RECIPIENT',
			given,
			0,
			`No recipient: no phone number was found in "${given}". ` +
				`Enter at least one number in E.164, like ${exampleNumberFor(country).e164}; ` +
				'separate several numbers with commas.',
		);
	}
	const numbers = uniqueInOrder(entries.map((entry, index) => recipientToE164(entry, index, entries.length, country)));
	if (numbers.length > ZOOM_MAX_RECIPIENTS) {
		throw new RecipientListError(
			'TOO_MANY_RECIPIENTS',
			given,
			numbers.length,
			`Too many recipients: ${numbers.length} different phone numbers were given, but Zoom allows at most ` +
				`${ZOOM_MAX_RECIPIENTS} recipients in one group message. To text more people, send one item per ` +
				'recipient (for example, split the list into separate items with the Split Out node) so each ' +
				'person gets their own message.',
		);
	}
	return numbers;
}

/** The example number libphonenumber ships for `country`, or a US one if it has none. */
export function exampleNumberFor(country: CountryCode): PhoneNumberExample {
	const example = getExampleNumber(country, exampleMobileNumbers) ?? getExampleNumber('US', exampleMobileNumbers);
	if (example === undefined) {
		return { e164: '+12015550123', national: '(201) 555-0123' };
	}
	return { e164: example.number, national: example.formatNational() };
}

// ---------------------------------------------------------------------------------------------------

type Reading = { e164: string } | Problem;

/** Characters people use to format numbers: spaces (incl. no-break), dots, dashes, slashes, parentheses. */
const FORMATTING_CHARACTERS = /[\s.\-\u2010-\u2015\u2212/()]/gu;
const TEL_URI_PREFIX = /^tel:/i;
/** An explicit international prefix typed instead of `+`: `00` (most of the world) or `011` (US/Canada). */
const INTERNATIONAL_DIALING_PREFIXES = ['011', '00'];
/** Longest digit run we bother parsing: a 3-digit dialing prefix plus 15 E.164 digits. */
const MAX_INPUT_DIGITS = 18;

function readPhoneNumber(given: string, defaultCountry: CountryCode): Reading {
	const text = given.trim().replace(TEL_URI_PREFIX, '').trim();
	if (text === '') {
		return { code: 'EMPTY', problem: 'it is empty' };
	}
	const unexpected = text.replace(FORMATTING_CHARACTERS, '').replace(/^\+/, '').replace(/\d/g, '');
	if (unexpected !== '') {
		return { code: 'INVALID_CHARACTERS', problem: describeUnexpectedCharacters(unexpected) };
	}
	const digits = text.replace(/\D/g, '');
	if (digits === '') {
		return { code: 'NOT_A_NUMBER', problem: 'it has no digits' };
	}
	if (digits.length > MAX_INPUT_DIGITS || (text.startsWith('+') && digits.length > 15)) {
		return { code: 'TOO_LONG', problem: `it has ${digits.length} digits; E.164 allows at most 15 after the +` };
	}
	if (text.startsWith('+')) {
		return readInternational(text, digits);
	}
	return readNationalOrDialed(digits, defaultCountry);
}

function readInternational(text: string, digits: string): Reading {
	if (digits.startsWith('0')) {
		return { code: 'INVALID_COUNTRY_CODE', problem: 'country calling codes never start with 0 (after the +)' };
	}
	const withoutTrunkZero = TRUNK_ZERO_AFTER_COUNTRY_CODE.exec(text);
	// The usual campaign recipient, a North American number in E.164: libphonenumber would accept it as
	// it is (a possible length, and NANP_NATIONAL_NUMBER holds), but only after trying it against the
	// patterns of each of the 25 countries that share +1, the node's largest cost per item on a big run.
	// The unit tests check this shortcut against libphonenumber's own reading.
	const international = `+${digits}`;
	if (withoutTrunkZero === null && digits.startsWith('1') && NANP_NATIONAL_NUMBER.test(digits.slice(1))) return { e164: international };
	const readings = [interpret(international, undefined)];
	if (withoutTrunkZero !== null) {
		readings.unshift(interpret(`+${(withoutTrunkZero[1] + withoutTrunkZero[2]).replace(/\D/g, '')}`, undefined));
	}
	return pickBestReading(readings, false);
}

/**
 * `+44 (0)20 7946 0018`: many European business cards show the national trunk 0 in parentheses; it
 * is not dialled from abroad. The reading without it is tried first, the literal one second (Italy
 * keeps its 0), and a valid reading wins.
 */
const TRUNK_ZERO_AFTER_COUNTRY_CODE = /^\+([\d\s]{1,4}?)\s*\(0\)(.*)$/s;

/**
 * Digits without `+` are read as a national number of the default country; libphonenumber also strips
 * that country's own international dialing prefix (`011` in the US, `00` in France). If the digits
 * start with `00` or `011` we also try them as an international number, so `0033 6 ...` works with
 * the default country US, and then keep the best of the readings.
 */
function readNationalOrDialed(digits: string, defaultCountry: CountryCode): Reading {
	const readings = [interpret(digits, defaultCountry)];
	for (const prefix of INTERNATIONAL_DIALING_PREFIXES) {
		if (digits.startsWith(prefix) && digits.length > prefix.length && digits[prefix.length] !== '0') {
			readings.push(interpret(`+${digits.slice(prefix.length)}`, undefined));
		}
	}
	const typedDialingPrefix = INTERNATIONAL_DIALING_PREFIXES.some((prefix) => digits.startsWith(prefix));
	return pickBestReading(readings, typedDialingPrefix);
}

/**
 * A reading that libphonenumber calls valid wins over one that is merely possible, so
 * `0033 6 12 34 56 78` is France even if the same digits would also fit some national plan.
 * When all readings fail and the user typed a dialing prefix, the international reading explains the
 * problem better ("too short for +33") than the national one.
 */
function pickBestReading(readings: Interpretation[], explainWithLast: boolean): Reading {
	const accepted = readings.filter((reading): reading is AcceptedInterpretation => 'e164' in reading);
	const best = accepted.length > 1 ? (accepted.find((reading) => reading.phoneNumber.isValid()) ?? accepted[0]) : accepted[0];
	if (best !== undefined) {
		return { e164: best.e164 };
	}
	const explaining = explainWithLast ? readings[readings.length - 1] : readings[0];
	return 'problem' in explaining ? explaining : { code: 'NOT_A_NUMBER', problem: 'it is not a phone number' };
}

interface Problem {
	code: PhoneNumberErrorCode;
	problem: string;
}

interface AcceptedInterpretation {
	e164: string;
	/** Its `isValid()`, libphonenumber's stricter opinion, only chooses between two acceptable readings. */
	phoneNumber: PhoneNumber;
}

type Interpretation = AcceptedInterpretation | Problem;

function interpret(text: string, defaultCountry: CountryCode | undefined): Interpretation {
	const phoneNumber = parsePhoneNumberFromString(text, defaultCountry);
	const rejection = explainRejection(text, defaultCountry, phoneNumber);
	if (rejection !== undefined || phoneNumber === undefined) {
		return rejection ?? { code: 'NOT_A_NUMBER', problem: 'it is not a phone number' };
	}
	// Already E.164 as typed: reading it again would give the same number.
	const reread = text === phoneNumber.number ? phoneNumber : parsePhoneNumberFromString(phoneNumber.number);
	if (reread !== undefined && reread.number !== phoneNumber.number) {
		// libphonenumber drops a trunk 0 even after the country code (+44 07700 → +447700). When the
		// national number starts with that prefix once more (all-zero test input), its own E.164 output
		// reads differently again; settle on the fixed point so toE164(toE164(x)) === toE164(x).
		return interpret(reread.number, undefined);
	}
	return { e164: phoneNumber.number, phoneNumber };
}

function explainRejection(
	text: string,
	defaultCountry: CountryCode | undefined,
	phoneNumber: PhoneNumber | undefined,
): Problem | undefined {
	// The common case, a number of possible length, needs no second parse to explain a length problem.
	if (phoneNumber !== undefined && phoneNumber.isPossible()) return explainPossibleNumber(phoneNumber);
	const lengthIssue = validatePhoneNumberLength(text, defaultCountry);
	if (lengthIssue === 'INVALID_COUNTRY') {
		return { code: 'INVALID_COUNTRY_CODE', problem: unknownCountryCodeProblem(text) };
	}
	if (lengthIssue === 'NOT_A_NUMBER' || phoneNumber === undefined) {
		// Our own checks already refused non-digits and digit runs that are too long, so what
		// libphonenumber still calls "not a number" is one or two digits: too short.
		return lengthProblem('TOO_SHORT', text, defaultCountry);
	}
	return lengthProblem(lengthIssue ?? 'INVALID_LENGTH', text, defaultCountry, phoneNumber);
}

function explainPossibleNumber(phoneNumber: PhoneNumber): Problem | undefined {
	if (!E164_PATTERN.test(phoneNumber.number)) {
		return { code: 'TOO_LONG', problem: 'it has more than the 15 digits E.164 allows' };
	}
	if (phoneNumber.countryCallingCode === '1' && !NANP_NATIONAL_NUMBER.test(phoneNumber.nationalNumber)) {
		return { code: 'INVALID_LENGTH', problem: 'US and Canadian numbers have a 3-digit area code that does not start with 0 or 1, then 7 digits' };
	}
	return undefined;
}

/**
 * North American numbers: area code [2-9]XX then 7 digits. libphonenumber's possible-length check
 * only counts 10 digits, which would let `00 33 61 23 45` (a mistyped French number) pass as +1 003...
 * The 555 test numbers still pass.
 */
const NANP_NATIONAL_NUMBER = /^[2-9]\d{9}$/;

function lengthProblem(
	issue: 'TOO_SHORT' | 'TOO_LONG' | 'INVALID_LENGTH',
	text: string,
	defaultCountry: CountryCode | undefined,
	phoneNumber?: PhoneNumber,
): Problem {
	const where = describeNumberingPlan(text, defaultCountry, phoneNumber);
	if (issue === 'TOO_SHORT') {
		return { code: 'TOO_SHORT', problem: `it has too few digits for ${where}` };
	}
	if (issue === 'TOO_LONG') {
		return { code: 'TOO_LONG', problem: `it has too many digits for ${where}` };
	}
	return { code: 'INVALID_LENGTH', problem: `its number of digits does not match ${where}` };
}

function describeNumberingPlan(text: string, defaultCountry: CountryCode | undefined, phoneNumber?: PhoneNumber): string {
	if (phoneNumber !== undefined) {
		const country = phoneNumber.country === undefined ? '' : ` (${phoneNumber.country})`;
		return `a +${phoneNumber.countryCallingCode}${country} number`;
	}
	if (text.startsWith('+') || defaultCountry === undefined) {
		return 'a number with that country calling code';
	}
	return `a ${defaultCountry} number`;
}

function unknownCountryCodeProblem(text: string): string {
	if (text.startsWith('+')) {
		return `"+${text.slice(1, 4)}…" does not start with a known country calling code`;
	}
	return 'the country calling code is unknown';
}

function describeUnexpectedCharacters(unexpected: string): string {
	const distinct = [...new Set(unexpected)];
	const shown = distinct.length > 8 ? `${distinct.slice(0, 8).join('')}…` : distinct.join('');
	const kind = /\p{L}/u.test(unexpected) ? 'letters' : 'characters';
	return (
		`it contains ${kind} that are not part of a phone number ("${shown}"); ` +
		'only digits, spaces, dots, dashes, parentheses and a leading + are allowed'
	);
}

function formatPhoneNumberErrorMessage(
	input: string,
	defaultCountry: CountryCode,
	problem: string,
	location: string | undefined,
): string {
	const example = exampleNumberFor(defaultCountry);
	const where = location === undefined ? '' : ` (${location})`;
	return (
		`Invalid phone number "${input}"${where}: ${problem}. ` +
		`Use E.164 like ${example.e164}, or a national number for the default country (${defaultCountry}), ` +
		`e.g. ${example.national}.`
	);
}

const RECIPIENT_SEPARATORS = /[,;\r\n]+/;

function splitRecipientEntries(input: string | string[]): string[] {
	const chunks = Array.isArray(input) ? input : [input];
	return chunks
		.flatMap((chunk) => String(chunk ?? '').split(RECIPIENT_SEPARATORS))
		.map((entry) => entry.trim())
		.filter((entry) => entry !== '');
}

function recipientToE164(entry: string, index: number, total: number, defaultCountry: CountryCode): string {
	const reading = readPhoneNumber(entry, defaultCountry);
	if ('problem' in reading) {
		const location = total > 1 ? `recipient ${index + 1} of ${total}` : undefined;
		throw new PhoneNumberError(reading.code, entry, defaultCountry, reading.problem, location);
	}
	return reading.e164;
}

function uniqueInOrder(values: string[]): string[] {
	return [...new Set(values)];
}
