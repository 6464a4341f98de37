/**
 * The one place that decides what a failed Zoom request means. Everything else asks here: the transport
 * (what to retry), the Send operation (sent / not sent / delivery unknown) and every read (the error shown).
 */
import type { INode, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { CREDENTIAL_ERROR_NAME, fieldErrorsText, hintForZoomError, type ZoomApiErrorBody, type ZoomEndpoint } from '../../shared/zoomErrors';

/** What went wrong with one request, in the terms the node decides on. */
export interface ZoomFailure {
	/**
	 * `credential`: the request never left n8n because the credential gave no token (see describeFailure).
	 * `internal`: an unexpected error inside n8n or the node (a bug), neither from Zoom nor from the network.
	 * `cancelled`: the execution was cancelled; `rateLimitWait`: Zoom asked for a wait longer than a run can
	 * wait; `halted`: the caller stopped the request while it waited for its turn (the last three raised by
	 * the transport itself, see ZoomClient).
	 */
	kind: 'http' | 'network' | 'timeout' | 'credential' | 'internal' | 'cancelled' | 'rateLimitWait' | 'halted';
	status?: number;
	body?: ZoomApiErrorBody;
	headers: Record<string, string | undefined>;
	trackingId?: string;
	networkCode?: string;
	/** The request certainly never reached Zoom, so sending it again cannot duplicate anything. */
	notSent: boolean;
	message: string;
	/** For `rateLimitWait` and daily limits: when Zoom accepts requests again, as Zoom said it. */
	retryAt?: string;
}

/**
 * What a failed send means for the message:
 * - `refused`: Zoom answered and did not accept it (4xx); sending it again cannot duplicate it.
 * - `notSent`: the request never reached Zoom (no connection, no token, cancelled before it left).
 * - `unknown`: it may have been accepted: no answer in time, a dropped connection, a 5xx or 408 (Zoom may
 *   have processed it before failing), or an answer that could not be read.
 */
export type SendVerdict = 'refused' | 'notSent' | 'unknown';

/** Raised by the transport for failures that are its own decision, not an HTTP client error. */
export class ZoomTransportError extends Error {
	override readonly name = 'ZoomTransportError';

	constructor(
		readonly kind: 'cancelled' | 'rateLimitWait' | 'halted',
		message: string,
		readonly details: { notSent: boolean; retryAt?: string; status?: number; headers?: Record<string, string | undefined> } = { notSent: true },
	) {
		super(message);
	}
}

// Failures where the connection was never established: Zoom cannot have seen the request.
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);
const TIMEOUT_CODES = new Set(['ECONNABORTED', 'ETIMEDOUT', 'ESOCKETTIMEDOUT']);
const CANCEL_CODES = new Set(['ERR_CANCELED', 'ABORT_ERR']);

// n8n's own errors when the node's credential cannot be read (no credential set, an unknown id).
const CREDENTIAL_READ_FAILURE = /\bcredentials?\b/i;

interface RawFailure {
	isAxiosError?: boolean;
	cause?: unknown;
	errorResponse?: unknown;
	response?: { status?: number; data?: unknown; body?: unknown; headers?: Record<string, unknown> };
	httpCode?: string | null;
	code?: string;
	name?: string;
	message?: string;
}

function headerMap(headers: Record<string, unknown> | undefined): Record<string, string | undefined> {
	const result: Record<string, string | undefined> = {};
	for (const [name, value] of Object.entries(headers ?? {})) {
		result[name.toLowerCase()] = Array.isArray(value) ? String(value[0]) : value === undefined ? undefined : String(value);
	}
	return result;
}

function parseBody(data: unknown): ZoomApiErrorBody | undefined {
	if (typeof data === 'string') {
		try {
			return JSON.parse(data) as ZoomApiErrorBody;
		} catch {
			return { message: data.slice(0, 300) };
		}
	}
	return data && typeof data === 'object' ? (data as ZoomApiErrorBody) : undefined;
}

