/**
 * The Zoom look-ups behind the Automatic From (the choice itself is nodes/shared/senderChoice.ts). Done
 * once per run, before any item is prepared, through the run's ZoomClient so they are paced like every
 * other request.
 *
 * 1. `GET /phone/numbers?type=assigned`, every page: the account's numbers that can send, exactly as the
 *    From list shows them (same code, listPhoneNumbers.ts, and the same rule, shared/senderEligibility.ts).
 * 2. Only when that leaves a choice: the token's user. Zoom's Phone endpoints take `me` only from
 *    user-level apps ("For user-level apps, pass the `me` value", OpenAPI of `GET /phone/users/{userId}`),
 *    so the user is found first with the Users API, `GET /users/me`, then their phone profile is read by
 *    id: `GET /phone/users/{id}` → `phone_numbers[].number`, `policy.sms.enable`.
 *    [UNVERIFIED] that `GET /users/me` answers with a Server-to-Server token, and with whom: Zoom documents
 *    the token as "the owner's access token" (docs/internal-apps/s2s-oauth) and n8n's own Zoom credential
 *    tests with `/users/me`, but no Zoom page says which user `me` is for an S2S app (the app's creator or
 *    the account owner). It needs the scope `user:read:user:admin` (or classic `user:read:admin`); without
 *    it, or when the user has no Zoom Phone profile, the choice falls back to the account's only number.
 */
import type { IDataObject } from 'n8n-workflow';

import { sendingNumbers, type AccountNumber } from '../../../../shared/senderEligibility';
import { chooseSender, needsTokenOwner, type SenderCandidate, type SenderChoice, type TokenOwnerLookup } from '../../../../shared/senderChoice';
import { describeFailure, type ZoomClient } from '../../../transport';
import { withPlus } from '../../zoomRecords';
import { accountNumberOf, fetchPhoneNumbers } from '../../phoneNumber/listPhoneNumbers';

/** More numbers than this and the account surely has no single sender: no need to read them all. */
const MAX_NUMBERS_READ = 1000;

interface ZoomUser {
	id?: string;
	email?: string;
	display_name?: string;
	first_name?: string;
	last_name?: string;
}

interface ZoomPhoneUser {
	phone_numbers?: Array<{ id?: string; number?: string }>;
	policy?: { sms?: { enable?: boolean } };
}

function candidateOf(number: AccountNumber & { owner?: string }): SenderCandidate {
	return { number: number.number, ...(number.owner ? { assignee: number.owner } : {}) };
}

function failureText(error: unknown): string {
	const failure = describeFailure(error);
	const code = failure.body?.code ?? failure.status;
	return [code !== undefined ? `code ${code}` : '', failure.message].filter(Boolean).join(': ');
}

/** The token's user and their phone profile; a failure is an answer too (the choice then falls back). */
export async function lookUpTokenOwner(client: ZoomClient): Promise<TokenOwnerLookup> {
	let user: ZoomUser | undefined;
	try {
		user = await client.request<ZoomUser | undefined>({ method: 'GET', path: '/users/me' });
	} catch (error) {
		return { found: false, problem: `GET /users/me: ${failureText(error)}; the app may lack the scope user:read:user:admin` };
	}
	if (!user?.id) return { found: false, problem: 'GET /users/me gave no user id' };
	const label = user.display_name || [user.first_name, user.last_name].filter(Boolean).join(' ') || user.email || user.id;
	let profile: ZoomPhoneUser | undefined;
	try {
		profile = await client.request<ZoomPhoneUser | undefined>({ method: 'GET', path: `/phone/users/${encodeURIComponent(user.id)}` });
	} catch (error) {
		return { found: false, problem: `${label} has no readable Zoom Phone profile (${failureText(error)}; the app may lack the scope phone:read:user:admin)` };
	}
	return {
		found: true,
		label,
		// Zoom's example prints profile numbers without the "+" ("14232058798").
		numbers: (profile?.phone_numbers ?? []).map((entry) => withPlus(entry.number)).filter((number) => number.length > 0),
		...(typeof profile?.policy?.sms?.enable === 'boolean' ? { smsEnabled: profile.policy.sms.enable } : {}),
	};
}

/** The account's numbers could not be listed: nothing can be chosen. */
export interface SenderLookupFailure {
	chosen: false;
	message: string;
	fix: string;
}

/**
 * The Automatic From of this run: a number, or why there is none (an ambiguous account, or a failed
 * account list). Never throws: the items that use the Automatic From carry the answer.
 */
export async function resolveAutomaticSender(client: ZoomClient): Promise<SenderChoice | SenderLookupFailure> {
	let numbers: IDataObject[];
	try {
		numbers = await fetchPhoneNumbers(client, { assignment: 'assigned' }, MAX_NUMBERS_READ);
	} catch (error) {
		const failure = describeFailure(error);
		return {
			chosen: false,
			message: `The Automatic From could not list the account's phone numbers (${failureText(error)})`,
			fix:
				failure.kind === 'http' && failure.status !== undefined && failure.status < 500
					? 'Give the app the scope phone:read:list_numbers:admin, or set From to "By Number" and type the number that sends.'
					: 'Check the credential (its Test button) and that Zoom is reachable, or set From to "By Number" and type the number that sends.',
		};
	}
	// The From list's rule (senderEligibility.ts): a common-area phone's number is never chosen.
	const candidates = sendingNumbers(numbers.map(accountNumberOf)).map(candidateOf);
	return chooseSender(candidates, needsTokenOwner(candidates) ? await lookUpTokenOwner(client) : undefined);
}
