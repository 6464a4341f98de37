import type { INodeProperties } from 'n8n-workflow';

import * as getMany from './getMany.operation';
import * as update from './update.operation';

/** Operation value → its implementation; the router dispatches on it. */
export const operations = { getMany, update };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['optStatus'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getMany',
				description: 'Whether consumers opted in or out (texted START or STOP) with the account\'s numbers',
				action: 'Get many opt statuses',
			},
			{
				name: 'Update',
				value: 'update',
				description: 'Record a consumer\'s consent captured elsewhere (a form, a CRM): opt in or opt out',
				action: 'Update an opt status',
			},
		],
		default: 'getMany',
	},
	...getMany.description,
	...update.description,
];
