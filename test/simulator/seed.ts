/**
 * Default data the Zoom simulator starts with: one Zoom Phone account with users, a call queue, an auto
 * receptionist, five phone numbers and a handful of SMS sessions.
 *
 * Ids are derived from fixed names (not random) so tests, the demo and the e2e suite can refer to them
 * through `SEED` without asking the simulator first. Message times are relative to "now" at seeding time,
 * because Zoom's read endpoints default to "the past 30 days": fixed dates would drift out of that window.
 */
import { createHash } from 'node:crypto';

import { oneToOneSenderNumbers } from './oneToOne';

export type OwnerType =
	| 'user'
	| 'callQueue'
	| 'autoReceptionist'
	| 'sharedLineGroup'
	| 'commonArea'
	| 'serviceEndpoint';
export type SessionType = 'user' | 'call_queue' | 'auto_receptionist' | 'service_endpoint';
export type DeliveryStatus =
	| 'received'
	| 'delivered'
	| 'failed_to_send'
	| 'sent'
	| 'failed_to_deliver'
	| 'unknown';
/** The attachment types Zoom reports on read (OTHER|PNG|GIF|JPG|AUDIO|VIDEO); only images are seeded or accepted. */
export type AttachmentReadType = 'PNG' | 'GIF' | 'JPG';

export interface SeedUser {
	id: string;
	email: string;
	name: string;
	extensionNumber: number;
	/** Mirrors the user's `policy.sms.enable`: a number assigned to a user without SMS cannot send (code 7028). */
	smsEnabled: boolean;
}

export interface SeedExtension {
	id: string;
	name: string;
	type: 'callQueue' | 'autoReceptionist';
	extensionNumber: number;
	/** Users who see the extension's sessions through `GET /phone/users/{userId}/sms/sessions?session_type=call_queue`. */
	memberUserIds: string[];
}

export interface SeedPhoneNumber {
	id: string;
	/** E.164, as `/phone/numbers` returns it. */
	number: string;
	displayName?: string;
	numberType: 'toll' | 'tollfree';
	status: 'available' | 'pending';
	source: 'internal' | 'external';
	capability: string[];
	location: string;
	site: { id: string; name: string };
	assignee?: { id: string; name: string; extensionNumber: number; type: OwnerType };
	/**
	 * Whether the number may send SMS. Zoom's `/phone/numbers` has no such flag (SMS eligibility comes from
	 * campaigns and user policy), so it is simulator-only knowledge exposed through `state()`.
	 */
	smsCapable: boolean;
}

export interface SeedAttachment {
	id: string;
	name: string;
	type: AttachmentReadType;
	bytes: Buffer;
}

export interface SeedMessage {
	id: string;
	/** Milliseconds relative to the seeding time (negative = in the past). */
	offsetMs: number;
	direction: 'In' | 'Out';
	text: string;
	/** E.164. */
	from: string;
	/** E.164. */
	to: string[];
	deliveryStatus: DeliveryStatus;
	attachments?: SeedAttachment[];
}

export interface SeedSession {
	id: string;
	/** The account's number that owns the session (E.164). */
	ownerNumber: string;
	/** The other parties (E.164). */
	peers: string[];
	messages: SeedMessage[];
}

export interface SeedData {
	users: SeedUser[];
	extensions: SeedExtension[];
	numbers: SeedPhoneNumber[];
	/** Display names of people outside the account, keyed by E.164 number. */
	contacts: Record<string, string>;
	sessions: SeedSession[];
}

export interface SeedOptions {
	/** Extra SMS-capable numbers (+1555020NNNN), each assigned to its own generated user; for pagination tests. */
	extraNumbers?: number;
	/** Extra sessions owned by Alex's number with peers +1555030NNNN, all inside the default 30-day window. */
	extraSessions?: number;
	/** Extra messages appended to the Alex ↔ Casey session within the last day; for message pagination tests. */
	extraMessages?: number;
	/**
	 * Extra SMS-capable numbers (+1555011NNNN) assigned to Alex Rivera, the default token owner; for the
	 * Automatic From when the token's user has several numbers.
	 */
	alexExtraNumbers?: number;
	/**
	 * Adds the numbers of `ONE_TO_ONE_SENDERS` (oneToOne.ts), assigned to Sam Lee: a US toll-free number and
	 * a UK number, from which Zoom texts several recipients one by one.
	 */
	oneToOneSenders?: boolean;
	/**
	 * Keep only these of the seeded account numbers (E.164, `SEED.accountNumbers`); the others, and the
	 * sessions they own, are left out. For accounts with one number, or none (`[]`).
	 */
	onlyNumbers?: readonly string[];
	/**
	 * Adds `SEED.commonAreaNumber`, assigned to the "Lobby Phone" common area: listed by
	 * `GET /phone/numbers?type=assigned`, but a common-area phone does not send SMS (not offered by the From list).
	 */
	commonArea?: boolean;
}

