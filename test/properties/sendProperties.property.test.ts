/**
 * Properties of Message → Send as a whole, run through n8n's real engine against the simulator (the pure
 * modules have their own properties in test/unit): whatever numbers and texts users feed it, the node
 * either sends something Zoom can take or fails that item with a clear node error; it never sends an
 * invalid number, never cuts a character in two, and the parts Zoom receives join back into the text.
 *
 * Runs are batched (one engine run carries several generated items) and counted modestly so the suite
 * stays fast; fast-check's seed is printed on failure to replay a case.
 */
import fc from 'fast-check';
import { getCountries, isPossiblePhoneNumber, type CountryCode } from 'libphonenumber-js/min';
import type { IDataObject, INodeExecutionData } from 'n8n-workflow';

import { countCharacters, countUtf8Bytes, hasVisibleText, MAX_TOTAL_MESSAGE_CHARS } from '../../nodes/shared/messageSplitting';
import { E164_PATTERN, exampleNumberFor } from '../../nodes/shared/phoneNumbers';
import { InProcessN8n } from '../helpers/n8nEngine';
import { sendParameters, simulatorCredential } from '../helpers/fixtures';
import { SEED } from '../simulator/seed';
import { startZoomSimulator, type AcceptedMessage, type ZoomSimulator } from '../simulator/zoomSimulator';

let sim: ZoomSimulator;
beforeAll(async () => {
	sim = await startZoomSimulator();
});
afterAll(async () => {
	await sim.stop();
});

const countries = getCountries();

interface PhoneCase {
	phone: string;
	country: CountryCode;
	/** Set when the input is a well-formed way of writing a known number: it must arrive as this. */
	expected?: string;
}

/** A country's example number written the ways people write numbers. */
const wellFormed: fc.Arbitrary<PhoneCase> = fc
	.tuple(
		fc.constantFrom(...countries),
		fc.constantFrom(...countries),
		fc.constantFrom('e164', 'international', 'tel', 'national'),
		fc.constantFrom(' ', '-', '.', '', '\u00A0'),
	)
	.map(([country, otherDefault, style, separator]): PhoneCase => {
		const example = exampleNumberFor(country);
		const digits = example.e164.slice(1);
		const grouped = (text: string) => text.replace(/(\d{3})(?=\d)/g, `$1${separator}`);
		switch (style) {
			case 'national':
				// Only unambiguous with the number's own country as the default.
				return { phone: grouped(example.national.replace(/\D/g, '')), country, expected: example.e164 };
			case 'international':
				return { phone: `+${grouped(digits)}`, country: otherDefault, expected: example.e164 };
			case 'tel':
				return { phone: `tel:${example.e164}`, country: otherDefault, expected: example.e164 };
			default:
				return { phone: example.e164, country: otherDefault, expected: example.e164 };
		}
	});

/** Anything at all: digit soup, junk, letters, unicode, wrong lengths. */
const arbitraryInput: fc.Arbitrary<PhoneCase> = fc.record({
	phone: fc.oneof(
		fc.string({ unit: fc.constantFrom(...'0123456789'), maxLength: 20 }),
		fc.string({ unit: fc.constantFrom(...'0123456789 -.()+/#*x'), maxLength: 25 }),
		fc.tuple(fc.constantFrom('+', '00', '011', 'tel:', '+1', '0'), fc.string({ unit: fc.constantFrom(...'0123456789 '), maxLength: 18 })).map(([a, b]) => a + b),
		fc.string({ unit: 'grapheme', maxLength: 20 }),
		fc.string({ unit: 'binary', maxLength: 20 }),
	),
	country: fc.constantFrom(...countries),
});

const phoneCase = fc.oneof(wellFormed, arbitraryInput);

async function runSend(input: Array<Record<string, string>>, extra: Record<string, unknown>, continueOnFail: boolean) {
	sim.reset();
	const n8n = new InProcessN8n(simulatorCredential(sim));
	return await n8n.run(sendParameters({ ...extra, options: { requestsPerSecond: 100, ...(extra.options as object) } }), input, { continueOnFail });
}

function acceptedById(): Map<string, AcceptedMessage> {
	return new Map(sim.messages.map((message) => [message.messageId, message]));
}

