/**
 * Credentials and workflows the end-to-end suite imports into n8n. The test workflows start with a
 * Webhook node answering with the Zoom SMS node's output items, so one `n8n start` serves every test and
 * a test reads n8n's output straight from the HTTP answer.
 */
import { randomUUID } from 'node:crypto';

import { sendParameters } from '../helpers/fixtures';
import { DEFAULT_CREDENTIALS } from '../simulator/zoomSimulator';
import { CREDENTIAL_TYPE, NODE_TYPE, type N8nCredential, type N8nWorkflow, type N8nWorkflowNode } from './n8nHarness';

/** A Zoom SMS API credential in the Custom environment, pointing at a simulator. */
export function simulatorCredential(
	simulatorUrl: string,
	id: string,
	name: string,
	overrides: Record<string, unknown> = {},
): N8nCredential {
	return {
		id,
		name,
		type: CREDENTIAL_TYPE,
		data: {
			environment: 'custom',
			oauthBaseUrl: simulatorUrl,
			apiBaseUrl: `${simulatorUrl}/v2`,
			accountId: DEFAULT_CREDENTIALS.accountId,
			clientId: DEFAULT_CREDENTIALS.clientId,
			clientSecret: DEFAULT_CREDENTIALS.clientSecret,
			...overrides,
		},
	};
}

/** The Zoom SMS node sending `$json.text` to `$json.phone` from Alex's number, as the in-process tests do. */
function zoomSmsSendNode(
	credential: N8nCredential,
	{ options = {}, onError, automaticFrom = false }: { options?: Record<string, unknown>; onError?: N8nWorkflowNode['onError']; automaticFrom?: boolean } = {},
): N8nWorkflowNode {
	// Automatic From: a node of version 1.1 whose From was never touched, saved as n8n saves it (no `from`).
	// eslint-disable-next-line @typescript-eslint/no-unused-vars -- `from` is left out on purpose
	const { from: _untouched, ...withoutFrom } = sendParameters({ options });
	return {
		id: randomUUID(),
		name: 'Zoom SMS',
		type: NODE_TYPE,
		typeVersion: automaticFrom ? 1.1 : 1,
		position: [440, 0],
		parameters: automaticFrom ? withoutFrom : sendParameters({ options }),
		credentials: { [CREDENTIAL_TYPE]: { id: credential.id, name: credential.name } },
		...(onError ? { onError } : {}),
	};
}

export interface WebhookSendWorkflowOptions {
	id: string;
	path: string;
	credential: N8nCredential;
	/** The node's "On Error" setting; `continueRegularOutput` is Continue On Fail. */
	onError?: N8nWorkflowNode['onError'];
	/** Extra Zoom SMS node options (defaultCountry, longMessages, ...). */
	options?: Record<string, unknown>;
	/** A node of version 1.1 with From left on its default, Automatic. */
	automaticFrom?: boolean;
}

/**
 * Webhook (POST `{items: [{phone, text}, ...]}`) → Split Out → Zoom SMS; the webhook answers with every
 * item the Zoom SMS node output.
 */
export function webhookSendWorkflow(options: WebhookSendWorkflowOptions): N8nWorkflow {
	const zoomSms = zoomSmsSendNode(options.credential, { options: options.options, onError: options.onError, automaticFrom: options.automaticFrom });
	return {
		id: options.id,
		name: `e2e ${options.path}`,
		settings: { executionOrder: 'v1' },
		nodes: [
			{
				id: randomUUID(),
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: randomUUID(),
				parameters: { httpMethod: 'POST', path: options.path, responseMode: 'lastNode', responseData: 'allEntries', options: {} },
			},
			{
				id: randomUUID(),
				name: 'Split items',
				type: 'n8n-nodes-base.splitOut',
				typeVersion: 1,
				position: [220, 0],
				parameters: { fieldToSplitOut: 'body.items', options: {} },
			},
			zoomSms,
		],
		connections: {
			Webhook: { main: [[{ node: 'Split items', type: 'main', index: 0 }]] },
			'Split items': { main: [[{ node: 'Zoom SMS', type: 'main', index: 0 }]] },
		},
	};
}

/** Manual Trigger → Set (one item) → Zoom SMS, for `n8n execute --id`. */
export function manualSendWorkflow(options: { id: string; credential: N8nCredential; phone: string; text: string; automaticFrom?: boolean }): N8nWorkflow {
	return {
		id: options.id,
		name: `e2e ${options.id}`,
		settings: { executionOrder: 'v1' },
		nodes: [
			{ id: randomUUID(), name: 'Manual', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{
				id: randomUUID(),
				name: 'Contact',
				type: 'n8n-nodes-base.set',
				typeVersion: 3.4,
				position: [220, 0],
				parameters: {
					assignments: {
						assignments: [
							{ id: 'phone', name: 'phone', type: 'string', value: options.phone },
							{ id: 'text', name: 'text', type: 'string', value: options.text },
						],
					},
					options: {},
				},
			},
			zoomSmsSendNode(options.credential, { automaticFrom: options.automaticFrom }),
		],
		connections: {
			Manual: { main: [[{ node: 'Contact', type: 'main', index: 0 }]] },
			Contact: { main: [[{ node: 'Zoom SMS', type: 'main', index: 0 }]] },
		},
	};
}
