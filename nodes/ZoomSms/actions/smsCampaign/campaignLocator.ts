import type { IDisplayOptions, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { NodeOperationError } from 'n8n-workflow';

/** The campaign a node works on: picked from the account's campaigns, or its ID typed. */
export function campaignLocator(displayOptions: IDisplayOptions): INodeProperties {
	return {
		displayName: 'SMS Campaign',
		name: 'smsCampaignId',
		type: 'resourceLocator',
		required: true,
		default: { mode: 'list', value: '' },
		description: 'The 10DLC SMS campaign',
		displayOptions,
		modes: [
			{ displayName: 'From List', name: 'list', type: 'list', typeOptions: { searchListMethod: 'searchSmsCampaigns', searchable: true } },
			{ displayName: 'By ID', name: 'id', type: 'string', placeholder: 'C-BlVwSdjvS3WXk5gzfIQFfQ', hint: 'The campaign ID, as SMS Campaign → Get Many outputs it' },
		],
	};
}

/** The picked or typed campaign ID of an item. */
export function campaignIdOf(context: IExecuteFunctions, itemIndex: number): string {
	const value = String(context.getNodeParameter('smsCampaignId', itemIndex, '', { extractValue: true }) ?? '').trim();
	if (!value) {
		throw new NodeOperationError(context.getNode(), `Item ${itemIndex}: SMS Campaign is empty`, {
			itemIndex,
			description: 'Pick a campaign from the list, or enter its ID (e.g. the "id" output by SMS Campaign → Get Many).',
		});
	}
	return value;
}
