import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { ZoomClient } from '../../transport';
import { forEachItem, returnAllAndLimit, wantedCount } from '../common';
import { fetchPhoneNumbers, type NumberAssignment, type PhoneNumberQuery } from './listPhoneNumbers';

const showForGetMany = { show: { resource: ['phoneNumber'], operation: ['getMany'] } };

export const description: INodeProperties[] = [
	...returnAllAndLimit(showForGetMany),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: showForGetMany,
		options: [
			{
				displayName: 'Assignment',
				name: 'assignment',
				type: 'options',
				options: [
					{ name: 'All', value: 'all', description: 'Assigned and unassigned numbers' },
					{ name: 'Assigned', value: 'assigned', description: 'Numbers assigned to a user, call queue or auto receptionist' },
					{ name: 'Bring Your Own Carrier', value: 'byoc', description: 'Numbers from your own carrier' },
					{ name: 'Unassigned', value: 'unassigned', description: 'Numbers assigned to nobody; they cannot send SMS' },
				],
				default: 'assigned',
				description: 'Which numbers to list. Without this filter, only assigned numbers are listed, as only those can send SMS.',
			},
			{
				displayName: 'Number Type',
				name: 'numberType',
				type: 'options',
				options: [
					{ name: 'Toll', value: 'toll' },
					{ name: 'Toll-Free', value: 'tollfree' },
				],
				default: 'toll',
				description: 'Only local (toll) or toll-free numbers',
			},
		],
	},
];

/** The account's phone numbers (`GET /phone/numbers`); the same list feeds Send's From picker. */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const client = new ZoomClient(this);
	return await forEachItem(this, items, async (itemIndex) => {
		const filters = this.getNodeParameter('filters', itemIndex, {}) as { assignment?: NumberAssignment; numberType?: PhoneNumberQuery['numberType'] };
		return await fetchPhoneNumbers(client, { assignment: filters.assignment ?? 'assigned', numberType: filters.numberType }, wantedCount(this, itemIndex));
	}, 'listNumbers');
}
