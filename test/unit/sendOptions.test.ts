import {
	booleanOption,
	describeValue,
	longMessagesOption,
	messageText,
	numberOption,
	SEND_LIMITS,
	SendValueError,
	textOption,
} from '../../nodes/shared/sendOptions';

const rps = SEND_LIMITS.requestsPerSecond;
const timeout = SEND_LIMITS.timeoutSeconds;

describe('numberOption: a number from the editor or an expression', () => {
	test.each<[unknown, number]>([
		[undefined, 10],
		[null, 10],
		['', 10],
		[5, 5],
		['5', 5],
		[' 7 ', 7],
		[0, 1],
		[-3, 1],
		[100, 100],
		[1000, 1000],
		[5000, 5000],
		[10_000, 10_000],
		[20_000, 10_000],
		['1e3', 1000],
		['1e5', 10_000],
		[2.6, 2.6],
	])('requestsPerSecond %p → %p', (value, expected) => {
		expect(numberOption(value, rps)).toBe(expected);
	});

	test.each<[unknown, number]>([
		[3_000_000, 300],
		[0.2, 1],
		[30, 30],
	])('timeout %p → %p (clamped: a timer past 2^31 ms would fire at once)', (value, expected) => {
		expect(numberOption(value, timeout)).toBe(expected);
	});

	test('whole numbers only when the field says so', () => {
		expect(numberOption(2.6, { ...rps, integer: true })).toBe(3);
	});

	test.each<[unknown, string]>([
		['ten', '"ten"'],
		[Number.NaN, 'NaN'],
		[Number.POSITIVE_INFINITY, 'Infinity'],
		[{ value: 5 }, 'an object ({"value":5})'],
		[[5], 'an array ([5])'],
		[true, 'true'],
		['   ', '"   "'],
	])('%p is refused, naming the field, the value and the range', (value, shown) => {
		let error: unknown;
		try {
			numberOption(value, rps);
		} catch (caught) {
			error = caught;
		}
		expect(error).toBeInstanceOf(SendValueError);
		expect((error as SendValueError).message).toBe(`Requests per Second must be a number, but it is ${shown}`);
		expect((error as SendValueError).fix).toBe('Enter a number from 1 to 10000, or make the expression return one.');
	});
});

describe('messageText: what reaches the customer', () => {
	test.each<[unknown, string]>([
		['Hello', 'Hello'],
		['', ''],
		[undefined, ''],
		[null, ''],
		[42, '42'],
		[0, '0'],
		[BigInt(12345678901234567890n), '12345678901234567890'],
	])('%p → %p', (value, expected) => {
		expect(messageText(value)).toBe(expected);
	});

	test.each<[unknown, RegExp, RegExp]>([
		[{ text: 'Hi' }, /^Message must be text, but it is an object \(\{"text":"Hi"\}\)$/, /\$json\.body\.text/],
		[['Hi', 'there'], /^Message must be text, but it is an array \(\["Hi","there"\]\)$/, /join/],
		[true, /^Message must be text, but it is true$/, /return the text/],
		[Number.NaN, /but it is NaN$/, /return the text/],
	])('%p is refused (never sent as "[object Object]" or "Hi,there")', (value, message, fix) => {
		expect(() => messageText(value)).toThrow(message);
		try {
			messageText(value);
		} catch (error) {
			expect((error as SendValueError).fix).toMatch(fix);
		}
	});
});

describe('textOption, longMessagesOption, booleanOption', () => {
	test.each<[unknown, string]>([
		['  abc ', 'abc'],
		[12345, '12345'],
		[undefined, ''],
		[null, ''],
	])('Session ID %p → %p', (value, expected) => {
		expect(textOption(value, 'Session ID')).toBe(expected);
	});

	test.each([[{ id: 1 }], [[1]], [Number.NaN], [false]])('Session ID %p is refused', (value) => {
		expect(() => textOption(value, 'Session ID')).toThrow(/^Session ID must be text, but it is /);
	});

	test.each<[unknown, string]>([
		[undefined, 'split'],
		['', 'split'],
		['split', 'split'],
		['reject', 'reject'],
	])('Long Messages %p → %p', (value, expected) => {
		expect(longMessagesOption(value)).toBe(expected);
	});

	test('Long Messages "cut" is refused', () => {
		expect(() => longMessagesOption('cut')).toThrow('Long Messages must be "split" or "reject", but it is "cut"');
	});

	test.each<[unknown, boolean]>([
		[undefined, false],
		[true, true],
		['true', true],
		['false', false],
		[false, false],
	])('boolean %p → %p', (value, expected) => {
		expect(booleanOption(value, 'Resend If Not in Zoom', false)).toBe(expected);
	});

	test('boolean "yes" is refused', () => {
		expect(() => booleanOption('yes', 'Resend If Not in Zoom', false)).toThrow('Resend If Not in Zoom must be true or false, but it is "yes"');
	});
});

test('describeValue keeps errors short', () => {
	expect(describeValue('x'.repeat(100))).toBe(`"${'x'.repeat(60)}…"`);
	expect(describeValue({ a: 'y'.repeat(100) }).length).toBeLessThan(80);
});
