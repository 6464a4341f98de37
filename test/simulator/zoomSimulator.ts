/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports --
 * Test tooling, never shipped or run inside n8n: a real HTTP server needs node:http, timers and process. */
/**
 * A local stand-in for Zoom's S2S OAuth host (zoom.us) and Zoom Phone SMS API (api.zoom.us/v2), built
 * from the facts in /work/shared/reference/zoom-api.md and Zoom's OpenAPI extract.
 *
 * It answers like Zoom does (status codes, `{code, message}` bodies, `x-zm-trackingid`, numbers without
 * a leading "+" in history, opaque page tokens) and can be told to misbehave (faults, latency, rate
 * limits) so the node's retry, timeout and error paths can be tested without a Zoom account.
 *
 * One server plays both hosts: `POST /oauth/token` is the OAuth host, `/v2/...` the API host, and
 * `/__sim/...` a control plane for out-of-process tests. Where Zoom's behaviour is not documented, the
 * choice made here is marked [SIM] so nobody mistakes it for Zoom's contract.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { CAMPAIGN_ENDPOINT_SCOPES, Campaigns, type KeywordOptStatus } from './campaigns';
import { EventSubscriptions, type WebhookDelivery } from './eventSubscriptions';
import { nextStep, parseTimeline, statusAt, type DeliveryStep, type DeliveryTimelineRule } from './deliveryTimeline';
import { recipientBatches } from './oneToOne';

import {
	buildSeed,
	SEED,
	zoomId,
	type AttachmentReadType,
	type DeliveryStatus,
	type OwnerType,
	type SeedData,
	type SeedOptions,
	type SeedPhoneNumber,
	type SessionType,
} from './seed';

// ---------------------------------------------------------------------------------------------------
// Public types
// ---------------------------------------------------------------------------------------------------

export type { DeliveryStatus, SeedData, SeedOptions } from './seed';
export { CAMPAIGN_SEED, CONSENT_SCOPES, type OptStatus } from './campaigns';

/** Scopes each endpoint accepts (any one suffices), copied from the OpenAPI `security` blocks. */
export const ENDPOINT_SCOPES = {
	sendSms: [
		'phone:write:admin',
		'phone:write',
		'phone_sms:write',
		'phone_sms:write:admin',
		'phone:read:sms_message',
		'phone:read:sms_message:admin',
	],
	listNumbers: ['phone:read:admin', 'phone:read:list_numbers:admin'],
	listAccountSessions: [
		'phone:read:admin',
		'phone_sms:read',
		'phone_sms:read:admin',
		'phone:read:list_sms_sessions',
		'phone:read:list_sms_sessions:admin',
	],
	listUserSessions: [
		'phone:read:admin',
		'phone:read',
		'phone_sms:read',
		'phone_sms:read:admin',
		'phone:read:list_sms_sessions',
		'phone:read:list_sms_sessions:admin',
	],
	getSession: [
		'phone:read:admin',
		'phone:read',
		'phone_sms:read',
		'phone_sms:read:admin',
		'phone:read:sms_session',
		'phone:read:sms_session:admin',
	],
	getMessage: [
		'phone:read:admin',
		'phone:read',
		'phone_sms:read',
		'phone_sms:read:admin',
		'phone:read:sms_message',
		'phone:read:sms_message:admin',
	],
	// [SIM] From Zoom's Users API reference (`GET /users/{userId}`), which is not among the stored extracts.
	getUser: ['user:read:admin', 'user:read', 'user:read:user', 'user:read:user:admin'],
	// OpenAPI of `GET /phone/users/{userId}` (Get a user's profile).
	getPhoneUser: ['phone:read', 'phone:read:admin', 'phone:read:user', 'phone:read:user:admin'],
	// 10DLC campaigns and opt statuses (campaigns.ts).
	...CAMPAIGN_ENDPOINT_SCOPES,
} as const satisfies Record<string, readonly string[]>;

export type EndpointName = keyof typeof ENDPOINT_SCOPES;

/**
 * What a new S2S app gets when the SMS scopes are added: granular `:admin` scopes only (new S2S apps
 * cannot get classic scopes). `phone:read:sms_message:admin` is what the OpenAPI lists for sending.
 */
export const DEFAULT_SCOPES: readonly string[] = [
	'phone:read:list_numbers:admin',
	'phone:read:sms_message:admin',
	'phone:read:list_sms_sessions:admin',
	'phone:read:sms_session:admin',
];

/** What the Automatic From adds to an app: reading the token's user and their phone profile. */
export const SENDER_LOOKUP_SCOPES: readonly string[] = ['user:read:user:admin', 'phone:read:user:admin'];

/** An app set up for the Automatic From: the SMS scopes plus the look-up ones. */
export const AUTOMATIC_SENDER_SCOPES: readonly string[] = [...DEFAULT_SCOPES, ...SENDER_LOOKUP_SCOPES];

export const DEFAULT_CREDENTIALS = {
	accountId: 'sim-account-id',
	clientId: 'sim-client-id',
	clientSecret: 'sim-client-secret',
} as const;

export interface DeliveryStatusRule {
	/** A regular expression source, tested against each recipient's E.164 number. */
	pattern: string;
	status: DeliveryStatus;
}

/** Numbers ending in 0000 fail, so tests can check how the node reports delivery failures. */
export const DEFAULT_DELIVERY_RULES: readonly DeliveryStatusRule[] = [
	{ pattern: '0000$', status: 'failed_to_deliver' },
];

/** Settings that can change at runtime (`configure()` / `POST /__sim/config`). */
export interface SimulatorConfig {
	accountId: string;
	clientId: string;
	clientSecret: string;
	/** Scopes put into newly issued tokens (existing tokens keep theirs, as on Zoom). */
	scopes: string[];
	/** Token lifetime; fractions allowed so tests can watch a token expire quickly. */
	tokenTtlSeconds: number;
	/** Added before every response (not control endpoints). */
	latencyMs: number;
	/** Max API requests in any 1-second window; 0 disables. Zoom's MEDIUM label is 10/s (Pro). */
	rateLimitPerSecond: number;
	/**
	 * Whether a per-second 429 carries Retry-After (delta-seconds until the window has room). [SIM] Zoom
	 * documents none for per-second limits (the default, off); on, clients that honour it are tested too.
	 */
	qpsRetryAfter: boolean;
	/** Max accepted sends per UTC day; 0 disables. */
	dailyLimit: number;
	/**
	 * How long an accepted message takes to show in the conversation history (session lists, a session's
	 * messages, message by ID). [SIM] Zoom documents no such delay and no guarantee that there is none;
	 * tests set one to check that the node keeps looking until its wait is over.
	 */
	historyLagMs: number;
	deliveryStatusRules: DeliveryStatusRule[];
	/** How `sent` messages move on to a final status over time (deliveryTimeline.ts); default none. */
	deliveryTimeline: DeliveryTimelineRule[];
	/**
	 * The Zoom user an S2S token belongs to (`GET /users/me`): Zoom documents the token as "the owner's".
	 * Default Alex Rivera. [SIM] Which user `me` is for an S2S app (its creator or the account owner) is
	 * not documented.
	 */
	tokenOwnerUserId: string;
	verbose: boolean;
}

export interface ZoomSimulatorOptions extends Partial<Omit<SimulatorConfig, 'verbose'>> {
	/** Default 127.0.0.1. */
	host?: string;
	/** Default 0 (an ephemeral port). */
	port?: number;
	seed?: SeedOptions;
	/** The app's Secret Token, signing the webhook requests the simulator sends. */
	webhookSecretToken?: string;
	/** true: log one line per request to stderr; a function: receive those lines instead. */
	verbose?: boolean | ((line: string) => void);
	/** Called for every accepted send (also emitted as the `message` event). */
	onMessage?: (message: AcceptedMessage) => void;
}

interface FaultBase {
	/**
	 * Which requests the fault hits. Exact pathname, or a pattern with `*` wildcards, or a RegExp.
	 * Default: any `/v2/...` API request (so the token request a client makes first is not hit by
	 * accident; target it with `path: '/oauth/token'`).
	 */
	path?: string | RegExp;
	/** HTTP method; default any. */
	method?: string;
	/** How many matching requests it affects; default 1. Decremented in place, removed at 0. */
	count?: number;
	/** How many matching requests pass untouched before it strikes; default 0. Decremented in place. */
	skip?: number;
}

export type Fault = FaultBase &
	(
		| {
				kind: 'status';
				status: number;
				/** JSON value or raw string; default a Zoom-shaped `{code, message}` (Zoom's 429 texts for 429). */
				body?: unknown;
				headers?: Record<string, string>;
				/** Seconds (number) or a verbatim header value (string, e.g. an HTTP-date or ISO date). */
				retryAfter?: number | string;
				/** How a numeric `retryAfter` is rendered; default `seconds`. */
				retryAfterFormat?: 'seconds' | 'http-date' | 'iso';
				/** For 429: which Zoom limit was hit; picks the body and `X-RateLimit-Type`. Default QPS. */
				rateLimitType?: 'QPS' | 'Daily-limit';
		  }
		/** Answer 400 code 4711 as if the token lacked the endpoint's scope. */
		| { kind: 'missingScope'; scopes?: string[] }
		/** Answer 401 code 124 whatever the token. */
		| { kind: 'invalidToken'; expired?: boolean }
		/** Process normally but answer `ms` later. A send is accepted before the wait. */
		| { kind: 'delay'; ms: number }
		/** Process normally (a send IS accepted) but answer with a truncated JSON body. */
		| { kind: 'malformedJson' }
		/** Destroy the socket before reading the request: Zoom certainly did not accept it. */
		| { kind: 'resetBeforeAccept' }
		/** Process normally (a send IS accepted), then destroy the socket without answering. */
		| { kind: 'resetAfterAccept' }
		/** Process normally (a send IS accepted), then never answer. */
		| { kind: 'hang' }
		/**
		 * Process normally (a send IS accepted), then answer `status` (a 5xx or 408) as a gateway or an
		 * overloaded Zoom may: the client cannot tell it from a request Zoom never processed.
		 */
		| { kind: 'failAfterAccept'; status: number }
	);

export type FaultKind = Fault['kind'];

export type MessageOutcome = 'responded' | 'malformedJson' | 'resetAfterAccept' | 'hang' | 'failAfterAccept';

export interface AttachmentSummary {
	/** As declared in the request (PNG/JPEG/JPG/GIF). */
	type: string;
	/** Decoded size in bytes. */
	size: number;
	sha256: string;
}

/** One accepted `POST /v2/phone/sms/messages`, in acceptance order. */
export interface AcceptedMessage {
	/** 1-based acceptance order. */
	seq: number;
	messageId: string;
	sessionId: string;
	/** Whether this send created the session (false: reused or continued one). */
	sessionCreated: boolean;
	/** `date_time` as returned to the client (no milliseconds). */
	dateTime: string;
	/** When the request was received, ISO with milliseconds. */
	receivedAt: string;
	accessToken: string;
	/** Sender E.164. */
	sender: string;
	/** Recipients E.164, de-duplicated, in request order. */
	toMembers: string[];
	message?: string;
	attachments: AttachmentSummary[];
	messageType: number;
	deliveryStatus: DeliveryStatus;
	direction: 'Out';
	/** The request body as sent, except each attachment's base64 is replaced by a short summary. */
	body: Record<string, unknown>;
	/** What the client saw: a normal answer, or the fault that hid the acceptance from it. */
	outcome: MessageOutcome;
	trackingId: string;
}

export interface RequestLogEntry {
	at: string;
	method: string;
	path: string;
	route: string;
	/** HTTP status, or 0 when the socket was reset / the request hangs. */
	status: number;
	fault?: FaultKind;
	trackingId: string;
}

export interface SimulatorCounts {
	status401: number;
	status429: number;
	status5xx: number;
	/** Sockets destroyed by reset faults. */
	resets: number;
	/** Requests left unanswered by `hang` faults. */
	hangs: number;
	/** Responses sent with a broken JSON body. */
	malformed: number;
}

export interface SimulatorState {
	url: string;
	config: Omit<SimulatorConfig, 'clientSecret'>;
	/** All `POST /oauth/token` requests, successful or not. */
	tokenRequests: number;
	tokensIssued: number;
	tokensActive: number;
	messagesAccepted: number;
	/** Accepted sends today (UTC), the counter `dailyLimit` is checked against. */
	dailySends: number;
	/** Omitted by `GET /__sim/state?messages=0`. */
	messages?: AcceptedMessage[];
	requests: { total: number; byStatus: Record<string, number>; byRoute: Record<string, number> };
	/** TCP connections accepted; far below `requests.total` when clients keep connections alive. */
	connectionsOpened: number;
	counts: SimulatorCounts;
	pendingFaults: Array<Omit<Fault, 'path'> & { path?: string }>;
	numbers: Array<{
		number: string;
		smsCapable: boolean;
		assigneeType?: OwnerType;
		assigneeName?: string;
	}>;
	smsCapableNumbers: string[];
	sessions: number;
}

