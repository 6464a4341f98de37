/**
 * Which of the account's numbers can send SMS: the one rule the From list (nodes/ZoomSms/methods/
 * listSearch.ts, and every node using ACCOUNT_NUMBER_MODES) and the Automatic From (senderChoice.ts via
 * send/automaticSender.ts) both apply, so the list never offers a number the Automatic From would refuse,
 * nor the other way round. Pure: no n8n import.
 *
 * Zoom's Send SMS (OpenAPI `postSmsMessage`): the sender "must be assigned to a user, call queue, auto
 * receptionist" (or a Service Endpoint, which `GET /phone/numbers` does not list). `GET /phone/numbers`
 * reports `assignee.type` as `user`, `callQueue`, `autoReceptionist`, `commonArea`, `emergencyNumberPool`,
 * `companyLocation`, `meetingService` or `sharedLineGroup`: only the first three send. A number whose
 * assignee Zoom gives no type is left out too (Zoom's schema always has one).
 * [UNVERIFIED] a listed number may still be refused at send time (the user's SMS policy, no approved
 * 10DLC campaign); Zoom then answers the send with its error (7028), which names the fix.
 *
 * The 10DLC campaign status comes from `GET /phone/sms_campaigns/{id}` (`status`, `phone_numbers[]`):
 * 10DLC is for US and Canadian toll numbers (Zoom refuses to put a toll-free number in a campaign: "Can
 * not assign campaign to toll free number", OpenAPI `assignCampaignPhoneNumbers`).
 */

/** Zoom's `assignee.type` values of numbers that can send SMS. */
export const SENDING_ASSIGNEE_TYPES: readonly string[] = ['user', 'callQueue', 'autoReceptionist'];

/** A number of `GET /phone/numbers` as the node reads it (zoomRecords.normalizePhoneNumber). */
export interface AccountNumber {
	/** E.164. */
	number: string;
	/** Zoom's `assignee.type`; undefined when the number is not assigned. */
	assigneeType?: string;
	/** Zoom's `number_type`: `toll` or `tollfree`. */
	numberType?: string;
}

/** A 10DLC campaign a number is in, as Zoom reports it. */
export interface CampaignOfNumber {
	name: string;
	/** Zoom's `status`: draft, active, expired, pending, declined, or `--` (an exception status). */
	status: string;
}

/** What the node knows of the account's campaigns when it labels the numbers. */
export interface CampaignKnowledge {
	/** By the digits of each number Zoom lists in a campaign. */
	byNumber: ReadonlyMap<string, CampaignOfNumber>;
	/** Every campaign was read: a 10DLC number found in none is in none. */
	complete: boolean;
}

export function digitsOf(number: string): string {
	return number.replace(/\D/g, '');
}

/** The rule: assigned to a user, a call queue or an auto receptionist. */
export function canSendSms(number: AccountNumber): boolean {
	return number.assigneeType !== undefined && SENDING_ASSIGNEE_TYPES.includes(number.assigneeType);
}

export function sendingNumbers<T extends AccountNumber>(numbers: readonly T[]): T[] {
	return numbers.filter(canSendSms);
}

/** A US or Canadian toll number: the kind 10DLC campaigns are for. */
export function isTenDlcNumber(number: AccountNumber): boolean {
	return /^\+1\d{10}$/.test(number.number) && number.numberType !== 'tollfree';
}

/** Numbers whose campaign is still to be found, given what has been read so far. */
export function campaignStillUnknown(numbers: readonly AccountNumber[], byNumber: ReadonlyMap<string, CampaignOfNumber>): AccountNumber[] {
	return numbers.filter((number) => isTenDlcNumber(number) && !byNumber.has(digitsOf(number.number)));
}

/**
 * The campaign part of a number's label: `10DLC "Reminders": active`, `in no 10DLC campaign`, or
 * undefined when there is nothing to say (not a 10DLC number, campaigns not read or not all read).
 */
export function campaignLabel(number: AccountNumber, campaigns: CampaignKnowledge | undefined): string | undefined {
	if (!campaigns || !isTenDlcNumber(number)) return undefined;
	const campaign = campaigns.byNumber.get(digitsOf(number.number));
	if (campaign) return `10DLC "${campaign.name}": ${campaign.status === '--' ? 'exception' : campaign.status || 'status unknown'}`;
	return campaigns.complete ? 'in no 10DLC campaign' : undefined;
}

/** The From list's line for a number: `+15550100001 — Alex Rivera · 10DLC "Reminders": active`. */
export function senderLabel(number: AccountNumber & { owner?: string }, campaigns: CampaignKnowledge | undefined): string {
	const owner = number.owner ? `${number.number} — ${number.owner}` : number.number;
	const campaign = campaignLabel(number, campaigns);
	return campaign ? `${owner} · ${campaign}` : owner;
}
