/**
 * The Automatic From: which number sends when the user gave none. Pure: the Zoom look-ups live beside the
 * send path (nodes/ZoomSms/actions/message/send/automaticSender.ts) and hand their answers in here.
 *
 * The design note promises "the SMS are sent through the Zoom user associated with the OAuth token". Zoom
 * documents a Server-to-Server token as the app owner's, so the rule is:
 * 1. the token's user has exactly one number that can send → that number;
 * 2. otherwise the account has exactly one number that can send → that number;
 * 3. otherwise no choice: the caller reports the candidates and how to pick one, and nothing is sent.
 *
 * "Can send" means: listed by the From picker (the account's numbers assigned to a user, call queue or
 * auto receptionist: senderEligibility.ts, applied by the caller) and, for the token's user, not refused
 * by their SMS policy. Zoom's number list has no SMS flag [UNVERIFIED: a listed number may
 * still be refused at send time, e.g. without a 10DLC campaign; Zoom then answers the send with its error].
 */

/** A number of the account as the From picker shows it. */
export interface SenderCandidate {
	/** E.164. */
	number: string;
	/** Who the number is assigned to, when Zoom says ("Alex Rivera", "Support"). */
	assignee?: string;
}

/** What Zoom said about the token's user. */
export type TokenOwnerLookup =
	| {
			found: true;
			/** Name or email, to say whose number was chosen. */
			label: string;
			/** The numbers of the user's phone profile, in E.164. */
			numbers: string[];
			/** The user's `policy.sms.enable`; undefined when Zoom did not say. */
			smsEnabled?: boolean;
	  }
	| {
			found: false;
			/** Why the user or their phone profile could not be read (Zoom's message, a missing scope). */
			problem: string;
	  };

export type SenderChoice =
	| { chosen: true; number: string; reason: string }
	| {
			chosen: false;
			/** One sentence: why no number was chosen. */
			message: string;
			/** How to pick one, naming the candidates. */
			fix: string;
			candidates: SenderCandidate[];
	  };

/** How many candidates an error lists before saying "and N more". */
export const LISTED_CANDIDATES = 10;

/** The token's user only matters when the account's list leaves a choice to make. */
export function needsTokenOwner(accountNumbers: readonly SenderCandidate[]): boolean {
	return accountNumbers.length > 1;
}

function digits(number: string): string {
	return number.replace(/\D/g, '');
}

function describe(candidate: SenderCandidate): string {
	return candidate.assignee ? `${candidate.number} (${candidate.assignee})` : candidate.number;
}

export function formatCandidates(candidates: readonly SenderCandidate[]): string {
	const shown = candidates.slice(0, LISTED_CANDIDATES).map(describe).join(', ');
	const more = candidates.length - LISTED_CANDIDATES;
	return more > 0 ? `${shown} and ${more} more` : shown;
}

/** The token's user's numbers that the account lists as able to send, in the account's order. */
function ownerSenders(accountNumbers: readonly SenderCandidate[], owner: TokenOwnerLookup | undefined): SenderCandidate[] {
	if (!owner?.found || owner.smsEnabled === false) return [];
	const own = new Set(owner.numbers.map(digits));
	return accountNumbers.filter((candidate) => own.has(digits(candidate.number)));
}

function ownerSummary(accountNumbers: readonly SenderCandidate[], owner: TokenOwnerLookup | undefined): string {
	if (!owner) return '';
	if (!owner.found) return `The token's Zoom user could not be read (${owner.problem}). `;
	if (owner.smsEnabled === false) return `The token's Zoom user, ${owner.label}, may not send SMS (their SMS policy is off). `;
	const own = ownerSenders(accountNumbers, owner);
	if (own.length === 0) return `The token's Zoom user, ${owner.label}, has no number that can send SMS. `;
	return `The token's Zoom user, ${owner.label}, has ${own.length} numbers that can send SMS: ${formatCandidates(own)}. `;
}

const HOW_TO_PICK = 'Set From to "From List" or "By Number" and pick the number that sends';

/**
 * The choice, from the account's numbers (as the From picker lists them) and, when `needsTokenOwner`, what
 * Zoom said about the token's user.
 */
export function chooseSender(accountNumbers: readonly SenderCandidate[], owner?: TokenOwnerLookup): SenderChoice {
	const own = ownerSenders(accountNumbers, owner);
	if (own.length === 1 && owner?.found) {
		return {
			chosen: true,
			number: own[0].number,
			reason: `the only number of ${owner.label}, the Zoom user of the app's token, that can send SMS`,
		};
	}
	if (accountNumbers.length === 1) {
		return { chosen: true, number: accountNumbers[0].number, reason: 'the only number of the Zoom account that can send SMS' };
	}
	if (accountNumbers.length === 0) {
		return {
			chosen: false,
			message: 'The Zoom account has no number that can send SMS, so the Automatic From has nothing to choose',
			fix: 'Assign an SMS-capable Zoom Phone number to a user, call queue or auto receptionist in Zoom (Phone System Management → Phone Numbers), then run again, or set From to "By Number".',
			candidates: [],
		};
	}
	const candidates = own.length > 1 ? own : [...accountNumbers];
	return {
		chosen: false,
		message: `The Automatic From cannot choose between ${candidates.length} numbers that can send SMS`,
		fix: `${ownerSummary(accountNumbers, owner)}The account's numbers that can send: ${formatCandidates(accountNumbers)}. ${HOW_TO_PICK}${exampleHint(candidates)}.`,
		candidates,
	};
}

function exampleHint(candidates: readonly SenderCandidate[]): string {
	return candidates.length > 0 ? `, for example ${candidates[0].number}` : '';
}
