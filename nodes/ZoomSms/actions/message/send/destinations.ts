/**
 * Message → Send, part of step 1 (prepare): where an item's text may go, and how Zoom will deliver it.
 * - Allowed Countries: every recipient must be in one of them, or the item fails before anything is sent
 *   (nodes/shared/allowedCountries.ts says why and how a country is told).
 * - Several recipients from a sender that Zoom does not make group conversations from (toll-free, outside
 *   the US and Canada: nodes/shared/groupMessaging.ts) are sent one request per recipient by deliver.ts.
 */
import { countryName, countryViolations, describeViolation, destinationCountry } from '../../../../shared/allowedCountries';
import { conversationKind } from '../../../../shared/groupMessaging';
import { supportedCountries } from '../../../../shared/phoneNumbers';
import { describeValue, SendValueError } from '../../../../shared/sendOptions';

/** The option's countries; undefined when the option is not set (anywhere may be texted). */
export function allowedCountriesOption(value: unknown): string[] | undefined {
	if (value === undefined || value === null) return undefined;
	const list = typeof value === 'string' ? value.split(',') : Array.isArray(value) ? value : undefined;
	if (!list || !list.every((entry) => typeof entry === 'string')) {
		throw new SendValueError('Allowed Countries', `Allowed Countries must be a list of country codes, but it is ${describeValue(value)}`, 'Pick the countries in the list, or make the expression return codes such as ["US", "CA"].');
	}
	const codes = list.map((entry) => entry.trim().toUpperCase()).filter(Boolean);
	const known = new Set<string>(supportedCountries());
	const unknown = codes.filter((code) => !known.has(code));
	if (unknown.length) {
		throw new SendValueError('Allowed Countries', `Allowed Countries holds ${unknown.map((code) => `"${code}"`).join(', ')}, which is not a country code`, 'Use two-letter ISO country codes such as US, CA, FR, or pick the countries in the list.');
	}
	if (codes.length === 0) {
		throw new SendValueError('Allowed Countries', 'Allowed Countries is set but lists no country, so no number may be texted', 'Pick the countries this workflow may text, or remove the option to allow any country.');
	}
	return codes;
}

/** Throws when a recipient is outside the allowed countries: nothing is then sent for the item. */
export function checkAllowedCountries(recipients: readonly string[], allowed: readonly string[] | undefined): void {
	if (!allowed) return;
	const violations = countryViolations(recipients, allowed);
	if (violations.length === 0) return;
	const first = violations[0];
	const others = violations.length > 1 ? `; also ${violations.slice(1).map(describeViolation).join('; ')}` : '';
	const allowedNames = allowed.map(countryName).join(', ');
	const group = recipients.length > 1 ? ` It is a group of ${recipients.length} recipients: none of them was texted.` : '';
	throw new SendValueError(
		'To',
		`To: ${describeViolation(first)}, which Allowed Countries (${allowedNames}) does not include${others}`,
		first.country
			? `Correct the number, or add ${countryName(first.country)} to Options → Allowed Countries if texting it is intended.${group}`
			: `Write the number in full international form, or allow every country of its calling code (${destinationCountry(first.number).candidates.slice(0, 8).join(', ')}…) in Options → Allowed Countries.${group}`,
	);
}

/** Set on a prepared send whose recipients Zoom texts one by one (one request per recipient). */
export interface OneToOne {
	/** Why: "+18005550123 is a toll-free number". */
	reason: string;
}

export function oneToOneOf(from: string, recipients: readonly string[], sessionId: string | undefined): OneToOne | undefined {
	// One recipient is one conversation whatever the sender: no need to parse the sender for every item.
	if (recipients.length <= 1) return undefined;
	const { kind, reason } = conversationKind(from, recipients.length);
	if (kind !== 'oneToOne') return undefined;
	if (sessionId) {
		throw new SendValueError(
			'Session ID',
			`Session ID continues one conversation, but Zoom texts these ${recipients.length} recipients one by one (${reason}), each in a conversation of its own`,
			'Remove the Session ID, or send to one recipient per item. Only US and Canadian toll numbers make group conversations.',
		);
	}
	return { reason };
}
