import type { IDataObject, IExecuteFunctions, IHttpRequestMethods, IHttpRequestOptions, ILoadOptionsFunctions, IPollFunctions, IWebhookFunctions } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

import { childSignal, whenAborted } from '../../shared/abortFanout';
import type { AccountBudget } from '../../shared/accountBudget';
import { accountKey, budgetForAccount } from '../../shared/budgetRegistry';
import { RequestPacer } from '../../shared/requestPacer';
import { backoffDelay, parseRetryAfter } from '../../shared/retryAfter';
import { resolveZoomUrls } from '../../shared/zoomEnvironment';
import { describeFailure, isPerSecondLimit, ZoomTransportError } from './failures';

export const CREDENTIAL_TYPE = 'zoomSmsApi';

type ZoomContext = IExecuteFunctions | ILoadOptionsFunctions | IPollFunctions | IWebhookFunctions;

export interface ZoomRequest {
	method: IHttpRequestMethods;
	path: string;
	qs?: IDataObject;
	/**
	 * A function is called only once the request's turn has come: a large body (an MMS's images) is then
	 * built for the requests about to go, not for every request waiting in line. What it throws is thrown
	 * as it is (nothing was sent).
	 */
	body?: IDataObject | (() => Promise<IDataObject>);
	timeoutMs?: number;
	/**
	 * Aborted by the caller when it no longer wants the request sent (its run is stopping): a request still
	 * waiting for its turn then fails as `halted` without leaving. One already under way is not touched.
	 */
	haltSignal?: AbortSignal;
}

/** A file Zoom serves to the account's token (an MMS attachment's `download_url`). */
export interface DownloadedFile {
	body: Buffer;
	headers: Record<string, string | undefined>;
}

type ReadyRequest = Omit<ZoomRequest, 'body' | 'haltSignal'> & {
	body?: IDataObject;
	/** An absolute URL instead of `path` under the API base (download). */
	url?: string;
	/** The body as bytes, with the headers (download). */
	binary?: boolean;
};

/** Paces the requests of a client: by default the budget of the credential's Zoom account (`accountBudget`). */
export interface RequestBudget {
	/** Resolves when the next request may start; rejects when `signal` aborts first. */
	acquire(signal?: AbortSignal): Promise<void>;
	/**
	 * A per-second 429 was met on try `attempt` (from 0) by the request that started at `sentAt` (ms since
	 * 1970): how long that request waits before it queues again.
	 */
	rateLimited(retryAfterMs: number | undefined, attempt: number, sentAt?: number): number;
	/** Zoom answered (with any status but a per-second 429); its rate-limit headers, if it sent any. */
	answered(headers: Record<string, string | undefined>): void;
}

/** Per-second 429s met by one request before it gives up: Zoom refused each, so each retry is safe. */
const MAX_RATE_LIMIT_RETRIES = 8;
/** Connections that could not even be opened, retried: Zoom cannot have seen them. */
const MAX_CONNECT_RETRIES = 2;
/**
 * The longest wait a per-second 429 may ask for. Longer means Zoom will not take requests for a while (a
 * Retry-After of hours or days): the run stops and says when, rather than hold an execution open.
 */
export const MAX_RATE_LIMIT_WAIT_MS = 60_000;

export const DEFAULT_REQUESTS_PER_SECOND = 10;

/** `work`, unless the execution is cancelled (or the caller halts the request) first. */
async function unlessCancelled<T>(work: Promise<T>, signal: AbortSignal | undefined, why: () => ZoomTransportError = cancelled): Promise<T> {
	if (!signal) return await work;
	if (signal.aborted) throw why();
	let release: () => void = () => undefined;
	const aborted = new Promise<never>((_, reject) => {
		release = whenAborted(signal, () => reject(why()));
	});
	try {
		return await Promise.race([work, aborted]);
	} finally {
		release();
	}
}

function cancelled(): ZoomTransportError {
	return new ZoomTransportError('cancelled', 'The execution was cancelled before the request was sent', { notSent: true });
}

function halted(): ZoomTransportError {
	return new ZoomTransportError('halted', 'The run stopped before the request was sent', { notSent: true });
}

