import type { INodeProperties } from 'n8n-workflow';

import * as send from './send.operation';

/** Operation value → its implementation; the router dispatches on it. */
export const operations = { send };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['message'] } },
		options: [
			{
				name: 'Send',
				value: 'send',
				description: 'Send an SMS from a Zoom Phone number',
				action: 'Send an SMS',
			},
		],
		default: 'send',
	},
	...send.description,
];
