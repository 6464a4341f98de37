/**
 * Message-length rules for Zoom Phone SMS, and splitting of long texts into several messages.
 *
 * Zoom's limits (Zoom Phone OpenAPI, POST /phone/sms/messages): `message` holds at most 500 characters
 * and the SMS at most 2048 bytes, or 1000 bytes when attachments are present. The 1600 characters
 * promised by the original design note is the usual carrier limit for a concatenated SMS; we keep it
 * as the total a node accepts, and send anything longer than one Zoom message as several messages.
 *
 * How characters are counted: as Unicode code points. Zoom does not define "characters", but the
 * limit is the `maxLength` of a JSON Schema string in its OpenAPI spec, and JSON Schema counts code
 * points. UTF-16 units (JavaScript's `.length`) would count an emoji twice and split too early;
 * graphemes would count a family emoji (7 code points) once and could exceed a code-point limit.
 * Splitting itself never cuts a grapheme cluster, so an emoji with skin tone, a flag or a letter
 * with a combining accent always arrives whole.
 *
 * A code point takes at most 4 UTF-8 bytes, so 500 characters never exceed 2000 bytes: the 2048-byte
 * rule cannot bind before the character rule. The 1000-byte rule with attachments does (334 CJK
 * characters are 1002 bytes). Both are checked anyway, so other limits can be passed in.
 */

/** At most this many characters (code points) in Zoom's `message` field. */
export const ZOOM_MAX_MESSAGE_CHARS = 500;
/** At most this many UTF-8 bytes in one SMS without attachments. */
export const ZOOM_MAX_MESSAGE_BYTES = 2048;
/** At most this many UTF-8 bytes in one message that carries attachments (MMS). */
export const ZOOM_MAX_MESSAGE_BYTES_WITH_ATTACHMENTS = 1000;
/** Longest text the node accepts in total before splitting (the usual carrier limit, as the design note promises). */
export const MAX_TOTAL_MESSAGE_CHARS = 1600;

export interface SplitOptions {
	/** Code points per part; default 500 (Zoom). */
	maxChars?: number;
	/** UTF-8 bytes per part; default 2048 (Zoom, no attachments). */
	maxBytes?: number;
}

export type LongMessageMode = 'split' | 'reject';

export interface ValidateMessageOptions {
	/** Longest text accepted in total; default 1600 characters. */
	maxTotalChars?: number;
	/** What to do with a text longer than one Zoom message: send it as several, or refuse it. */
	mode?: LongMessageMode;
	/** Attachments allow an empty text and lower the byte limit to 1000 per message. */
	hasAttachments?: boolean;
}

export type MessageErrorCode = 'EMPTY' | 'TOO_LONG_TOTAL' | 'TOO_MANY_CHARACTERS' | 'TOO_MANY_BYTES';

/** A text that cannot be sent as it is. The message says what was measured, the limit and the fix. */
export class MessageError extends Error {
	override readonly name = 'MessageError';

	constructor(
		readonly code: MessageErrorCode,
		/** What was measured: code points, or UTF-8 bytes for TOO_MANY_BYTES. */
		readonly measured: number,
		/** The limit that was exceeded (0 for EMPTY). */
		readonly limit: number,
		message: string,
	) {
		super(message);
	}
}

/** Number of Unicode code points, the unit of Zoom's 500-character limit (see the file comment). */
export function countCharacters(text: string): number {
	let count = 0;
	for (let index = 0; index < text.length; index += utf16Width(text, index)) count++;
	return count;
}

/** Size of `text` in UTF-8, computed without TextEncoder/Buffer so it runs in any JavaScript host. */
export function countUtf8Bytes(text: string): number {
	let bytes = 0;
	for (const character of text) bytes += utf8Length(character.codePointAt(0) ?? 0);
	return bytes;
}

/** User-perceived characters (`👨‍👩‍👧‍👦`, `🇫🇷`, `é` written as e + accent): the units we never cut. */
export function splitGraphemes(text: string): string[] {
	return Array.from(graphemeSegmenter().segment(text), (segment) => segment.segment);
}

/**
 * Splits `text` into parts that each fit Zoom's limits (500 code points and 2048 UTF-8 bytes by default).
 *
 * - A text within the limits comes back as one part; a text with nothing visible (empty, spaces, line
 *   breaks, zero-width characters) as no part at all.
 * - A part ends after the last whitespace that fits; failing that, after the last punctuation; only a
 *   word longer than a whole part is cut, and then between two graphemes.
 * - Whitespace stays at the end of the part before the break, so joined, the parts give back the text.
 * - Every part has something to read: a run of invisible characters that would make a part of its own
 *   (the line breaks after a text just over 500 characters, 600 zero-width joiners) is added to the part
 *   before it when it fits there, and otherwise left out. A recipient would otherwise get a blank SMS,
 *   paid for like any other. So `parts.join('')` is the text less such runs, and exactly the text when
 *   there were none.
 * - A single grapheme larger than a whole part (hundreds of stacked accents) is the one exception: it is
 *   cut between code points, as it could not be sent otherwise.
 */
