/**
 * Checks the values a Send gets from the editor or from expressions. The editor clamps numbers to their
 * range and offers only valid choices; an expression (or imported JSON) can give anything: "ten", NaN,
 * 3,000,000, an object. Each value here is turned into what the node needs or refused with an error that
 * names the field, the value and the fix. No n8n imports: the node adds the item.
 */
import type { LongMessageMode } from './messageSplitting';

export class SendValueError extends Error {
	override readonly name = 'SendValueError';

	constructor(
		readonly field: string,
		message: string,
		readonly fix: string,
	) {
		super(message);
	}
}

/** How a value looks in an error: short, and never a whole object. */
export function describeValue(value: unknown): string {
	if (value === null) return 'null';
	if (Array.isArray(value)) return `an array (${JSON.stringify(value).slice(0, 60)})`;
	if (typeof value === 'object') return `an object (${JSON.stringify(value).slice(0, 60)})`;
	if (typeof value === 'string') return `"${value.length > 60 ? `${value.slice(0, 60)}…` : value}"`;
	return String(value);
}

export interface NumberRange {
	field: string;
	min: number;
	max: number;
	fallback: number;
	/** Whole numbers only (rounded, as the editor's number field does with `numberPrecision: 0`). */
	integer?: boolean;
}

/**
 * A number option: a number or a numeric string; empty means the default; out of range is clamped as the
 * editor clamps (n8n's editor holds numbers within minValue/maxValue, an expression is not held).
 */
export function numberOption(value: unknown, range: NumberRange): number {
	if (value === undefined || value === null || value === '') return range.fallback;
	const number = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value.trim()) : Number.NaN;
	if (!Number.isFinite(number)) {
		throw new SendValueError(
			range.field,
			`${range.field} must be a number, but it is ${describeValue(value)}`,
			`Enter a number from ${range.min} to ${range.max}, or make the expression return one.`,
		);
	}
	const whole = range.integer ? Math.round(number) : number;
	return Math.min(range.max, Math.max(range.min, whole));
}

/** A text option such as Session ID: a string or a number; anything else is refused. */
export function textOption(value: unknown, field: string): string {
	if (value === undefined || value === null) return '';
	if (typeof value === 'string') return value.trim();
	if (typeof value === 'number' && Number.isFinite(value)) return String(value);
	throw new SendValueError(field, `${field} must be text, but it is ${describeValue(value)}`, 'Enter the value as text, or make the expression return a string.');
}

/**
 * The message to send: text, or a number (sent as its digits). An object, an array or a boolean is
 * refused: sent as is, it would reach the customer as "[object Object]", "a,b" or "true".
 */
export function messageText(value: unknown): string {
	if (value === undefined || value === null) return '';
	if (typeof value === 'string') return value;
	if ((typeof value === 'number' && Number.isFinite(value)) || typeof value === 'bigint') return String(value);
	throw new SendValueError(
		'Message',
		`Message must be text, but it is ${describeValue(value)}`,
		Array.isArray(value)
			? 'Join the list into one text in the expression, for example {{ $json.lines.join("\\n") }}.'
			: typeof value === 'object'
				? 'Pick the text field in the expression, for example {{ $json.body.text }} rather than {{ $json.body }}.'
				: 'Make the expression return the text to send.',
	);
}

export function longMessagesOption(value: unknown): LongMessageMode {
	if (value === undefined || value === null || value === '') return 'split';
	if (value === 'split' || value === 'reject') return value;
	throw new SendValueError('Long Messages', `Long Messages must be "split" or "reject", but it is ${describeValue(value)}`, 'Pick one of the two choices.');
}

export function booleanOption(value: unknown, field: string, fallback: boolean): boolean {
	if (value === undefined || value === null || value === '') return fallback;
	if (typeof value === 'boolean') return value;
	if (value === 'true' || value === 'false') return value === 'true';
	throw new SendValueError(field, `${field} must be true or false, but it is ${describeValue(value)}`, 'Switch the option on or off, or make the expression return true or false.');
}

export const SEND_LIMITS = {
	// Up to 10,000: Zoom's own limits are 10-40/s, but a Zoom-compatible endpoint or a raised limit may allow
	// more, and a value above what n8n can send lets the pacer step aside (the benchmark's overhead scenario:
	// n8n sent about 2,000 requests a second there, so 1,000 was not above it).
	requestsPerSecond: { field: 'Requests per Second', min: 1, max: 10_000, fallback: 10 },
	timeoutSeconds: { field: 'Timeout (Seconds)', min: 1, max: 300, fallback: 30 },
	deliveryCheckSeconds: { field: 'Delivery Check Wait (Seconds)', min: 0, max: 300, fallback: 20 },
} as const satisfies Record<string, NumberRange>;
