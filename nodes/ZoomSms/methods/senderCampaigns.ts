/**
 * The 10DLC campaign status of the From list's numbers: which campaign each US/Canadian toll number is in,
 * and that campaign's status. Zoom says it per campaign only (`GET /phone/sms_campaigns/{id}` →
 * `status`, `phone_numbers[]`; the list `GET /phone/sms_campaigns` has no numbers), so the campaigns are
 * read one by one until every number of the page is placed, and no further. Every request goes through
 * the caller's ZoomClient, paced by the account budget.
 *
 * Nothing here fails the list: without the campaign scopes (phone:read:list_sms_campaigns:admin,
 * phone:read:sms_campaign:admin), or with any other failure, the numbers are listed without a status.
 */
import { campaignStillUnknown, digitsOf, type AccountNumber, type CampaignKnowledge, type CampaignOfNumber } from '../../shared/senderEligibility';
import { fetchCampaignPage, getCampaign } from '../actions/smsCampaign/campaignApi';
import type { ZoomClient } from '../transport';

/** At most this many campaigns are read per page of numbers: an account rarely has more. */
export const MAX_CAMPAIGNS_READ = 20;

export async function campaignsOfNumbers(client: ZoomClient, numbers: readonly AccountNumber[]): Promise<CampaignKnowledge | undefined> {
	if (campaignStillUnknown(numbers, new Map()).length === 0) return undefined;
	const byNumber = new Map<string, CampaignOfNumber>();
	let read = 0;
	let pageToken: string | undefined;
	try {
		do {
			const page = await fetchCampaignPage(client, pageToken);
			for (const listed of page.campaigns) {
				if (campaignStillUnknown(numbers, byNumber).length === 0) return { byNumber, complete: true };
				if (read >= MAX_CAMPAIGNS_READ) return { byNumber, complete: false };
				if (!listed.id) continue;
				const campaign = await getCampaign(client, String(listed.id));
				read++;
				const of: CampaignOfNumber = { name: String(campaign.displayName || listed.displayName || listed.id), status: String(campaign.status ?? listed.status ?? '') };
				for (const entry of (campaign.phoneNumbers as Array<{ number?: string }> | undefined) ?? []) {
					if (entry.number) byNumber.set(digitsOf(entry.number), of);
				}
			}
			pageToken = page.nextPageToken;
		} while (pageToken !== undefined);
	} catch {
		// A missing campaign scope (4711) or any other failure: the list goes on without campaign statuses.
		return undefined;
	}
	return { byNumber, complete: true };
}
