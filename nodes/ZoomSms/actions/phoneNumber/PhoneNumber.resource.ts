import type { INodeProperties } from 'n8n-workflow';

import * as getMany from './getMany.operation';

/** Operation value → its implementation; the router dispatches on it. */
export const operations = { getMany };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['phoneNumber'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getMany',
				description: 'List the Zoom Phone numbers of the account, with their owners; assigned numbers can send SMS',
				action: 'Get many phone numbers',
			},
		],
		default: 'getMany',
	},
	...getMany.description,
];
