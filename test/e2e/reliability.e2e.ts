/**
 * Exactly once under the real n8n's own mechanics (issue 9), the package installed from its tarball:
 * Retry On Fail, the public API's execution retry, the three On Error modes with Zoom's daily limit, and a
 * cancel mid-campaign from the REST API the editor's Stop button uses. Counted at the simulated Zoom: every
 * customer texted at most once, every item accounted for.
 */
import { sleep, type IDataObject } from 'n8n-workflow';

import { SEED } from '../simulator/seed';
import { startZoomSimulator, type ZoomSimulator } from '../simulator/zoomSimulator';
import { CREDENTIAL_TYPE, N8nInstance, NODE_TYPE, type N8nCredential, type N8nRestClient, type N8nServer, type N8nWorkflow } from './n8nHarness';
import { runningProcesses } from './processes';
import { simulatorCredential } from './workflows';

let sim: ZoomSimulator;
let n8n: N8nInstance;
let server: N8nServer;
let rest: N8nRestClient;
let apiKey: string;
let credential: N8nCredential;

const PHONE = SEED.contacts.casey;
const textsOf = (label: string, count: number) => Array.from({ length: count }, (_, index) => `${label} item ${index}`);

interface SendNodeSettings {
	onError?: 'stopWorkflow' | 'continueRegularOutput' | 'continueErrorOutput';
	retryOnFail?: boolean;
	options?: IDataObject;
}

