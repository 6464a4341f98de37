import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { ZoomClient } from '../../transport';
import { forEachItem, requiredText } from '../common';
import { normalizeMessage, type ZoomMessage } from '../zoomRecords';

const showForGet = { show: { resource: ['message'], operation: ['get'] } };

export const description: INodeProperties[] = [
	{
		displayName: 'Session ID',
		name: 'sessionId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'd39fc7e14ef9f2b6453f5f02524d79a2',
		description:
			'The ID of the conversation the message belongs to: the "sessionId" that Send, the Zoom SMS Trigger or Conversation → Get Many output',
		displayOptions: showForGet,
	},
	{
		displayName: 'Message ID',
		name: 'messageId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'E14032F2-1EDE-4D8E-924B-C83A70CD2923',
		description: 'The ID of the message: the "messageId" that Send or the Zoom SMS Trigger output',
		displayOptions: showForGet,
	},
];

/** One message with its delivery status (`GET /phone/sms/sessions/{sessionId}/messages/{messageId}`). */
export async function execute(this: IExecuteFunctions, items: INodeExecutionData[]): Promise<INodeExecutionData[]> {
	const client = new ZoomClient(this);
	return await forEachItem(this, items, async (itemIndex) => {
		const sessionId = requiredText(this, 'sessionId', 'Session ID', itemIndex, 'Enter the conversation ID, e.g. the "sessionId" output by Send.');
		const messageId = requiredText(this, 'messageId', 'Message ID', itemIndex, 'Enter the message ID, e.g. the "messageId" output by Send.');
		const record = await client.request<ZoomMessage>({
			method: 'GET',
			path: `/phone/sms/sessions/${encodeURIComponent(sessionId)}/messages/${encodeURIComponent(messageId)}`,
		});
		return [normalizeMessage(record, { sessionId })];
	}, 'getMessage');
}