export function splitMessage(text: string, options: SplitOptions = {}): string[] {
	const limits = resolveLimits(options);
	if (!hasVisibleText(text)) return [];
	// Most texts fit one message: no need to find their graphemes.
	if (fits(countCharacters(text), countUtf8Bytes(text), limits)) return [text];
	const graphemes = splitGraphemes(text).flatMap((grapheme) => cutOversizedGrapheme(grapheme, limits));
	const parts: string[] = [];
	// Set once a blank run was left out after the last part: what follows must not be glued to that part
	// across the gap, or a part would no longer be a piece of the text.
	let leftOut = false;
	let start = 0;
	while (start < graphemes.length) {
		const end = chooseBreak(graphemes, start, furthestFit(graphemes, start, limits));
		const part = graphemes.slice(start, end).join('');
		start = end;
		if (hasVisibleText(part)) {
			parts.push(part);
			leftOut = false;
			continue;
		}
		const previous = parts[parts.length - 1];
		if (!leftOut && previous !== undefined && fits(countCharacters(previous + part), countUtf8Bytes(previous + part), limits)) {
			parts[parts.length - 1] = previous + part;
		} else {
			leftOut = true;
		}
	}
	return parts;
}

/**
 * Characters a phone shows as nothing: whitespace, control characters, format characters (zero-width
 * space, joiner and non-joiner, word joiner, soft hyphen, direction marks) and the other default-ignorable
 * code points (variation selectors, Hangul fillers). A lone surrogate counts as visible: it arrives as "�".
 */
const INVISIBLE = /^[\s\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}]*$/u;

/** Whether `text` has at least one character a recipient can see. */
export function hasVisibleText(text: string): boolean {
	return !INVISIBLE.test(text);
}

/**
 * Checks a text before sending and returns the message texts to send, in order.
 *
 * - Empty, whitespace-only or invisible text (see hasVisibleText) is refused, unless attachments are
 *   present (then `[]` is returned: the attachments go without text).
 * - More than `maxTotalChars` (1600) characters is refused.
 * - In 'split' mode (the default) a text longer than one Zoom message becomes several parts; in
 *   'reject' mode it is refused with the limit that was exceeded.
 *
 * With attachments every part is held to 1000 bytes: simpler than treating the first part apart, and
 * the node may attach the files to any of the parts.
 *
 * @throws MessageError
 */
export function validateMessage(text: string, options: ValidateMessageOptions = {}): string[] {
	const { maxTotalChars = MAX_TOTAL_MESSAGE_CHARS, mode = 'split', hasAttachments = false } = options;
	const maxBytes = hasAttachments ? ZOOM_MAX_MESSAGE_BYTES_WITH_ATTACHMENTS : ZOOM_MAX_MESSAGE_BYTES;
	if (text.trim() === '') {
		if (hasAttachments) return [];
		throw new MessageError('EMPTY', 0, 0, 'The message is empty. Enter the text to send, or add an attachment.');
	}
	if (!hasVisibleText(text)) {
		if (hasAttachments) return [];
		throw new MessageError(
			'EMPTY',
			0,
			0,
			`The message has no visible text: its ${countCharacters(text)} characters are all invisible (zero-width joiners or spaces, ` +
				'direction marks, control characters). Enter the text to send, or add an attachment.',
		);
	}
	const characters = countCharacters(text);
	if (characters > maxTotalChars) {
		throw tooLongInTotal(characters, maxTotalChars);
	}
	if (mode === 'reject') {
		assertFitsOneMessage(text, characters, maxBytes, hasAttachments);
		return [text];
	}
	return splitMessage(text, { maxChars: ZOOM_MAX_MESSAGE_CHARS, maxBytes });
}

// ---------------------------------------------------------------------------------------------------

interface Limits {
	maxChars: number;
	maxBytes: number;
}

/** Four bytes is the longest UTF-8 encoding of one code point, so any code point fits a part. */
const MIN_BYTES_PER_PART = 4;