/** Reads n8n's wrapped HTTP errors (NodeApiError around an HTTP client error) into a ZoomFailure. */
export function describeFailure(error: unknown): ZoomFailure {
	if (error instanceof ZoomTransportError) {
		return {
			kind: error.kind,
			status: error.details.status,
			headers: error.details.headers ?? {},
			notSent: error.details.notSent,
			message: error.message,
			retryAt: error.details.retryAt,
		};
	}
	let raw = error as RawFailure;
	let fromHttpClient = raw.isAxiosError === true;
	for (let depth = 0; depth < 4 && !raw.response && !raw.code; depth++) {
		const inner = raw.cause ?? raw.errorResponse;
		if (!inner || typeof inner !== 'object') break;
		raw = inner as RawFailure;
		fromHttpClient ||= raw.isAxiosError === true;
	}
	const status = raw.response?.status;
	if (status !== undefined) {
		const headers = headerMap(raw.response?.headers);
		const body = parseBody(raw.response?.data ?? raw.response?.body);
		return {
			kind: 'http',
			status,
			body,
			headers,
			trackingId: headers['x-zm-trackingid'],
			notSent: false,
			message: body?.message ? String(body.message) : `HTTP ${status}`,
			...(isDailyLimitAnswer(status, headers, body) && headers['retry-after'] ? { retryAt: headers['retry-after'] } : {}),
		};
	}
	const code = raw.code ?? (error as RawFailure).code;
	if (code !== undefined && CANCEL_CODES.has(code)) {
		// n8n aborted the request because the execution was cancelled; it had left, so Zoom may have it.
		return { kind: 'cancelled', headers: {}, networkCode: code, notSent: false, message: 'The execution was cancelled while the request was under way' };
	}
	if (code === undefined && !fromHttpClient) {
		// Whatever went wrong on the wire comes from the HTTP client, with a code or a response. An error with
		// neither was thrown inside n8n: by the credential (its preAuthentication, the token request, throws
		// ZoomCredentialError) or while reading it, and then its own message says what to fix; n8n's wrapper
		// would replace it with a generic network text. Anything else is a bug in the node or in n8n, not a
		// credential problem: the run must not stop every later request as if the token were missing.
		const chain = errorChain(error);
		const credentialError = chain.find((link) => link.name === CREDENTIAL_ERROR_NAME);
		if (credentialError || isCredentialReadFailure(chain)) {
			return { kind: 'credential', headers: {}, notSent: true, message: (credentialError ?? raw).message ?? (error as RawFailure).message ?? 'No access token' };
		}
		const innermost = chain[chain.length - 1] ?? raw;
		return {
			kind: 'internal',
			headers: {},
			// It may have happened after the request left (reading the answer), so nothing says Zoom did not get it.
			notSent: false,
			message: `${innermost.name && innermost.name !== 'Error' ? `${innermost.name}: ` : ''}${innermost.message ?? 'Unknown error'}`,
		};
	}
	const isTimeout = (code !== undefined && TIMEOUT_CODES.has(code)) || /timeout/i.test(raw.message ?? '');
	return {
		kind: isTimeout ? 'timeout' : 'network',
		headers: {},
		networkCode: code,
		notSent: code !== undefined && NOT_SENT_CODES.has(code),
		message: (error as RawFailure).message ?? raw.message ?? 'Request failed',
	};
}

/** The error and the errors it wraps (n8n's NodeApiError keeps the original as `cause`), outermost first. */
function errorChain(error: unknown): RawFailure[] {
	const chain: RawFailure[] = [];
	let link: unknown = error;
	while (link && typeof link === 'object' && chain.length < 6 && !chain.includes(link as RawFailure)) {
		chain.push(link as RawFailure);
		link = (link as RawFailure).cause ?? (link as RawFailure).errorResponse;
	}
	return chain;
}

/** n8n could not read the node's credential: its NodeOperationError names the credential. No bug does. */
function isCredentialReadFailure(chain: RawFailure[]): boolean {
	const innermost = chain[chain.length - 1];
	return (
		innermost !== undefined &&
		(innermost.name === 'NodeOperationError' || innermost.name === 'Error' || innermost.name === undefined) &&
		CREDENTIAL_READ_FAILURE.test(innermost.message ?? '')
	);
}

function isDailyLimitAnswer(status: number | undefined, headers: Record<string, string | undefined>, body: ZoomApiErrorBody | undefined): boolean {
	return status === 429 && ((headers['x-ratelimit-type'] ?? '').toLowerCase().startsWith('daily') || /daily/i.test(String(body?.message ?? '')));
}

/** Zoom's daily limit (not the per-second one): nothing more can be sent today, so the run stops. */
export function isDailyLimit(failure: ZoomFailure): boolean {
	return failure.kind === 'http' && isDailyLimitAnswer(failure.status, failure.headers, failure.body);
}

