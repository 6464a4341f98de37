import fc from 'fast-check';

import {
	MAX_TOTAL_MESSAGE_CHARS,
	ZOOM_MAX_MESSAGE_BYTES,
	ZOOM_MAX_MESSAGE_CHARS,
	countCharacters,
	countUtf8Bytes,
	hasVisibleText,
	splitGraphemes,
	splitMessage,
	validateMessage,
} from '../../nodes/shared/messageSplitting';
import { placeParts } from '../helpers/messageParts';

/** Pieces that stress grapheme segmentation; joined at random they also form broken or odd sequences. */
const TRICKY_PIECES = [
	'a',
	'word ',
	' ',
	'\n',
	'\r\n',
	'\t',
	',',
	'.',
	'\u00A0',
	'é',
	'e\u0301',
	'\u0301', // a combining accent on its own, or stacked on the previous piece
	'\u200D', // zero-width joiner
	'\uFE0F', // emoji presentation selector
	'👍🏽',
	'👨‍👩‍👧‍👦',
	'🏳️‍🌈',
	'🇫🇷',
	'🇫', // half a flag: regional indicators pair up from the left
	'漢字',
	'한국어',
	'नमस्ते',
	'\uD83D', // a lone surrogate
];

const INVISIBLE_RUN = /[\s\p{Cc}\p{Cf}\p{Default_Ignorable_Code_Point}]+/gu;

/** Characters that render as nothing. */
const INVISIBLE_PIECES = ['\n', ' ', '\t', '\r\n', '\u200D', '\u200B', '\u200C', '\u2060', '\uFE0F', '\u200E', '\u00AD'];

const message = fc
	.oneof(
		fc.string({ unit: 'binary', maxLength: MAX_TOTAL_MESSAGE_CHARS }),
		fc.string({ unit: 'grapheme', maxLength: 800 }),
		fc.string({ unit: 'grapheme-ascii', maxLength: MAX_TOTAL_MESSAGE_CHARS }),
		fc.array(fc.constantFrom(...TRICKY_PIECES), { maxLength: 600 }).map((pieces) => pieces.join('')),
		fc.array(fc.oneof(fc.constantFrom(...TRICKY_PIECES), fc.string({ unit: 'grapheme', maxLength: 3 })), { maxLength: 600 }).map((pieces) =>
			pieces.join(''),
		),
		// Long runs of what a phone shows as nothing, before, between and after words.
		fc
			.array(fc.oneof(fc.constantFrom('word', 'a'.repeat(120), '漢字'), fc.constantFrom(...INVISIBLE_PIECES).chain((piece) => fc.integer({ min: 1, max: 700 }).map((n) => piece.repeat(n)))), {
				maxLength: 8,
			})
			.map((pieces) => pieces.join('')),
	)
	.filter((text) => countCharacters(text) <= MAX_TOTAL_MESSAGE_CHARS);

/** Zoom's limits most of the time, and small ones that force many cuts inside emoji-heavy text. */
const limits = fc.oneof(
	fc.constant({ maxChars: ZOOM_MAX_MESSAGE_CHARS, maxBytes: ZOOM_MAX_MESSAGE_BYTES }),
	fc.constant({ maxChars: ZOOM_MAX_MESSAGE_CHARS, maxBytes: 1000 }),
	fc.record({ maxChars: fc.integer({ min: 1, max: 600 }), maxBytes: fc.integer({ min: 4, max: 2500 }) }),
);

describe('splitMessage (properties)', () => {
	it('gives back the message when the parts are joined, less only blank runs; no part blank; each within both limits', () => {
		fc.assert(
			fc.property(message, limits, (text, { maxChars, maxBytes }) => {
				const parts = splitMessage(text, { maxChars, maxBytes });
				expect(placeParts(text, parts)).toBeDefined();
				// Nothing a reader can see is lost.
				expect(parts.join('').replace(INVISIBLE_RUN, '')).toBe(text.replace(INVISIBLE_RUN, ''));
				for (const part of parts) {
					expect(part.length).toBeGreaterThan(0);
					expect(hasVisibleText(part)).toBe(true);
					expect(countCharacters(part)).toBeLessThanOrEqual(maxChars);
					expect(countUtf8Bytes(part)).toBeLessThanOrEqual(maxBytes);
				}
			}),
			{ numRuns: 500 },
		);
	});

	it('only cuts between graphemes (each part is a run of whole graphemes of the message)', () => {
		fc.assert(
			fc.property(message, limits, (text, { maxChars, maxBytes }) => {
				const parts = splitMessage(text, { maxChars, maxBytes });
				const oversized = (grapheme: string) => countCharacters(grapheme) > maxChars || countUtf8Bytes(grapheme) > maxBytes;
				for (const cut of cutOffsets(text, parts)) {
					const grapheme = graphemeStraddling(text, cut);
					// The only allowed exception: a grapheme larger than a whole part, cut between code points.
					if (grapheme !== undefined) {
						expect(oversized(grapheme)).toBe(true);
						expect(isInsideSurrogatePair(text, cut)).toBe(false);
					}
				}
			}),
			{ numRuns: 500 },
		);
	});

	it('returns the message as its single part when it fits', () => {
		fc.assert(
			fc.property(message, (text) => {
				const fitsOne = countCharacters(text) <= ZOOM_MAX_MESSAGE_CHARS && countUtf8Bytes(text) <= ZOOM_MAX_MESSAGE_BYTES;
				const parts = splitMessage(text);
				if (!hasVisibleText(text)) expect(parts).toEqual([]);
				else if (fitsOne) expect(parts).toEqual([text]);
				// Longer: several parts, unless what did not fit was a blank run, left out.
				else expect(parts.length).toBeGreaterThan(parts.join('') === text ? 1 : 0);
			}),
			{ numRuns: 300 },
		);
	});

	it("validateMessage in 'split' mode accepts every message with visible text up to 1600 characters", () => {
		fc.assert(
			fc.property(message, fc.boolean(), (text, hasAttachments) => {
				fc.pre(hasVisibleText(text));
				const parts = validateMessage(text, { hasAttachments });
				expect(placeParts(text, parts)).toBeDefined();
				expect(parts.every(hasVisibleText)).toBe(true);
			}),
			{ numRuns: 300 },
		);
	});
});

/** UTF-16 offsets of the text where a part begins or ends. */
function cutOffsets(text: string, parts: string[]): number[] {
	const starts = placeParts(text, parts) ?? [];
	return starts.flatMap((start, index) => [start, start + parts[index].length]).filter((offset) => offset > 0 && offset < text.length);
}

/** The grapheme of `text` that `offset` falls strictly inside, if any. */
function graphemeStraddling(text: string, offset: number): string | undefined {
	let start = 0;
	for (const grapheme of splitGraphemes(text)) {
		const end = start + grapheme.length;
		if (offset > start && offset < end) return grapheme;
		if (end >= offset) return undefined;
		start = end;
	}
	return undefined;
}

function isInsideSurrogatePair(text: string, offset: number): boolean {
	const before = text.charCodeAt(offset - 1);
	const after = text.charCodeAt(offset);
	return before >= 0xd800 && before <= 0xdbff && after >= 0xdc00 && after <= 0xdfff;
}
