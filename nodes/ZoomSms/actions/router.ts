import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import * as conversation from './conversation/Conversation.resource';
import * as message from './message/Message.resource';
import * as optStatus from './optStatus/OptStatus.resource';
import * as phoneNumber from './phoneNumber/PhoneNumber.resource';
import * as smsCampaign from './smsCampaign/SmsCampaign.resource';

type OperationExecute = (this: IExecuteFunctions, items: INodeExecutionData[]) => Promise<INodeExecutionData[]>;

const resources: Record<string, Record<string, { execute: OperationExecute }>> = {
	conversation: conversation.operations,
	message: message.operations,
	optStatus: optStatus.operations,
	phoneNumber: phoneNumber.operations,
	smsCampaign: smsCampaign.operations,
};

export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const handler = resources[resource]?.[operation];
	if (!handler) {
		throw new NodeOperationError(this.getNode(), `The operation "${operation}" of "${resource}" is not supported`);
	}
	return [await handler.execute.call(this, items)];
}