export interface InboundMessageInput {
	/** External sender, E.164. */
	from: string;
	/** The account's number receiving it, E.164. */
	to: string;
	message: string;
	/** Optional: continue this session instead of the one for (to, from). */
	sessionId?: string;
}

export interface ZoomSimulatorEvents {
	message: [AcceptedMessage];
	tokenIssued: [{ accessToken: string; scopes: string[]; expiresAt: string }];
}

// ---------------------------------------------------------------------------------------------------
// Internal model
// ---------------------------------------------------------------------------------------------------

interface TokenRecord {
	seq: number;
	scopes: Set<string>;
	expiresAt: number;
	revoked: boolean;
	/** An app-level token (grant_type=client_credentials): only for the event-subscription API. */
	app?: boolean;
}

interface StoredAttachment {
	id: string;
	name: string;
	type: AttachmentReadType;
	size: number;
	/** Signs the download URL the way Zoom's `?jwt=` does, so the URL alone grants access. */
	jwt: string;
	contentType: string;
	/** Dropped when the retention budget is exceeded (the download then answers 404). */
	bytes?: Buffer;
}

interface StoredMessage {
	id: string;
	sessionId: string;
	time: number;
	direction: 'In' | 'Out';
	text: string;
	messageType: number;
	deliveryStatus: DeliveryStatus;
	/** Where `deliveryStatus` moves to, and when (deliveryTimeline.ts). */
	deliveryStep?: DeliveryStep;
	from: string;
	to: string[];
	attachments: StoredAttachment[];
}

interface StoredSession {
	id: string;
	type: SessionType;
	ownerNumber: string;
	peers: string[];
	key: string;
	messages: StoredMessage[];
}

interface PageCursor {
	route: string;
	resource: string;
	offset: number;
	expiresAt: number;
}

interface ApiResult {
	status: number;
	/** JSON-serialised unless `raw` is set. */
	body?: unknown;
	raw?: Buffer | string;
	contentType?: string;
	headers?: Record<string, string>;
	accepted?: AcceptedMessage;
	/** The other messages one request became (one-to-one sends: oneToOne.ts). */
	alsoAccepted?: AcceptedMessage[];
}

interface RouteContext {
	method: string;
	path: string;
	query: URLSearchParams;
	params: string[];
	body: Buffer;
	headers: IncomingMessage['headers'];
	token: string;
	receivedAt: number;
	trackingId: string;
}

interface Route {
	method: string;
	label: string;
	pattern: RegExp;
	endpoint: EndpointName;
	handler: (ctx: RouteContext) => ApiResult;
}

class ApiError extends Error {
	constructor(
		readonly status: number,
		readonly code: number,
		message: string,
		readonly errors?: Array<{ field: string; message: string }>,
	) {
		super(message);
	}

	toResult(): ApiResult {
		return {
			status: this.status,
			body: {
				code: this.code,
				message: this.message,
				...(this.errors ? { errors: this.errors } : {}),
			},
		};
	}
}

const JSON_TYPE = 'application/json;charset=UTF-8';
const E164 = /^\+[1-9]\d{1,14}$/;
const DAY_MS = 86_400_000;
const PAGE_TOKEN_TTL_MS = 15 * 60_000; // Zoom: "The expiration period for this token is 15 minutes."
const MAX_BODY_BYTES = 8 * 1024 * 1024; // 2 MB of attachments is ~2.7 MB of base64; leave room, refuse floods.
const MAX_ATTACHMENT_TOTAL = 2 * 1024 * 1024;
const MAX_RETAINED_ATTACHMENT_BYTES = 64 * 1024 * 1024; // what reads can serve before old bytes are dropped
const REQUEST_LOG_SIZE = 500;
const MAX_TOKENS_REMEMBERED = 100_000;
const MAX_PAGE_CURSORS = 10_000;

const QPS_BODY = {
	code: 429,
	message: 'You have reached the maximum per-second rate limit for this API. Try again later.',
};
const DAILY_BODY = {
	code: 429,
	message:
		'You have reached the maximum daily rate limit for this API. Refer to the response header for details on when you can make another request.',
};

const SESSION_TYPES: readonly SessionType[] = [
	'user',
	'call_queue',
	'auto_receptionist',
	'service_endpoint',
];
const DELIVERY_STATUSES: readonly DeliveryStatus[] = [
	'received',
	'delivered',
	'failed_to_send',
	'sent',
	'failed_to_deliver',
	'unknown',
];
const FILTER_TYPES = [
	'last_message_time',
	'sent_message_time',
	'received_message_time',
	'sent_received_message_time',
] as const;
type FilterType = (typeof FILTER_TYPES)[number];

const ATTACHMENT_TYPES: Record<
	string,
	{ read: AttachmentReadType; contentType: string; ext: string }
> = {
	PNG: { read: 'PNG', contentType: 'image/png', ext: 'png' },
	JPG: { read: 'JPG', contentType: 'image/jpeg', ext: 'jpg' },
	JPEG: { read: 'JPG', contentType: 'image/jpeg', ext: 'jpg' },
	GIF: { read: 'GIF', contentType: 'image/gif', ext: 'gif' },
};

/** Zoom prints times without milliseconds: `2026-01-17T08:13:27Z`. */
export function zoomTime(ms: number): string {
	return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** History endpoints print numbers without the "+" (Zoom's examples: `"18108001001"`). */
function bare(e164: string): string {
	return e164.startsWith('+') ? e164.slice(1) : e164;
}

function digitsOf(value: string): string {
	return value.replace(/\D/g, '');
}

function sessionKey(ownerNumber: string, peers: readonly string[]): string {
	return `${ownerNumber}>${[...peers].sort().join(',')}`;
}

function sessionTypeFor(owner?: OwnerType): SessionType {
	switch (owner) {
		case 'callQueue':
			return 'call_queue';
		case 'autoReceptionist':
			return 'auto_receptionist';
		case 'serviceEndpoint':
			return 'service_endpoint';
		default:
			return 'user';
	}
}

function magicMatches(type: string, bytes: Buffer): boolean {
	switch (type) {
		case 'PNG':
			return (
				bytes.length >= 8 &&
				bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
			);
		case 'JPG':
		case 'JPEG':
			return bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff;
		case 'GIF': {
			const head = bytes.subarray(0, 6).toString('latin1');
			return head === 'GIF87a' || head === 'GIF89a';
		}
		default:
			return false;
	}
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function globToRegExp(glob: string): RegExp {
	const escaped = glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
	return new RegExp(`^${escaped}$`);
}

/**
 * A validation failure: code 300 with `errors: [{ field, message }]`, the shape of Zoom's OpenAPI
 * ("Validation Failed." | { "field": "zoom_phone_user_numbers", "message": "Missing field." }). [SIM] The
 * top-level message names the problem; Zoom's may be the generic "Validation Failed." [UNVERIFIED].
 */
function validation(message: string, field: string, fieldMessage = message): ApiError {
	return new ApiError(400, 300, message, [{ field, message: fieldMessage }]);
}

/**
 * Parses Zoom's two documented date formats. Date-only values cover the whole day when used as `to`.
 * Returns null for anything else, including impossible dates like 2026-02-30.
 */
function parseZoomDate(value: string, endOfDay: boolean): { ms: number; dateOnly: boolean } | null {
	const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}):(\d{2})Z)?$/.exec(value);
	if (!m) return null;
	const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
	const [h, mi, s] = m[4] === undefined ? [0, 0, 0] : [Number(m[4]), Number(m[5]), Number(m[6])];
	const ms = Date.UTC(y, mo - 1, d, h, mi, s);
	const back = new Date(ms);
	if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d)
		return null;
	if (h > 23 || mi > 59 || s > 59) return null;
	const dateOnly = m[4] === undefined;
	return { ms: dateOnly && endOfDay ? ms + DAY_MS - 1 : ms, dateOnly };
}

// ---------------------------------------------------------------------------------------------------
// The simulator
// ---------------------------------------------------------------------------------------------------

export class ZoomSimulator extends EventEmitter<ZoomSimulatorEvents> {
	/** Pending faults, consumed in order. Push to it directly or use `addFault()`. */
	readonly faults: Fault[] = [];

	private readonly server: Server;
	private readonly initialConfig: SimulatorConfig;
	private readonly logSink?: (line: string) => void;
	private config: SimulatorConfig;
	private seedData!: SeedData;
	private baseUrl = '';
	private stopped = false;

	private tokens = new Map<string, TokenRecord>();
	/** Zoom's event-subscription API and webhook deliveries (eventSubscriptions.ts). */
	readonly eventSubscriptions: EventSubscriptions;
	/** 10DLC campaigns and consumers' opt statuses (campaigns.ts). */
	readonly campaigns = new Campaigns(() => this.seedData);
	private tokenSeq = 0;
	private tokenRequestCount = 0;
	private accepted: AcceptedMessage[] = [];
	private sessions = new Map<string, StoredSession>();
	private sessionsByKey = new Map<string, StoredSession>();
	private messagesById = new Map<string, StoredMessage>();
	private attachments = new Map<string, StoredAttachment>();
	private retainedAttachmentIds: string[] = [];
	private retainedAttachmentBytes = 0;
	private numbersByE164 = new Map<string, SeedPhoneNumber>();
	private cursors = new Map<string, PageCursor>();
	private qpsWindow: number[] = [];
	/** When each API request under a per-second limit arrived (ms), admitted or not: what tests count per second. */
	private apiArrivals: number[] = [];
	private dailyDay = '';
	private dailyCount = 0;
	private requestTotal = 0;
	private connectionCount = 0;
	private byStatus: Record<string, number> = {};
	private byRoute: Record<string, number> = {};
	private counts: SimulatorCounts = this.zeroCounts();
	private requestLog: RequestLogEntry[] = [];
	private requestLogNext = 0;
	private readonly timers = new Set<NodeJS.Timeout>();
	private readonly hanging = new Set<ServerResponse>();
	private readonly compiledPaths = new WeakMap<Fault, RegExp>();
	private readonly compiledRules = new Map<string, RegExp>();
	private readonly routes: Route[];

	constructor(private readonly options: ZoomSimulatorOptions = {}) {
		super();
		this.initialConfig = {
			accountId: options.accountId ?? DEFAULT_CREDENTIALS.accountId,
			clientId: options.clientId ?? DEFAULT_CREDENTIALS.clientId,
			clientSecret: options.clientSecret ?? DEFAULT_CREDENTIALS.clientSecret,
			scopes: [...(options.scopes ?? DEFAULT_SCOPES)],
			tokenTtlSeconds: options.tokenTtlSeconds ?? 3600,
			latencyMs: options.latencyMs ?? 0,
			rateLimitPerSecond: options.rateLimitPerSecond ?? 0,
			qpsRetryAfter: options.qpsRetryAfter ?? false,
			dailyLimit: options.dailyLimit ?? 0,
			historyLagMs: options.historyLagMs ?? 0,
			deliveryStatusRules: (options.deliveryStatusRules ?? DEFAULT_DELIVERY_RULES).map((r) => ({
				...r,
			})),
			deliveryTimeline: (options.deliveryTimeline ?? []).map((r) => ({ ...r })),
			tokenOwnerUserId: options.tokenOwnerUserId ?? SEED.users.alex.id,
			verbose: options.verbose !== undefined && options.verbose !== false,
		};
		this.config = this.cloneConfig(this.initialConfig);
		const webhookSecretToken = options.webhookSecretToken ?? 'sim-webhook-secret-token';
		this.eventSubscriptions = new EventSubscriptions(() => ({ accountId: this.config.accountId, webhookSecretToken }));
		if (typeof options.verbose === 'function') this.logSink = options.verbose;
		if (options.onMessage) this.on('message', options.onMessage);
		this.routes = this.buildRoutes();
		this.loadSeed();

		this.server = createServer({ keepAlive: true, noDelay: true }, (req, res) =>
			this.onRequest(req, res),
		);
		this.server.on('connection', () => this.connectionCount++);
		// Benchmarks reuse connections; a short idle timeout would make them reconnect between bursts.
		this.server.keepAliveTimeout = 65_000;
		this.server.headersTimeout = 66_000;
		// A `hang` fault must be able to hold a request open for as long as the client waits.
		this.server.requestTimeout = 0;
	}

	// -------------------------------------------------------------------------------------------------
	// Lifecycle and public API
	// -------------------------------------------------------------------------------------------------