/** One pacer per client, spaced at `requestsPerSecond`; a per-second 429 pauses every request of the client. */
export function pacedBudget(requestsPerSecond: number): RequestBudget {
	const pacer = new RequestPacer(requestsPerSecond, { now: () => Date.now(), sleep: async (ms) => await sleep(ms) });
	return {
		async acquire(signal) {
			await unlessCancelled(pacer.acquire(), signal);
		},
		rateLimited(retryAfterMs, attempt) {
			// Zoom's per-second window clears within a second: backing off past a few seconds only slows the run.
			const wait = retryAfterMs ?? backoffDelay(attempt, { baseMs: 250, maxMs: 4_000 });
			if (wait <= MAX_RATE_LIMIT_WAIT_MS) pacer.pauseFor(wait);
			return wait;
		},
		answered() {},
	};
}

const WALL_CLOCK = { now: () => Date.now(), sleep: async (ms: number) => await sleep(ms) };

/**
 * The budget of the credential's Zoom account, shared by every client of this process on that account
 * (nodes/shared/accountBudget.ts). `account` says which account once the credential is read; its
 * `requestsPerSecond`, when given, is this client's vote for the account's ceiling (the smallest wins).
 * Clients without one (reads, the From picker) take the account's budget as it is.
 */
export function accountBudget(account: () => Promise<string>, requestsPerSecond?: number): RequestBudget & { readonly shared?: AccountBudget } {
	let shared: AccountBudget | undefined;
	return {
		get shared() {
			return shared;
		},
		async acquire(signal) {
			shared ??= budgetForAccount(await account(), WALL_CLOCK);
			await shared.acquire(signal, requestsPerSecond, cancelled);
		},
		rateLimited(retryAfterMs, _attempt, sentAt) {
			return shared ? shared.rateLimited(retryAfterMs, sentAt) : (retryAfterMs ?? backoffDelay(0, { baseMs: 250 }));
		},
		answered(headers) {
			shared?.answered(headers);
		},
	};
}

function tokenOf(credentials: IDataObject): string | undefined {
	return typeof credentials.accessToken === 'string' && credentials.accessToken !== '' ? credentials.accessToken : undefined;
}

interface FullResponse {
	body: unknown;
	headers?: Record<string, unknown>;
}

function headersOf(response: FullResponse): Record<string, string | undefined> {
	const result: Record<string, string | undefined> = {};
	for (const [name, value] of Object.entries(response.headers ?? {})) result[name.toLowerCase()] = value === undefined ? undefined : String(value);
	return result;
}

export interface ZoomClientOptions {
	/**
	 * This client's say in its account's budget (the smallest asked in the last seconds applies to the
	 * account); without it, the account's budget as it is: 10 (Zoom Pro's "Medium" limit) if nobody asked.
	 */
	requestsPerSecond?: number;
	/** Default: the account's shared budget (`accountBudget`). */
	budget?: RequestBudget;
}

/**
 * The one place that talks HTTP to Zoom. Every request is paced by the client's budget and retried on
 * what Zoom refused for now (a per-second 429) or never saw (a connection that could not be opened);
 * nothing that Zoom may have processed is ever sent again here.
 *
 * Authentication is n8n's: the credential's preAuthentication fetches the token, n8n stores it, and a 401
 * makes n8n fetch a new one. This client adds what n8n cannot know when requests run concurrently: the
 * first request goes alone so that one token is fetched, not one per request, and after a 401 only one
 * request refreshes while the others wait and reuse it.
 */
export class ZoomClient {
	readonly budget: RequestBudget;

	private apiBaseUrl?: string;

	private accountId?: string;

	private warmUp?: Promise<unknown>;

	private warmedUp = false;

	/**
	 * Set by the client's first request: the others take their turn in the budget once its first try has
	 * been answered (see `afterFirstTry`).
	 */
	private firstTry?: { done: Promise<void>; end: () => void };

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

	constructor(
		private readonly context: ZoomContext,
		options: ZoomClientOptions = {},
	) {
		this.budget = options.budget ?? accountBudget(async () => await this.accountKey(), options.requestsPerSecond);
	}

