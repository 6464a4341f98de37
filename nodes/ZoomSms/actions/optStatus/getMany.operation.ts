import type { IDataObject, IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { chunk, MAX_NUMBERS_PER_OPT_STATUS_REQUEST } from '../../../shared/optStatus';
import { ZoomClient } from '../../transport';
import { forEachItem, requiredText } from '../common';
import { normalizeOptStatus, readCampaignOptStatuses, readUserOptStatuses } from '../smsCampaign/campaignApi';
import { campaignIdOf, campaignLocator } from '../smsCampaign/campaignLocator';
import { campaignNumbers, numberList } from './numbers';

const showForGetMany = { show: { resource: ['optStatus'], operation: ['getMany'] } };

export const description: INodeProperties[] = [
	{
		displayName: 'Opt Statuses Of',
		name: 'level',
		type: 'options',
		options: [
			{ name: 'SMS Campaign', value: 'campaign', description: 'Consumers against the numbers of one 10DLC campaign' },
			{ name: 'User', value: 'user', description: 'Consumers against the numbers of one Zoom Phone user' },
		],
		default: 'campaign',
		description: 'Where Zoom looks up the opt statuses',
		displayOptions: showForGetMany,
	},
	campaignLocator({ show: { ...showForGetMany.show, level: ['campaign'] } }),
	{
		displayName: 'User ID or Email',
		name: 'userId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'alex.rivera@example.com',
		description: 'The Zoom user whose numbers to check. User-level apps may enter "me".',
		displayOptions: { show: { ...showForGetMany.show, level: ['user'] } },
	},
	{
		displayName: 'Consumer Numbers',
		name: 'consumerNumbers',
		type: 'string',
		required: true,
		default: '',
		placeholder: '+15557654321, +15558675309',
		description: 'The consumers\' phone numbers to check (the people who text STOP or START), up to 10 separated by commas',
		displayOptions: showForGetMany,
	},
	{
		displayName: 'Account Numbers',
		name: 'zoomNumbers',
		type: 'string',
		default: '',
		placeholder: '+15550100001',
		description:
			'Your Zoom Phone numbers to check against, up to 10 separated by commas. For a campaign, leave empty to check every number of the campaign; for a user it is required.',
		displayOptions: showForGetMany,
	},
];

/**
 * Opt statuses, one output item per number pair. Campaign: `GET /phone/sms_campaigns/{id}/phone_numbers/
 * opt_status`, one request per consumer (Zoom takes one there) and 10 account numbers; User: `GET /phone/
 * user/{userId}/sms_campaigns/phone_numbers/opt_status`, up to 10 consumers and 10 numbers in one request.
 */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const client = new ZoomClient(this);
	return await forEachItem(this, items, async (itemIndex) => {
		const level = this.getNodeParameter('level', itemIndex, 'campaign') as string;
		const consumers = numberList(this, 'consumerNumbers', 'Consumer Numbers', itemIndex, true);
		if (level === 'user') {
			const userId = requiredText(this, 'userId', 'User ID or Email', itemIndex, 'Enter the Zoom user\'s ID or email address.');
			const zoomNumbers = numberList(this, 'zoomNumbers', 'Account Numbers', itemIndex, true);
			const statuses = await readUserOptStatuses(client, userId, consumers, zoomNumbers);
			return statuses.map((record) => normalizeOptStatus(record, { userId }));
		}
		const campaignId = campaignIdOf(this, itemIndex);
		const zoomNumbers = await campaignNumbers(client, campaignId, numberList(this, 'zoomNumbers', 'Account Numbers', itemIndex, false));
		const results: IDataObject[] = [];
		for (const consumer of consumers) {
			for (const numbers of chunk(zoomNumbers, MAX_NUMBERS_PER_OPT_STATUS_REQUEST)) {
				const statuses = await readCampaignOptStatuses(client, campaignId, consumer, numbers);
				results.push(...statuses.map((record) => normalizeOptStatus(record, { campaignId })));
			}
		}
		return results;
	});
}
