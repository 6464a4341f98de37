import type { ILoadOptionsFunctions, INodeListSearchItems, INodeListSearchResult } from 'n8n-workflow';

import { senderLabel, sendingNumbers } from '../../shared/senderEligibility';
import { accountNumberOf, fetchPhoneNumberPage } from '../actions/phoneNumber/listPhoneNumbers';
import { fetchCampaignPage } from '../actions/smsCampaign/campaignApi';
import { describeFailure, zoomApiError, ZoomClient } from '../transport';
import { campaignsOfNumbers } from './senderCampaigns';

/**
 * The From list: the account's numbers that can send (nodes/shared/senderEligibility.ts: assigned to a
 * user, call queue or auto receptionist; not common-area phones or other assignees), a page of Zoom's list
 * at a time, each with its 10DLC campaign status where Zoom reports it (senderCampaigns.ts).
 */
export async function searchSenderNumbers(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const client = new ZoomClient(this);
	let page: Awaited<ReturnType<typeof fetchPhoneNumberPage>>;
	try {
		page = await fetchPhoneNumberPage(client, { assignment: 'assigned' }, 100, paginationToken);
	} catch (error) {
		// Zoom's code, message and hint, built from plain fields: n8n's raw HTTP error holds the request, token included.
		throw zoomApiError(this.getNode(), describeFailure(error), { prefix: 'Could not list the account\'s phone numbers', endpoint: 'listNumbers' });
	}
	const numbers = sendingNumbers(page.numbers.map(accountNumberOf));
	const campaigns = await campaignsOfNumbers(client, numbers);
	const wanted = (filter ?? '').toLowerCase().replace(/[\s()-]/g, '');
	const results: INodeListSearchItems[] = numbers
		.map((number) => ({ name: senderLabel(number, campaigns), value: number.number }))
		.filter((item) => !wanted || item.name.toLowerCase().replace(/[\s()-]/g, '').includes(wanted));
	return { results, paginationToken: page.nextPageToken };
}

/** The account's 10DLC campaigns for the SMS Campaign picker, with their status, a page of Zoom's list at a time. */
export async function searchSmsCampaigns(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	let page: Awaited<ReturnType<typeof fetchCampaignPage>>;
	try {
		page = await fetchCampaignPage(new ZoomClient(this), paginationToken);
	} catch (error) {
		throw zoomApiError(this.getNode(), describeFailure(error), { prefix: 'Could not list the account\'s SMS campaigns' });
	}
	const wanted = (filter ?? '').toLowerCase();
	const results: INodeListSearchItems[] = page.campaigns
		.map((campaign) => ({ name: `${String(campaign.displayName || campaign.id)} (${String(campaign.status)})`, value: String(campaign.id) }))
		.filter((item) => !wanted || item.name.toLowerCase().includes(wanted) || item.value.toLowerCase().includes(wanted));
	return { results, paginationToken: page.nextPageToken };
}