function resolveLimits({ maxChars = ZOOM_MAX_MESSAGE_CHARS, maxBytes = ZOOM_MAX_MESSAGE_BYTES }: SplitOptions): Limits {
	if (!Number.isInteger(maxChars) || maxChars < 1) {
		throw new RangeError(`maxChars must be a whole number of at least 1, got ${maxChars}`);
	}
	if (!Number.isInteger(maxBytes) || maxBytes < MIN_BYTES_PER_PART) {
		throw new RangeError(`maxBytes must be a whole number of at least ${MIN_BYTES_PER_PART}, got ${maxBytes}`);
	}
	return { maxChars, maxBytes };
}

let segmenter: Intl.Segmenter | undefined;

/** Created once: building a segmenter loads ICU data. Locale-independent for grapheme boundaries. */
function graphemeSegmenter(): Intl.Segmenter {
	segmenter ??= new Intl.Segmenter('en', { granularity: 'grapheme' });
	return segmenter;
}

/** 2 for a surrogate pair, else 1 (a lone surrogate counts as one code point, as in `for…of`). */
function utf16Width(text: string, index: number): number {
	return (text.codePointAt(index) ?? 0) > 0xffff ? 2 : 1;
}

function utf8Length(codePoint: number): number {
	if (codePoint < 0x80) return 1;
	if (codePoint < 0x800) return 2;
	// Lone surrogates are sent as U+FFFD, also 3 bytes.
	if (codePoint < 0x10000) return 3;
	return 4;
}

function fits(characters: number, bytes: number, limits: Limits): boolean {
	return characters <= limits.maxChars && bytes <= limits.maxBytes;
}

/** Only pathological clusters (hundreds of combining marks) are larger than a part; cut them by code point. */
function cutOversizedGrapheme(grapheme: string, limits: Limits): string[] {
	if (fits(countCharacters(grapheme), countUtf8Bytes(grapheme), limits)) return [grapheme];
	return Array.from(grapheme);
}

/** Index just after the last grapheme that still fits in a part beginning at `start` (at least start + 1). */
function furthestFit(graphemes: string[], start: number, limits: Limits): number {
	let characters = 0;
	let bytes = 0;
	let end = start;
	while (end < graphemes.length) {
		characters += countCharacters(graphemes[end]);
		bytes += countUtf8Bytes(graphemes[end]);
		if (!fits(characters, bytes, limits)) break;
		end++;
	}
	return Math.max(end, start + 1);
}

/** Where to end the part: the whole rest if it fits, else after whitespace, else after punctuation. */
function chooseBreak(graphemes: string[], start: number, furthest: number): number {
	if (furthest >= graphemes.length) return graphemes.length;
	return (
		lastBreakAfter(graphemes, start, furthest, isBreakableWhitespace) ??
		lastBreakAfter(graphemes, start, furthest, isPunctuation) ??
		furthest
	);
}

function lastBreakAfter(
	graphemes: string[],
	start: number,
	furthest: number,
	isBreakOpportunity: (grapheme: string) => boolean,
): number | undefined {
	for (let end = furthest; end > start; end--) {
		if (isBreakOpportunity(graphemes[end - 1])) return end;
	}
	return undefined;
}

/** Whitespace, except the no-break spaces that exist precisely to keep words together. */
function isBreakableWhitespace(grapheme: string): boolean {
	return /^\s+$/u.test(grapheme) && !/[\u00A0\u2007\u202F\uFEFF]/u.test(grapheme);
}

function isPunctuation(grapheme: string): boolean {
	return /^\p{P}/u.test(grapheme);
}

function tooLongInTotal(characters: number, maxTotalChars: number): MessageError {
	return new MessageError(
		'TOO_LONG_TOTAL',
		characters,
		maxTotalChars,
		`The message is ${characters} characters long; the maximum is ${maxTotalChars} characters. ` +
			'Shorten the text, or send it as several items.',
	);
}

function assertFitsOneMessage(text: string, characters: number, maxBytes: number, hasAttachments: boolean): void {
	const fix = 'Shorten the text, or set Long Messages to split it into several messages.';
	if (characters > ZOOM_MAX_MESSAGE_CHARS) {
		throw new MessageError(
			'TOO_MANY_CHARACTERS',
			characters,
			ZOOM_MAX_MESSAGE_CHARS,
			`The message is ${characters} characters long, but Zoom accepts at most ${ZOOM_MAX_MESSAGE_CHARS} ` +
				`characters in one message. ${fix}`,
		);
	}
	const bytes = countUtf8Bytes(text);
	if (bytes > maxBytes) {
		const context = hasAttachments ? ' when attachments are present' : '';
		throw new MessageError(
			'TOO_MANY_BYTES',
			bytes,
			maxBytes,
			`The message is ${bytes} bytes in UTF-8 (${characters} characters), but Zoom accepts at most ` +
				`${maxBytes} bytes in one message${context}; emoji and non-Latin letters take 2 to 4 bytes each. ${fix}`,
		);
	}
}
