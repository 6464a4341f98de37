import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { chunk, MAX_NUMBERS_PER_OPT_STATUS_REQUEST } from '../../../shared/optStatus';
import { ZoomClient } from '../../transport';
import { forEachItem } from '../common';
import { updateOptStatus } from '../smsCampaign/campaignApi';
import { campaignIdOf, campaignLocator } from '../smsCampaign/campaignLocator';
import { campaignNumbers, numberList } from './numbers';

const showForUpdate = { show: { resource: ['optStatus'], operation: ['update'] } };

export const description: INodeProperties[] = [
	campaignLocator(showForUpdate),
	{
		displayName: 'Consumer Number',
		name: 'consumerNumber',
		type: 'string',
		required: true,
		default: '',
		placeholder: '+15557654321',
		description: 'The phone number of the person whose consent you record',
		displayOptions: showForUpdate,
	},
	{
		displayName: 'Opt Status',
		name: 'optStatus',
		type: 'options',
		options: [
			{ name: 'Opt In', value: 'opt_in', description: 'They agreed to receive texts (as if they had texted START)' },
			{ name: 'Opt Out', value: 'opt_out', description: 'They asked not to receive texts (as if they had texted STOP)' },
		],
		default: 'opt_in',
		displayOptions: showForUpdate,
	},
	{
		displayName: 'Account Numbers',
		name: 'zoomNumbers',
		type: 'string',
		default: '',
		placeholder: '+15550100001',
		description: 'Your Zoom Phone numbers of the campaign the consent is for, separated by commas. Leave empty for every number of the campaign.',
		displayOptions: showForUpdate,
	},
];

/** Records consent (`PATCH /phone/sms_campaigns/{id}/phone_numbers/opt_status`, 10 numbers per request). */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const client = new ZoomClient(this);
	return await forEachItem(this, items, async (itemIndex) => {
		const campaignId = campaignIdOf(this, itemIndex);
		const consumers = numberList(this, 'consumerNumber', 'Consumer Number', itemIndex, true);
		if (consumers.length > 1) {
			throw new NodeOperationError(this.getNode(), `Item ${itemIndex}: Consumer Number holds ${consumers.length} numbers`, {
				itemIndex,
				description: 'Zoom records one consumer per request: give each consumer its own item (e.g. with Split Out).',
			});
		}
		const consumer = consumers[0];
		const optStatus = this.getNodeParameter('optStatus', itemIndex, 'opt_in') as string;
		if (optStatus !== 'opt_in' && optStatus !== 'opt_out') {
			throw new NodeOperationError(this.getNode(), `Item ${itemIndex}: Opt Status is "${optStatus}"`, { itemIndex, description: 'Use opt_in or opt_out.' });
		}
		const zoomNumbers = await campaignNumbers(client, campaignId, numberList(this, 'zoomNumbers', 'Account Numbers', itemIndex, false));
		if (zoomNumbers.length === 0) {
			throw new NodeOperationError(this.getNode(), `Item ${itemIndex}: the campaign ${campaignId} has no phone numbers`, {
				itemIndex,
				description: 'Zoom records consent per pair of numbers: assign a number to the campaign in Zoom, or enter Account Numbers.',
			});
		}
		for (const numbers of chunk(zoomNumbers, MAX_NUMBERS_PER_OPT_STATUS_REQUEST)) await updateOptStatus(client, campaignId, consumer, numbers, optStatus);
		return [{ campaignId, consumerPhoneNumber: consumer, zoomPhoneNumbers: zoomNumbers, optStatus, updated: true }];
	});
}