	/** Base URL, e.g. `http://127.0.0.1:40123` (the OAuth host; the API is under `/v2`). */
	get url(): string {
		return this.baseUrl;
	}

	get oauthTokenUrl(): string {
		return `${this.baseUrl}/oauth/token`;
	}

	get apiBaseUrl(): string {
		return `${this.baseUrl}/v2`;
	}

	get port(): number {
		return (this.server.address() as AddressInfo | null)?.port ?? 0;
	}

	get credentials(): { accountId: string; clientId: string; clientSecret: string } {
		const { accountId, clientId, clientSecret } = this.config;
		return { accountId, clientId, clientSecret };
	}

	/** Accepted sends, in order. */
	get messages(): readonly AcceptedMessage[] {
		return this.accepted;
	}

	get tokenRequests(): number {
		return this.tokenRequestCount;
	}

	/** The data the simulator was seeded with (numbers, users, extensions, sessions). */
	get seed(): SeedData {
		return this.seedData;
	}

	get currentConfig(): SimulatorConfig {
		return this.cloneConfig(this.config);
	}

	/** @internal use `startZoomSimulator()`. */
	async listen(): Promise<void> {
		const host = this.options.host ?? '127.0.0.1';
		await new Promise<void>((resolve, reject) => {
			this.server.once('error', reject);
			this.server.listen(this.options.port ?? 0, host, () => {
				this.server.off('error', reject);
				resolve();
			});
		});
		const shownHost = host.includes(':') ? `[${host}]` : host;
		this.baseUrl = `http://${shownHost}:${this.port}`;
	}

	/** Closes the server and every open socket, including hanging requests. */
	async stop(): Promise<void> {
		if (this.stopped) return;
		this.stopped = true;
		await this.eventSubscriptions.settled();
		for (const timer of this.timers) clearTimeout(timer);
		this.timers.clear();
		for (const res of this.hanging) res.destroy();
		this.hanging.clear();
		await new Promise<void>((resolve) => {
			this.server.close(() => resolve());
			this.server.closeAllConnections();
		});
	}

	state(options: { includeMessages?: boolean } = {}): SimulatorState {
		const now = Date.now();
		let active = 0;
		for (const t of this.tokens.values()) if (!t.revoked && t.expiresAt > now) active++;
		return {
			url: this.baseUrl,
			config: this.publicConfig(),
			tokenRequests: this.tokenRequestCount,
			tokensIssued: this.tokenSeq,
			tokensActive: active,
			messagesAccepted: this.accepted.length,
			dailySends: this.currentDailyCount(now),
			...(options.includeMessages === false ? {} : { messages: [...this.accepted] }),
			requests: {
				total: this.requestTotal,
				byStatus: { ...this.byStatus },
				byRoute: { ...this.byRoute },
			},
			connectionsOpened: this.connectionCount,
			counts: { ...this.counts },
			pendingFaults: this.faults.map((f) => ({
				...f,
				path: f.path === undefined ? undefined : String(f.path),
			})),
			numbers: this.seedData.numbers.map((n) => ({
				number: n.number,
				smsCapable: n.smsCapable,
				...(n.assignee ? { assigneeType: n.assignee.type, assigneeName: n.assignee.name } : {}),
			})),
			smsCapableNumbers: this.seedData.numbers
				.filter((n) => n.smsCapable && n.assignee)
				.map((n) => n.number),
			sessions: this.sessions.size,
		};
	}

	/** The last requests (up to 500), oldest first. */
	/** Arrival times (ms) of the API requests met while a per-second limit was on, admitted or refused. */
	rateLimitedArrivals(): number[] {
		return [...this.apiArrivals];
	}

	/** The most of those requests that arrived in any one-second window. */
	maxArrivalsPerSecond(): number {
		const sorted = [...this.apiArrivals].sort((a, b) => a - b);
		let most = 0;
		for (let start = 0, end = 0; end < sorted.length; end++) {
			while (sorted[end] - sorted[start] >= 1000) start++;
			most = Math.max(most, end - start + 1);
		}
		return most;
	}

	requestLogEntries(): RequestLogEntry[] {
		const n = this.requestLog.length;
		if (n < REQUEST_LOG_SIZE) return [...this.requestLog];
		return [
			...this.requestLog.slice(this.requestLogNext),
			...this.requestLog.slice(0, this.requestLogNext),
		];
	}

	/**
	 * Back to the freshly started state: seed data, no tokens, messages, faults or counters. The config
	 * returns to the start options too unless `keepConfig` is set.
	 */
	reset(options: { keepConfig?: boolean } = {}): void {
		if (!options.keepConfig) this.config = this.cloneConfig(this.initialConfig);
		this.faults.length = 0;
		this.eventSubscriptions.reset();
		this.tokens.clear();
		this.tokenSeq = 0;
		this.tokenRequestCount = 0;
		this.accepted = [];
		this.cursors.clear();
		this.qpsWindow = [];
		this.apiArrivals = [];
		this.dailyCount = 0;
		this.dailyDay = '';
		this.requestTotal = 0;
		this.connectionCount = 0;
		this.byStatus = {};
		this.byRoute = {};
		this.counts = this.zeroCounts();
		this.requestLog = [];
		this.requestLogNext = 0;
		this.loadSeed();
	}

	/** Changes settings at runtime; returns the resulting config. */
	configure(patch: Partial<SimulatorConfig>): SimulatorConfig {
		const next = this.cloneConfig(this.config);
		const num = (key: 'tokenTtlSeconds' | 'latencyMs' | 'rateLimitPerSecond' | 'dailyLimit' | 'historyLagMs') => {
			const v = patch[key];
			if (v === undefined) return;
			if (typeof v !== 'number' || !Number.isFinite(v) || v < 0)
				throw new Error(`${key} must be a number >= 0`);
			next[key] = v;
		};
		num('tokenTtlSeconds');
		num('latencyMs');
		num('rateLimitPerSecond');
		num('dailyLimit');
		num('historyLagMs');
		if (patch.qpsRetryAfter !== undefined) {
			if (typeof patch.qpsRetryAfter !== 'boolean') throw new Error('qpsRetryAfter must be true or false');
			next.qpsRetryAfter = patch.qpsRetryAfter;
		}
		for (const key of ['accountId', 'clientId', 'clientSecret'] as const) {
			const v = patch[key];
			if (v === undefined) continue;
			if (typeof v !== 'string' || v === '') throw new Error(`${key} must be a non-empty string`);
			next[key] = v;
		}
		if (patch.scopes !== undefined) {
			const scopes: unknown = patch.scopes;
			if (typeof scopes === 'string') next.scopes = scopes.split(/[\s,]+/).filter(Boolean);
			else if (Array.isArray(scopes) && scopes.every((s) => typeof s === 'string'))
				next.scopes = [...scopes];
			else throw new Error('scopes must be an array of strings or a space-separated string');
		}
		if (patch.deliveryStatusRules !== undefined) {
			const rules: unknown = patch.deliveryStatusRules;
			if (
				!Array.isArray(rules) ||
				!rules.every(
					(r) =>
						isRecord(r) &&
						typeof r.pattern === 'string' &&
						DELIVERY_STATUSES.includes(r.status as DeliveryStatus),
				)
			) {
				throw new Error(
					'deliveryStatusRules must be [{pattern, status}] with a known delivery status',
				);
			}
			next.deliveryStatusRules = (rules as DeliveryStatusRule[]).map((r) => ({ ...r }));
			for (const r of next.deliveryStatusRules) new RegExp(r.pattern); // fail here, not mid-request
		}
		if (patch.deliveryTimeline !== undefined) next.deliveryTimeline = parseTimeline(patch.deliveryTimeline);
		if (patch.tokenOwnerUserId !== undefined) {
			if (typeof patch.tokenOwnerUserId !== 'string' || patch.tokenOwnerUserId === '')
				throw new Error('tokenOwnerUserId must be a non-empty string');
			next.tokenOwnerUserId = patch.tokenOwnerUserId;
		}
		if (patch.verbose !== undefined) next.verbose = Boolean(patch.verbose);
		this.config = next;
		return this.cloneConfig(next);
	}

	addFault(fault: Fault | Fault[]): void {
		for (const f of Array.isArray(fault) ? fault : [fault]) this.faults.push(normalizeFault(f));
	}

	clearFaults(): void {
		this.faults.length = 0;
	}

	/** Marks every issued token expired: the next API call gets 401 code 124 "Access token has expired.". */
	expireTokens(): number {
		const now = Date.now();
		let n = 0;
		for (const t of this.tokens.values()) {
			if (t.expiresAt > now) {
				t.expiresAt = now - 1;
				n++;
			}
		}
		return n;
	}

	/** Revokes every issued token: the next API call gets 401 code 124 "Invalid access token.". */
	revokeTokens(): number {
		let n = 0;
		for (const t of this.tokens.values()) {
			if (!t.revoked) {
				t.revoked = true;
				n++;
			}
		}
		return n;
	}

	/** Issues a token without an HTTP round trip (not counted as a token request). */
	issueToken(options: { scopes?: string[]; ttlSeconds?: number } = {}): string {
		return this.createToken(
			options.scopes ?? this.config.scopes,
			options.ttlSeconds ?? this.config.tokenTtlSeconds,
		).accessToken;
	}

	/** Puts an inbound SMS into the history, as if someone texted one of the account's numbers. */
	addInboundMessage(input: InboundMessageInput): {
		messageId: string;
		sessionId: string;
		dateTime: string;
		/** Set when the text was an opt-out or opt-in keyword to a campaign number: the status it set. */
		optStatusSet?: KeywordOptStatus;
	} {
		if (!E164.test(input.from) || !E164.test(input.to))
			throw new Error('from and to must be E.164');
		const owner = this.numbersByE164.get(input.to);
		if (!owner) throw new Error(`${input.to} is not one of the account's numbers`);
		let session: StoredSession | undefined;
		if (input.sessionId !== undefined) {
			session = this.sessions.get(input.sessionId);
			if (!session) throw new Error(`unknown session ${input.sessionId}`);
		} else {
			session = this.findOrCreateSession(input.to, [input.from]).session;
		}
		const now = Date.now();
		const message: StoredMessage = {
			id: randomUUID().toUpperCase(),
			sessionId: session.id,
			time: now,
			direction: 'In',
			text: input.message,
			messageType: session.peers.length > 1 ? 3 : 1,
			deliveryStatus: 'received',
			from: input.from,
			to: [input.to, ...session.peers.filter((p) => p !== input.from)],
			attachments: [],
		};
		this.storeMessage(session, message);
		const optStatusSet = this.campaigns.inbound(input.from, input.to, input.message);
		return { messageId: message.id, sessionId: session.id, dateTime: zoomTime(now), ...(optStatusSet ? { optStatusSet } : {}) };
	}

	// -------------------------------------------------------------------------------------------------
	// Request pipeline
	// -------------------------------------------------------------------------------------------------

	private onRequest(req: IncomingMessage, res: ServerResponse): void {
		const receivedAt = Date.now();
		const rawUrl = req.url ?? '/';
		const q = rawUrl.indexOf('?');
		const path = q === -1 ? rawUrl : rawUrl.slice(0, q);
		const method = req.method ?? 'GET';

		if (path.startsWith('/__sim/') || path === '/__sim') {
			this.handleControl(
				req,
				res,
				method,
				path,
				new URLSearchParams(q === -1 ? '' : rawUrl.slice(q + 1)),
			);
			return;
		}

		const trackingId = `v=2.0;clid=sim;rid=WEB_${randomUUID().replace(/-/g, '')}`;
		this.requestTotal++;
		// Counted at arrival so faulted token requests (500s, resets) still show up as attempts.
		if (path === '/oauth/token' && method === 'POST') this.tokenRequestCount++;
		const fault = this.takeFault(method, path);

		if (fault?.kind === 'resetBeforeAccept') {
			const label = this.routeLabel(method, path);
			this.byRoute[label] = (this.byRoute[label] ?? 0) + 1;
			this.counts.resets++;
			this.logRequest(method, path, label, 0, trackingId, fault.kind);
			req.socket.destroy();
			return;
		}

		const chunks: Buffer[] = [];
		let size = 0;
		let tooLarge = false;
		req.on('data', (chunk: Buffer) => {
			size += chunk.length;
			if (size > MAX_BODY_BYTES) tooLarge = true;
			else chunks.push(chunk);
		});
		req.on('error', () => {
			// The client went away mid-request; nothing to answer.
		});
		req.on('end', () => {
			if (this.stopped) return;
			const query = new URLSearchParams(q === -1 ? '' : rawUrl.slice(q + 1));
			const ctx: RouteContext = {
				method,
				path,
				query,
				params: [],
				body: chunks.length === 1 ? chunks[0] : Buffer.concat(chunks),
				headers: req.headers,
				token: '',
				receivedAt,
				trackingId,
			};
			let label = 'other';
			let result: ApiResult;
			try {
				if (tooLarge) {
					label = this.routeLabel(method, path);
					result = new ApiError(
						413,
						300,
						`Request body exceeds ${MAX_BODY_BYTES} bytes.`,
					).toResult();
				} else if (fault?.kind === 'status') {
					label = this.routeLabel(method, path);
					result = this.faultStatusResult(fault);
				} else if (path === '/oauth/token') {
					label = `${method} /oauth/token`;
					result = this.handleToken(ctx);
				} else if (path.startsWith('/file/download/')) {
					label = 'GET /file/download/{fileId}';
					result = this.handleDownload(ctx);
				} else if (this.eventSubscriptions.handles(path)) {
					label = `${method} /marketplace/app/event_subscription`;
					result = this.handleEventSubscriptions(ctx);
				} else {
					const routed = this.routeApi(ctx, fault);
					label = routed.label;
					result = routed.result;
				}
			} catch (error) {
				result = error instanceof ApiError ? error.toResult() : this.internalError(error);
			}
			if (result.accepted) result.accepted.outcome = this.outcomeFor(fault);
			for (const also of result.alsoAccepted ?? []) also.outcome = this.outcomeFor(fault);
			if (fault?.kind === 'failAfterAccept') {
				result = { status: fault.status, body: { code: fault.status, message: defaultStatusMessage(fault.status) }, accepted: result.accepted, alsoAccepted: result.alsoAccepted };
			}
			this.deliver(req, res, method, path, label, result, fault, trackingId);
		});
	}

