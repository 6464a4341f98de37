/**
 * Zoom's 10DLC campaign and opt-status endpoints, each through ZoomClient (paced by the account budget).
 * SMS Campaign and Opt Status operations, the campaign picker and Send's consent check all call Zoom here.
 *
 * Array query parameters (`zoom_phone_user_numbers`, `consumer_phone_numbers`) go in OpenAPI's default
 * form, the key repeated per value (`style: form, explode: true`). [UNVERIFIED] that Zoom reads them so:
 * its pages show no example query with several numbers.
 */
import type { IDataObject } from 'n8n-workflow';

import { normalizeCampaign, normalizeOptStatus, type ZoomCampaign, type ZoomOptStatus } from '../../../shared/optStatus';
import type { ZoomClient } from '../../transport';
import { zoomPages } from '../../transport/pagination';

/** Zoom's largest page is 300 for campaigns; the node's common reader asks at most 100 at a time. */
export async function fetchCampaigns(client: ZoomClient, wanted: number): Promise<IDataObject[]> {
	const campaigns: IDataObject[] = [];
	if (wanted <= 0) return campaigns;
	for await (const page of zoomPages<ZoomCampaign>(client, { method: 'GET', path: '/phone/sms_campaigns' }, 'sms_campaigns', Number.isFinite(wanted) ? wanted : undefined)) {
		for (const record of page) {
			campaigns.push(normalizeCampaign(record));
			if (campaigns.length >= wanted) return campaigns;
		}
	}
	return campaigns;
}

/** One page of campaigns, for the campaign picker. */
export async function fetchCampaignPage(client: ZoomClient, pageToken?: string): Promise<{ campaigns: IDataObject[]; nextPageToken?: string }> {
	const page = await client.request<{ sms_campaigns?: ZoomCampaign[]; next_page_token?: string } | undefined>({
		method: 'GET',
		path: '/phone/sms_campaigns',
		qs: { page_size: 100, ...(pageToken ? { next_page_token: pageToken } : {}) },
	});
	return { campaigns: (page?.sms_campaigns ?? []).map(normalizeCampaign), nextPageToken: page?.next_page_token || undefined };
}

/** A campaign with its status and the account's numbers in it. */
export async function getCampaign(client: ZoomClient, campaignId: string): Promise<IDataObject> {
	const record = await client.request<ZoomCampaign>({ method: 'GET', path: `/phone/sms_campaigns/${encodeURIComponent(campaignId)}` });
	return normalizeCampaign(record ?? {});
}

function repeated(name: string, values: readonly string[]): string {
	return values.map((value) => `${name}=${encodeURIComponent(value)}`).join('&');
}

/** One consumer's opt statuses with up to 10 of the campaign's numbers. */
export async function readCampaignOptStatuses(client: ZoomClient, campaignId: string, consumer: string, zoomNumbers: readonly string[]): Promise<ZoomOptStatus[]> {
	const answer = await client.request<{ phone_number_campaign_opt_statuses?: ZoomOptStatus[] } | undefined>({
		method: 'GET',
		path: `/phone/sms_campaigns/${encodeURIComponent(campaignId)}/phone_numbers/opt_status?consumer_phone_number=${encodeURIComponent(consumer)}&${repeated('zoom_phone_user_numbers', zoomNumbers)}`,
	});
	return answer?.phone_number_campaign_opt_statuses ?? [];
}

/** Up to 10 consumers' opt statuses with up to 10 of a user's numbers (the user-level variant). */
export async function readUserOptStatuses(client: ZoomClient, userId: string, consumers: readonly string[], zoomNumbers: readonly string[]): Promise<ZoomOptStatus[]> {
	const answer = await client.request<{ phone_number_campaign_opt_statuses?: ZoomOptStatus[] } | undefined>({
		method: 'GET',
		path: `/phone/user/${encodeURIComponent(userId)}/sms_campaigns/phone_numbers/opt_status?${repeated('consumer_phone_numbers', consumers)}&${repeated('zoom_phone_user_numbers', zoomNumbers)}`,
	});
	return answer?.phone_number_campaign_opt_statuses ?? [];
}

/** Records a consumer's consent with up to 10 of the campaign's numbers; Zoom answers 204. */
export async function updateOptStatus(
	client: ZoomClient,
	campaignId: string,
	consumer: string,
	zoomNumbers: readonly string[],
	optStatus: 'opt_in' | 'opt_out',
): Promise<void> {
	await client.request<unknown>({
		method: 'PATCH',
		path: `/phone/sms_campaigns/${encodeURIComponent(campaignId)}/phone_numbers/opt_status`,
		body: { consumer_phone_number: consumer, zoom_phone_user_numbers: [...zoomNumbers], opt_status: optStatus },
	});
}

export { normalizeOptStatus };
