import type { INodePropertyOptions } from 'n8n-workflow';
import { getCountries, getCountryCallingCode } from 'libphonenumber-js/min';

/** Every country libphonenumber knows, as "France (+33)", sorted by name, for the Default Country option. */
export function countryOptions(): INodePropertyOptions[] {
	const names = new Intl.DisplayNames(['en'], { type: 'region' });
	return getCountries()
		.map((country) => ({
			name: `${names.of(country) ?? country} (+${getCountryCallingCode(country)})`,
			value: country,
		}))
		.sort((a, b) => a.name.localeCompare(b.name, 'en'));
}
