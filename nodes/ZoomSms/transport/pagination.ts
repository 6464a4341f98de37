import type { IDataObject } from 'n8n-workflow';

import type { ZoomClient, ZoomRequest } from './index';

/** Zoom's largest page for its list endpoints (`page_size` maximum 100). */
export const ZOOM_MAX_PAGE_SIZE = 100;

/**
 * The pages of a Zoom list endpoint, following `next_page_token` (an empty or missing token marks the last
 * page, Zoom's convention). Each page yields the array under `itemsKey`. A consumer that has enough simply
 * stops iterating, so no page is fetched that is not needed.
 */
export async function* zoomPages<T>(
	client: ZoomClient,
	request: ZoomRequest,
	itemsKey: string,
	pageSize: number = ZOOM_MAX_PAGE_SIZE,
): AsyncGenerator<T[]> {
	const size = Math.max(1, Math.min(ZOOM_MAX_PAGE_SIZE, Math.floor(pageSize)));
	const tokensSeen = new Set<string>();
	let token: string | undefined;
	do {
		const page = await client.request<IDataObject | undefined>({
			...request,
			qs: { ...(request.qs ?? {}), page_size: size, ...(token ? { next_page_token: token } : {}) },
		});
		const items = page?.[itemsKey];
		yield Array.isArray(items) ? (items as T[]) : [];
		const next = page?.next_page_token;
		token = typeof next === 'string' && next !== '' ? next : undefined;
		// A token seen before would loop forever; Zoom never does that, but a proxy or a bug could.
		if (token !== undefined && tokensSeen.has(token)) break;
		if (token !== undefined) tokensSeen.add(token);
	} while (token !== undefined);
}