/** A per-second 429: Zoom refused the request for now; it may be sent again after a pause. */
export function isPerSecondLimit(failure: ZoomFailure): boolean {
	return failure.kind === 'http' && failure.status === 429 && !isDailyLimit(failure);
}

/** A failure after which nothing more should be sent in this run: each further request would meet it too. */
export function stopsTheRun(failure: ZoomFailure): boolean {
	return isDailyLimit(failure) || failure.kind === 'rateLimitWait' || failure.kind === 'cancelled';
}

export function sendVerdict(failure: ZoomFailure): SendVerdict {
	if (failure.notSent) return 'notSent';
	if (failure.kind === 'http') {
		const status = failure.status ?? 0;
		return status === 408 || status >= 500 ? 'unknown' : 'refused';
	}
	return 'unknown';
}

/** Why a send's fate is unknown, in a user's words. */
export function unknownReason(failure: ZoomFailure): string {
	switch (failure.kind) {
		case 'timeout':
			return 'Zoom did not answer in time after the message was sent';
		case 'cancelled':
			return 'the execution was cancelled while the message was being sent';
		case 'http':
			return `Zoom answered ${failure.status} (${failure.message}), and Zoom may have processed the message before failing`;
		case 'internal':
			return `an unexpected error in n8n or the node (${failure.message}) interrupted the request`;
		default:
			return `the connection failed (${failure.networkCode ?? failure.message}) after the message was sent`;
	}
}

/**
 * An n8n error for a failed Zoom call: Zoom's code, message, its `errors[]` field messages and tracking ID,
 * plus what to do about it for the `endpoint` that answered (hints per endpoint: zoomErrors.ts).
 */
export function zoomApiError(
	node: INode,
	failure: ZoomFailure,
	options: { itemIndex?: number; prefix?: string; endpoint?: ZoomEndpoint } = {},
): NodeApiError {
	const zoomCode = failure.body?.code;
	const what =
		failure.kind === 'http'
			? `Zoom answered ${failure.status}${zoomCode !== undefined ? ` (code ${zoomCode})` : ''}: ${failure.message}`
			: failure.kind === 'timeout'
				? `No answer from Zoom in time (${failure.networkCode ?? 'timeout'})`
				: failure.kind === 'credential'
					? 'No access token from Zoom, so nothing was sent'
					: failure.kind === 'internal'
						? `Unexpected error in the node (${failure.message})`
						: failure.kind === 'cancelled' || failure.kind === 'rateLimitWait' || failure.kind === 'halted'
							? failure.message
							: `Could not reach Zoom (${failure.networkCode ?? failure.message})`;
	const hint =
		failure.kind === 'credential'
			? failure.message
			: failure.kind === 'internal'
				? 'This is not an answer from Zoom and not a credential problem: n8n or the node failed unexpectedly. Run the node again; if it persists, report it with the node\'s settings (without the credential).'
				: hintForZoomError(failure.status, failure.body, options.endpoint);
	const fieldErrors = fieldErrorsText(failure.body);
	const details = [fieldErrors ? `Zoom's details: ${fieldErrors.replace(/\.$/, '')}.` : undefined, hint, failure.trackingId ? `Zoom tracking ID: ${failure.trackingId}` : undefined]
		.filter(Boolean)
		.join(' ');
	// Built from plain fields, never from the HTTP client's error: that object holds the request's headers,
	// and with them the access token.
	const response: JsonObject = {
		message: failure.message,
		...(zoomCode !== undefined ? { code: zoomCode } : {}),
		...(fieldErrors ? { errors: (failure.body?.errors ?? []).map((entry) => ({ field: String(entry?.field ?? ''), message: String(entry?.message ?? '') })) } : {}),
		...(failure.trackingId ? { trackingId: failure.trackingId } : {}),
	};
	const message = options.prefix ? `${options.prefix}: ${what}` : what;
	const error = new NodeApiError(node, response, {
		message,
		description: details || undefined,
		httpCode: failure.status !== undefined ? String(failure.status) : undefined,
		itemIndex: options.itemIndex,
	});
	// NodeApiError swaps any message that mentions a network code (ECONNREFUSED…) for a generic text
	// without the item or the word Zoom; ours says both.
	error.message = message;
	return error;
}
