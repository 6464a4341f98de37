import {
	MAX_TOTAL_MESSAGE_CHARS,
	MessageError,
	ZOOM_MAX_MESSAGE_BYTES,
	ZOOM_MAX_MESSAGE_BYTES_WITH_ATTACHMENTS,
	ZOOM_MAX_MESSAGE_CHARS,
	countCharacters,
	countUtf8Bytes,
	hasVisibleText,
	splitGraphemes,
	splitMessage,
	validateMessage,
	type MessageErrorCode,
	type SplitOptions,
} from '../../nodes/shared/messageSplitting';
import { placeParts } from '../helpers/messageParts';

const THUMBS_UP_MEDIUM = '👍🏽'; // 2 code points, 8 bytes
const FAMILY = '👨‍👩‍👧‍👦'; // 7 code points (4 people + 3 zero-width joiners), 25 bytes
const FLAG_FR = '🇫🇷'; // 2 regional indicators, 8 bytes
const E_PRECOMPOSED = 'é'; // U+00E9
const E_COMBINING = 'e\u0301'; // e + combining acute accent: 2 code points, one grapheme
const CJK = '漢'; // 3 bytes
const ZWJ = '\u200D'; // zero-width joiner: shows as nothing

describe('Zoom limits', () => {
	it('are exported as named constants', () => {
		expect(ZOOM_MAX_MESSAGE_CHARS).toBe(500);
		expect(ZOOM_MAX_MESSAGE_BYTES).toBe(2048);
		expect(ZOOM_MAX_MESSAGE_BYTES_WITH_ATTACHMENTS).toBe(1000);
		expect(MAX_TOTAL_MESSAGE_CHARS).toBe(1600);
	});
});

describe('countCharacters and countUtf8Bytes', () => {
	it.each([
		['', 0, 0],
		['hello', 5, 5],
		[E_PRECOMPOSED, 1, 2],
		[E_COMBINING, 2, 3],
		[THUMBS_UP_MEDIUM, 2, 8],
		[FAMILY, 7, 25],
		[FLAG_FR, 2, 8],
		[CJK, 1, 3],
		['\r\n', 2, 2],
		['\uD83D', 1, 3], // a lone surrogate is sent as U+FFFD
	])('%j has %i code points and %i bytes', (text, characters, bytes) => {
		expect(countCharacters(text)).toBe(characters);
		expect(countUtf8Bytes(text)).toBe(bytes);
		expect(countUtf8Bytes(text)).toBe(Buffer.byteLength(text, 'utf8'));
	});
});

describe('splitGraphemes', () => {
	it('keeps emoji sequences, flags and combining accents whole', () => {
		expect(splitGraphemes(`a${FAMILY}${FLAG_FR}${THUMBS_UP_MEDIUM}${E_COMBINING}\r\n`)).toEqual([
			'a',
			FAMILY,
			FLAG_FR,
			THUMBS_UP_MEDIUM,
			E_COMBINING,
			'\r\n',
		]);
	});
});

