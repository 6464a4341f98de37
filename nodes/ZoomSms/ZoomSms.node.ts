import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import * as conversation from './actions/conversation/Conversation.resource';
import * as message from './actions/message/Message.resource';
import * as optStatus from './actions/optStatus/OptStatus.resource';
import * as phoneNumber from './actions/phoneNumber/PhoneNumber.resource';
import * as smsCampaign from './actions/smsCampaign/SmsCampaign.resource';
import { sendAndWaitWebhook, sendAndWaitWebhooks } from './actions/message/sendAndWait/webhook';
import { router } from './actions/router';
import { searchSenderNumbers, searchSmsCampaigns } from './methods/listSearch';

export class ZoomSms implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Zoom SMS',
		name: 'zoomSms',
		icon: { light: 'file:../../icons/zoom.svg', dark: 'file:../../icons/zoom.dark.svg' },
		group: ['output'],
		// 1.1: From starts on Automatic (v1 nodes keep From List as their default; see send/description.ts).
		version: [1, 1.1],
		defaultVersion: 1.1,
		subtitle: '={{ $parameter["operation"] + ": " + $parameter["resource"] }}',
		description: 'Send and read SMS through Zoom Phone',
		defaults: { name: 'Zoom SMS' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'zoomSmsApi', required: true }],
		// Message → Send and Wait for Response: the answer page its text links to (used only while waiting).
		webhooks: sendAndWaitWebhooks,
		properties: [
			{
				displayName: 'Resource',
				name: 'resource',
				type: 'options',
				noDataExpression: true,
				options: [
					{ name: 'Conversation', value: 'conversation', description: 'SMS conversations (Zoom "sessions")' },
					{ name: 'Message', value: 'message', description: 'Send an SMS or MMS, or read messages and their delivery status' },
					{ name: 'Opt Status', value: 'optStatus', description: 'Consumers\' consent (START / STOP) with the account\'s numbers' },
					{ name: 'Phone Number', value: 'phoneNumber', description: 'The Zoom Phone numbers of the account' },
					{ name: 'SMS Campaign', value: 'smsCampaign', description: 'The 10DLC SMS campaigns of the account' },
				],
				default: 'message',
			},
			...message.description,
			...conversation.description,
			...phoneNumber.description,
			...smsCampaign.description,
			...optStatus.description,
		],
	};

	methods = {
		listSearch: { searchSenderNumbers, searchSmsCampaigns },
	};

	webhook = sendAndWaitWebhook;

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
