import fc from 'fast-check';

import { signWebhook, verifyWebhookSignature } from '../../nodes/shared/webhookSignature';

const body = fc.uint8Array({ maxLength: 4096 }).map((bytes) => Buffer.from(bytes));
const secret = fc.string({ unit: 'binary', minLength: 1, maxLength: 64 }).filter((value) => value.trim() !== '');
const timestamp = fc.integer({ min: 0, max: 99_999_999_999 });

describe('verifyWebhookSignature (properties)', () => {
	it('accepts its own signatures, for Buffer and string bodies', () => {
		fc.assert(
			fc.property(body, fc.string({ unit: 'binary', maxLength: 2000 }), secret, timestamp, (bytes, text, key, ts) => {
				for (const rawBody of [bytes, text]) {
					const signatureHeader = signWebhook(rawBody, ts, key);
					expect(verifyWebhookSignature({ rawBody, signatureHeader, timestampHeader: String(ts), secret: key, nowSeconds: ts })).toEqual({
						valid: true,
					});
				}
			}),
		);
	});

	it('rejects any single-byte change of the body', () => {
		const change = fc.record({ position: fc.nat(), delta: fc.integer({ min: 1, max: 255 }) });
		fc.assert(
			fc.property(body.filter((bytes) => bytes.length > 0), secret, timestamp, change, (bytes, key, ts, { position, delta }) => {
				const signatureHeader = signWebhook(bytes, ts, key);
				const tampered = Buffer.from(bytes);
				const index = position % tampered.length;
				tampered[index] = (tampered[index] + delta) % 256;
				expect(verifyWebhookSignature({ rawBody: tampered, signatureHeader, timestampHeader: String(ts), secret: key, nowSeconds: ts })).toEqual({
					valid: false,
					reason: 'mismatch',
				});
			}),
		);
	});

	it('rejects a body with one byte added or removed', () => {
		fc.assert(
			fc.property(body.filter((bytes) => bytes.length > 0), secret, timestamp, fc.integer({ min: 0, max: 255 }), (bytes, key, ts, extra) => {
				const signatureHeader = signWebhook(bytes, ts, key);
				for (const rawBody of [Buffer.concat([bytes, Buffer.from([extra])]), bytes.subarray(0, -1)]) {
					expect(verifyWebhookSignature({ rawBody, signatureHeader, timestampHeader: String(ts), secret: key, nowSeconds: ts }).valid).toBe(false);
				}
			}),
		);
	});

	it('never throws and never accepts arbitrary headers', () => {
		fc.assert(
			fc.property(body, fc.option(fc.string()), fc.option(fc.string()), secret, (rawBody, signatureHeader, timestampHeader, key) => {
				const result = verifyWebhookSignature({
					rawBody,
					signatureHeader: signatureHeader ?? undefined,
					timestampHeader: timestampHeader ?? undefined,
					secret: key,
					nowSeconds: 1_700_000_000,
				});
				expect(result.valid).toBe(false);
			}),
			{ numRuns: 500 },
		);
	});
});