describe('splitMessage', () => {
	// [name, text, options, expected parts]
	const cases: Array<[string, string, SplitOptions, string[]]> = [
		['empty text gives no part', '', {}, []],
		['short text is one part', 'Hello!', {}, ['Hello!']],
		['exactly 500 characters is one part', 'abcd '.repeat(100), {}, ['abcd '.repeat(100)]],
		['501 characters: the break follows the last space', 'abcd '.repeat(100) + 'x', {}, ['abcd '.repeat(100), 'x']],
		['1600 characters: four parts', 'abcd '.repeat(320), {}, [...Array(3).fill('abcd '.repeat(100)), 'abcd '.repeat(20)]],
		['breaks at a word boundary', 'a'.repeat(300) + ' ' + 'b'.repeat(300), {}, ['a'.repeat(300) + ' ', 'b'.repeat(300)]],
		['prefers the last whitespace', 'a'.repeat(100) + ' ' + 'b'.repeat(100) + ' ' + 'c'.repeat(400), {}, ['a'.repeat(100) + ' ' + 'b'.repeat(100) + ' ', 'c'.repeat(400)]],
		['then punctuation', 'a'.repeat(300) + ',' + 'b'.repeat(300), {}, ['a'.repeat(300) + ',', 'b'.repeat(300)]],
		['whitespace before punctuation', 'a'.repeat(200) + ' ' + 'b'.repeat(200) + ',' + 'c'.repeat(200), {}, ['a'.repeat(200) + ' ', 'b'.repeat(200) + ',' + 'c'.repeat(200)]],
		['a URL breaks after / or .', 'https://example.com/' + 'p'.repeat(490), {}, ['https://example.com/', 'p'.repeat(490)]],
		['a 600-character word is cut', 'a'.repeat(600), {}, ['a'.repeat(500), 'a'.repeat(100)]],
		['a no-break space is not a break', 'a'.repeat(300) + '\u00A0' + 'b'.repeat(300), {}, ['a'.repeat(300) + '\u00A0' + 'b'.repeat(199), 'b'.repeat(101)]],
		['trailing spaces are kept', 'hello   ', {}, ['hello   ']],
		['leading spaces are kept', '   hello', {}, ['   hello']],
		['spaces at the break stay with the first part', 'a'.repeat(497) + '   ' + 'b', {}, ['a'.repeat(497) + '   ', 'b']],
		['a space run longer than the room left', 'a'.repeat(499) + '   b', {}, ['a'.repeat(499) + ' ', '  b']],
		['newline is a break', 'line one\nline two', { maxChars: 10 }, ['line one\n', 'line two']],
		['CRLF fits whole', 'aaaa\r\nbbbb', { maxChars: 6 }, ['aaaa\r\n', 'bbbb']],
		// The CRLF would be a blank SMS of its own and fits nowhere else: it is left out.
		['CRLF is never cut, nor sent alone', 'aaaa\r\nbbbb', { maxChars: 5 }, ['aaaa', 'bbbb']],
		['precomposed é counts once', E_PRECOMPOSED.repeat(600), {}, [E_PRECOMPOSED.repeat(500), E_PRECOMPOSED.repeat(100)]],
		['e + combining accent stays whole', E_COMBINING.repeat(300), {}, [E_COMBINING.repeat(250), E_COMBINING.repeat(50)]],
		['odd room left: the accent does not split from its e', 'x' + E_COMBINING.repeat(300), {}, ['x' + E_COMBINING.repeat(249), E_COMBINING.repeat(51)]],
		['emoji with skin tone stays whole', 'x'.repeat(499) + THUMBS_UP_MEDIUM, {}, ['x'.repeat(499), THUMBS_UP_MEDIUM]],
		['family emoji stays whole', FAMILY.repeat(100), {}, [FAMILY.repeat(71), FAMILY.repeat(29)]],
		['flags stay whole', FLAG_FR.repeat(300), {}, [FLAG_FR.repeat(250), FLAG_FR.repeat(50)]],
		['CJK: 500 characters (1500 bytes) per part', CJK.repeat(683), {}, [CJK.repeat(500), CJK.repeat(183)]],
		['CJK with the attachment byte limit: bytes bind first', CJK.repeat(400), { maxBytes: 1000 }, [CJK.repeat(333), CJK.repeat(67)]],
		['emoji with a small byte limit', THUMBS_UP_MEDIUM.repeat(5), { maxBytes: 20 }, [THUMBS_UP_MEDIUM.repeat(2), THUMBS_UP_MEDIUM.repeat(2), THUMBS_UP_MEDIUM]],
		// No part without anything to read (issue 9): a recipient would get a blank SMS.
		['text is only invisible characters: no part', ZWJ.repeat(600), {}, []],
		['only spaces and line breaks: no part', ' \n\t\r\n', {}, []],
		['600 zero-width spaces: no part', '\u200B'.repeat(600), {}, []],
		['a 500-character text followed by line breaks: they are not a part of their own', 'abcd '.repeat(100) + '\n\n\n\n', {}, ['abcd '.repeat(100)]],
		['line breaks just over the limit: those that fit stay, the rest is not sent alone', 'a'.repeat(497) + '\n\n\n\n', {}, ['a'.repeat(497) + '\n\n\n']],
		['line breaks that fit the part before join it', 'a'.repeat(300) + ' ' + 'b'.repeat(300) + '\n\n', {}, ['a'.repeat(300) + ' ', 'b'.repeat(300) + '\n\n']],
		['zero-width joiners after a word: no invisible second part', 'hello' + ZWJ.repeat(600), {}, ['hello' + ZWJ.repeat(495)]],
		['a text after 600 spaces: the blank first part is left out', ' '.repeat(600) + 'hi', {}, [' '.repeat(100) + 'hi']],
		['a blank run of more than a part inside the text', 'a'.repeat(10) + ' '.repeat(1200) + 'b', {}, ['a'.repeat(10) + ' '.repeat(490), ' '.repeat(210) + 'b']],
		['direction marks and variation selectors alone are invisible', 'x'.repeat(500) + '\u200E\uFE0F\u2060\u00AD', {}, ['x'.repeat(500)]],
	];

	it.each(cases)('%s', (_name, text, options, expected) => {
		const parts = splitMessage(text, options);
		expect(parts).toEqual(expected);
		expectWellFormedParts(text, parts, options);
	});

	it('cuts a grapheme only when it alone exceeds a part (hundreds of stacked accents)', () => {
		const zalgo = 'a' + '\u0301'.repeat(600);
		expect(splitGraphemes(zalgo)).toHaveLength(1);
		const parts = splitMessage(zalgo);
		expect(parts.join('')).toBe(zalgo);
		expect(parts.map(countCharacters)).toEqual([500, 101]);
	});

	it('never cuts a surrogate pair', () => {
		const parts = splitMessage('😀'.repeat(10), { maxChars: 3 });
		expect(parts).toEqual(['😀😀😀', '😀😀😀', '😀😀😀', '😀']);
	});

	it.each([{ maxChars: 0 }, { maxChars: 1.5 }, { maxBytes: 3 }])('refuses unusable limits %j', (options) => {
		expect(() => splitMessage('text', options)).toThrow(RangeError);
	});
});