	private outcomeFor(fault: Fault | undefined): MessageOutcome {
		switch (fault?.kind) {
			case 'malformedJson':
			case 'resetAfterAccept':
			case 'hang':
			case 'failAfterAccept':
				return fault.kind;
			default:
				return 'responded';
		}
	}

	private deliver(
		req: IncomingMessage,
		res: ServerResponse,
		method: string,
		path: string,
		label: string,
		result: ApiResult,
		fault: Fault | undefined,
		trackingId: string,
	): void {
		this.byRoute[label] = (this.byRoute[label] ?? 0) + 1;
		// Listeners run after the record exists and before the client hears anything, as on a real
		// server where acceptance precedes the response.
		if (result.accepted) this.emitMessage(result.accepted);
		for (const also of result.alsoAccepted ?? []) this.emitMessage(also);

		if (fault?.kind === 'hang') {
			this.counts.hangs++;
			this.logRequest(method, path, label, 0, trackingId, fault.kind);
			this.hanging.add(res);
			res.on('close', () => this.hanging.delete(res));
			return;
		}
		if (fault?.kind === 'resetAfterAccept') {
			this.counts.resets++;
			this.logRequest(method, path, label, 0, trackingId, fault.kind);
			req.socket.destroy();
			return;
		}

		const delay = this.config.latencyMs + (fault?.kind === 'delay' ? fault.ms : 0);
		const write = () => this.writeResult(res, method, path, label, result, fault, trackingId);
		if (delay > 0) {
			const timer = setTimeout(() => {
				this.timers.delete(timer);
				write();
			}, delay);
			this.timers.add(timer);
		} else {
			write();
		}
	}

	private writeResult(
		res: ServerResponse,
		method: string,
		path: string,
		label: string,
		result: ApiResult,
		fault: Fault | undefined,
		trackingId: string,
	): void {
		if (this.stopped || res.destroyed) return;
		let payload: Buffer | string =
			result.raw ?? (result.body === undefined ? '' : JSON.stringify(result.body));
		if (fault?.kind === 'malformedJson') {
			// Cut the JSON in half so any parser fails, but keep it recognisably Zoom's answer.
			const text = typeof payload === 'string' ? payload : payload.toString('utf8');
			payload = text.slice(0, Math.max(1, Math.floor(text.length / 2)));
			this.counts.malformed++;
		}
		const headers: Record<string, string | number> = {
			'content-type': result.contentType ?? JSON_TYPE,
			'content-length': Buffer.byteLength(payload),
			'x-zm-trackingid': trackingId,
		};
		if (path.startsWith('/v2/')) {
			headers['x-ratelimit-category'] = 'Medium';
			if (this.config.rateLimitPerSecond > 0)
				headers['x-ratelimit-limit'] = this.config.rateLimitPerSecond;
		}
		if (result.headers) Object.assign(headers, result.headers);
		const status = result.status;
		this.byStatus[status] = (this.byStatus[status] ?? 0) + 1;
		if (status === 401) this.counts.status401++;
		else if (status === 429) this.counts.status429++;
		else if (status >= 500) this.counts.status5xx++;
		this.logRequest(method, path, label, status, trackingId, fault?.kind);
		res.writeHead(status, headers);
		res.end(payload);
	}

	private emitMessage(message: AcceptedMessage): void {
		try {
			this.emit('message', message);
		} catch (error) {
			// A broken demo listener must not turn an accepted send into a 500 the client would retry.
			this.log(`message listener threw: ${error instanceof Error ? error.message : String(error)}`);
		}
	}

