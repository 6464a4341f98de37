/**
 * Group messages as Zoom defines them (Send SMS, `to_members`): "For US/CA toll numbers, several
 * recipients make one group message; for other number types each recipient gets its own 1:1 message."
 *
 * So a multi-recipient send from a toll-free number, or from a number outside the US and Canada, is not
 * a group conversation: Zoom texts each recipient alone. The node then sends one request per recipient
 * itself, so that each recipient's message has its own message ID and conversation in the output (and
 * the exactly-once ledger tracks each of them), instead of one message ID standing for several
 * conversations. [UNVERIFIED] what Zoom's answer to such a request holds (one message ID, or which).
 *
 * The sender's type comes from Zoom's `number_type` when the caller knows it (`GET /phone/numbers`), or
 * else from the number itself: the NANP toll-free area codes 800, 833, 844, 855, 866, 877, 888 (the only
 * toll-free numbers that matter here: every number outside the US and Canada is one-to-one anyway), and
 * libphonenumber's region for the country. A +1 number whose region libphonenumber cannot place (an unassigned range, such as
 * the fictional 555 numbers) is taken as a US/CA toll number: Zoom Phone's +1 numbers are US and Canadian
 * ones. [UNVERIFIED]
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js/min';

export type SenderNumberType = 'toll' | 'tollfree';

/** `single`: one recipient; `group`: one group conversation; `oneToOne`: one conversation per recipient. */
export type ConversationKind = 'single' | 'group' | 'oneToOne';

export interface SenderProfile {
	numberType?: SenderNumberType;
	/** The sender's country, when libphonenumber can tell it. */
	country?: string;
	/** Whether several recipients make one group conversation. */
	groupCapable: boolean;
	/** Why, in a few words, for the output and errors. */
	reason: string;
}

const NANP_TOLL_FREE = /^\+18(00|33|44|55|66|77|88)\d{7}$/;

export function senderProfile(e164: string, knownType?: SenderNumberType): SenderProfile {
	const parsed = parsePhoneNumberFromString(e164);
	const country = parsed?.country;
	const nanp = parsed?.countryCallingCode === '1';
	const numberType: SenderNumberType | undefined =
		knownType ?? (NANP_TOLL_FREE.test(e164) ? 'tollfree' : nanp ? 'toll' : undefined);
	if (numberType === 'tollfree') {
		return { numberType, ...(country ? { country } : {}), groupCapable: false, reason: `${e164} is a toll-free number` };
	}
	const usOrCanada = country === 'US' || country === 'CA' || (nanp && country === undefined);
	if (!usOrCanada) {
		return {
			...(numberType ? { numberType } : {}),
			...(country ? { country } : {}),
			groupCapable: false,
			reason: `${e164} is not a US or Canadian number${country ? ` (${country})` : ''}`,
		};
	}
	return { numberType: 'toll', ...(country ? { country } : {}), groupCapable: true, reason: `${e164} is a US/CA toll number` };
}

/** How Zoom delivers a message from `sender` to `recipientCount` recipients. */
export function conversationKind(sender: string, recipientCount: number, knownType?: SenderNumberType): { kind: ConversationKind; reason: string } {
	const profile = senderProfile(sender, knownType);
	if (recipientCount <= 1) return { kind: 'single', reason: profile.reason };
	return { kind: profile.groupCapable ? 'group' : 'oneToOne', reason: profile.reason };
}
