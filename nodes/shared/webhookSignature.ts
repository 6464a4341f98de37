/**
 * Zoom webhook security: the URL-validation challenge and the `x-zm-signature` request signature.
 *
 *   encryptedToken = hex(HMAC-SHA256(secret, plainToken))
 *   x-zm-signature = "v0=" + hex(HMAC-SHA256(secret, "v0:" + x-zm-request-timestamp + ":" + body))
 *
 * We sign the raw body bytes as received: re-serialising parsed JSON (as Zoom's own sample does) can
 * change key order, spacing or escapes and make a genuine request fail.
 */
// Buffer is used as a global: the n8n community-node lint allows only 'node:crypto' among Node modules.
import { createHmac, timingSafeEqual } from 'node:crypto';

/** Zoom documents no replay window; five minutes is the common choice (Stripe, Slack). */
export const DEFAULT_SIGNATURE_TOLERANCE_SECONDS = 300;

export type WebhookSignatureFailure =
	| 'missing-secret'
	| 'missing-signature'
	| 'missing-timestamp'
	| 'malformed'
	| 'stale'
	| 'future'
	| 'mismatch';

export type WebhookSignatureResult = { valid: true } | { valid: false; reason: WebhookSignatureFailure };

/** A header as Node's `IncomingHttpHeaders` may give it. */
export type HeaderValue = string | string[] | undefined;

export interface VerifyWebhookSignatureInput {
	/** The request body exactly as received. */
	rawBody: Buffer | string;
	/** `x-zm-signature`, e.g. `v0=5f6b…`. */
	signatureHeader: HeaderValue;
	/** `x-zm-request-timestamp`, in seconds since 1970. */
	timestampHeader: HeaderValue;
	/** The event subscription's Secret Token. */
	secret: string;
	/** Current time in seconds; defaults to the system clock. */
	nowSeconds?: number;
	/** How far the timestamp may be from now, in either direction. */
	toleranceSeconds?: number;
	/** How far ahead of now the timestamp may be; defaults to `toleranceSeconds`. */
	maxFutureSeconds?: number;
}

/** The `encryptedToken` Zoom expects in the reply to an `endpoint.url_validation` event. */
export function computeUrlValidationToken(plainToken: string, secret: string): string {
	return createHmac('sha256', secret).update(plainToken, 'utf8').digest('hex');
}

/** The whole JSON reply to an `endpoint.url_validation` event. */
export function buildUrlValidationResponse(
	plainToken: string,
	secret: string,
): { plainToken: string; encryptedToken: string } {
	return { plainToken, encryptedToken: computeUrlValidationToken(plainToken, secret) };
}

/** The `x-zm-signature` value Zoom would send for this body and timestamp (`v0=<hex>`). */
export function signWebhook(rawBody: Buffer | string, timestampSeconds: number | string, secret: string): string {
	return `${SIGNATURE_VERSION}=${signatureDigest(rawBody, String(timestampSeconds), secret).toString('hex')}`;
}

/**
 * Checks a webhook request's signature and freshness. Never throws: odd headers give `malformed`.
 *
 * The signature is checked before the clock, so a genuine but old request reports `stale` (clock skew
 * or replay) while a forged one reports `mismatch` (wrong secret, altered body).
 */
export function verifyWebhookSignature(input: VerifyWebhookSignatureInput): WebhookSignatureResult {
	const {
		rawBody,
		secret,
		nowSeconds = Math.floor(Date.now() / 1000),
		toleranceSeconds = DEFAULT_SIGNATURE_TOLERANCE_SECONDS,
	} = input;
	const signature = singleHeader(input.signatureHeader);
	const timestamp = singleHeader(input.timestampHeader);
	if (typeof secret !== 'string' || secret === '') return failure('missing-secret');
	if (signature === undefined) return failure('missing-signature');
	if (timestamp === undefined) return failure('missing-timestamp');
	if (isRepeated(input.signatureHeader) || isRepeated(input.timestampHeader)) return failure('malformed');
	const received = decodeSignature(signature);
	if (received === undefined || !TIMESTAMP_PATTERN.test(timestamp)) return failure('malformed');
	if (typeof rawBody !== 'string' && !Buffer.isBuffer(rawBody)) return failure('malformed');

	const expected = signatureDigest(rawBody, timestamp, secret);
	if (!timingSafeEqual(received, expected)) return failure('mismatch');

	const now = Number.isFinite(nowSeconds) ? nowSeconds : Math.floor(Date.now() / 1000);
	const age = now - Number(timestamp);
	if (age > toleranceSeconds) return failure('stale');
	if (-age > (input.maxFutureSeconds ?? toleranceSeconds)) return failure('future');
	return { valid: true };
}

// ---------------------------------------------------------------------------------------------------

const SIGNATURE_VERSION = 'v0';
const SIGNATURE_PATTERN = /^v0=([0-9a-f]{64})$/i;
/** Whole seconds; 1 to 12 digits keeps the number exact and rejects signs, decimals and exponents. */
const TIMESTAMP_PATTERN = /^\d{1,12}$/;

function signatureDigest(rawBody: Buffer | string, timestamp: string, secret: string): Buffer {
	return createHmac('sha256', secret)
		.update(`${SIGNATURE_VERSION}:${timestamp}:`, 'utf8')
		.update(typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : rawBody)
		.digest();
}

/** 32 bytes from `v0=<64 hex digits>`, or undefined. Fixed length keeps timingSafeEqual from throwing. */
function decodeSignature(header: string): Buffer | undefined {
	const match = SIGNATURE_PATTERN.exec(header.trim());
	return match === null ? undefined : Buffer.from(match[1], 'hex');
}

/** The header's value, trimmed; the first one when it was sent several times (then `isRepeated`). */
function singleHeader(value: HeaderValue): string | undefined {
	const single = Array.isArray(value) ? value[0] : value;
	if (typeof single !== 'string' || single.trim() === '') return undefined;
	return single.trim();
}

/** A header sent twice arrives as an array: ambiguous, so refused rather than guessing which one counts. */
function isRepeated(value: HeaderValue): boolean {
	return Array.isArray(value) && value.length > 1;
}

function failure(reason: WebhookSignatureFailure): WebhookSignatureResult {
	return { valid: false, reason };
}