/** Manual → Set (the texts) → Split Out → Zoom SMS Message → Send, one item per text. */
function campaign(id: string, texts: string[], settings: SendNodeSettings = {}): N8nWorkflow {
	return {
		id,
		name: `e2e ${id}`,
		settings: { executionOrder: 'v1' },
		nodes: [
			{ id: 'b2f0c7e2-0000-4000-8000-000000000001', name: 'Manual', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{
				id: 'b2f0c7e2-0000-4000-8000-000000000002',
				name: 'Texts',
				type: 'n8n-nodes-base.set',
				typeVersion: 3.4,
				position: [220, 0],
				parameters: { assignments: { assignments: [{ id: 'texts', name: 'texts', type: 'array', value: JSON.stringify(texts) }] }, options: {} },
			},
			{ id: 'b2f0c7e2-0000-4000-8000-000000000003', name: 'Split Out', type: 'n8n-nodes-base.splitOut', typeVersion: 1, position: [440, 0], parameters: { fieldToSplitOut: 'texts', options: {} } },
			{
				id: 'b2f0c7e2-0000-4000-8000-000000000004',
				name: 'Zoom SMS',
				type: NODE_TYPE,
				typeVersion: 1,
				position: [660, 0],
				parameters: {
					resource: 'message',
					operation: 'send',
					from: { __rl: true, mode: 'number', value: SEED.accountNumbers.alex },
					to: PHONE,
					message: '={{ $json.texts }}',
					options: { requestsPerSecond: 20, deliveryCheckSeconds: 2, ...settings.options },
				},
				credentials: { [CREDENTIAL_TYPE]: { id: credential.id, name: credential.name } },
				...(settings.onError ? { onError: settings.onError } : {}),
				...(settings.retryOnFail ? { retryOnFail: true, maxTries: 3, waitBetweenTries: 0 } : {}),
			},
		],
		connections: {
			Manual: { main: [[{ node: 'Texts', type: 'main', index: 0 }]] },
			Texts: { main: [[{ node: 'Split Out', type: 'main', index: 0 }]] },
			'Split Out': { main: [[{ node: 'Zoom SMS', type: 'main', index: 0 }]] },
		},
	} as N8nWorkflow;
}

/** How often Zoom accepted each text (a customer texted twice shows as 2). */
function acceptedCounts(texts: string[]): number[] {
	return texts.map((text) => sim.messages.filter((message) => message.message === text).length);
}

async function publicApi<T>(method: string, path: string): Promise<T> {
	const response = await fetch(`${server.baseUrl}/api/v1${path}`, { method, headers: { 'X-N8N-API-KEY': apiKey, accept: 'application/json', 'content-type': 'application/json' }, body: method === 'POST' ? '{}' : undefined });
	const text = await response.text();
	if (!response.ok) throw new Error(`${method} /api/v1${path} answered ${response.status}: ${text.slice(0, 500)}`);
	return JSON.parse(text) as T;
}

type RunItems = Array<{ json: IDataObject; pairedItem?: { item: number } }>;

async function sendOutputs(executionId: string): Promise<{ status: string; success: RunItems; failed: RunItems; error?: IDataObject }> {
	const execution = await publicApi<{ status: string; data: { resultData: { runData: Record<string, Array<{ data?: { main: RunItems[] } }>>; error?: IDataObject } } }>(
		'GET',
		`/executions/${executionId}?includeData=true`,
	);
	const runs = execution.data.resultData.runData['Zoom SMS'] ?? [];
	const [success = [], failed = []] = runs[runs.length - 1]?.data?.main ?? [];
	return { status: execution.status, success, failed, error: execution.data.resultData.error };
}

beforeAll(async () => {
	sim = await startZoomSimulator();
	credential = simulatorCredential(sim.url, 'e2eZoomSmsReliab1', 'Zoom SMS (reliability)');
	n8n = await N8nInstance.create();
	await n8n.importCredentials([credential]);
	server = await n8n.start();
	rest = await server.ownerSession();
	const key = await rest.request<{ rawApiKey: string }>('POST', '/api-keys', { label: 'e2e', scopes: ['execution:read', 'execution:list', 'execution:retry'], expiresAt: null });
	apiKey = key.rawApiKey;
}, 300_000);

afterAll(async () => {
	await n8n?.stop();
	await sim?.stop();
	expect(runningProcesses()).toEqual([]);
});

beforeEach(() => sim.reset());

async function runCampaign(workflow: N8nWorkflow): Promise<string> {
	await n8n.importWorkflows([workflow]);
	const executionId = await rest.runWorkflowManually(workflow.id, 'Manual');
	await rest.waitForExecution(executionId, 120_000);
	return executionId;
}

test('Retry On Fail: Zoom refuses the 3rd text once; n8n re-runs the node, and nobody is texted twice', async () => {
	const texts = textsOf('retry on fail', 5);
	sim.addFault({ kind: 'status', status: 400, body: { code: 7001, message: 'Phone number is not valid.' }, count: 1, skip: 2, path: '/v2/phone/sms/messages' });
	const { status, success } = await sendOutputs(await runCampaign(campaign('e2eRetryOnFail01', texts, { retryOnFail: true, options: { requestsPerSecond: 2 } })));
	expect(status).toBe('success');
	expect(acceptedCounts(texts)).toEqual([1, 1, 1, 1, 1]);
	expect(success).toHaveLength(5);
	// What the first try sent comes back with Zoom's original message ID.
	const again = success.filter((item) => item.json.alreadySent === true);
	expect(again.length).toBeGreaterThan(0);
	for (const item of success) expect(item.json.messageId).toBe(sim.messages.find((message) => message.message === texts[item.pairedItem?.item ?? -1])?.messageId);
}, 180_000);

test('the public API\'s execution retry after a daily limit sends only what Zoom did not take', async () => {
	const texts = textsOf('api retry', 8);
	sim.configure({ dailyLimit: 3 });
	const first = await sendOutputs(await runCampaign(campaign('e2eApiRetry01', texts)));
	expect(first.status).toBe('error');
	expect(String(first.error?.description ?? '')).toMatch(/Sent: items [\d–, ]+.*Not sent: items/s);
	expect(acceptedCounts(texts).reduce((sum, count) => sum + count, 0)).toBe(3);
	const failedId = (await publicApi<{ data: Array<{ id: string }> }>('GET', '/executions?workflowId=e2eApiRetry01&status=error')).data[0].id;

	sim.configure({ dailyLimit: 0 }); // the next day
	const retried = await publicApi<{ id: string | number }>('POST', `/executions/${failedId}/retry`);
	await rest.waitForExecution(String(retried.id), 120_000);
	const second = await sendOutputs(String(retried.id));
	expect(second.status).toBe('success');
	expect(acceptedCounts(texts)).toEqual(texts.map(() => 1));
	expect(second.success.filter((item) => item.json.alreadySent === true)).toHaveLength(3);
}, 240_000);

describe('Zoom\'s daily limit under each On Error mode (12 items, the limit at 4)', () => {
	const texts = textsOf('daily limit', 12);

	test('Stop Workflow: the execution fails, its error accounts for all 12 items', async () => {
		sim.configure({ dailyLimit: 4 });
		const { status, error } = await sendOutputs(await runCampaign(campaign('e2eDailyStop01', texts, { onError: 'stopWorkflow' })));
		expect(status).toBe('error');
		expect(String(error?.description ?? '')).toMatch(/Sent: items [\d–, ]+ .*Not sent: items [\d–, ]+/s);
		expect(acceptedCounts(texts).filter((count) => count === 1)).toHaveLength(4);
	}, 180_000);

	test('Continue (regular output): 12 items, 4 sent, 8 saying why not', async () => {
		sim.configure({ dailyLimit: 4 });
		const { status, success } = await sendOutputs(await runCampaign(campaign('e2eDailyRegular01', texts, { onError: 'continueRegularOutput' })));
		expect(status).toBe('success');
		expect(success).toHaveLength(12);
		expect(success.filter((item) => item.json.success === true)).toHaveLength(4);
		for (const item of success.filter((candidate) => candidate.json.success !== true)) expect(String(item.json.error)).toMatch(/daily/);
	}, 180_000);

	test('Continue (using error output): the 4 sent on the success output, the 8 others on the error output', async () => {
		sim.configure({ dailyLimit: 4 });
		const { status, success, failed } = await sendOutputs(await runCampaign(campaign('e2eDailyErrorOut01', texts, { onError: 'continueErrorOutput' })));
		expect(status).toBe('success');
		expect(success.map((item) => item.json.success)).toEqual([true, true, true, true]);
		expect(failed).toHaveLength(8);
		const indexes = [...success, ...failed].map((item) => item.pairedItem?.item).sort((a, b) => Number(a) - Number(b));
		expect(indexes).toEqual(texts.map((_, index) => index));
	}, 180_000);
});

test('a cancel mid-campaign: nothing new is sent, and n8n\'s log names every message Zoom accepted', async () => {
	const texts = textsOf('cancel', 60);
	const workflow = campaign('e2eCancel01', texts, { options: { requestsPerSecond: 5 } });
	await n8n.importWorkflows([workflow]);
	const reached = new Promise<void>((resolve) => {
		const listener = () => {
			if (sim.messages.length >= 6) {
				sim.off('message', listener);
				resolve();
			}
		};
		sim.on('message', listener);
	});
	const executionId = await rest.runWorkflowManually(workflow.id, 'Manual');
	await reached;
	await rest.request('POST', `/executions/${executionId}/stop`);
	const { status } = await rest.waitForExecution(executionId, 60_000);
	expect(status).toBe('canceled');
	const atCancel = sim.messages.length;
	await sleep(3000);
	expect(sim.messages.length).toBeLessThanOrEqual(atCancel + 1);
	expect(sim.messages.length).toBeLessThan(20);
	const log = server.process.lines.join('\n');
	for (const message of sim.messages) {
		const index = texts.indexOf(message.message ?? '');
		expect({ index, logged: log.includes(message.messageId) || log.includes(`item ${index}: `) }).toEqual({ index, logged: true });
	}
}, 180_000);
