/**
 * What the trigger does with one HTTP request from Zoom:
 *
 * 1. `endpoint.url_validation` (when the URL is saved in the Marketplace, and every 72 hours after): answer
 *    `{plainToken, encryptedToken}` at once, start nothing.
 * 2. Anything else must carry a valid `x-zm-signature` over the raw body, with an `x-zm-request-timestamp`
 *    within five minutes of now; otherwise 401 and nothing starts.
 * 3. A signed event the user did not select: 200 (so Zoom does not retry), nothing starts.
 * 4. A signed, selected event starts the workflow with one item.
 *
 * The Secret Token never leaves this file: not in responses, errors or logs.
 */
import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { buildUrlValidationResponse, DEFAULT_SIGNATURE_TOLERANCE_SECONDS, verifyWebhookSignature } from '../shared/webhookSignature';
import { eventOutput, URL_VALIDATION_EVENT } from './events';

const CREDENTIAL_TYPE = 'zoomSmsApi';

export const NO_SECRET_MESSAGE =
	'The Zoom SMS API credential has no Webhook Secret Token, so this trigger cannot check that requests come from Zoom. ' +
	'Copy the Secret Token from the Zoom App Marketplace (your app → Features → Access) into the credential\'s Webhook Secret Token field.';

/**
 * Zoom's plain tokens are short base64-like strings. Anything else is refused: the reply is an HMAC under
 * the Secret Token of whatever text is sent, and a text such as "v0:<timestamp>:<body>" would turn this
 * endpoint into a machine that signs forged events. Without ":" no such text can be asked for.
 */
const PLAIN_TOKEN = /^[A-Za-z0-9+/=_-]{1,256}$/;

type HeaderValue = string | string[] | undefined;

interface WebhookRequest {
	headers: Record<string, HeaderValue>;
	rawBody?: unknown;
}

interface WebhookResponse {
	writeHead(status: number, headers: Record<string, string>): unknown;
	end(body: string): unknown;
}

/**
 * Signatures already accepted, per trigger node, so a captured request replayed within the five-minute
 * window starts nothing. In memory: it covers one n8n process, which is where a replay lands unless n8n
 * runs several webhook processes; the timestamp check covers the rest.
 */
const acceptedSignatures = new Map<string, number>();
const MAX_REMEMBERED_SIGNATURES = 10_000;

function rememberSignature(key: string, nowMs: number): boolean {
	const windowMs = 2 * DEFAULT_SIGNATURE_TOLERANCE_SECONDS * 1000;
	for (const [known, at] of acceptedSignatures) {
		// Entries are in insertion order, so the first young one ends the sweep.
		if (nowMs - at <= windowMs && acceptedSignatures.size <= MAX_REMEMBERED_SIGNATURES) break;
		acceptedSignatures.delete(known);
	}
	if (acceptedSignatures.has(key)) return false;
	acceptedSignatures.set(key, nowMs);
	return true;
}

function headerText(value: HeaderValue): string {
	return (Array.isArray(value) ? value[0] : value) ?? '';
}

/** The body exactly as received. n8n keeps it as `rawBody` once it has parsed the request. */
function rawBodyOf(request: WebhookRequest): Buffer | string | undefined {
	const raw = request.rawBody;
	if (Buffer.isBuffer(raw) || typeof raw === 'string') return raw;
	return undefined;
}

function parseBody(parsed: IDataObject, raw: Buffer | string | undefined): IDataObject {
	if (parsed && typeof parsed === 'object' && Object.keys(parsed).length > 0) return parsed;
	// A request without a JSON content type is not parsed by n8n; Zoom always sends one, but read it anyway.
	if (raw === undefined) return {};
	try {
		const value: unknown = JSON.parse(raw.toString());
		return value && typeof value === 'object' && !Array.isArray(value) ? (value as IDataObject) : {};
	} catch {
		return {};
	}
}

function respond(context: IWebhookFunctions, status: number, message: string): IWebhookResponseData {
	const response = context.getResponseObject() as WebhookResponse;
	response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
	response.end(JSON.stringify({ message }));
	return { noWebhookResponse: true };
}

async function secretToken(context: IWebhookFunctions): Promise<string> {
	const credentials = await context.getCredentials(CREDENTIAL_TYPE);
	return String(credentials?.webhookSecretToken ?? '').trim();
}

export async function handleZoomWebhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const request = this.getRequestObject() as WebhookRequest;
	const rawBody = rawBodyOf(request);
	const body = parseBody(this.getBodyData(), rawBody);
	const event = typeof body.event === 'string' ? body.event : '';

	const secret = await secretToken(this);
	if (!secret) {
		this.logger.warn(`Zoom SMS Trigger "${this.getNode().name}": ${NO_SECRET_MESSAGE}`);
		return respond(this, 401, NO_SECRET_MESSAGE);
	}

	if (event === URL_VALIDATION_EVENT) {
		const plainToken = (body.payload as IDataObject | undefined)?.plainToken;
		if (typeof plainToken !== 'string' || !PLAIN_TOKEN.test(plainToken)) {
			return respond(this, 400, 'Invalid endpoint.url_validation request: plainToken is missing or malformed.');
		}
		return { webhookResponse: buildUrlValidationResponse(plainToken, secret) };
	}

	const verdict = verifyWebhookSignature({
		// Zoom signs the bytes it sent. Only if n8n kept no raw body do we fall back to re-serialising the
		// parsed JSON (what Zoom's own sample does), which can differ in spacing or escapes from what was signed.
		rawBody: rawBody ?? JSON.stringify(body),
		signatureHeader: request.headers['x-zm-signature'],
		timestampHeader: request.headers['x-zm-request-timestamp'],
		secret,
	});
	if (!verdict.valid) {
		this.logger.warn(`Zoom SMS Trigger "${this.getNode().name}" refused a request: signature ${verdict.reason}`);
		return respond(this, 401, 'Unauthorized: the request has no valid Zoom signature (x-zm-signature) or its timestamp is not recent.');
	}

	const selected = this.getNodeParameter('events', []) as string[];
	if (!selected.includes(event)) {
		return { webhookResponse: { message: `Event "${event}" is not selected in this trigger; ignored.` } };
	}

	const replayKey = `${this.getWorkflow().id ?? ''}:${this.getNode().id}:${this.getMode()}:${headerText(request.headers['x-zm-signature'])}`;
	if (!rememberSignature(replayKey, Date.now())) {
		this.logger.warn(`Zoom SMS Trigger "${this.getNode().name}" ignored a repeated delivery of the same signed request`);
		return { webhookResponse: { message: 'Repeated delivery of an already accepted request; ignored.' } };
	}

	return { workflowData: [[{ json: eventOutput(body) }]] };
}