describe('validateMessage', () => {
	it('sends a short text as one part', () => {
		expect(validateMessage('Your appointment is confirmed for 10:00.')).toEqual(['Your appointment is confirmed for 10:00.']);
	});

	it.each(['', '   ', '\n\t '])('refuses the empty text %j', (text) => {
		const error = catchMessageError(() => validateMessage(text));
		expect(error.code).toBe<MessageErrorCode>('EMPTY');
		expect(error.message).toBe('The message is empty. Enter the text to send, or add an attachment.');
	});

	it.each([ZWJ.repeat(600), '\u200B\u200C\u2060', ' \u200D\n', '\u0000', '\u0000\u0007 '])('refuses the invisible text %j, saying so', (text) => {
		const error = catchMessageError(() => validateMessage(text));
		expect(error.code).toBe<MessageErrorCode>('EMPTY');
		expect(error.message).toBe(
			`The message has no visible text: its ${countCharacters(text)} characters are all invisible (zero-width joiners or spaces, ` +
				'direction marks, control characters). Enter the text to send, or add an attachment.',
		);
		expect(() => validateMessage(text, { mode: 'reject' })).toThrow(MessageError);
	});

	it('a text ending in line breaks just over 500 characters is sent as one message', () => {
		expect(validateMessage('abcd '.repeat(100) + '\n\n\n\n')).toEqual(['abcd '.repeat(100)]);
	});

	it.each(['', '   ', ZWJ.repeat(600)])('allows the empty text %j when attachments are present', (text) => {
		expect(validateMessage(text, { hasAttachments: true })).toEqual([]);
	});

	it('accepts exactly 1600 characters and splits them', () => {
		const parts = validateMessage('abcd '.repeat(320));
		expect(parts).toHaveLength(4);
		expect(parts.join('')).toBe('abcd '.repeat(320));
	});

	it('refuses 1601 characters, naming the length, the limit and the fix', () => {
		const error = catchMessageError(() => validateMessage('a'.repeat(1601)));
		expect(error).toMatchObject({ code: 'TOO_LONG_TOTAL', measured: 1601, limit: 1600 });
		expect(error.message).toBe(
			'The message is 1601 characters long; the maximum is 1600 characters. Shorten the text, or send it as several items.',
		);
	});

	it('counts the total in code points, not UTF-16 units', () => {
		expect(() => validateMessage('😀'.repeat(1600))).not.toThrow();
		expect(catchMessageError(() => validateMessage('😀'.repeat(1601))).measured).toBe(1601);
	});

	it('honours a custom total limit', () => {
		expect(catchMessageError(() => validateMessage('a'.repeat(11), { maxTotalChars: 10 })).limit).toBe(10);
	});

	describe("in 'reject' mode", () => {
		it('accepts exactly 500 characters', () => {
			expect(validateMessage('a'.repeat(500), { mode: 'reject' })).toEqual(['a'.repeat(500)]);
		});

		it('accepts 500 emoji: 500 code points, 2000 bytes (1000 UTF-16 units)', () => {
			expect(validateMessage('😀'.repeat(500), { mode: 'reject' })).toHaveLength(1);
		});

		it('refuses 501 characters, naming the character limit and the fix', () => {
			const error = catchMessageError(() => validateMessage('a'.repeat(501), { mode: 'reject' }));
			expect(error).toMatchObject({ code: 'TOO_MANY_CHARACTERS', measured: 501, limit: 500 });
			expect(error.message).toBe(
				'The message is 501 characters long, but Zoom accepts at most 500 characters in one message. ' +
					'Shorten the text, or set Long Messages to split it into several messages.',
			);
		});

		it('refuses more bytes than allowed with attachments, naming the byte limit', () => {
			const error = catchMessageError(() => validateMessage(CJK.repeat(400), { mode: 'reject', hasAttachments: true }));
			expect(error).toMatchObject({ code: 'TOO_MANY_BYTES', measured: 1200, limit: 1000 });
			expect(error.message).toBe(
				'The message is 1200 bytes in UTF-8 (400 characters), but Zoom accepts at most 1000 bytes in one ' +
					'message when attachments are present; emoji and non-Latin letters take 2 to 4 bytes each. ' +
					'Shorten the text, or set Long Messages to split it into several messages.',
			);
		});

		it('still refuses texts over the total limit with the total-limit error', () => {
			expect(catchMessageError(() => validateMessage('a'.repeat(1601), { mode: 'reject' })).code).toBe('TOO_LONG_TOTAL');
		});
	});

	it('with attachments, splits at 1000 bytes', () => {
		const parts = validateMessage(CJK.repeat(400), { hasAttachments: true });
		expect(parts).toEqual([CJK.repeat(333), CJK.repeat(67)]);
	});

	it('without attachments, 683 CJK characters split on the character limit (2048 bytes cannot bind first)', () => {
		// 500 code points take at most 2000 bytes, so the 2048-byte rule is implied by the 500-character one.
		const parts = validateMessage(CJK.repeat(683));
		expect(parts.map(countCharacters)).toEqual([500, 183]);
		expect(parts.map(countUtf8Bytes)).toEqual([1500, 549]);
	});
});

/** The invariants every split must satisfy, checked on each table case. */
function expectWellFormedParts(text: string, parts: string[], options: SplitOptions): void {
	const { maxChars = ZOOM_MAX_MESSAGE_CHARS, maxBytes = ZOOM_MAX_MESSAGE_BYTES } = options;
	// The parts are the text in order, less only runs with nothing visible in them.
	expect(placeParts(text, parts)).toBeDefined();
	for (const part of parts) {
		expect(part).not.toBe('');
		expect(hasVisibleText(part)).toBe(true);
		expect(countCharacters(part)).toBeLessThanOrEqual(maxChars);
		expect(countUtf8Bytes(part)).toBeLessThanOrEqual(maxBytes);
	}
	if (parts.join('') === text) expect(parts.flatMap(splitGraphemes)).toEqual(splitGraphemes(text));
}

function catchMessageError(action: () => unknown): MessageError {
	let thrown: unknown;
	try {
		action();
	} catch (error) {
		thrown = error;
	}
	expect(thrown).toBeInstanceOf(MessageError);
	return thrown as MessageError;
}
