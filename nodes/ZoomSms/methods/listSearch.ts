import type { ILoadOptionsFunctions, INodeListSearchItems, INodeListSearchResult } from 'n8n-workflow';

import { ZoomClient } from '../transport';

interface ZoomPhoneNumber {
	id?: string;
	number?: string;
	display_name?: string;
	status?: string;
	assignee?: { name?: string; extension_number?: number | string; type?: string };
}

interface ZoomPhoneNumbersPage {
	next_page_token?: string;
	phone_numbers?: ZoomPhoneNumber[];
}

function label(number: ZoomPhoneNumber): string {
	const owner = number.assignee?.name ?? number.display_name;
	return owner ? `${number.number} — ${owner}` : String(number.number);
}

/** The account's assigned numbers for the From picker, a page of Zoom's list at a time. */
export async function searchSenderNumbers(
	this: ILoadOptionsFunctions,
	filter?: string,
	paginationToken?: string,
): Promise<INodeListSearchResult> {
	const page = await new ZoomClient(this).request<ZoomPhoneNumbersPage>({
		method: 'GET',
		path: '/phone/numbers',
		qs: { type: 'assigned', page_size: 100, ...(paginationToken ? { next_page_token: paginationToken } : {}) },
	});
	const wanted = (filter ?? '').toLowerCase().replace(/[\s()-]/g, '');
	const results: INodeListSearchItems[] = (page.phone_numbers ?? [])
		.filter((number) => typeof number.number === 'string')
		.map((number) => ({ name: label(number), value: String(number.number) }))
		.filter((item) => !wanted || item.name.toLowerCase().replace(/[\s()-]/g, '').includes(wanted));
	return { results, paginationToken: page.next_page_token || undefined };
}
