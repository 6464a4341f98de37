import type { INodeProperties } from 'n8n-workflow';

import * as get from './get.operation';
import * as getMany from './getMany.operation';
import * as send from './send.operation';
import * as sendAndWait from './sendAndWait.operation';
import { SEND_AND_WAIT_OPERATION } from './sendAndWait/description';

/** Operation value → its implementation; the router dispatches on it. */
export const operations = { get, getMany, send, [SEND_AND_WAIT_OPERATION]: sendAndWait };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['message'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				description: 'Get one message by its conversation and message IDs, with its delivery status',
				action: 'Get a message',
			},
			{
				name: 'Get Many',
				value: 'getMany',
				description: 'Get the messages of one conversation, with their direction and delivery status',
				action: 'Get many messages',
			},
			{
				name: 'Send',
				value: 'send',
				description: 'Send an SMS, or an MMS with images, from a Zoom Phone number',
				action: 'Send an SMS',
			},
			{
				name: 'Send and Wait for Response',
				value: SEND_AND_WAIT_OPERATION,
				description: 'Send an SMS and wait for the answer: Approve / Decline or a typed answer on a linked page, or a text reply',
				action: 'Send an SMS and wait for response',
			},
		],
		default: 'send',
	},
	...send.description,
	...sendAndWait.description,
	...get.description,
	...getMany.description,
];