describe('phone numbers through the node', () => {
	const toParameters = { options: { defaultCountry: '={{ $json.country }}' } };

	test('each item is sent to a valid E.164 number (its own, when well formed) or fails with a clear node error', async () => {
		const seen = { sentAsExpected: 0, rejected: 0 };
		await fc.assert(
			fc.asyncProperty(fc.array(phoneCase, { minLength: 1, maxLength: 12 }), async (cases) => {
				const { items, error } = await runSend(
					cases.map(({ phone, country }) => ({ phone, country, text: 'hi' })),
					toParameters,
					true,
				);
				expect(error).toBeUndefined();
				expect(items).toHaveLength(cases.length);
				const byId = acceptedById();
				items.forEach((item, index) => {
					const json = item.json;
					if (json.success === true) {
						const accepted = byId.get(json.messageId as string);
						expect(accepted?.toMembers).toEqual([json.to]);
						expect(json.to).toMatch(E164_PATTERN);
						expect(isPossiblePhoneNumber(json.to as string)).toBe(true);
						if (cases[index].expected) {
							expect(json.to).toBe(cases[index].expected);
							seen.sentAsExpected++;
						}
					} else {
						seen.rejected++;
						expect(cases[index].expected).toBeUndefined();
						// Our own validation, never Zoom rejecting a number we let through.
						expect(json.error).toMatch(new RegExp(`^Item ${index}: To: \\S`));
					}
				});
				// Nothing else reached Zoom, and everything that did is E.164.
				expect(sim.messages).toHaveLength(items.filter((item) => item.json.success === true).length);
				for (const message of sim.messages) expect(message.toMembers.every((number) => E164_PATTERN.test(number))).toBe(true);
			}),
			{ numRuns: 25 },
		);
		// The generators reached both sides of the property.
		expect(seen.sentAsExpected).toBeGreaterThan(20);
		expect(seen.rejected).toBeGreaterThan(20);
	});

	test('without Continue On Fail, an invalid number stops the run before anything is sent, with a NodeOperationError naming it', async () => {
		await fc.assert(
			fc.asyncProperty(fc.array(phoneCase, { minLength: 1, maxLength: 8 }), async (cases) => {
				const { items, error } = await runSend(
					cases.map(({ phone, country }) => ({ phone, country, text: 'hi' })),
					toParameters,
					false,
				);
				if (error === undefined) {
					expect(items).toHaveLength(cases.length);
					expect(sim.messages).toHaveLength(cases.length);
					return;
				}
				expect(error.name).toBe('NodeOperationError');
				const failedIndex = Number(/^Item (\d+): To: /.exec(error.message)?.[1]);
				expect(Number.isInteger(failedIndex)).toBe(true);
				expect(cases[failedIndex].expected).toBeUndefined();
				// It shows what a valid number looks like.
				expect(`${error.message} ${error.description ?? ''}`).toMatch(/\+\d{6,}/);
				expect(sim.messages).toHaveLength(0);
			}),
			{ numRuns: 20 },
		);
	});
});

