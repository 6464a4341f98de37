/**
 * Allowed Countries: the destinations a Send may text, checked before anything is sent.
 *
 * Why: a node an AI agent can call (`usableAsTool`) can be talked into texting premium-rate ranges abroad
 * ("SMS pumping": the fraudster earns a share of each text's fee), and a typo in a country code texts
 * another continent. Both are stopped by naming the countries a workflow may text.
 *
 * A number's country is libphonenumber's: from the number's calling code and, for calling codes several
 * countries share (+1 for the US, Canada and the Caribbean, +7, +44, ...), from its area code. A number
 * whose country cannot be told apart (a range libphonenumber does not know, such as the US's fictional
 * 555 numbers) is allowed only when every country sharing its calling code is allowed: the check fails
 * closed, as an allow-list must.
 */
import { getCountries, getCountryCallingCode, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/min';

export type { CountryCode };

export interface DestinationCountry {
	/** The number's country, when libphonenumber can tell it. */
	country?: CountryCode;
	/** Every country using the number's calling code (one for most calling codes). */
	candidates: CountryCode[];
}

export interface CountryViolation {
	/** The recipient, in E.164. */
	number: string;
	/** Its country, when known. */
	country?: CountryCode;
	/** When the country is unknown: the countries it may be in that are not allowed. */
	notAllowed: CountryCode[];
}

let byCallingCode: Map<string, CountryCode[]> | undefined;

function countriesOfCallingCode(callingCode: string): CountryCode[] {
	if (!byCallingCode) {
		byCallingCode = new Map();
		for (const country of getCountries()) {
			const code = String(getCountryCallingCode(country));
			byCallingCode.set(code, [...(byCallingCode.get(code) ?? []), country]);
		}
	}
	return byCallingCode.get(callingCode) ?? [];
}

/** The country of an E.164 number, or the countries it may be in. */
export function destinationCountry(e164: string): DestinationCountry {
	const parsed = parsePhoneNumberFromString(e164);
	if (!parsed) return { candidates: [] };
	const candidates = countriesOfCallingCode(String(parsed.countryCallingCode));
	const country = parsed.country ?? (candidates.length === 1 ? candidates[0] : undefined);
	return country ? { country, candidates } : { candidates };
}

/**
 * The recipients that `allowed` does not cover, in order. An empty `allowed` is a configuration mistake
 * the caller reports; it is not read here as "anywhere".
 */
export function countryViolations(recipients: readonly string[], allowed: readonly string[]): CountryViolation[] {
	const allowedSet = new Set(allowed.map((country) => country.toUpperCase()));
	const violations: CountryViolation[] = [];
	for (const number of recipients) {
		const { country, candidates } = destinationCountry(number);
		if (country) {
			if (!allowedSet.has(country)) violations.push({ number, country, notAllowed: [country] });
			continue;
		}
		const notAllowed = candidates.filter((candidate) => !allowedSet.has(candidate));
		if (notAllowed.length > 0 || candidates.length === 0) violations.push({ number, notAllowed });
	}
	return violations;
}

const regionNames = new Intl.DisplayNames(['en'], { type: 'region' });

/** "Jamaica (JM)". */
export function countryName(country: string): string {
	return `${regionNames.of(country) ?? country} (${country})`;
}

/** One sentence about a violation: "+18765550123 is in Jamaica (JM)". */
export function describeViolation(violation: CountryViolation): string {
	if (violation.country) return `${violation.number} is in ${countryName(violation.country)}`;
	if (violation.notAllowed.length === 0) return `${violation.number} has a calling code no country uses`;
	const listed = violation.notAllowed.slice(0, 5).map(countryName).join(', ');
	const more = violation.notAllowed.length > 5 ? ` and ${violation.notAllowed.length - 5} more` : '';
	return `the country of ${violation.number} cannot be told apart (its calling code is shared, and it may be in ${listed}${more})`;
}
