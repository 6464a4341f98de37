import type { IDataObject, ILoadOptionsFunctions, INodeListSearchItems, INodeListSearchResult } from 'n8n-workflow';

import { fetchPhoneNumberPage } from '../actions/phoneNumber/listPhoneNumbers';
import { fetchCampaignPage } from '../actions/smsCampaign/campaignApi';
import { describeFailure, zoomApiError, ZoomClient } from '../transport';

function label(number: IDataObject): string {
	const assignee = number.assignee as { name?: string } | undefined;
	const owner = assignee?.name || (number.displayName as string);
	return owner ? `${number.number} — ${owner}` : String(number.number);
}

/** The account's assigned numbers for the From picker, a page of Zoom's list at a time (the same list as Phone Number → Get Many). */
export async function searchSenderNumbers(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	let page: Awaited<ReturnType<typeof fetchPhoneNumberPage>>;
	try {
		page = await fetchPhoneNumberPage(new ZoomClient(this), { assignment: 'assigned' }, 100, paginationToken);
	} catch (error) {
		// Zoom's code, message and hint, built from plain fields: n8n's raw HTTP error holds the request, token included.
		throw zoomApiError(this.getNode(), describeFailure(error), { prefix: 'Could not list the account\'s phone numbers', endpoint: 'listNumbers' });
	}
	const wanted = (filter ?? '').toLowerCase().replace(/[\s()-]/g, '');
	const results: INodeListSearchItems[] = page.numbers
		.map((number) => ({ name: label(number), value: String(number.number) }))
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
