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
		displayOptions: { show: { resource: ['conversation'] } },
		options: [
			{
				name: 'Get Many',
				value: 'getMany',
				description:
					'List SMS conversations (Zoom "sessions"), newest first, with their participants; use a conversation\'s sessionId with Message → Get Many to read it',
				action: 'Get many conversations',
			},
		],
		default: 'getMany',
	},
	...getMany.description,
];