describe('messages through the node', () => {
	/** Pieces that stress splitting: emoji sequences, combining marks, scripts, whitespace, lone surrogates. */
	const pieces = ['a', 'word ', ' ', '\n', '\t', '.', 'é', 'e\u0301', '\u0301', '\u200D', '👍🏽', '👨‍👩‍👧‍👦', '🏳️‍🌈', '🇫🇷', '🇫', '漢字', 'नमस्ते', '\uD83D'];
	const text = fc.oneof(
		{
			weight: 3,
			arbitrary: fc
				.array(fc.oneof(fc.constantFrom(...pieces), fc.string({ unit: 'grapheme', maxLength: 4 })), { minLength: 1, maxLength: 700, size: 'max' })
				.map((parts) => parts.join('')),
		},
		{ weight: 1, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1400, maxLength: 1700 }) },
		{ weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 600 }) },
		{ weight: 1, arbitrary: fc.constantFrom('', '   ', '\n\t') },
	);

	function graphemeBoundaries(value: string): Set<number> {
		const boundaries = new Set<number>([value.length]);
		for (const { index } of new Intl.Segmenter('en', { granularity: 'grapheme' }).segment(value)) boundaries.add(index);
		return boundaries;
	}

	function partsOf(item: INodeExecutionData, byId: Map<string, AcceptedMessage>): AcceptedMessage[] {
		const ids = Array.isArray(item.json.parts) ? (item.json.parts as Array<{ messageId: string }>).map((part) => part.messageId) : [item.json.messageId as string];
		return ids.map((id) => {
			const accepted = byId.get(id);
			if (!accepted) throw new Error(`Zoom has no message ${id}`);
			return accepted;
		});
	}

	test('Zoom receives parts within its limits, cut only between characters, that join back into the text', async () => {
		const seen = { split: 0, splitWithEmoji: 0, rejected: 0 };
		await fc.assert(
			fc.asyncProperty(fc.array(text, { minLength: 1, maxLength: 6 }), async (texts) => {
				const { items, error } = await runSend(
					texts.map((value) => ({ phone: SEED.contacts.casey, text: value })),
					{},
					true,
				);
				expect(error).toBeUndefined();
				const byId = acceptedById();
				let partsSent = 0;
				items.forEach((item, index) => {
					const value = texts[index];
					// Invisible-only text ("\u0000", zero-width spaces) is refused like blank text: test/unit/messageSplitting.test.ts
					// holds the cases of what counts as invisible.
					if (!hasVisibleText(value) || countCharacters(value) > MAX_TOTAL_MESSAGE_CHARS) {
						expect(item.json.success).toBe(false);
						expect(item.json.error).toMatch(new RegExp(`^Item ${index}: Message: \\S`));
						seen.rejected++;
						return;
					}
					expect(item.json.success).toBe(true);
					const parts = partsOf(item, byId);
					partsSent += parts.length;
					if (parts.length > 1) {
						seen.split++;
						if (/\p{Extended_Pictographic}/u.test(value)) seen.splitWithEmoji++;
					}
					expect(parts.map((part) => part.message).join('')).toBe(value);
					// Sent in order, in one conversation.
					expect(parts.map((part) => part.seq)).toEqual([...parts.map((part) => part.seq)].sort((a, b) => a - b));
					expect(new Set(parts.map((part) => part.sessionId)).size).toBe(1);
					const boundaries = graphemeBoundaries(value);
					let offset = 0;
					for (const part of parts) {
						const partText = part.message ?? '';
						expect(countCharacters(partText)).toBeLessThanOrEqual(500);
						expect(countUtf8Bytes(partText)).toBeLessThanOrEqual(2048);
						offset += partText.length;
						expect({ offset, atGraphemeBoundary: boundaries.has(offset) }).toEqual({ offset, atGraphemeBoundary: true });
					}
				});
				expect(sim.messages).toHaveLength(partsSent);
			}),
			{ numRuns: 20 },
		);
		// The generators reached every side of the property: texts split (some with emoji) and texts refused.
		expect(Math.min(seen.split, seen.splitWithEmoji, seen.rejected)).toBeGreaterThan(2);
	});
});

describe('values of any type from expressions', () => {
	/** What an expression can return: JSON of any shape, and the odd numbers JavaScript has. */
	const anyValue: fc.Arbitrary<unknown> = fc.oneof(
		fc.jsonValue({ maxDepth: 2 }),
		fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, -0, 1e300, 3_000_000, 2 ** 31, -1, 0.5, '', ' ', 'ten', '1e3', true, false, null),
	);

	test('a message and options of any type: the item is sent as text Zoom can take, or fails with "Item N:"; never "[object Object]"', async () => {
		await fc.assert(
			fc.asyncProperty(
				fc.array(fc.record({ message: anyValue, timeoutSeconds: anyValue, sessionId: anyValue, longMessages: anyValue }), { minLength: 1, maxLength: 4 }),
				fc.oneof({ arbitrary: fc.constant(100), weight: 3 }, { arbitrary: anyValue, weight: 1 }),
				async (cases, requestsPerSecond) => {
					const input = cases.map((entry) => ({ phone: SEED.contacts.casey, ...entry }) as IDataObject);
					sim.reset();
					const n8n = new InProcessN8n(simulatorCredential(sim));
					const result = await n8n.run(
						sendParameters({
							message: '={{ $json.message }}',
							options: {
								requestsPerSecond: requestsPerSecond as never,
								timeoutSeconds: '={{ $json.timeoutSeconds }}',
								sessionId: '={{ $json.sessionId }}',
								longMessages: '={{ $json.longMessages }}',
								deliveryCheckSeconds: 0,
							},
						}),
						input,
						{ onError: 'continueRegularOutput' },
					);
					// A run-wide option (Requests per Second) that is not a number fails the run, naming item 0.
					if (result.error) {
						expect(result.error.message).toMatch(/^Item \d+: /);
						expect(sim.messages).toHaveLength(0);
						return;
					}
					expect(result.items).toHaveLength(input.length);
					for (const message of sim.messages) {
						expect(message.message).not.toMatch(/\[object Object\]/);
						expect(message.message?.trim().length ?? 0).toBeGreaterThan(0);
					}
					for (const item of result.items) {
						if (item.json.success === true) continue;
						expect(String(item.json.error)).toMatch(/^Item \d+: \S/);
						expect(String(item.json.error)).not.toMatch(/is not a function|Cannot read properties|undefined \(reading/);
					}
				},
			),
			{ numRuns: 40 },
		);
	}, 60_000);
});