/** 32 lowercase hex characters, the shape of Zoom session ids. */
export function hexId(name: string): string {
	return createHash('md5').update(name).digest('hex');
}

/** A 22-character base64url id, the shape of Zoom user/number/message ids (e.g. `DnEopNmXQEGU2uvvzjgojw`). */
export function zoomId(name: string): string {
	return createHash('md5').update(name).digest('base64url').slice(0, 22);
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** A valid 1×1 PNG, so the seeded MMS attachment passes magic-number checks and opens in a browser. */
export const TINY_PNG_BASE64 =
	'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';

const SITE = { id: zoomId('site:main'), name: 'Main Site' };

/** Well-known seeded values, for tests and demos. */
export const SEED = {
	accountNumbers: {
		/** Assigned to user Alex Rivera; SMS-capable. */
		alex: '+15550100001',
		/** Assigned to the "Support" call queue; SMS-capable. */
		support: '+15550100002',
		/** Assigned to the "Main Line" auto receptionist; SMS-capable. */
		mainLine: '+15550100003',
		/** Assigned to user Jordan Lee, whose SMS policy is off: sending from it gives 400 code 7028. */
		noSms: '+15550100004',
		/** Not assigned to anyone: sending from it gives 400 code 7001. */
		unassigned: '+15550100005',
	},
	contacts: {
		casey: '+15557654321',
		riley: '+15558675309',
		taylor: '+15552220199',
		morgan: '+15553334444',
		harper: '+447700900123',
		/** Ends in 0000: the default delivery rule marks messages to it `failed_to_deliver`. */
		failing: '+15551230000',
		drew: '+15559990001',
	},
	users: {
		alex: { id: zoomId('user:alex'), email: 'alex.rivera@example.com', name: 'Alex Rivera' },
		jordan: { id: zoomId('user:jordan'), email: 'jordan.lee@example.com', name: 'Jordan Lee' },
		/** Has no number of their own; member of the Support call queue. */
		sam: { id: zoomId('user:sam'), email: 'sam.patel@example.com', name: 'Sam Patel' },
	},
	extensions: {
		support: { id: zoomId('callQueue:support'), name: 'Support' },
		mainLine: { id: zoomId('autoReceptionist:mainLine'), name: 'Main Line' },
	},
	sessions: {
		/** Alex ↔ Casey: messages 45 days, 3 days and 1 hour ago (the latest an inbound MMS with a PNG). */
		alexCasey: hexId('session:alex-casey'),
		/** Alex ↔ Taylor + Riley: a group conversation 10 days ago. */
		alexGroup: hexId('session:alex-group'),
		/** Alex → +15551230000 five days ago, `failed_to_deliver`. */
		alexFailed: hexId('session:alex-failed'),
		/** Alex ↔ Drew, 60 days ago only: outside the default 30-day window. */
		alexOld: hexId('session:alex-old'),
		/** Support call queue ↔ Morgan: 40 and 20 days ago. */
		supportMorgan: hexId('session:support-morgan'),
		/** Main Line auto receptionist ↔ Harper (UK number), 2 days ago. */
		mainLineHarper: hexId('session:mainline-harper'),
	},
	/** Assigned to the "Lobby Phone" common area, with `SeedOptions.commonArea` only. */
	commonAreaNumber: '+15550100006',
	commonArea: { id: zoomId('commonArea:lobby'), name: 'Lobby Phone' },
	/** The seeded MMS attachment (in `alexCasey`). */
	attachmentId: zoomId('attachment:casey-photo'),
	/** The seeded inbound MMS in `alexCasey`. */
	mmsMessageId: zoomId('message:casey-5'),
} as const;

function number(
	n: string,
	smsCapable: boolean,
	assignee?: SeedPhoneNumber['assignee'],
	extra: Partial<SeedPhoneNumber> = {},
): SeedPhoneNumber {
	return {
		id: zoomId(`number:${n}`),
		number: n,
		...(assignee ? { displayName: assignee.name } : {}),
		numberType: 'toll',
		status: 'available',
		source: 'internal',
		capability: ['incoming', 'outgoing'],
		location: 'California, United States',
		site: SITE,
		...(assignee ? { assignee } : {}),
		smsCapable,
		...extra,
	};
}

function msg(
	key: string,
	offsetMs: number,
	direction: 'In' | 'Out',
	from: string,
	to: string[],
	text: string,
	deliveryStatus: DeliveryStatus = direction === 'In' ? 'received' : 'delivered',
	attachments?: SeedAttachment[],
): SeedMessage {
	return {
		id: zoomId(`message:${key}`),
		offsetMs,
		direction,
		text,
		from,
		to,
		deliveryStatus,
		...(attachments ? { attachments } : {}),
	};
}

/** Builds a fresh copy of the seed; callers may mutate it freely. */
export function buildSeed(options: SeedOptions = {}): SeedData {
	const { accountNumbers: N, contacts: C, users: U, extensions: E, sessions: S } = SEED;

	const users: SeedUser[] = [
		{ ...U.alex, extensionNumber: 1001, smsEnabled: true },
		{ ...U.jordan, extensionNumber: 1004, smsEnabled: false },
		{ ...U.sam, extensionNumber: 1006, smsEnabled: true },
	];
	const extensions: SeedExtension[] = [
		{
			...E.support,
			type: 'callQueue',
			extensionNumber: 2001,
			memberUserIds: [U.alex.id, U.sam.id],
		},
		{ ...E.mainLine, type: 'autoReceptionist', extensionNumber: 3001, memberUserIds: [] },
	];
	const numbers: SeedPhoneNumber[] = [
		number(N.alex, true, { id: U.alex.id, name: U.alex.name, extensionNumber: 1001, type: 'user' }),
		number(N.support, true, {
			id: E.support.id,
			name: E.support.name,
			extensionNumber: 2001,
			type: 'callQueue',
		}),
		number(N.mainLine, true, {
			id: E.mainLine.id,
			name: E.mainLine.name,
			extensionNumber: 3001,
			type: 'autoReceptionist',
		}),
		number(N.noSms, false, {
			id: U.jordan.id,
			name: U.jordan.name,
			extensionNumber: 1004,
			type: 'user',
		}),
		number(N.unassigned, false, undefined, { location: 'New York, United States' }),
	];
	const contacts: Record<string, string> = {
		[C.casey]: 'Casey Morgan',
		[C.riley]: 'Riley Chen',
		[C.taylor]: 'Taylor Brooks',
		[C.morgan]: 'Morgan Diaz',
		[C.harper]: 'Harper Quinn',
		[C.drew]: 'Drew Parker',
	};

	const photo: SeedAttachment = {
		id: SEED.attachmentId,
		name: 'part-photo.png',
		type: 'PNG',
		bytes: Buffer.from(TINY_PNG_BASE64, 'base64'),
	};

	const sessions: SeedSession[] = [
		{
			id: S.alexCasey,
			ownerNumber: N.alex,
			peers: [C.casey],
			messages: [
				msg('casey-1', -45 * DAY, 'In', C.casey, [N.alex], 'Hi, is my order ready?'),
				msg(
					'casey-2',
					-45 * DAY + 5 * MINUTE,
					'Out',
					N.alex,
					[C.casey],
					"Yes, it's ready for pickup.",
				),
				msg('casey-3', -3 * DAY, 'In', C.casey, [N.alex], 'Can I move my appointment to Thursday?'),
				msg(
					'casey-4',
					-3 * DAY + 2 * MINUTE,
					'Out',
					N.alex,
					[C.casey],
					'Sure, Thursday 10:00 works.',
				),
				msg(
					'casey-5',
					-1 * HOUR,
					'In',
					C.casey,
					[N.alex],
					"Here's a photo of the part.",
					'received',
					[photo],
				),
			],
		},
		{
			id: S.alexGroup,
			ownerNumber: N.alex,
			peers: [C.taylor, C.riley],
			messages: [
				msg('group-1', -10 * DAY, 'Out', N.alex, [C.taylor, C.riley], 'Team meetup at 6pm today.'),
				msg(
					'group-2',
					-10 * DAY + 15 * MINUTE,
					'In',
					C.riley,
					[N.alex, C.taylor],
					"I'll be there.",
				),
			],
		},
		{
			id: S.alexFailed,
			ownerNumber: N.alex,
			peers: [C.failing],
			messages: [
				msg(
					'failed-1',
					-5 * DAY,
					'Out',
					N.alex,
					[C.failing],
					'Your verification code is 482913.',
					'failed_to_deliver',
				),
			],
		},
		{
			id: S.alexOld,
			ownerNumber: N.alex,
			peers: [C.drew],
			messages: [
				msg('old-1', -60 * DAY, 'In', C.drew, [N.alex], 'Are you open on Sunday?'),
				msg('old-2', -60 * DAY + 10 * MINUTE, 'Out', N.alex, [C.drew], 'Yes, from 10 to 4.'),
			],
		},
		{
			id: S.supportMorgan,
			ownerNumber: N.support,
			peers: [C.morgan],
			messages: [
				msg(
					'morgan-1',
					-40 * DAY,
					'In',
					C.morgan,
					[N.support],
					'Thanks for fixing my router last time.',
				),
				msg('morgan-2', -20 * DAY, 'In', C.morgan, [N.support], 'My internet is down again.'),
				msg(
					'morgan-3',
					-20 * DAY + 3 * MINUTE,
					'Out',
					N.support,
					[C.morgan],
					'Sorry about that, a technician is on the way.',
				),
			],
		},
		{
			id: S.mainLineHarper,
			ownerNumber: N.mainLine,
			peers: [C.harper],
			messages: [
				msg('harper-1', -2 * DAY, 'In', C.harper, [N.mainLine], 'What are your opening hours?'),
				msg(
					'harper-2',
					-2 * DAY + MINUTE,
					'Out',
					N.mainLine,
					[C.harper],
					'Monday to Friday, 9:00 to 17:00.',
				),
			],
		},
	];

	const extraMessages = Math.max(0, Math.floor(options.extraMessages ?? 0));
	if (extraMessages > 0) {
		const casey = sessions[0];
		// Between the 3-day-old pair and the MMS of an hour ago, so the session stays in time order and
		// everything is inside the default 30-day window.
		const step = Math.max(1, Math.floor((22 * HOUR) / extraMessages));
		for (let i = 0; i < extraMessages; i++) {
			const inbound = i % 2 === 0;
			casey.messages.push(
				msg(
					`casey-extra-${i}`,
					-23 * HOUR + i * step,
					inbound ? 'In' : 'Out',
					inbound ? C.casey : N.alex,
					inbound ? [N.alex] : [C.casey],
					`Extra message ${i + 1}`,
				),
			);
		}
		casey.messages.sort((a, b) => a.offsetMs - b.offsetMs);
	}

	const extraNumbers = Math.max(0, Math.floor(options.extraNumbers ?? 0));
	for (let i = 1; i <= extraNumbers; i++) {
		const suffix = String(i).padStart(4, '0');
		const user: SeedUser = {
			id: zoomId(`user:extra-${i}`),
			email: `extra.user${i}@example.com`,
			name: `Extra User ${i}`,
			extensionNumber: 5000 + i,
			smsEnabled: true,
		};
		users.push(user);
		numbers.push(
			number(`+1555020${suffix}`, true, {
				id: user.id,
				name: user.name,
				extensionNumber: user.extensionNumber,
				type: 'user',
			}),
		);
	}

	const extraSessions = Math.max(0, Math.floor(options.extraSessions ?? 0));
	// Keep every extra session inside the default 30-day window however many are asked for.
	const sessionStep = Math.max(1, Math.floor((28 * DAY) / Math.max(1, extraSessions)));
	for (let i = 1; i <= extraSessions; i++) {
		const peer = `+1555030${String(i).padStart(4, '0')}`;
		sessions.push({
			id: hexId(`session:extra-${i}`),
			ownerNumber: N.alex,
			peers: [peer],
			messages: [
				msg(
					`extra-session-${i}`,
					-2 * HOUR - i * sessionStep,
					'In',
					peer,
					[N.alex],
					`Hello from ${peer}`,
				),
			],
		});
	}

	if (options.commonArea) {
		numbers.push(number(SEED.commonAreaNumber, false, { ...SEED.commonArea, extensionNumber: 4001, type: 'commonArea' }));
	}

	const alexExtra = Math.max(0, Math.floor(options.alexExtraNumbers ?? 0));
	for (let i = 1; i <= alexExtra; i++) {
		numbers.push(number(`+1555011${String(i).padStart(4, '0')}`, true, { id: U.alex.id, name: U.alex.name, extensionNumber: 1001, type: 'user' }));
	}

	if (options.oneToOneSenders) {
		for (const sender of oneToOneSenderNumbers()) {
			numbers.push(number(sender.number, true, { id: U.sam.id, name: U.sam.name, extensionNumber: 1006, type: 'user' }, { numberType: sender.numberType, location: sender.location }));
		}
	}

	if (options.onlyNumbers) {
		const kept = new Set(options.onlyNumbers);
		const seeded = new Set<string>(Object.values(N));
		const keep = (n: string) => kept.has(n) || !seeded.has(n);
		return {
			users,
			extensions,
			numbers: numbers.filter((n) => keep(n.number)),
			contacts,
			sessions: sessions.filter((s) => keep(s.ownerNumber)),
		};
	}
	return { users, extensions, numbers, contacts, sessions };
}
