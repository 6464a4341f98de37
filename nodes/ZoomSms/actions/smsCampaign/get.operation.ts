import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { ZoomClient } from '../../transport';
import { forEachItem } from '../common';
import { getCampaign } from './campaignApi';
import { campaignIdOf, campaignLocator } from './campaignLocator';

const showForGet = { show: { resource: ['smsCampaign'], operation: ['get'] } };

export const description: INodeProperties[] = [campaignLocator(showForGet)];

/** One campaign with its status and the account's numbers in it (`GET /phone/sms_campaigns/{smsCampaignId}`). */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const client = new ZoomClient(this);
	return await forEachItem(this, items, async (itemIndex) => [await getCampaign(client, campaignIdOf(this, itemIndex))]);
}
