/**
 * Simulator: multi-recipient sends from numbers Zoom does not make group conversations from.
 *
 * Zoom (Send SMS, `to_members`): "For US/CA toll numbers, several recipients make one group message; for
 * other number types each recipient gets its own 1:1 message." So a send from a toll-free number, or from
 * a number outside the US and Canada, with 3 recipients becomes 3 messages in 3 conversations.
 * [SIM] [UNVERIFIED] What Zoom answers to such a request is not documented: the simulator answers with
 * the first recipient's message and session, and records every message (`sim.messages`).
 */
import type { SeedPhoneNumber } from './seed';

/** Extra account numbers for one-to-one tests (SeedOptions.oneToOneSenders), assigned to Sam Lee. */
export const ONE_TO_ONE_SENDERS = {
	/** A US toll-free number (libphonenumber: TOLL_FREE). */
	tollFree: '+18005550199',
	/** A UK mobile number. */
	uk: '+447400123456',
} as const;

export function oneToOneSenderNumbers(): Array<Pick<SeedPhoneNumber, 'number' | 'numberType' | 'location'>> {
	return [
		{ number: ONE_TO_ONE_SENDERS.tollFree, numberType: 'tollfree', location: 'United States' },
		{ number: ONE_TO_ONE_SENDERS.uk, numberType: 'toll', location: 'London, United Kingdom' },
	];
}

/** Whether Zoom makes one group conversation of a send from `number` (US/CA toll only). */
export function makesGroups(number: Pick<SeedPhoneNumber, 'number' | 'numberType' | 'location'>): boolean {
	if (number.numberType !== 'toll') return false;
	return number.number.startsWith('+1') && !/United Kingdom/.test(number.location);
}

/**
 * The recipient lists the send becomes: all together (a group, or a continued session), or one each.
 * A send into an existing session stays one message in that session.
 */
export function recipientBatches(number: Pick<SeedPhoneNumber, 'number' | 'numberType' | 'location'>, recipients: string[], sessionId: unknown): string[][] {
	const continuing = sessionId !== undefined && sessionId !== null && sessionId !== '';
	if (recipients.length <= 1 || continuing || makesGroups(number)) return [recipients];
	return recipients.map((recipient) => [recipient]);
}
