/**
 * The account's phone numbers, one page of `GET /phone/numbers` at a time. Phone Number → Get Many and the
 * From picker both read numbers through here, so they always agree on what a number looks like.
 */
import type { IDataObject } from 'n8n-workflow';

import type { AccountNumber } from '../../../shared/senderEligibility';
import type { ZoomClient } from '../../transport';
import { ZOOM_MAX_PAGE_SIZE } from '../../transport/pagination';
import { normalizePhoneNumber, type ZoomPhoneNumber } from '../zoomRecords';

/** Zoom's `type`: assignment state. Only assigned numbers can send SMS. */
export type NumberAssignment = 'assigned' | 'unassigned' | 'byoc' | 'all';

export interface PhoneNumberQuery {
	assignment?: NumberAssignment;
	/** Zoom's `number_type`. */
	numberType?: 'toll' | 'tollfree';
}

export interface PhoneNumberPage {
	numbers: IDataObject[];
	/** Undefined on the last page. Zoom's tokens expire after 15 minutes. */
	nextPageToken?: string;
}

interface ZoomPhoneNumbersResponse {
	next_page_token?: string;
	phone_numbers?: ZoomPhoneNumber[];
}

/** A listed number as the sender rule reads it (nodes/shared/senderEligibility.ts), with who it belongs to. */
export function accountNumberOf(record: IDataObject): AccountNumber & { owner?: string } {
	const assignee = record.assignee as { name?: string; type?: string } | undefined;
	const owner = assignee?.name || (record.displayName as string | undefined) || undefined;
	return {
		number: String(record.number),
		...(assignee ? { assigneeType: assignee.type || undefined } : {}),
		...(record.numberType ? { numberType: String(record.numberType) } : {}),
		...(owner ? { owner } : {}),
	};
}

export async function fetchPhoneNumberPage(
	client: ZoomClient,
	query: PhoneNumberQuery,
	pageSize: number = ZOOM_MAX_PAGE_SIZE,
	pageToken?: string,
): Promise<PhoneNumberPage> {
	const page = await client.request<ZoomPhoneNumbersResponse | undefined>({
		method: 'GET',
		path: '/phone/numbers',
		qs: {
			type: query.assignment ?? 'assigned',
			...(query.numberType ? { number_type: query.numberType } : {}),
			page_size: Math.max(1, Math.min(ZOOM_MAX_PAGE_SIZE, Math.floor(pageSize))),
			...(pageToken ? { next_page_token: pageToken } : {}),
		},
	});
	return {
		numbers: (page?.phone_numbers ?? []).filter((number) => typeof number.number === 'string').map(normalizePhoneNumber),
		nextPageToken: page?.next_page_token || undefined,
	};
}

/** Follows the pages until `wanted` numbers are read or the list ends. */
export async function fetchPhoneNumbers(client: ZoomClient, query: PhoneNumberQuery, wanted: number): Promise<IDataObject[]> {
	const numbers: IDataObject[] = [];
	const tokensSeen = new Set<string>();
	let token: string | undefined;
	do {
		const remaining = wanted - numbers.length;
		const page = await fetchPhoneNumberPage(client, query, Number.isFinite(remaining) ? remaining : ZOOM_MAX_PAGE_SIZE, token);
		numbers.push(...page.numbers.slice(0, Math.max(0, remaining)));
		token = page.nextPageToken;
		if (token !== undefined && tokensSeen.has(token)) break;
		if (token !== undefined) tokensSeen.add(token);
	} while (token !== undefined && numbers.length < wanted);
	return numbers;
}