	/** The credential's account, as the shared budgets are keyed: API base and Account ID, never a secret. */
	private async accountKey(): Promise<string> {
		await this.readCredential();
		return accountKey(this.apiBaseUrl ?? '', this.accountId ?? '');
	}

	/** n8n's cancel signal of the execution, where the context has one (not in the editor's list searches). */
	get cancelSignal(): AbortSignal | undefined {
		return 'getExecutionCancelSignal' in this.context ? this.context.getExecutionCancelSignal() : undefined;
	}

	/**
	 * GETs `url` (absolute, e.g. an attachment's download_url) with the account's token, paced and retried
	 * like every other request.
	 */
	async download(url: string, timeoutMs?: number): Promise<DownloadedFile> {
		return await this.request<DownloadedFile>({ method: 'GET', path: '', url, binary: true, timeoutMs } as ZoomRequest);
	}

	async request<T>(request: ZoomRequest): Promise<T> {
		const signal = this.cancelSignal;
		const { haltSignal, ...rest } = request;
		const leads = await this.afterFirstTry(signal, haltSignal);
		try {
			return await this.requestPaced<T>(rest, signal, haltSignal);
		} finally {
			// Also when the first request ended without being sent (halted, cancelled, its body failed).
			if (leads) this.firstTry?.end();
		}
	}

	/**
	 * The first request of a client goes alone (one token fetched, not one per request; see requestOnce).
	 * The others wait for its first try to be answered before they take their turn in the budget: a turn
	 * taken while it is out would be spent waiting and then leave bunched with the next turns, and Zoom
	 * counts arrivals over a sliding second, so the bunch meets a 429 (measured in `npm run bench` B1: one
	 * 429 at the start of every run). True when this request is the first.
	 */
	private async afterFirstTry(signal: AbortSignal | undefined, haltSignal: AbortSignal | undefined): Promise<boolean> {
		if (this.warmedUp) return false;
		if (!this.firstTry) {
			let end: () => void = () => undefined;
			const done = new Promise<void>((resolve) => (end = resolve));
			this.firstTry = { done, end };
			return true;
		}
		await unlessCancelled(unlessCancelled(this.firstTry.done, signal), haltSignal, halted);
		return false;
	}

	private async requestPaced<T>(rest: Omit<ZoomRequest, 'haltSignal'>, signal: AbortSignal | undefined, haltSignal: AbortSignal | undefined): Promise<T> {
		let ready: ReadyRequest | undefined;
		const tries = { rateLimited: 0, connect: 0 };
		for (;;) {
			if (this.credentialFailure !== undefined) throw this.credentialFailure;
			await unlessCancelled(this.budget.acquire(signal), haltSignal, halted);
			if (haltSignal?.aborted) throw halted();
			const sentAt = Date.now();
			if (this.credentialFailure !== undefined) throw this.credentialFailure;
			ready ??= { ...rest, body: typeof rest.body === 'function' ? await rest.body() : rest.body };
			try {
				const response = await this.requestOnce(ready);
				this.budget.answered(headersOf(response));
				if (ready.binary) return { body: Buffer.from(response.body as ArrayBuffer), headers: headersOf(response) } as T;
				return response.body as T;
			} catch (error) {
				await this.afterFailedTry(error, tries, sentAt, signal, haltSignal);
			}
		}
	}

