import { description } from '../../nodes/ZoomSms/actions/message/send/description';
import { countryName, countryViolations, describeViolation, destinationCountry } from '../../nodes/shared/allowedCountries';
import { checkTimes, combinedResult, deliveryResultOf, WAIT_FOR_DELIVERY_LIMIT } from '../../nodes/shared/deliveryStatus';
import { conversationKind, senderProfile } from '../../nodes/shared/groupMessaging';

describe('Allowed Countries: the country of a destination', () => {
	test.each([
		['+12125550123', 'US'],
		['+14165550123', 'CA'],
		['+18765551234', 'JM'],
		['+33612345678', 'FR'],
		['+79001234567', 'RU'],
		['+77011234567', 'KZ'],
		['+5511987654321', 'BR'],
	])('%s is in %s', (number, country) => {
		expect(destinationCountry(number).country).toBe(country);
	});

	test('a +1 number libphonenumber cannot place has every NANP country as candidate', () => {
		const { country, candidates } = destinationCountry('+15551234567');
		expect(country).toBeUndefined();
		expect(candidates).toEqual(expect.arrayContaining(['US', 'CA', 'JM', 'BS']));
	});
});

describe('Allowed Countries: violations', () => {
	test.each<[string, string[], string[], Array<{ number: string; country?: string }>]>([
		['a US number, US allowed', ['+12125550123'], ['US'], []],
		['a Canadian number, US only', ['+14165550123'], ['US'], [{ number: '+14165550123', country: 'CA' }]],
		['Jamaica shares +1 and is caught (SMS pumping range)', ['+18765551234'], ['US', 'CA'], [{ number: '+18765551234', country: 'JM' }]],
		['a typo texting France', ['+33612345678'], ['US'], [{ number: '+33612345678', country: 'FR' }]],
		['a group: only the bad recipient is named', ['+12125550123', '+33612345678', '+14165550123'], ['US', 'CA'], [{ number: '+33612345678', country: 'FR' }]],
		['lower-case codes are read', ['+33612345678'], ['fr'], []],
		['an unplaceable +1 number fails closed with US and CA only', ['+15551234567'], ['US', 'CA'], [{ number: '+15551234567' }]],
	])('%s', (_, recipients, allowed, expected) => {
		const violations = countryViolations(recipients, allowed);
		expect(violations.map(({ number, country }) => ({ number, ...(country ? { country } : {}) }))).toEqual(expected);
	});

	test('an unplaceable number is allowed when every country of its calling code is', () => {
		const nanp = destinationCountry('+15551234567').candidates;
		expect(countryViolations(['+15551234567'], nanp)).toEqual([]);
	});

	test('descriptions name the number and its country', () => {
		expect(describeViolation({ number: '+18765551234', country: 'JM', notAllowed: ['JM'] })).toBe('+18765551234 is in Jamaica (JM)');
		const unknown = describeViolation(countryViolations(['+15551234567'], ['US'])[0]);
		expect(unknown).toContain('+15551234567');
		expect(unknown).toContain('cannot be told apart');
		expect(countryName('CA')).toBe('Canada (CA)');
	});
});

describe('Group messages: Zoom makes a group only from US/CA toll numbers', () => {
	test.each<[string, string, number, 'toll' | 'tollfree' | undefined, string]>([
		['US toll, 3 recipients', '+12125550123', 3, undefined, 'group'],
		['Canadian toll, 2 recipients', '+14165550123', 2, undefined, 'group'],
		['US toll-free 800', '+18005550123', 3, undefined, 'oneToOne'],
		['US toll-free 888', '+18885551234', 2, undefined, 'oneToOne'],
		['toll-free by Zoom\'s number_type, whatever the number says', '+12125550123', 2, 'tollfree', 'oneToOne'],
		['UK mobile', '+447400123456', 3, undefined, 'oneToOne'],
		['French mobile', '+33612345678', 2, undefined, 'oneToOne'],
		['Jamaican number (+1, not US/CA)', '+18765551234', 2, undefined, 'oneToOne'],
		['unplaceable +1 (fictional 555) is taken as US/CA toll', '+15551234567', 3, undefined, 'group'],
		['one recipient is never a group', '+18005550123', 1, undefined, 'single'],
	])('%s', (_, sender, count, knownType, kind) => {
		expect(conversationKind(sender, count, knownType).kind).toBe(kind);
	});

	test('the reason names the sender and its type', () => {
		expect(senderProfile('+18005550123').reason).toBe('+18005550123 is a toll-free number');
		expect(senderProfile('+33612345678').reason).toContain('not a US or Canadian number (FR)');
	});
});

describe('Wait for Delivery: statuses and checks', () => {
	test.each([
		['delivered', 'delivered'],
		['failed_to_send', 'failed'],
		['failed_to_deliver', 'failed'],
		['sent', 'pending'],
		['unknown', 'pending'],
		[undefined, 'pending'],
	])('%s is %s', (status, result) => {
		expect(deliveryResultOf(status)).toBe(result);
	});

	test.each<[string[], string]>([
		[['delivered', 'delivered'], 'delivered'],
		[['delivered', 'pending'], 'pending'],
		[['pending', 'failed', 'delivered'], 'failed'],
		[[], 'pending'],
	])('%j combine to %s', (results, combined) => {
		expect(combinedResult(results as Array<'delivered' | 'failed' | 'pending'>)).toBe(combined);
	});

	test('checks grow apart and the last one is at the limit', () => {
		expect(checkTimes(5_000)).toEqual([1000, 2500, 4750, 5000]);
		expect(checkTimes(500)).toEqual([500]);
		const long = checkTimes(120_000);
		expect(long[long.length - 1]).toBe(120_000);
		const gaps = long.slice(1).map((at, index) => at - long[index]);
		expect(Math.max(...gaps)).toBeLessThanOrEqual(15_000);
	});
});

test('the editor\'s default of Wait for Delivery (Seconds) is the fallback the node applies', () => {
	const options = description.find((property) => property.name === 'options')?.options as Array<{ name: string; default: unknown }>;
	expect(options.find((option) => option.name === 'waitForDeliverySeconds')?.default).toBe(WAIT_FOR_DELIVERY_LIMIT.fallback);
	expect(options.find((option) => option.name === 'allowedCountries')?.default).toEqual([]);
});