	private internalError(error: unknown): ApiResult {
		this.log(
			`internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
		);
		return { status: 500, body: { code: 500, message: 'Simulator internal error.' } };
	}

	// -------------------------------------------------------------------------------------------------
	// Faults
	// -------------------------------------------------------------------------------------------------

	private takeFault(method: string, path: string): Fault | undefined {
		if (this.faults.length === 0) return undefined;
		for (let i = 0; i < this.faults.length; i++) {
			const f = this.faults[i];
			if (!this.faultMatches(f, method, path)) continue;
			if (f.skip) {
				f.skip--;
				continue;
			}
			const remaining = (f.count ?? 1) - 1;
			if (remaining <= 0) this.faults.splice(i, 1);
			else f.count = remaining;
			return f;
		}
		return undefined;
	}

	private faultMatches(f: Fault, method: string, path: string): boolean {
		if (f.method !== undefined && f.method.toUpperCase() !== method) return false;
		if (f.path === undefined) return path.startsWith('/v2/');
		if (f.path instanceof RegExp) return f.path.test(path);
		if (!f.path.includes('*')) return f.path === path;
		let re = this.compiledPaths.get(f);
		if (!re) {
			re = globToRegExp(f.path);
			this.compiledPaths.set(f, re);
		}
		return re.test(path);
	}

	private faultStatusResult(f: Extract<Fault, { kind: 'status' }>): ApiResult {
		const headers: Record<string, string> = { ...(f.headers ?? {}) };
		let body: unknown = f.body;
		if (f.status === 429) {
			const daily = f.rateLimitType === 'Daily-limit';
			body ??= daily ? DAILY_BODY : QPS_BODY;
			headers['x-ratelimit-category'] ??= 'Medium';
			headers['x-ratelimit-type'] ??= daily ? 'Daily-limit' : 'QPS';
		}
		body ??= { code: f.status, message: defaultStatusMessage(f.status) };
		if (f.retryAfter !== undefined) {
			headers['retry-after'] =
				typeof f.retryAfter === 'string'
					? f.retryAfter
					: renderRetryAfter(f.retryAfter, f.retryAfterFormat);
		}
		return typeof body === 'string'
			? { status: f.status, raw: body, contentType: 'text/plain;charset=UTF-8', headers }
			: { status: f.status, body, headers };
	}

	// -------------------------------------------------------------------------------------------------
	// OAuth
	// -------------------------------------------------------------------------------------------------

	private handleToken(ctx: RouteContext): ApiResult {
		const oauthError = (reason: string, error: string, status = 400): ApiResult => ({
			status,
			body: { reason, error },
		});
		if (ctx.method !== 'POST') return oauthError('Method not allowed', 'invalid_request', 405);

		// Zoom takes the parameters from the query string or an x-www-form-urlencoded body; the body wins.
		const params = new URLSearchParams(ctx.query);
		if (ctx.body.length > 0) {
			for (const [k, v] of new URLSearchParams(ctx.body.toString('utf8'))) params.set(k, v);
		}

		const auth = ctx.headers.authorization ?? '';
		const basic = /^Basic\s+(.+)$/i.exec(auth);
		const decoded = basic ? Buffer.from(basic[1].trim(), 'base64').toString('utf8') : '';
		const colon = decoded.indexOf(':');
		const clientId = colon === -1 ? '' : decoded.slice(0, colon);
		const clientSecret = colon === -1 ? '' : decoded.slice(colon + 1);
		if (clientId !== this.config.clientId || clientSecret !== this.config.clientSecret) {
			return oauthError('Invalid client_id or client_secret', 'invalid_client');
		}
		if (params.get('grant_type') === 'client_credentials') {
			// The app-level token Zoom wants for its event-subscription API; it carries no account scopes.
			const issued = this.createToken([], this.config.tokenTtlSeconds, true);
			return {
				status: 200,
				body: { access_token: issued.accessToken, token_type: 'bearer', expires_in: Math.max(0, Math.floor(this.config.tokenTtlSeconds) - 1), scope: '' },
				headers: { 'cache-control': 'no-store', pragma: 'no-cache' },
			};
		}
		if (params.get('grant_type') !== 'account_credentials') {
			return oauthError('unsupported grant type', 'unsupported_grant_type');
		}
		// [SIM] Zoom's exact answer for a wrong account id is not documented.
		if (params.get('account_id') !== this.config.accountId) {
			return oauthError('Invalid account_id', 'invalid_request');
		}
		const issued = this.createToken(this.config.scopes, this.config.tokenTtlSeconds);
		return {
			status: 200,
			body: {
				access_token: issued.accessToken,
				token_type: 'bearer',
				// Real responses say 3599 for a one-hour token: Zoom counts down from issuance.
				expires_in: Math.max(0, Math.floor(this.config.tokenTtlSeconds) - 1),
				scope: issued.scopes.join(' '),
				api_url: this.baseUrl,
			},
			headers: { 'cache-control': 'no-store', pragma: 'no-cache' },
		};
	}

	private createToken(
		scopes: readonly string[],
		ttlSeconds: number,
		app = false,
	): { accessToken: string; scopes: string[] } {
		const seq = ++this.tokenSeq;
		const accessToken = `sim_tok_${seq}_${randomBytes(18).toString('base64url')}`;
		const expiresAt = Date.now() + ttlSeconds * 1000;
		this.tokens.set(accessToken, { seq, scopes: new Set(scopes), expiresAt, revoked: false, ...(app ? { app: true } : {}) });
		if (this.tokens.size > MAX_TOKENS_REMEMBERED) {
			// Maps iterate in insertion order: the first key is the oldest token.
			const oldest = this.tokens.keys().next().value;
			if (oldest !== undefined) this.tokens.delete(oldest);
		}
		this.emit('tokenIssued', {
			accessToken,
			scopes: [...scopes],
			expiresAt: new Date(expiresAt).toISOString(),
		});
		return { accessToken, scopes: [...scopes] };
	}

	// -------------------------------------------------------------------------------------------------
	// API routing, auth, scopes, rate limits
	// -------------------------------------------------------------------------------------------------

	private buildRoutes(): Route[] {
		const seg = '([^/]+)';
		return [
			{
				method: 'POST',
				label: 'POST /v2/phone/sms/messages',
				pattern: /^\/v2\/phone\/sms\/messages$/,
				endpoint: 'sendSms',
				handler: (ctx) => this.handleSend(ctx),
			},
			{
				method: 'GET',
				label: 'GET /v2/phone/numbers',
				pattern: /^\/v2\/phone\/numbers$/,
				endpoint: 'listNumbers',
				handler: (ctx) => this.handleListNumbers(ctx),
			},
			{
				method: 'GET',
				label: 'GET /v2/phone/sms/sessions',
				pattern: /^\/v2\/phone\/sms\/sessions$/,
				endpoint: 'listAccountSessions',
				handler: (ctx) => this.handleListSessions(ctx, undefined),
			},
			{
				method: 'GET',
				label: 'GET /v2/phone/users/{userId}/sms/sessions',
				pattern: new RegExp(`^/v2/phone/users/${seg}/sms/sessions$`),
				endpoint: 'listUserSessions',
				handler: (ctx) => this.handleListSessions(ctx, decodeURIComponent(ctx.params[0])),
			},
			{
				method: 'GET',
				label: 'GET /v2/users/{userId}',
				pattern: new RegExp(`^/v2/users/${seg}$`),
				endpoint: 'getUser',
				handler: (ctx) => this.handleGetUser(ctx),
			},
			{
				method: 'GET',
				label: 'GET /v2/phone/users/{userId}',
				pattern: new RegExp(`^/v2/phone/users/${seg}$`),
				endpoint: 'getPhoneUser',
				handler: (ctx) => this.handleGetPhoneUser(ctx),
			},
			{
				method: 'GET',
				label: 'GET /v2/phone/sms/sessions/{sessionId}',
				pattern: new RegExp(`^/v2/phone/sms/sessions/${seg}$`),
				endpoint: 'getSession',
				handler: (ctx) => this.handleGetSession(ctx),
			},
			{
				method: 'GET',
				label: 'GET /v2/phone/sms/sessions/{sessionId}/messages/{messageId}',
				pattern: new RegExp(`^/v2/phone/sms/sessions/${seg}/messages/${seg}$`),
				endpoint: 'getMessage',
				handler: (ctx) => this.handleGetMessage(ctx),
			},
			...this.campaigns.routes(),
		];
	}

	private routeLabel(method: string, path: string): string {
		if (path === '/oauth/token') return `${method} /oauth/token`;
		if (path.startsWith('/file/download/')) return 'GET /file/download/{fileId}';
		for (const r of this.routes) if (r.method === method && r.pattern.test(path)) return r.label;
		return 'other';
	}

	private routeApi(
		ctx: RouteContext,
		fault: Fault | undefined,
	): { label: string; result: ApiResult } {
		let route: Route | undefined;
		let pathKnown = false;
		for (const r of this.routes) {
			const m = r.pattern.exec(ctx.path);
			if (!m) continue;
			pathKnown = true;
			if (r.method === ctx.method) {
				route = r;
				ctx.params = m.slice(1);
				break;
			}
		}
		const label = route?.label ?? 'other';

		// Auth comes first: Zoom answers 401 before it looks at the path or the body.
		const authError = this.authenticate(ctx, fault);
		if (authError) return { label, result: authError };

		if (!route) {
			// [SIM] Zoom's answer for unknown paths is not documented.
			return {
				label,
				result: pathKnown
					? new ApiError(405, 405, `Method ${ctx.method} is not allowed on ${ctx.path}.`).toResult()
					: new ApiError(
							404,
							404,
							`The simulator does not implement ${ctx.method} ${ctx.path}.`,
						).toResult(),
			};
		}

		const scopeError = this.checkScopes(ctx.token, route.endpoint, fault);
		if (scopeError) return { label, result: scopeError };

		const limited = this.checkRateLimits(route, ctx.receivedAt);
		if (limited) return { label, result: limited };

		return { label, result: route.handler(ctx) };
	}

	private authenticate(ctx: RouteContext, fault: Fault | undefined): ApiResult | undefined {
		if (fault?.kind === 'invalidToken') {
			return new ApiError(
				401,
				124,
				fault.expired ? 'Access token has expired.' : 'Invalid access token.',
			).toResult();
		}
		const header = ctx.headers.authorization ?? '';
		const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
		const record = m ? this.tokens.get(m[1]) : undefined;
		// [SIM] An app token on an account API: Zoom's exact answer is not documented; refused as invalid.
		if (!m || !record || record.revoked || record.app)
			return new ApiError(401, 124, 'Invalid access token.').toResult();
		if (record.expiresAt <= Date.now())
			return new ApiError(401, 124, 'Access token has expired.').toResult();
		ctx.token = m[1];
		return undefined;
	}

	private checkScopes(
		token: string,
		endpoint: EndpointName,
		fault: Fault | undefined,
	): ApiResult | undefined {
		const accepted: readonly string[] = ENDPOINT_SCOPES[endpoint];
		// [UNVERIFIED] Zoom's OpenAPI documents no 4711; the text is what a user saw (zoom-api.md §1,
		// JubaerHossain/zoom-laravel#15): "Invalid access token, does not contain scopes:[…]." on HTTP 400.
		const missingMessage = (names: readonly string[]) =>
			new ApiError(
				400,
				4711,
				`Invalid access token, does not contain scopes:[${names.join(', ')}].`,
			).toResult();
		if (fault?.kind === 'missingScope')
			return missingMessage(fault.scopes ?? adminGranular(accepted));
		const granted = this.tokens.get(token)?.scopes;
		if (granted && accepted.some((s) => granted.has(s))) return undefined;
		// Zoom names the granular admin scope an S2S app should add (e.g. `[user:read:list_users:admin]`).
		return missingMessage(adminGranular(accepted));
	}

	private checkRateLimits(route: Route, now: number): ApiResult | undefined {
		const limit = this.config.rateLimitPerSecond;
		// [SIM] Zoom limits per account and label; every endpoint here is MEDIUM, so they share one window.
		if (limit > 0) {
			if (this.apiArrivals.length < 200_000) this.apiArrivals.push(now);
			// Sliding 1-second window over admitted requests: rejected ones do not use up the budget.
			const window = this.qpsWindow;
			let drop = 0;
			while (drop < window.length && window[drop] <= now - 1000) drop++;
			if (drop > 0) window.splice(0, drop);
			if (window.length >= limit) {
				// [SIM] Zoom documents no Retry-After for per-second limits; clients must back off on their own
				// (qpsRetryAfter turns one on: whole seconds until the window has room).
				const retryAfter: Record<string, string> = this.config.qpsRetryAfter ? { 'retry-after': String(Math.max(1, Math.ceil((window[window.length - limit] + 1000 - now) / 1000))) } : {};
				return {
					status: 429,
					body: QPS_BODY,
					headers: {
						'x-ratelimit-category': 'Medium',
						'x-ratelimit-type': 'QPS',
						'x-ratelimit-remaining': '0',
						...retryAfter,
					},
				};
			}
			window.push(now);
		}
		if (route.endpoint === 'sendSms' && this.config.dailyLimit > 0) {
			if (this.currentDailyCount(now) >= this.config.dailyLimit) {
				const nextMidnight = Math.floor(now / DAY_MS) * DAY_MS + DAY_MS;
				return {
					status: 429,
					body: DAILY_BODY,
					headers: {
						'x-ratelimit-category': 'Medium',
						'x-ratelimit-type': 'Daily-limit',
						'x-ratelimit-limit': String(this.config.dailyLimit),
						'x-ratelimit-remaining': '0',
						'retry-after': zoomTime(nextMidnight),
					},
				};
			}
		}
		return undefined;
	}

	private currentDailyCount(now: number): number {
		const day = new Date(now).toISOString().slice(0, 10);
		if (day !== this.dailyDay) {
			this.dailyDay = day;
			this.dailyCount = 0;
		}
		return this.dailyCount;
	}

	// -------------------------------------------------------------------------------------------------
	// POST /v2/phone/sms/messages
	// -------------------------------------------------------------------------------------------------

	private handleSend(ctx: RouteContext): ApiResult {
		const body = parseJsonBody(ctx);

		// --- schema: sender ---
		const sender = body.sender;
		if (!isRecord(sender))
			throw validation('The sender field is required.', 'sender', 'must not be null');
		const senderNumber = sender.phone_number;
		if (typeof senderNumber !== 'string' || senderNumber === '') {
			throw validation(
				'The sender.phone_number field is required.',
				'sender.phone_number',
				'must not be blank',
			);
		}
		if (!E164.test(senderNumber)) {
			throw new ApiError(400, 316, 'The phone number does not conform to the E.164 standard.');
		}

		// --- schema: to_members ---
		const toMembers = body.to_members;
		if (!Array.isArray(toMembers) || toMembers.length === 0) {
			throw validation(
				'At least one recipient is required in to_members.',
				'to_members',
				'size must be between 1 and 10',
			);
		}
		if (toMembers.length > 10) {
			throw validation(
				`to_members can have at most 10 recipients, got ${toMembers.length}.`,
				'to_members',
				'size must be between 1 and 10',
			);
		}
		const recipients: string[] = [];
		toMembers.forEach((member, i) => {
			const phone = isRecord(member) ? member.phone_number : undefined;
			if (typeof phone !== 'string' || phone === '') {
				throw validation(
					`to_members[${i}].phone_number is required.`,
					`to_members[${i}].phone_number`,
					'must not be blank',
				);
			}
			if (!E164.test(phone))
				throw new ApiError(400, 316, 'The phone number does not conform to the E.164 standard.');
			if (!recipients.includes(phone)) recipients.push(phone);
		});

		// --- schema: message ---
		const message = body.message;
		if (message !== undefined && message !== null && typeof message !== 'string') {
			throw validation('The message field must be a string.', 'message', 'must be a string');
		}
		const text = typeof message === 'string' ? message : '';

		// --- schema: attachments ---
		const rawAttachments = body.attachments;
		if (rawAttachments !== undefined && rawAttachments !== null && !Array.isArray(rawAttachments)) {
			throw validation(
				'The attachments field must be an array.',
				'attachments',
				'must be an array',
			);
		}
		const attachmentList: unknown[] = Array.isArray(rawAttachments) ? rawAttachments : [];
		if (attachmentList.length > 10) {
			throw validation(
				`attachments can have at most 10 items, got ${attachmentList.length}.`,
				'attachments',
				'size must be between 0 and 10',
			);
		}
		const decoded: Array<{ type: string; bytes: Buffer }> = [];
		let totalBytes = 0;
		attachmentList.forEach((item, i) => {
			if (!isRecord(item))
				throw validation(
					`attachments[${i}] must be an object.`,
					`attachments[${i}]`,
					'must be an object',
				);
			const type = item.type;
			if (type === undefined || type === null || type === '') {
				throw new ApiError(400, 138, 'Missing content type for SMS attachment.');
			}
			// [SIM] Strict: the OpenAPI enum is upper case, and its PDF entry contradicts the prose (images only).
			if (typeof type !== 'string' || !(type in ATTACHMENT_TYPES)) {
				throw new ApiError(400, 121, 'Unsupported content type for SMS attachments.');
			}
			const b64 = item.base64_encoding;
			if (typeof b64 !== 'string' || b64 === '') {
				throw validation(
					`attachments[${i}].base64_encoding is required.`,
					`attachments[${i}].base64_encoding`,
					'must not be blank',
				);
			}
			const compact = b64.replace(/\s+/g, '');
			if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 === 1) {
				throw validation(
					`attachments[${i}].base64_encoding is not valid Base64.`,
					`attachments[${i}].base64_encoding`,
					'must be Base64',
				);
			}
			const bytes = Buffer.from(compact, 'base64');
			totalBytes += bytes.length;
			if (totalBytes > MAX_ATTACHMENT_TOTAL) {
				throw validation(
					'The total size of attachments cannot exceed 2 MB.',
					'attachments',
					'total size must not exceed 2 MB',
				);
			}
			if (!magicMatches(type, bytes)) {
				throw new ApiError(
					400,
					140,
					'The SMS attachment file content does not match the specified content type.',
				);
			}
			decoded.push({ type, bytes });
		});

		// --- content rules from the endpoint description ---
		if (text === '' && decoded.length === 0) {
			throw validation(
				'Either message or attachments must be provided.',
				'message',
				'must not be blank',
			);
		}
		// Zoom counts characters, not UTF-16 units: an emoji is one character.
		const chars = [...text].length;
		if (chars > 500) {
			throw validation(
				`The message cannot exceed 500 characters, got ${chars}.`,
				'message',
				'length must be at most 500',
			);
		}
		const byteLimit = decoded.length > 0 ? 1000 : 2048;
		const textBytes = Buffer.byteLength(text, 'utf8');
		if (textBytes > byteLimit) {
			throw validation(
				`The message cannot exceed ${byteLimit} bytes${decoded.length > 0 ? ' when attachments are present' : ''}, got ${textBytes}.`,
				'message',
				`size must be at most ${byteLimit} bytes`,
			);
		}

		// --- the account: sender eligibility ---
		const number = this.numbersByE164.get(senderNumber);
		// [SIM] An unassigned number cannot send (the OpenAPI requires an assignee); Zoom's code for it is
		// not documented, 7001 is the closest documented one.
		if (!number || !number.assignee) throw new ApiError(400, 7001, 'Phone number is not valid.');
		if (!number.smsCapable) throw new ApiError(400, 7028, 'Do not allow to send SMS.');
		const senderUserId = sender.user_id ?? sender.id;
		if (senderUserId !== undefined) {
			// Deprecated fields, still honoured: the user must exist and be the number's assignee
			// (devforum: a call-queue member's user_id got 7028).
			if (
				typeof senderUserId !== 'string' ||
				!this.seedData.users.some((u) => u.id === senderUserId)
			) {
				throw new ApiError(400, 1001, `User does not exist: ${String(senderUserId)}.`);
			}
			if (number.assignee.id !== senderUserId)
				throw new ApiError(400, 7028, 'Do not allow to send SMS.');
		}

		// --- one request, several one-to-one messages when the sender makes no groups (oneToOne.ts) ---
		const batches = recipientBatches(number, recipients, body.session_id);
		const results = batches.map((batch) => this.acceptSend(ctx, body, senderNumber, batch, text, message, decoded));
		return results.length > 1 ? { ...results[0], alsoAccepted: results.slice(1).map((r) => r.accepted) } : results[0];
	}

	private acceptSend(
		ctx: RouteContext,
		body: Record<string, unknown>,
		senderNumber: string,
		recipients: string[],
		text: string,
		message: unknown,
		decoded: Array<{ type: string; bytes: Buffer }>,
	): ApiResult & { accepted: AcceptedMessage } {
		// --- session ---
		let session: StoredSession;
		let created = false;
		const sessionId = body.session_id;
		if (sessionId !== undefined && sessionId !== null && sessionId !== '') {
			const existing = typeof sessionId === 'string' ? this.sessions.get(sessionId) : undefined;
			if (!existing) throw new ApiError(400, 12004, 'Session does not exist');
			if (existing.ownerNumber !== senderNumber) {
				// [SIM] Zoom's answer for continuing someone else's session is not documented.
				throw validation(
					'The sender phone number does not own this session.',
					'session_id',
					'belongs to another number',
				);
			}
			session = existing;
		} else {
			({ session, created } = this.findOrCreateSession(senderNumber, recipients));
		}

		// --- accept ---
		const now = ctx.receivedAt;
		const messageId = randomUUID().toUpperCase();
		const stored: StoredMessage = {
			id: messageId,
			sessionId: session.id,
			time: now,
			direction: 'Out',
			text,
			messageType: (recipients.length > 1 ? 3 : 1) + (decoded.length > 0 ? 1 : 0),
			deliveryStatus: this.deliveryStatusFor(recipients),
			from: senderNumber,
			to: recipients,
			attachments: decoded.map((a, i) => this.storeAttachment(messageId, i, a.type, a.bytes)),
		};
		if (stored.deliveryStatus === 'sent') {
			const step = nextStep(this.config.deliveryTimeline, recipients, now);
			if (step) stored.deliveryStep = step;
		}
		this.storeMessage(session, stored);
		this.currentDailyCount(now);
		this.dailyCount++;

		const summaries: AttachmentSummary[] = decoded.map((a) => ({
			type: a.type,
			size: a.bytes.length,
			sha256: createHash('sha256').update(a.bytes).digest('hex'),
		}));
		const dateTime = zoomTime(now);
		const accepted: AcceptedMessage = {
			seq: this.accepted.length + 1,
			messageId,
			sessionId: session.id,
			sessionCreated: created,
			dateTime,
			receivedAt: new Date(now).toISOString(),
			accessToken: ctx.token,
			sender: senderNumber,
			toMembers: recipients,
			...(typeof message === 'string' ? { message } : {}),
			attachments: summaries,
			messageType: stored.messageType,
			deliveryStatus: stored.deliveryStatus,
			direction: 'Out',
			body: sanitizeBody(body, summaries),
			outcome: 'responded',
			trackingId: ctx.trackingId,
		};
		this.accepted.push(accepted);
		return {
			status: 201,
			body: { message_id: messageId, session_id: session.id, date_time: dateTime },
			accepted,
		};
	}

	private deliveryStatusFor(recipients: readonly string[]): DeliveryStatus {
		for (const rule of this.config.deliveryStatusRules) {
			let re = this.compiledRules.get(rule.pattern);
			if (!re) {
				re = new RegExp(rule.pattern);
				this.compiledRules.set(rule.pattern, re);
			}
			if (recipients.some((r) => re.test(r))) return rule.status;
		}
		return 'sent';
	}

	private storeAttachment(
		messageId: string,
		index: number,
		type: string,
		bytes: Buffer,
	): StoredAttachment {
		const info = ATTACHMENT_TYPES[type];
		const id = createHash('md5').update(`${messageId}:${index}`).digest('base64url').slice(0, 22);
		const attachment: StoredAttachment = {
			id,
			name: `${id}.${info.ext}`,
			type: info.read,
			size: bytes.length,
			jwt: randomBytes(16).toString('base64url'),
			contentType: info.contentType,
			bytes,
		};
		this.attachments.set(id, attachment);
		this.retainedAttachmentIds.push(id);
		this.retainedAttachmentBytes += bytes.length;
		// Reads must serve the bytes, but a long benchmark of MMS must not grow memory without bound.
		while (
			this.retainedAttachmentBytes > MAX_RETAINED_ATTACHMENT_BYTES &&
			this.retainedAttachmentIds.length > 1
		) {
			const oldest = this.attachments.get(this.retainedAttachmentIds.shift() ?? '');
			if (oldest?.bytes) {
				this.retainedAttachmentBytes -= oldest.bytes.length;
				oldest.bytes = undefined;
			}
		}
		return attachment;
	}

	// -------------------------------------------------------------------------------------------------
	// GET /v2/phone/numbers
	// -------------------------------------------------------------------------------------------------

	private handleListNumbers(ctx: RouteContext): ApiResult {
		const q = ctx.query;
		const type = q.get('type') ?? 'all'; // [SIM] the default is not documented; "all" is least surprising
		if (!['assigned', 'unassigned', 'byoc', 'all'].includes(type)) {
			throw validation(
				`Invalid type: ${type}.`,
				'type',
				'must be one of assigned, unassigned, byoc, all',
			);
		}
		const extensionType = q.get('extension_type');
		const numberType = q.get('number_type');
		if (numberType !== null && numberType !== 'toll' && numberType !== 'tollfree') {
			throw validation(
				`Invalid number_type: ${numberType}.`,
				'number_type',
				'must be toll or tollfree',
			);
		}
		const phone = q.get('phone_number');
		const siteId = q.get('site_id');
		const pageSize = readPageSize(q);

		const filtered = this.seedData.numbers.filter((n) => {
			if (type === 'assigned' && !n.assignee) return false;
			if (type === 'unassigned' && n.assignee) return false;
			if (type === 'byoc') return false; // no Bring-Your-Own-Carrier numbers in the seed
			if (extensionType !== null && n.assignee?.type !== extensionType) return false;
			if (numberType !== null && n.numberType !== numberType) return false;
			if (phone !== null && digitsOf(phone) !== digitsOf(n.number)) return false;
			if (siteId !== null && n.site.id !== siteId) return false;
			return true;
		});
		const offset = this.readCursor(q, 'numbers', '', 300, 'Invalid next_page_token');
		const page = filtered.slice(offset, offset + pageSize);
		return {
			status: 200,
			body: {
				next_page_token: this.nextCursor('numbers', '', offset + pageSize, filtered.length),
				page_size: pageSize,
				total_records: filtered.length,
				phone_numbers: page.map((n) => ({
					id: n.id,
					number: n.number,
					...(n.displayName ? { display_name: n.displayName } : {}),
					source: n.source,
					status: n.status,
					number_type: n.numberType,
					capability: [...n.capability],
					location: n.location,
					...(n.assignee
						? {
								assignee: {
									id: n.assignee.id,
									name: n.assignee.name,
									extension_number: n.assignee.extensionNumber,
									type: n.assignee.type,
								},
							}
						: {}),
					site: { ...n.site },
				})),
			},
		};
	}

	// -------------------------------------------------------------------------------------------------
	// The token's user: GET /v2/users/{userId} (Users API) and GET /v2/phone/users/{userId} (phone profile)
	// -------------------------------------------------------------------------------------------------

	private findUser(userId: string): SeedData['users'][number] {
		const user = this.seedData.users.find(
			(u) => u.id === userId || u.email.toLowerCase() === userId.toLowerCase(),
		);
		if (!user) throw new ApiError(404, 1001, `User does not exist: ${userId}.`);
		return user;
	}

	private handleGetUser(ctx: RouteContext): ApiResult {
		const userId = decodeURIComponent(ctx.params[0]);
		// The Users API takes `me`; with an S2S token it is the token's owner.
		const user = this.findUser(userId === 'me' ? this.config.tokenOwnerUserId : userId);
		const [firstName, ...rest] = user.name.split(' ');
		return {
			status: 200,
			body: {
				id: user.id,
				first_name: firstName,
				last_name: rest.join(' '),
				display_name: user.name,
				email: user.email,
				type: 1,
				account_id: this.config.accountId,
				status: 'active',
			},
		};
	}

	private handleGetPhoneUser(ctx: RouteContext): ApiResult {
		const userId = decodeURIComponent(ctx.params[0]);
		// Zoom: "For user-level apps, pass `me`"; an S2S token has no "me" on Phone endpoints.
		if (userId === 'me') throw new ApiError(400, 300, 'Invalid user id.');
		const user = this.findUser(userId);
		return {
			status: 200,
			body: {
				id: user.id,
				phone_user_id: zoomId(`phoneUser:${user.id}`),
				email: user.email,
				extension_id: zoomId(`extension:${user.id}`),
				extension_number: user.extensionNumber,
				status: 'activate',
				// Zoom's example prints these numbers without the "+" ("14232058798"); so does the simulator.
				phone_numbers: this.seedData.numbers
					.filter((n) => n.assignee?.type === 'user' && n.assignee.id === user.id)
					.slice(0, 10)
					.map((n) => ({ id: n.id, number: n.number.replace(/^\+/, '') })),
				policy: { sms: { enable: user.smsEnabled, international_sms: false } },
			},
		};
	}

	// -------------------------------------------------------------------------------------------------
	// Session reads
	// -------------------------------------------------------------------------------------------------

	private handleListSessions(ctx: RouteContext, userId: string | undefined): ApiResult {
		const q = ctx.query;
		let ownerNumbers: Set<string> | undefined;
		let resource = '';
		const sessionType = q.get('session_type') ?? 'user';
		if (userId !== undefined) {
			if (userId === 'me') {
				// "me" needs a user-level OAuth token; an S2S token has no "me".
				throw new ApiError(400, 300, 'Invalid user id.');
			}
			const user = this.seedData.users.find(
				(u) => u.id === userId || u.email.toLowerCase() === userId.toLowerCase(),
			);
			if (!user) throw new ApiError(404, 1001, `User does not exist: ${userId}.`);
			if (!['user', 'call_queue', 'auto_receptionist', 'all'].includes(sessionType)) {
				throw new ApiError(400, 400, 'SMS session type is invalid.');
			}
			resource = user.id;
			// A user sees sessions of their own numbers, plus those of call queues they belong to.
			const memberOf = new Set(
				this.seedData.extensions.filter((e) => e.memberUserIds.includes(user.id)).map((e) => e.id),
			);
			ownerNumbers = new Set(
				this.seedData.numbers
					.filter((n) => n.assignee && (n.assignee.id === user.id || memberOf.has(n.assignee.id)))
					.map((n) => n.number),
			);
		} else if (sessionType !== 'all' && !SESSION_TYPES.includes(sessionType as SessionType)) {
			throw new ApiError(400, 400, 'SMS session type is invalid.');
		}
		const filterType = (q.get('filter_type') ?? 'last_message_time') as FilterType;
		if (!FILTER_TYPES.includes(filterType)) {
			throw validation(
				`Invalid filter_type: ${filterType}.`,
				'filter_type',
				`must be one of ${FILTER_TYPES.join(', ')}`,
			);
		}
		const { from, to } = readWindow(q, ctx.receivedAt);
		const phone = q.get('phone_number');
		const phoneDigits = phone === null ? undefined : digitsOf(phone);
		const pageSize = readPageSize(q);
		const route = userId === undefined ? 'sessions' : 'userSessions';
		const offset = this.readCursor(
			q,
			route,
			resource,
			400,
			'The next page token is invalid or expired.',
		);

		const inWindow = (m: StoredMessage) => m.time >= from && m.time <= to && this.listed(m, ctx.receivedAt);
		const matches: StoredSession[] = [];
		for (const s of this.sessions.values()) {
			if (ownerNumbers && !ownerNumbers.has(s.ownerNumber)) continue;
			if (sessionType !== 'all' && s.type !== sessionType) continue;
			if (
				phoneDigits !== undefined &&
				![s.ownerNumber, ...s.peers].some((p) => digitsOf(p) === phoneDigits)
			)
				continue;
			const last = s.messages[s.messages.length - 1];
			if (!last) continue;
			let hit: boolean;
			switch (filterType) {
				case 'sent_message_time':
					hit = s.messages.some((m) => m.direction === 'Out' && inWindow(m));
					break;
				case 'received_message_time':
					hit = s.messages.some((m) => m.direction === 'In' && inWindow(m));
					break;
				case 'sent_received_message_time':
					hit = s.messages.some(inWindow);
					break;
				default:
					hit = inWindow(last);
			}
			if (hit) matches.push(s);
		}
		// Newest conversation first, like Zoom's inbox.
		matches.sort((a, b) => lastTime(b) - lastTime(a) || (a.id < b.id ? -1 : 1));
		const page = matches.slice(offset, offset + pageSize);
		return {
			status: 200,
			body: {
				next_page_token: this.nextCursor(route, resource, offset + pageSize, matches.length),
				page_size: pageSize,
				sms_sessions: page.map((s) => ({
					session_id: s.id,
					session_type: s.type,
					last_access_time: zoomTime(lastTime(s)),
					participants: [
						{ ...this.party(s.ownerNumber), is_session_owner: true },
						...s.peers.map((p) => ({ ...this.party(p), is_session_owner: false })),
					],
				})),
			},
		};
	}

	private handleGetSession(ctx: RouteContext): ApiResult {
		const sessionId = decodeURIComponent(ctx.params[0]);
		const session = this.sessions.get(sessionId);
		if (!session) throw new ApiError(404, 12004, 'Session does not exist');
		const q = ctx.query;
		const { from, to } = readWindow(q, ctx.receivedAt);
		const status = q.get('delivery_status') ?? 'all';
		if (status !== 'all' && !DELIVERY_STATUSES.includes(status as DeliveryStatus)) {
			throw validation(
				`Invalid delivery_status: ${status}.`,
				'delivery_status',
				'unknown delivery status',
			);
		}
		const sort = q.get('sort') ?? '1'; // [SIM] Zoom documents no default order; ascending is assumed
		if (sort !== '1' && sort !== '2')
			throw validation(`Invalid sort: ${sort}.`, 'sort', 'must be 1 or 2');
		const pageSize = readPageSize(q);
		const offset = this.readCursor(
			q,
			'messages',
			session.id,
			400,
			'The next page token is invalid or expired.',
		);

		const list = session.messages.filter(
			(m) =>
				m.time >= from &&
				m.time <= to &&
				this.listed(m, ctx.receivedAt) &&
				(status === 'all' || statusAt(m, ctx.receivedAt) === status),
		);
		if (sort === '2') list.reverse();
		return {
			status: 200,
			body: {
				next_page_token: this.nextCursor('messages', session.id, offset + pageSize, list.length),
				page_size: pageSize,
				sms_histories: list.slice(offset, offset + pageSize).map((m) => this.messageJson(m)),
			},
		};
	}

	private handleGetMessage(ctx: RouteContext): ApiResult {
		const session = this.sessions.get(decodeURIComponent(ctx.params[0]));
		if (!session) throw new ApiError(404, 12004, 'Session does not exist');
		const message = this.messagesById.get(decodeURIComponent(ctx.params[1]));
		// [SIM] Zoom documents no code for an unknown message id; 7012 is its "Error retrieving SMS."
		if (!message || message.sessionId !== session.id || !this.listed(message, ctx.receivedAt))
			throw new ApiError(404, 7012, 'Error retrieving SMS.');
		return { status: 200, body: this.messageJson(message) };
	}

	/** Whether the history shows `message` yet (see `historyLagMs`). */
	private listed(message: StoredMessage, now: number): boolean {
		return message.time + this.config.historyLagMs <= now;
	}

	/** Only an app-level (client_credentials) token may manage the app's event subscriptions. */
	private handleEventSubscriptions(ctx: RouteContext): ApiResult {
		const m = /^Bearer\s+(\S+)\s*$/i.exec(ctx.headers.authorization ?? '');
		const record = m ? this.tokens.get(m[1]) : undefined;
		if (!record || record.revoked || record.expiresAt <= Date.now() || !record.app) {
			return new ApiError(401, 124, 'Invalid access token.').toResult();
		}
		const answer = this.eventSubscriptions.handle(ctx.method, ctx.path, ctx.query, ctx.body);
		return answer.body === undefined ? { status: answer.status, raw: '' } : { status: answer.status, body: answer.body };
	}

	/**
	 * An inbound SMS or MMS: stored in the history (with its images, served at download_url to the account's
	 * token) and delivered as phone.sms_received, shaped like Zoom's example, to every validated subscription.
	 * An opt-out or opt-in keyword (STOP, START…) to a campaign number also sets the contact's opt status and
	 * is delivered as phone.sms_campaign_number_opt_out / _opt_in, shaped like Zoom's example (`optDeliveries`).
	 * [SIM] Zoom documents those events as triggered by the keyword's text; that the text also arrives as
	 * phone.sms_received, and first, is not documented (a trigger on both events must expect either order).
	 */
	async receiveSms(input: InboundMessageInput & { attachments?: Array<{ type: 'PNG' | 'JPG' | 'GIF'; bytes: Buffer }> }): Promise<{
		messageId: string;
		object: Record<string, unknown>;
		deliveries: WebhookDelivery[];
		optDeliveries: WebhookDelivery[];
		optStatusSet?: KeywordOptStatus;
	}> {
		const added = this.addInboundMessage(input);
		const stored = this.messagesById.get(added.messageId);
		const attachments = (input.attachments ?? []).map((a, index) => this.storeAttachment(added.messageId, index, a.type, a.bytes));
		if (stored && attachments.length > 0) {
			stored.attachments = attachments;
			stored.messageType += 1;
		}
		const sender = this.party(input.from);
		const receiver = this.party(input.to);
		const object = {
			sender: { phone_number: sender.phone_number, ...(sender.display_name ? { display_name: sender.display_name } : {}) },
			to_members: [{ phone_number: receiver.phone_number, ...(receiver.owner ? { id: receiver.owner.id, type: 'user' } : {}), ...(receiver.display_name ? { display_name: receiver.display_name } : {}), is_message_owner: true }],
			owner: receiver.owner ? { type: receiver.owner.type, id: receiver.owner.id } : { type: 'user', id: '' },
			message: input.message,
			attachments: attachments.map((a) => ({ id: a.id, size: a.size, name: a.name, type: a.type.toLowerCase(), download_url: `${this.baseUrl}/file/download/${a.id}` })),
			session_id: added.sessionId,
			message_id: added.messageId,
			message_type: stored?.messageType ?? 1,
			date_time: added.dateTime,
		};
		const deliveries = await this.eventSubscriptions.deliver('phone.sms_received', object);
		const optDeliveries = added.optStatusSet
			? await this.eventSubscriptions.deliver(`phone.sms_campaign_number_${added.optStatusSet}`, {
					phone_number_campaign_opt_statuses: [{ consumer_phone_number: input.from, zoom_phone_user_number: input.to }],
					date_time: added.dateTime,
				})
			: [];
		return { messageId: added.messageId, object, deliveries, optDeliveries, ...(added.optStatusSet ? { optStatusSet: added.optStatusSet } : {}) };
	}

	private handleDownload(ctx: RouteContext): ApiResult {
		if (ctx.method !== 'GET') return new ApiError(405, 405, 'Method not allowed.').toResult();
		const id = decodeURIComponent(ctx.path.slice('/file/download/'.length));
		const attachment = this.attachments.get(id);
		if (!attachment || !attachment.bytes)
			return new ApiError(404, 404, 'File does not exist.').toResult();
		const bearer = /^Bearer\s+(\S+)/i.exec(ctx.headers.authorization ?? '');
		const tokenOk = bearer !== null && this.authenticate({ ...ctx }, undefined) === undefined;
		if (ctx.query.get('jwt') !== attachment.jwt && !tokenOk) {
			return new ApiError(401, 124, 'Invalid access token.').toResult();
		}
		return {
			status: 200,
			raw: attachment.bytes,
			contentType: attachment.contentType,
			headers: { 'content-disposition': `attachment; filename="${attachment.name}"` },
		};
	}

	private party(e164: string): {
		phone_number: string;
		display_name?: string;
		owner?: { id: string; type: OwnerType };
	} {
		const n = this.numbersByE164.get(e164);
		if (n?.assignee) {
			return {
				phone_number: bare(e164),
				display_name: n.assignee.name,
				owner: { id: n.assignee.id, type: n.assignee.type },
			};
		}
		const name = this.seedData.contacts[e164];
		return { phone_number: bare(e164), ...(name ? { display_name: name } : {}) };
	}

	private messageJson(m: StoredMessage): Record<string, unknown> {
		return {
			message_id: m.id,
			date_time: zoomTime(m.time),
			direction: m.direction,
			message: m.text,
			message_type: m.messageType,
			delivery_status: statusAt(m, Date.now()),
			sender: this.party(m.from),
			to_members: m.to.map((t) => this.party(t)),
			...(m.attachments.length > 0
				? {
						attachments: m.attachments.map((a) => ({
							id: a.id,
							name: a.name,
							size: a.size,
							type: a.type,
							download_url: `${this.baseUrl}/file/download/${a.id}?jwt=${a.jwt}`,
						})),
					}
				: {}),
		};
	}

	// -------------------------------------------------------------------------------------------------
	// Pagination
	// -------------------------------------------------------------------------------------------------

	private readCursor(
		q: URLSearchParams,
		route: string,
		resource: string,
		code: number,
		message: string,
	): number {
		const token = q.get('next_page_token');
		if (token === null || token === '') return 0;
		const cursor = this.cursors.get(token);
		if (
			!cursor ||
			cursor.route !== route ||
			cursor.resource !== resource ||
			cursor.expiresAt <= Date.now()
		) {
			throw new ApiError(400, code, message);
		}
		return cursor.offset;
	}

	/** An opaque token for the next page, or "" on the last page (Zoom's convention). */
	private nextCursor(route: string, resource: string, offset: number, total: number): string {
		if (offset >= total) return '';
		const token = randomBytes(26).toString('base64url').replace(/[-_]/g, '').slice(0, 35);
		this.cursors.set(token, { route, resource, offset, expiresAt: Date.now() + PAGE_TOKEN_TTL_MS });
		if (this.cursors.size > MAX_PAGE_CURSORS) {
			const oldest = this.cursors.keys().next().value;
			if (oldest !== undefined) this.cursors.delete(oldest);
		}
		return token;
	}

	// -------------------------------------------------------------------------------------------------
	// Data
	// -------------------------------------------------------------------------------------------------

	private loadSeed(): void {
		this.seedData = buildSeed(this.options.seed);
		this.numbersByE164 = new Map(this.seedData.numbers.map((n) => [n.number, n]));
		this.campaigns.reset();
		this.sessions.clear();
		this.sessionsByKey.clear();
		this.messagesById.clear();
		this.attachments.clear();
		this.retainedAttachmentIds = [];
		this.retainedAttachmentBytes = 0;
		const now = Date.now();
		for (const s of this.seedData.sessions) {
			const session = this.createSession(s.ownerNumber, s.peers, s.id);
			for (const m of s.messages) {
				const attachments: StoredAttachment[] = (m.attachments ?? []).map((a) => {
					const stored: StoredAttachment = {
						id: a.id,
						name: a.name,
						type: a.type,
						size: a.bytes.length,
						jwt: randomBytes(16).toString('base64url'),
						contentType: ATTACHMENT_TYPES[a.type].contentType,
						bytes: a.bytes,
					};
					this.attachments.set(a.id, stored);
					return stored;
				});
				const group = m.to.length > 1 || s.peers.length > 1;
				this.storeMessage(session, {
					id: m.id,
					sessionId: session.id,
					time: now + m.offsetMs,
					direction: m.direction,
					text: m.text,
					messageType: (group ? 3 : 1) + (attachments.length > 0 ? 1 : 0),
					deliveryStatus: m.deliveryStatus,
					from: m.from,
					to: m.to,
					attachments,
				});
			}
		}
	}

	private createSession(ownerNumber: string, peers: string[], id?: string): StoredSession {
		const owner = this.numbersByE164.get(ownerNumber);
		const session: StoredSession = {
			id: id ?? randomBytes(16).toString('hex'),
			type: sessionTypeFor(owner?.assignee?.type),
			ownerNumber,
			peers: [...peers],
			key: sessionKey(ownerNumber, peers),
			messages: [],
		};
		this.sessions.set(session.id, session);
		this.sessionsByKey.set(session.key, session);
		return session;
	}

	/** Zoom keeps one conversation per (sender number, recipient set); a repeat send continues it. */
	private findOrCreateSession(
		ownerNumber: string,
		peers: string[],
	): { session: StoredSession; created: boolean } {
		const existing = this.sessionsByKey.get(sessionKey(ownerNumber, peers));
		if (existing) return { session: existing, created: false };
		return { session: this.createSession(ownerNumber, peers), created: true };
	}

	private storeMessage(session: StoredSession, message: StoredMessage): void {
		const list = session.messages;
		// Keep each session sorted by time; new messages almost always go at the end.
		if (list.length === 0 || list[list.length - 1].time <= message.time) list.push(message);
		else {
			const at = list.findIndex((m) => m.time > message.time);
			list.splice(at, 0, message);
		}
		this.messagesById.set(message.id, message);
	}

	// -------------------------------------------------------------------------------------------------
	// Control plane: /__sim/*
	// -------------------------------------------------------------------------------------------------

	private handleControl(
		req: IncomingMessage,
		res: ServerResponse,
		method: string,
		path: string,
		query: URLSearchParams,
	): void {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('error', () => {
			// The control client went away; nothing to answer.
		});
		req.on('end', async () => {
			let status = 200;
			let body: unknown;
			try {
				const text = Buffer.concat(chunks).toString('utf8').trim();
				const input: unknown = text === '' ? {} : JSON.parse(text);
				body = await this.control(method, path, query, input);
			} catch (error) {
				status = error instanceof ControlError ? error.status : 400;
				body = { error: error instanceof Error ? error.message : String(error) };
			}
			if (this.stopped || res.destroyed) return;
			const payload = JSON.stringify(body);
			res.writeHead(status, {
				'content-type': JSON_TYPE,
				'content-length': Buffer.byteLength(payload),
			});
			res.end(payload);
		});
	}

	private async control(method: string, path: string, query: URLSearchParams, input: unknown): Promise<unknown> {
		const key = `${method} ${path.replace(/\/+$/, '')}`;
		switch (key) {
			case 'GET /__sim/health':
				return { ok: true };
			case 'GET /__sim/state':
				return this.state({ includeMessages: query.get('messages') !== '0' });
			case 'GET /__sim/requests':
				return { requests: this.requestLogEntries() };
			case 'GET /__sim/seed':
				// Sessions are summarised: their attachments hold raw bytes that do not belong in JSON.
				return {
					...this.seedData,
					sessions: this.seedData.sessions.map((s) => ({
						id: s.id,
						ownerNumber: s.ownerNumber,
						peers: s.peers,
						messageIds: s.messages.map((m) => m.id),
					})),
				};
			case 'POST /__sim/reset':
				this.reset({ keepConfig: isRecord(input) && input.keepConfig === true });
				return { ok: true };
			case 'GET /__sim/faults':
				return { faults: this.state().pendingFaults };
			case 'POST /__sim/faults': {
				const list = Array.isArray(input)
					? input
					: isRecord(input) && Array.isArray(input.faults)
						? input.faults
						: [input];
				this.addFault(list.map(faultFromJson));
				return { ok: true, pending: this.faults.length };
			}
			case 'DELETE /__sim/faults':
				this.clearFaults();
				return { ok: true };
			case 'POST /__sim/expire-tokens':
				return { ok: true, expired: this.expireTokens() };
			case 'POST /__sim/revoke-tokens':
				return { ok: true, revoked: this.revokeTokens() };
			case 'GET /__sim/config':
				return this.publicConfig();
			case 'POST /__sim/config':
				if (!isRecord(input)) throw new Error('config must be a JSON object');
				this.configure(input as Partial<SimulatorConfig>);
				return this.publicConfig();
			case 'POST /__sim/inbound': {
				if (
					!isRecord(input) ||
					typeof input.from !== 'string' ||
					typeof input.to !== 'string' ||
					typeof input.message !== 'string'
				) {
					throw new Error('inbound needs {from, to, message} strings');
				}
				// As a text from a phone: stored, and delivered to the subscribed webhooks (a Zoom SMS Trigger
				// with Automatic setup), as receiveSms does.
				const received = await this.receiveSms({
					from: input.from,
					to: input.to,
					message: input.message,
					...(typeof input.sessionId === 'string' ? { sessionId: input.sessionId } : {}),
				});
				const summary = (delivery: WebhookDelivery) => ({ event: (JSON.parse(delivery.body) as { event?: string }).event, url: delivery.url, status: delivery.status });
				return {
					messageId: received.messageId,
					sessionId: received.object.session_id,
					dateTime: received.object.date_time,
					...(received.optStatusSet ? { optStatusSet: received.optStatusSet } : {}),
					deliveries: [...received.deliveries, ...received.optDeliveries].map(summary),
				};
			}
			default:
				throw new ControlError(404, `unknown control endpoint ${key}`);
		}
	}

	private publicConfig(): Omit<SimulatorConfig, 'clientSecret'> {
		// The secret is a test fixture, but keep it out of state dumps that end up in CI logs.
		const config: Partial<SimulatorConfig> = this.cloneConfig(this.config);
		delete config.clientSecret;
		return config as Omit<SimulatorConfig, 'clientSecret'>;
	}

	// -------------------------------------------------------------------------------------------------
	// Small helpers
	// -------------------------------------------------------------------------------------------------

	private cloneConfig(c: SimulatorConfig): SimulatorConfig {
		return {
			...c,
			scopes: [...c.scopes],
			deliveryStatusRules: c.deliveryStatusRules.map((r) => ({ ...r })),
			deliveryTimeline: c.deliveryTimeline.map((r) => ({ ...r })),
		};
	}

	private zeroCounts(): SimulatorCounts {
		return { status401: 0, status429: 0, status5xx: 0, resets: 0, hangs: 0, malformed: 0 };
	}

	private logRequest(
		method: string,
		path: string,
		route: string,
		status: number,
		trackingId: string,
		fault: FaultKind | undefined,
	): void {
		const entry: RequestLogEntry = {
			at: new Date().toISOString(),
			method,
			path,
			route,
			status,
			...(fault ? { fault } : {}),
			trackingId,
		};
		if (this.requestLog.length < REQUEST_LOG_SIZE) this.requestLog.push(entry);
		else this.requestLog[this.requestLogNext] = entry;
		this.requestLogNext = (this.requestLogNext + 1) % REQUEST_LOG_SIZE;
		if (this.config.verbose)
			this.log(
				`${method} ${path} -> ${status === 0 ? fault : status}${fault ? ` [${fault}]` : ''}`,
			);
	}

	private log(line: string): void {
		if (!this.config.verbose && !this.logSink) return;
		const text = `[zoom-sim] ${line}`;
		if (this.logSink) this.logSink(text);
		else process.stderr.write(`${text}\n`);
	}
}

class ControlError extends Error {
	constructor(
		readonly status: number,
		message: string,
	) {
		super(message);
	}
}

function lastTime(s: StoredSession): number {
	return s.messages.length > 0 ? s.messages[s.messages.length - 1].time : 0;
}

function adminGranular(scopes: readonly string[]): string[] {
	// Granular names have four parts (`phone:read:sms_message:admin`); classic ones three (`phone:write:admin`).
	const granular = scopes.filter((s) => s.split(':').length === 4 && s.endsWith(':admin'));
	return granular.length > 0 ? granular : [...scopes];
}

function defaultStatusMessage(status: number): string {
	switch (status) {
		case 500:
			return 'Internal Server Error';
		case 502:
			return 'Bad Gateway';
		case 503:
			return 'Service Unavailable';
		case 504:
			return 'Gateway Timeout';
		case 429:
			return QPS_BODY.message;
		default:
			return `HTTP ${status}`;
	}
}

function renderRetryAfter(
	seconds: number,
	format: 'seconds' | 'http-date' | 'iso' = 'seconds',
): string {
	if (format === 'seconds') return String(Math.max(0, Math.round(seconds)));
	const at = Date.now() + seconds * 1000;
	return format === 'iso' ? zoomTime(at) : new Date(at).toUTCString();
}

function parseJsonBody(ctx: RouteContext): Record<string, unknown> {
	const type = (ctx.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
	if (type !== 'application/json' && !type.endsWith('+json')) {
		throw new ApiError(400, 300, 'Unsupported content type.');
	}
	let parsed: unknown;
	try {
		parsed = JSON.parse(ctx.body.toString('utf8'));
	} catch {
		parsed = undefined; // reported below, together with valid JSON that is not an object
	}
	if (!isRecord(parsed))
		throw new ApiError(400, 300, 'Request Body should be a valid JSON object.');
	return parsed;
}

function readPageSize(q: URLSearchParams): number {
	const raw = q.get('page_size');
	if (raw === null || raw === '') return 30;
	if (!/^\d+$/.test(raw) || Number(raw) < 1) {
		throw validation(`Invalid page_size: ${raw}.`, 'page_size', 'must be a positive integer');
	}
	// [SIM] Over-large page sizes are capped at the documented maximum of 100 rather than refused.
	return Math.min(100, Number(raw));
}

/**
 * `from`/`to` as the session endpoints document them: both optional (default: the past 30 days), `to`
 * required when `from` is set, and at most one month apart.
 */
function readWindow(q: URLSearchParams, now: number): { from: number; to: number } {
	const fromRaw = q.get('from');
	const toRaw = q.get('to');
	if (!fromRaw && !toRaw) return { from: now - 30 * DAY_MS, to: now };
	if (fromRaw && !toRaw)
		throw validation(
			'The to parameter is required when from is specified.',
			'to',
			'must not be blank',
		);
	const to = parseZoomDate(toRaw ?? '', true);
	if (!to) {
		throw validation(
			"Invalid to: use yyyy-MM-dd or yyyy-MM-dd'T'HH:mm:ss'Z'.",
			'to',
			"must be yyyy-MM-dd or yyyy-MM-dd'T'HH:mm:ss'Z'",
		);
	}
	if (!fromRaw) return { from: to.ms - 30 * DAY_MS, to: to.ms };
	const from = parseZoomDate(fromRaw, false);
	if (!from) {
		throw validation(
			"Invalid from: use yyyy-MM-dd or yyyy-MM-dd'T'HH:mm:ss'Z'.",
			'from',
			"must be yyyy-MM-dd or yyyy-MM-dd'T'HH:mm:ss'Z'",
		);
	}
	if (from.ms > to.ms)
		throw validation(
			'The from date must not be after the to date.',
			'from',
			'must not be after to',
		);
	// Compare the start of `to` against one calendar month after `from`: 2026-01-01..2026-02-01 is allowed,
	// 2026-01-01..2026-02-02 is not.
	const toStart = to.dateOnly ? to.ms - (DAY_MS - 1) : to.ms;
	const limit = new Date(from.ms);
	limit.setUTCMonth(limit.getUTCMonth() + 1);
	if (toStart > limit.getTime()) {
		throw validation(
			'The date range cannot exceed one month.',
			'to',
			'must be within one month of from',
		);
	}
	return { from: from.ms, to: to.ms };
}

function sanitizeBody(
	body: Record<string, unknown>,
	summaries: AttachmentSummary[],
): Record<string, unknown> {
	if (!Array.isArray(body.attachments)) return body;
	return {
		...body,
		attachments: body.attachments.map((a: unknown, i: number) =>
			isRecord(a)
				? {
						...a,
						base64_encoding: `<${summaries[i]?.size ?? 0} bytes, sha256 ${summaries[i]?.sha256 ?? '?'}>`,
					}
				: a,
		),
	};
}

const FAULT_KINDS: readonly FaultKind[] = [
	'status',
	'missingScope',
	'invalidToken',
	'delay',
	'malformedJson',
	'resetBeforeAccept',
	'resetAfterAccept',
	'hang',
	'failAfterAccept',
];

function normalizeFault(f: Fault): Fault {
	if (!isRecord(f) || !FAULT_KINDS.includes(f.kind)) {
		throw new Error(`fault.kind must be one of ${FAULT_KINDS.join(', ')}`);
	}
	if (f.count !== undefined && (!Number.isInteger(f.count) || f.count < 1)) {
		throw new Error('fault.count must be a positive integer');
	}
	if (f.kind === 'status' && (!Number.isInteger(f.status) || f.status < 100 || f.status > 599)) {
		throw new Error('a status fault needs an HTTP status');
	}
	if (f.kind === 'delay' && (typeof f.ms !== 'number' || f.ms < 0))
		throw new Error('a delay fault needs ms >= 0');
	if (f.skip !== undefined && (!Number.isInteger(f.skip) || f.skip < 0)) throw new Error('fault.skip must be a whole number');
	// A copy: the simulator counts down `count` and `skip`, and a test may add the same fault object again.
	return { ...f };
}

/** Faults arriving as JSON cannot carry a RegExp: `pathRegex` (a regular expression source) stands in. */
function faultFromJson(value: unknown): Fault {
	if (!isRecord(value)) throw new Error('a fault must be a JSON object');
	const { pathRegex, ...rest } = value;
	const fault = rest as unknown as Fault;
	if (typeof pathRegex === 'string') fault.path = new RegExp(pathRegex);
	return normalizeFault(fault);
}

/** Starts a simulator on 127.0.0.1 (an ephemeral port unless `port` is given). */
export async function startZoomSimulator(
	options: ZoomSimulatorOptions = {},
): Promise<ZoomSimulator> {
	const sim = new ZoomSimulator(options);
	await sim.listen();
	return sim;
}
