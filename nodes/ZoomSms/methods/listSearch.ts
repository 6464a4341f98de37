import type { IDataObject, ILoadOptionsFunctions, INodeListSearchItems, INodeListSearchResult } from 'n8n-workflow';

import { fetchPhoneNumberPage } from '../actions/phoneNumber/listPhoneNumbers';
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
