import type {
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	INode,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { hintForZoomError, type ZoomApiErrorBody } from '../../shared/zoomErrors';
import { resolveZoomUrls } from '../../shared/zoomEnvironment';

export const CREDENTIAL_TYPE = 'zoomSmsApi';

type ZoomContext = IExecuteFunctions | ILoadOptionsFunctions;

/** What went wrong with one request, in the terms the send logic decides on. */
export interface ZoomFailure {
	/** `credential`: the request never left n8n because the credential gave no token (see describeFailure). */
	kind: 'http' | 'network' | 'timeout' | 'credential';
	status?: number;
	body?: ZoomApiErrorBody;
	headers: Record<string, string | undefined>;
	trackingId?: string;
	networkCode?: string;
	/** The request certainly never reached Zoom, so sending it again cannot duplicate anything. */
	notSent: boolean;
	message: string;
}

// Failures where the connection was never established: Zoom cannot have seen the request.
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);
const TIMEOUT_CODES = new Set(['ECONNABORTED', 'ETIMEDOUT', 'ESOCKETTIMEDOUT', 'ERR_CANCELED']);

interface RawFailure {
	isAxiosError?: boolean;
	cause?: unknown;
	errorResponse?: unknown;
	response?: { status?: number; data?: unknown; body?: unknown; headers?: Record<string, unknown> };
	httpCode?: string | null;
	code?: string;
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
		};
	}
	const code = raw.code ?? (error as RawFailure).code;
	if (code === undefined && !fromHttpClient) {
		// Whatever went wrong on the wire comes from the HTTP client, with a code or a response. An error with
		// neither was thrown before the request was sent: the credential's preAuthentication (the token
		// request) or reading the credential failed. Its own message says what to fix; n8n's wrapper would
		// replace it with a generic network text.
		return { kind: 'credential', headers: {}, notSent: true, message: raw.message ?? (error as RawFailure).message ?? 'No access token' };
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

/** An n8n error for a failed Zoom call: Zoom's code, message and tracking ID, plus what to do about it. */
export function zoomApiError(node: INode, failure: ZoomFailure, options: { itemIndex?: number; prefix?: string } = {}): NodeApiError {
	const zoomCode = failure.body?.code;
	const what =
		failure.kind === 'http'
			? `Zoom answered ${failure.status}${zoomCode !== undefined ? ` (code ${zoomCode})` : ''}: ${failure.message}`
			: failure.kind === 'timeout'
				? `No answer from Zoom in time (${failure.networkCode ?? 'timeout'})`
				: failure.kind === 'credential'
					? 'No access token from Zoom, so nothing was sent'
					: `Could not reach Zoom (${failure.networkCode ?? failure.message})`;
	const hint = hintForZoomError(failure.status, failure.body);
	const details = [failure.kind === 'credential' ? failure.message : hint, failure.trackingId ? `Zoom tracking ID: ${failure.trackingId}` : undefined]
		.filter(Boolean)
		.join(' ');
	// Built from plain fields, never from the HTTP client's error: that object holds the request's headers,
	// and with them the access token.
	const response: JsonObject = {
		message: failure.message,
		...(zoomCode !== undefined ? { code: zoomCode } : {}),
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

export interface ZoomRequest {
	method: IHttpRequestMethods;
	path: string;
	qs?: IDataObject;
	body?: IDataObject;
	timeoutMs?: number;
}

function tokenOf(credentials: IDataObject): string | undefined {
	return typeof credentials.accessToken === 'string' && credentials.accessToken !== '' ? credentials.accessToken : undefined;
}

/**
 * The one place that talks HTTP to Zoom. Authentication is n8n's: the credential's preAuthentication
 * fetches the token, n8n stores it, and a 401 makes n8n fetch a new one. This client adds what n8n
 * cannot know when requests run concurrently: the first request goes alone so that one token is fetched,
 * not one per request, and after a 401 only one request refreshes while the others wait and reuse it.
 */
export class ZoomClient {
	private apiBaseUrl?: string;

	private warmUp?: Promise<unknown>;

	private warmedUp = false;

	private refreshing?: Promise<unknown>;

	private refreshGeneration = 0;

	/** Set when the credential could not give a token: every later request would fail the same way. */
	private credentialFailure?: unknown;

	/**
	 * The access token n8n stored with the credential, once it has one. Requests carry it themselves: sent
	 * through n8n's authenticated helper, each request would have n8n read and decrypt the credential from
	 * its database and evaluate its header expression, which made sending twice as slow as plain HTTP
	 * Request nodes (measured by `npm run bench`). n8n still fetches, stores and refreshes the token: the
	 * first request without one, and every refresh after a 401, go through n8n's helper.
	 */
	private accessToken?: string;

	private credentialRead?: Promise<void>;

	constructor(private readonly context: ZoomContext) {}

	async request<T>(request: ZoomRequest): Promise<T> {
		if (this.credentialFailure !== undefined) throw this.credentialFailure;
		return await this.requestOnce<T>(request).catch((error: unknown) => {
			// One failed token request per run, not one per item (a wrong secret would otherwise cost
			// thousands of token requests with Continue On Fail). Nothing was sent, so nothing is lost.
			if (describeFailure(error).kind === 'credential') this.credentialFailure ??= error;
			throw error;
		});
	}

	private async requestOnce<T>(request: ZoomRequest): Promise<T> {
		const options = await this.toHttpOptions(request);
		if (!this.warmedUp) {
			if (!this.warmUp) {
				this.warmUp = this.send(options, this.refreshGeneration);
				try {
					return (await this.warmUp) as T;
				} finally {
					this.warmedUp = true;
				}
			}
			const warmUpError = await this.warmUp.then(
				() => undefined,
				(error: unknown) => error,
			);
			if (warmUpError !== undefined && describeFailure(warmUpError).kind === 'credential') throw warmUpError;
		}
		return (await this.send(options, this.refreshGeneration)) as T;
	}

	private async send(options: IHttpRequestOptions, generationAtStart: number): Promise<unknown> {
		let firstError: unknown;
		try {
			return await this.call(options, false);
		} catch (error) {
			firstError = error;
		}
		if (describeFailure(firstError).status !== 401) throw firstError;
		// Zoom answered 401: the stored token expired or was revoked.
		if (this.refreshGeneration > generationAtStart) return await this.call(options, false);
		if (this.refreshing) {
			await this.refreshing.catch(() => undefined);
			return await this.call(options, false);
		}
		// This request refreshes: n8n fetches a new token, stores it, and sends the request once more.
		this.refreshing = this.call(options, true);
		try {
			return await this.refreshing;
		} finally {
			this.refreshGeneration++;
			this.refreshing = undefined;
		}
	}

	private async call(options: IHttpRequestOptions, refreshOn401: boolean): Promise<unknown> {
		if (!refreshOn401 && this.accessToken) {
			return await this.context.helpers.httpRequest({
				...options,
				headers: { ...options.headers, Authorization: `Bearer ${this.accessToken}` },
				// As n8n's authenticated helper does: a cancelled execution aborts its requests.
				...('getExecutionCancelSignal' in this.context ? { abortSignal: this.context.getExecutionCancelSignal() } : {}),
			});
		}
		const response = await this.context.helpers.httpRequestWithAuthentication.call(this.context, CREDENTIAL_TYPE, options, {
			preAuthenticationRetryStatusCode: refreshOn401 ? 401 : [],
		});
		// n8n has stored a token now (fetched because it had none, or after the 401): later requests carry it.
		this.accessToken = tokenOf(await this.context.getCredentials(CREDENTIAL_TYPE));
		return response;
	}

	private async toHttpOptions(request: ZoomRequest): Promise<IHttpRequestOptions> {
		// Read once, also when hundreds of requests start together (each read is a database read and a
		// decryption in n8n).
		this.credentialRead ??= this.context.getCredentials(CREDENTIAL_TYPE).then((credentials) => {
			this.apiBaseUrl = resolveZoomUrls(credentials).apiBaseUrl;
			this.accessToken = tokenOf(credentials);
		});
		await this.credentialRead;
		return {
			method: request.method,
			url: `${this.apiBaseUrl}${request.path}`,
			qs: request.qs,
			body: request.body,
			json: true,
			timeout: request.timeoutMs ?? 30_000,
		};
	}
}
