import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { ZoomClient } from '../../transport';
import { forEachItem, returnAllAndLimit, wantedCount } from '../common';
import { fetchCampaigns } from './campaignApi';

const showForGetMany = { show: { resource: ['smsCampaign'], operation: ['getMany'] } };

export const description: INodeProperties[] = [...returnAllAndLimit(showForGetMany)];

/** The account's 10DLC campaigns (`GET /phone/sms_campaigns`), page after page. */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const client = new ZoomClient(this);
	return await forEachItem(this, items, async (itemIndex) => await fetchCampaigns(client, wantedCount(this, itemIndex)));
}
