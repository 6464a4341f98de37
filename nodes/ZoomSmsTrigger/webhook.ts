/**
 * What the trigger does with one HTTP request from Zoom:
 *
 * 1. Every request must carry a valid `x-zm-signature` over the raw body; otherwise 401, nothing starts.
 * 2. `endpoint.url_validation` (when the subscription is saved, and every 72 hours after), signed within
 *    five minutes: answer `{plainToken, encryptedToken}`, start nothing.
 * 3. Events: the timestamp may be up to 90 minutes old so that Zoom's retries are accepted (retryWindow.ts);
 *    older is 401.
 * 4. A signed event for another Zoom account than the credential's, or one the user did not select: 200 (so
 *    Zoom does not retry), nothing starts.
 * 5. An event already seen (same identity, eventIdentity.ts), in the memory kept in workflow static data
 *    (seenEvents.ts): 200, nothing starts. Otherwise the workflow starts with one item.
 *
 * The Secret Token never leaves this file: not in responses, errors or logs.
 */
import type { IDataObject, IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

import { buildUrlValidationResponse, verifyWebhookSignature } from '../shared/webhookSignature';
import { eventIdentity } from './eventIdentity';
import { eventOutput, URL_VALIDATION_EVENT } from './events';
import { MAX_FUTURE_SECONDS, MAX_REQUEST_AGE_SECONDS, MAX_SEEN_EVENTS, SEEN_EVENT_RETENTION_SECONDS, URL_VALIDATION_MAX_AGE_SECONDS } from './retryWindow';
import { readSeenEvents, rememberEvent, seenEventKey } from './seenEvents';
import { withAttachments } from './attachments';

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

function respondJson(context: IWebhookFunctions, status: number, body: IDataObject): void {
	const response = context.getResponseObject() as WebhookResponse;
	response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
	response.end(JSON.stringify(body));
}

function respond(context: IWebhookFunctions, status: number, message: string): IWebhookResponseData {
	respondJson(context, status, { message });
	return { noWebhookResponse: true };
}

async function credentialSettings(context: IWebhookFunctions): Promise<{ secret: string; accountId: string }> {
	const credentials = await context.getCredentials(CREDENTIAL_TYPE);
	return { secret: String(credentials?.webhookSecretToken ?? '').trim(), accountId: String(credentials?.accountId ?? '').trim() };
}

/** Where the trigger keeps the events it has seen: n8n saves node static data with the workflow. */
const SEEN_EVENTS_KEY = 'seenEvents';

/**
 * True when the event is new (and is now remembered). Static data of production webhook requests is read
 * from n8n's database for each request and written back once the webhook has answered (n8n 2.41.1,
 * LiveWebhooks.executeWebhook → WorkflowStaticDataService.saveStaticData), so the memory survives restarts
 * and is shared by every main and webhook process on the same database.
 */
function firstSighting(context: IWebhookFunctions, identity: string): boolean {
	const staticData = context.getWorkflowStaticData('node');
	const { isNew, memory } = rememberEvent(readSeenEvents(staticData[SEEN_EVENTS_KEY]), seenEventKey(identity), Math.floor(Date.now() / 1000), {
		retentionSeconds: SEEN_EVENT_RETENTION_SECONDS,
		maxEntries: MAX_SEEN_EVENTS,
	});
	// Written back (also when nothing is new) so that expired entries leave; assigning marks it changed.
	staticData[SEEN_EVENTS_KEY] = memory;
	return isNew;
}

export async function handleZoomWebhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
	const request = this.getRequestObject() as WebhookRequest;
	const rawBody = rawBodyOf(request);
	const body = parseBody(this.getBodyData(), rawBody);
	const event = typeof body.event === 'string' ? body.event : '';
	const nodeName = this.getNode().name;

	const { secret, accountId } = await credentialSettings(this);
	if (!secret) {
		this.logger.warn(`Zoom SMS Trigger "${nodeName}": ${NO_SECRET_MESSAGE}`);
		return respond(this, 401, NO_SECRET_MESSAGE);
	}

	const isValidation = event === URL_VALIDATION_EVENT;
	const verdict = verifyWebhookSignature({
		// Zoom signs the bytes it sent. Only if n8n kept no raw body do we fall back to re-serialising the
		// parsed JSON (what Zoom's own sample does), which can differ in spacing or escapes from what was signed.
		rawBody: rawBody ?? JSON.stringify(body),
		signatureHeader: request.headers['x-zm-signature'],
		timestampHeader: request.headers['x-zm-request-timestamp'],
		secret,
		toleranceSeconds: isValidation ? URL_VALIDATION_MAX_AGE_SECONDS : MAX_REQUEST_AGE_SECONDS,
		maxFutureSeconds: MAX_FUTURE_SECONDS,
	});
	if (!verdict.valid) {
		this.logger.warn(`Zoom SMS Trigger "${nodeName}" refused a request: signature ${verdict.reason}`);
		return respond(this, 401, 'Unauthorized: the request has no valid Zoom signature (x-zm-signature) or its timestamp is not recent.');
	}

	if (isValidation) {
		const plainToken = (body.payload as IDataObject | undefined)?.plainToken;
		if (typeof plainToken !== 'string' || !PLAIN_TOKEN.test(plainToken)) {
			return respond(this, 400, 'Invalid endpoint.url_validation request: plainToken is missing or malformed.');
		}
		return { webhookResponse: buildUrlValidationResponse(plainToken, secret) };
	}

	const eventAccount = (body.payload as IDataObject | undefined)?.account_id;
	if (accountId && typeof eventAccount === 'string' && eventAccount !== '' && eventAccount !== accountId) {
		// Signed with this Secret Token but for another account (one app subscribed for several accounts):
		// 200 so Zoom does not retry, nothing starts. The ids are not secrets but need not be echoed either.
		this.logger.warn(`Zoom SMS Trigger "${nodeName}" ignored an event for another Zoom account than the credential's Account ID`);
		return { webhookResponse: { message: 'Event for another Zoom account than the credential\'s; ignored.' } };
	}

	const selected = this.getNodeParameter('events', []) as string[];
	if (!selected.includes(event)) {
		return { webhookResponse: { message: `Event "${event}" is not selected in this trigger; ignored.` } };
	}

	const identity =
		eventIdentity(body, headerText(request.headers['x-zm-request-id'])) ??
		// Nothing identifies the event: at least a byte-identical replay is recognised.
		JSON.stringify(['body', (rawBody ?? JSON.stringify(body)).toString()]);
	if (!firstSighting(this, identity)) {
		this.logger.info(`Zoom SMS Trigger "${nodeName}" ignored a repeated delivery of an event it has already started the workflow for`);
		return { webhookResponse: { message: 'Repeated delivery of an event already received; ignored.' } };
	}

	const item = await withAttachments(this, body, { json: eventOutput(body) });
	// The trigger answers Zoom itself and tells n8n so (noWebhookResponse). That is what makes the memory
	// of seen events stick: n8n saves the static data in its response callback, which it calls at once for
	// noWebhookResponse but, for a plain onReceived answer, only after it has started the execution, and
	// starting it builds a new Workflow over the same static data object, which resets its "changed" flag
	// (n8n 2.41.1: webhook-helpers executeWebhook → WorkflowRunner.run → establishContextForPersistence).
	// Measured in the real-n8n e2e suite: without this, every event after the first was forgotten.
	respondJson(this, 200, { message: 'Workflow was started' });
	return { workflowData: [[item]], noWebhookResponse: true };
}
