import {
	DEFAULT_SIGNATURE_TOLERANCE_SECONDS,
	buildUrlValidationResponse,
	computeUrlValidationToken,
	signWebhook,
	verifyWebhookSignature,
	type VerifyWebhookSignatureInput,
	type WebhookSignatureFailure,
} from '../../nodes/shared/webhookSignature';

// Test vectors from the team's Zoom API brief (docs/reference zoom-api.md §5), verbatim.
const SECRET = 'zoom_webhook_secret_example';
const URL_CHALLENGE = 'qgg8vlvZRS6UYooatFL8Aw';
const URL_CHALLENGE_ANSWER = 'ad45884bdb8a6b48bdd8d22f9bbc07d1221327adce3c0b9def3ccda43d5a631e';
const TIMESTAMP = '1626759486';
const BODY =
	'{"event":"phone.sms_received","event_ts":1626759486127,"payload":{"account_id":"2TP-coFVSnmyvYZogk8gAg","object":{"message":"ttt"}}}';
const SIGNATURE = 'v0=5f6b2ce140460eff7ffcadac08efa9b3b5e5c433c65c18fc745754a8a74bebd2';

function request(overrides: Partial<VerifyWebhookSignatureInput> = {}): VerifyWebhookSignatureInput {
	return {
		rawBody: BODY,
		signatureHeader: SIGNATURE,
		timestampHeader: TIMESTAMP,
		secret: SECRET,
		nowSeconds: Number(TIMESTAMP) + 1,
		...overrides,
	};
}

describe('URL validation', () => {
	it('matches the test vector', () => {
		expect(computeUrlValidationToken(URL_CHALLENGE, SECRET)).toBe(URL_CHALLENGE_ANSWER);
	});

	it('builds the reply body', () => {
		expect(buildUrlValidationResponse(URL_CHALLENGE, SECRET)).toEqual({ plainToken: URL_CHALLENGE, encryptedToken: URL_CHALLENGE_ANSWER });
	});
});

describe('signWebhook', () => {
	it('matches the test vector, for a string or a Buffer body and a string or number timestamp', () => {
		expect(signWebhook(BODY, TIMESTAMP, SECRET)).toBe(SIGNATURE);
		expect(signWebhook(Buffer.from(BODY), Number(TIMESTAMP), SECRET)).toBe(SIGNATURE);
	});
});

describe('verifyWebhookSignature', () => {
	it('accepts the test vector', () => {
		expect(verifyWebhookSignature(request())).toEqual({ valid: true });
	});

	it('accepts a Buffer body, an upper-case digest, padded headers and array headers', () => {
		expect(verifyWebhookSignature(request({ rawBody: Buffer.from(BODY, 'utf8') }))).toEqual({ valid: true });
		expect(verifyWebhookSignature(request({ signatureHeader: `v0=${SIGNATURE.slice(3).toUpperCase()}` }))).toEqual({ valid: true });
		expect(verifyWebhookSignature(request({ signatureHeader: ` ${SIGNATURE} `, timestampHeader: ` ${TIMESTAMP}` }))).toEqual({ valid: true });
		expect(verifyWebhookSignature(request({ signatureHeader: [SIGNATURE], timestampHeader: [TIMESTAMP] }))).toEqual({ valid: true });
	});

	it('accepts timestamps at the edges of the tolerance', () => {
		const ts = Number(TIMESTAMP);
		expect(verifyWebhookSignature(request({ nowSeconds: ts + DEFAULT_SIGNATURE_TOLERANCE_SECONDS }))).toEqual({ valid: true });
		expect(verifyWebhookSignature(request({ nowSeconds: ts - DEFAULT_SIGNATURE_TOLERANCE_SECONDS }))).toEqual({ valid: true });
	});

	const refused: Array<[string, Partial<VerifyWebhookSignatureInput>, WebhookSignatureFailure]> = [
		['a tampered body', { rawBody: BODY.replace('ttt', 'tttt') }, 'mismatch'],
		['a body re-serialised with spaces', { rawBody: JSON.stringify(JSON.parse(BODY), null, 1) }, 'mismatch'],
		['the wrong secret', { secret: 'another_secret' }, 'mismatch'],
		['another timestamp than the signed one', { timestampHeader: String(Number(TIMESTAMP) + 1) }, 'mismatch'],
		['a stale timestamp (301 s old)', { nowSeconds: Number(TIMESTAMP) + 301 }, 'stale'],
		['a stale timestamp with a tighter tolerance', { nowSeconds: Number(TIMESTAMP) + 61, toleranceSeconds: 60 }, 'stale'],
		['a timestamp 301 s in the future', { nowSeconds: Number(TIMESTAMP) - 301 }, 'future'],
		['no signature header', { signatureHeader: undefined }, 'missing-signature'],
		['an empty signature header', { signatureHeader: '' }, 'missing-signature'],
		['an empty header array', { signatureHeader: [] }, 'missing-signature'],
		['no timestamp header', { timestampHeader: undefined }, 'missing-timestamp'],
		['an empty secret', { secret: '' }, 'missing-secret'],
		['a v1= signature', { signatureHeader: SIGNATURE.replace('v0=', 'v1=') }, 'malformed'],
		['no version prefix', { signatureHeader: SIGNATURE.slice(3) }, 'malformed'],
		['non-hex digits', { signatureHeader: `v0=${'z'.repeat(64)}` }, 'malformed'],
		['a digest too short', { signatureHeader: SIGNATURE.slice(0, -2) }, 'malformed'],
		['a digest too long', { signatureHeader: `${SIGNATURE}00` }, 'malformed'],
		['a base64 digest', { signatureHeader: `v0=${Buffer.from(SIGNATURE.slice(3), 'hex').toString('base64')}` }, 'malformed'],
		['two signature headers', { signatureHeader: [SIGNATURE, SIGNATURE] }, 'malformed'],
		['a timestamp in milliseconds', { timestampHeader: `${TIMESTAMP}000` }, 'malformed'],
		['a negative timestamp', { timestampHeader: '-1' }, 'malformed'],
		['a non-numeric timestamp', { timestampHeader: 'yesterday' }, 'malformed'],
		['a fractional timestamp', { timestampHeader: `${TIMESTAMP}.5` }, 'malformed'],
	];

	it.each(refused)('refuses %s', (_name, overrides, reason) => {
		expect(verifyWebhookSignature(request(overrides))).toEqual({ valid: false, reason });
	});

	it('never throws on odd input from JavaScript callers', () => {
		const odd = [
			{ rawBody: undefined },
			{ rawBody: 42 },
			{ signatureHeader: 42 },
			{ timestampHeader: { toString: () => TIMESTAMP } },
			{ secret: undefined },
			{ nowSeconds: Number.NaN },
		] as unknown as Array<Partial<VerifyWebhookSignatureInput>>;
		for (const overrides of odd) {
			expect(() => verifyWebhookSignature(request(overrides))).not.toThrow();
			expect(verifyWebhookSignature(request(overrides)).valid).toBe(false);
		}
	});

	it('falls back to the system clock when no time is given', () => {
		const now = Math.floor(Date.now() / 1000);
		const signed = { rawBody: BODY, secret: SECRET, timestampHeader: String(now), signatureHeader: signWebhook(BODY, now, SECRET) };
		expect(verifyWebhookSignature(signed)).toEqual({ valid: true });
	});
});
