/**
 * The n8n workflows the benchmark compares, imported into the real n8n. Both make their items the same way
 * (Set + Split Out, n8n's own nodes) and send the same texts to the same numbers as the raw loop
 * (workload.ts):
 *
 * - ours: Manual Trigger → Make items → Split Out → Zoom SMS (Message → Send)
 * - bare: Manual Trigger → Make items → Split Out → Bare Node (bare-node/: the same values, from the
 *         same expressions or built in plain code, then n8n's HTTP helper and nothing else; what any
 *         node costs in n8n)
 * - DIY:  Manual Trigger → Get token (HTTP Request) → Make items → Split Out → Send SMS (HTTP Request, the
 *         token taken from the first node by an expression): how users send SMS through Zoom today,
 *         following Zoom's Server-to-Server OAuth guide.
 */
import { randomUUID } from 'node:crypto';

import { CREDENTIAL_TYPE, NODE_TYPE, type N8nWorkflow, type N8nWorkflowNode } from '../../test/e2e/n8nHarness';
import { DEFAULT_CREDENTIALS } from '../../test/simulator/zoomSimulator';
import { CREDENTIAL, BARE_NODE_TYPE } from './realN8n';
import { FROM_NUMBER, FIRST_RECIPIENT, MESSAGE_TAIL } from './workload';

function node(name: string, type: string, typeVersion: number, parameters: Record<string, unknown>, extra: Partial<N8nWorkflowNode> = {}): N8nWorkflowNode {
	return { id: randomUUID(), name, type, typeVersion, position: [0, 0], parameters, ...extra };
}

function chained(nodes: N8nWorkflowNode[]): Record<string, unknown> {
	const connections: Record<string, unknown> = {};
	nodes.forEach((current, index) => {
		const next = nodes[index + 1];
		if (next) connections[current.name] = { main: [[{ node: next.name, type: 'main', index: 0 }]] };
	});
	nodes.forEach((current, index) => (current.position = [index * 220, 0]));
	return connections;
}

function workflow(id: string, nodes: N8nWorkflowNode[]): N8nWorkflow {
	return { id, name: `Benchmark ${id}`, nodes, connections: chained(nodes), settings: { executionOrder: 'v1' } };
}

function itemNodes(count: number): N8nWorkflowNode[] {
	return [
		node('Make items', 'n8n-nodes-base.set', 3.4, {
			assignments: { assignments: [{ id: 'n', name: 'n', type: 'array', value: `={{ Array.from({ length: ${count} }, (_, i) => i) }}` }] },
			options: {},
		}),
		node('Split Out', 'n8n-nodes-base.splitOut', 1, { fieldToSplitOut: 'n', options: {} }),
	];
}

const trigger = () => node('Start', 'n8n-nodes-base.manualTrigger', 1, {});

/** The texts of workload.ts `benchItems(count, label)`, built by expressions from the item's number. */
const phoneExpression = `{{ '+' + (${FIRST_RECIPIENT.slice(1)} + $json.n) }}`;
const textExpression = (label: string) => `${label} #{{ $json.n }}${MESSAGE_TAIL}`;

export function oursWorkflow(id: string, options: { items: number; requestsPerSecond: number; label: string }): N8nWorkflow {
	return workflow(id, [
		trigger(),
		...itemNodes(options.items),
		node(
			'Zoom SMS',
			NODE_TYPE,
			1,
			{
				resource: 'message',
				operation: 'send',
				from: { __rl: true, mode: 'number', value: FROM_NUMBER },
				to: `=${phoneExpression}`,
				message: `=${textExpression(options.label)}`,
				options: { requestsPerSecond: options.requestsPerSecond },
			},
			{ credentials: { [CREDENTIAL_TYPE]: { ...CREDENTIAL } } },
		),
	]);
}

export function bareNodeWorkflow(
	id: string,
	options: { items: number; simUrl: string; label: string; concurrency: number; values: 'expressions' | 'itemFields' },
): N8nWorkflow {
	return workflow(id, [
		trigger(),
		...itemNodes(options.items),
		node('Bare Node', BARE_NODE_TYPE, 1, {
			baseUrl: options.simUrl,
			basicAuth: Buffer.from(`${DEFAULT_CREDENTIALS.clientId}:${DEFAULT_CREDENTIALS.clientSecret}`).toString('base64'),
			accountId: DEFAULT_CREDENTIALS.accountId,
			from: FROM_NUMBER,
			values: options.values,
			firstRecipient: FIRST_RECIPIENT,
			label: options.label,
			messageTail: MESSAGE_TAIL,
			to: `=${phoneExpression}`,
			message: `=${textExpression(options.label)}`,
			concurrency: options.concurrency,
		}),
	]);
}

export function diyWorkflow(id: string, options: { items: number; simUrl: string; label: string }): N8nWorkflow {
	const basic = Buffer.from(`${DEFAULT_CREDENTIALS.clientId}:${DEFAULT_CREDENTIALS.clientSecret}`).toString('base64');
	return workflow(id, [
		trigger(),
		node('Get token', 'n8n-nodes-base.httpRequest', 4.2, {
			method: 'POST',
			url: `${options.simUrl}/oauth/token`,
			sendQuery: true,
			queryParameters: {
				parameters: [
					{ name: 'grant_type', value: 'account_credentials' },
					{ name: 'account_id', value: DEFAULT_CREDENTIALS.accountId },
				],
			},
			sendHeaders: true,
			headerParameters: { parameters: [{ name: 'Authorization', value: `Basic ${basic}` }] },
			options: {},
		}),
		...itemNodes(options.items),
		node('Send SMS', 'n8n-nodes-base.httpRequest', 4.2, {
			method: 'POST',
			url: `${options.simUrl}/v2/phone/sms/messages`,
			sendHeaders: true,
			headerParameters: { parameters: [{ name: 'Authorization', value: "=Bearer {{ $('Get token').first().json.access_token }}" }] },
			sendBody: true,
			specifyBody: 'json',
			jsonBody: `={ "sender": { "phone_number": "${FROM_NUMBER}" }, "to_members": [{ "phone_number": "${phoneExpression}" }], "message": "${textExpression(options.label)}" }`,
			options: {},
		}),
	]);
}
