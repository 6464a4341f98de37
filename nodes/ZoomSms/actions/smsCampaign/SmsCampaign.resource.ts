import type { INodeProperties } from 'n8n-workflow';

import * as get from './get.operation';
import * as getMany from './getMany.operation';

/** Operation value → its implementation; the router dispatches on it. */
export const operations = { get, getMany };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['smsCampaign'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				description: 'Get one 10DLC SMS campaign: its status and the account numbers in it',
				action: 'Get an SMS campaign',
			},
			{
				name: 'Get Many',
				value: 'getMany',
				description: 'List the 10DLC SMS campaigns of the account, with their status',
				action: 'Get many SMS campaigns',
			},
		],
		default: 'getMany',
	},
	...get.description,
	...getMany.description,
];