	/**
	 * After a failed try: returns once the request may be sent again (after the wait it needs), or throws
	 * the failure. Failures are thrown as the HTTP client raised them, on purpose: describeFailure reads
	 * them, and every caller turns them into a NodeApiError through zoomApiError (failures.ts) before they
	 * reach n8n, without the request (and its token) that the raw error holds.
	 */
	private async afterFailedTry(
		error: unknown,
		tries: { rateLimited: number; connect: number },
		/** When the failed try started: the account budget tells its 429s from those of older tries. */
		sentAt: number,
		signal: AbortSignal | undefined,
		haltSignal: AbortSignal | undefined,
	): Promise<void> {
		const failure = describeFailure(error);
		// One failed token request per run, not one per item (a wrong secret would otherwise cost
		// thousands of token requests with Continue On Fail). Nothing was sent, so nothing is lost.
		if (failure.kind === 'credential') this.credentialFailure ??= error;
		if (isPerSecondLimit(failure) && tries.rateLimited < MAX_RATE_LIMIT_RETRIES) {
			// Zoom refused the request, so sending it again cannot duplicate it.
			const retryAfterMs = parseRetryAfter(failure.headers['retry-after']);
			const wait = this.budget.rateLimited(retryAfterMs, tries.rateLimited++, sentAt);
			if (wait > MAX_RATE_LIMIT_WAIT_MS) {
				const retryAt = new Date(Date.now() + wait).toISOString();
				throw new ZoomTransportError('rateLimitWait', `Zoom's rate limit asks to wait until ${retryAt} before the next request`, {
					notSent: true,
					retryAt,
					status: 429,
					headers: failure.headers,
				});
			}
			await unlessCancelled(unlessCancelled(sleep(wait), signal), haltSignal, halted);
			return;
		}
		if (failure.kind === 'http') this.budget.answered(failure.headers);
		if (failure.kind === 'network' && failure.notSent && tries.connect < MAX_CONNECT_RETRIES) {
			await unlessCancelled(sleep(backoffDelay(tries.connect++, { baseMs: 200 })), signal);
			return;
		}
		throw error;
	}

	private async requestOnce(request: ReadyRequest): Promise<FullResponse> {
		const options = await this.toHttpOptions(request);
		if (!this.warmedUp) {
			if (!this.warmUp) {
				this.warmUp = this.send(options, this.refreshGeneration);
				try {
					return (await this.warmUp) as FullResponse;
				} finally {
					this.warmedUp = true;
					this.firstTry?.end();
				}
			}
			const warmUpError = await this.warmUp.then(
				() => undefined,
				(error: unknown) => error,
			);
			if (warmUpError !== undefined && describeFailure(warmUpError).kind === 'credential') throw warmUpError;
		}
		return (await this.send(options, this.refreshGeneration)) as FullResponse;
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
		const signal = this.cancelSignal;
		if (!refreshOn401 && this.accessToken) {
			// As n8n's authenticated helper does: a cancelled execution aborts its requests. Each request gets
			// a signal of its own that follows the execution's (see abortFanout.ts).
			const abort = signal ? childSignal(signal) : undefined;
			try {
				return await this.context.helpers.httpRequest({
					...options,
					headers: { ...options.headers, Authorization: `Bearer ${this.accessToken}` },
					...(abort ? { abortSignal: abort.signal } : {}),
				});
			} finally {
				abort?.release();
			}
		}
		const response = await this.context.helpers.httpRequestWithAuthentication.call(this.context, CREDENTIAL_TYPE, options, {
			preAuthenticationRetryStatusCode: refreshOn401 ? 401 : [],
		});
		// n8n has stored a token now (fetched because it had none, or after the 401): later requests carry it.
		// The request has gone and Zoom answered: a failure to read the token back must not turn that answer
		// into a failure (the next request then simply goes through n8n's helper again).
		try {
			this.accessToken = tokenOf(await this.context.getCredentials(CREDENTIAL_TYPE));
		} catch {
			this.accessToken = undefined;
		}
		return response;
	}

	private async readCredential(): Promise<void> {
		// Read once, also when hundreds of requests start together (each read is a database read and a
		// decryption in n8n).
		this.credentialRead ??= this.context.getCredentials(CREDENTIAL_TYPE).then((credentials) => {
			this.apiBaseUrl = resolveZoomUrls(credentials).apiBaseUrl;
			this.accountId = typeof credentials.accountId === 'string' ? credentials.accountId : '';
			this.accessToken = tokenOf(credentials);
		});
		await this.credentialRead;
	}

	private async toHttpOptions(request: ReadyRequest): Promise<IHttpRequestOptions> {
		await this.readCredential();
		return {
			method: request.method,
			url: request.url ?? `${this.apiBaseUrl}${request.path}`,
			qs: request.qs,
			body: request.body,
			...(request.binary ? { encoding: 'arraybuffer' as const } : { json: true }),
			returnFullResponse: true,
			timeout: request.timeoutMs ?? 30_000,
		};
	}
}
