/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- test code, never shipped: timers and Node's module loader. */
/**
 * A consent-aware campaign in the real n8n (issue 12): examples/consent-aware-campaign.json imported as a
 * user would, the package installed from its tarball. The campaign branch (run as the editor's "Execute
 * workflow" does) texts the contacts who did not opt out and routes the skipped ones through n8n's IF node;
 * the consent form records an opt-in in Zoom, and the next campaign run texts that person.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';

import { CAMPAIGN_SEED } from '../simulator/campaigns';
import { SEED } from '../simulator/seed';
import { CONSENT_SCOPES, DEFAULT_SCOPES, startZoomSimulator, type ZoomSimulator } from '../simulator/zoomSimulator';
import { cacheDir, CREDENTIAL_TYPE, loadWorkflow, N8nInstance, n8nVersion, NODE_TYPE, type N8nRestClient, type N8nServer, type N8nWorkflow } from './n8nHarness';
import { runningProcesses } from './processes';
import { simulatorCredential } from './workflows';

const WORKFLOW_ID = 'exampleConsent001';
const READS_WORKFLOW_ID = 'consentReads001';
const { alex } = SEED.accountNumbers;
const { casey, riley, taylor, morgan, drew } = SEED.contacts;

let sim: ZoomSimulator;
let n8n: N8nInstance;
let server: N8nServer;
let rest: N8nRestClient;

type RunData = Record<string, Array<{ data?: { main: Array<Array<{ json: Record<string, unknown> }> | null> } }>>;

/** n8n's execution data is a "flatted" string; read it with the flatted n8n itself ships. */
function parseFlatted(text: string): unknown {
	const requireFromN8n = createRequire(join(cacheDir(), `n8n-${n8nVersion()}`, 'node_modules', 'n8n', 'package.json'));
	return (requireFromN8n('flatted') as { parse(text: string): unknown }).parse(text);
}

/** SMS Campaign → Get Many and Get, then Opt Status → Get Many, as a user would check a campaign's consent. */
function readsWorkflow(credential: { id: string; name: string }): N8nWorkflow {
	const zoom = (name: string, position: [number, number], parameters: Record<string, unknown>) => ({
		id: `reads-${position[0]}-${position[1]}`,
		name,
		type: NODE_TYPE,
		typeVersion: 1,
		position,
		parameters,
		credentials: { [CREDENTIAL_TYPE]: credential },
	});
	const reminders = { __rl: true, mode: 'id', value: CAMPAIGN_SEED.reminders.id };
	return {
		id: READS_WORKFLOW_ID,
		name: 'Consent reads',
		active: false,
		nodes: [
			{ id: 'reads-trigger', name: 'Check', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			zoom('Campaigns', [220, -120], { resource: 'smsCampaign', operation: 'getMany', returnAll: true }),
			zoom('Campaign', [220, 120], { resource: 'smsCampaign', operation: 'get', smsCampaignId: reminders }),
			zoom('Opt statuses', [440, 120], { resource: 'optStatus', operation: 'getMany', smsCampaignId: reminders, consumerNumbers: `${riley}, ${casey}`, zoomNumbers: alex }),
		],
		connections: {
			Check: { main: [[{ node: 'Campaigns', type: 'main', index: 0 }, { node: 'Campaign', type: 'main', index: 0 }]] },
			Campaign: { main: [[{ node: 'Opt statuses', type: 'main', index: 0 }]] },
		},
		settings: { executionOrder: 'v1' },
	} as N8nWorkflow;
}

async function runCampaign(): Promise<RunData> {
	return await runManually(WORKFLOW_ID, 'Every Monday at 10');
}

async function runManually(workflowId: string, trigger: string): Promise<RunData> {
	const executionId = await rest.runWorkflowManually(workflowId, trigger);
	const execution = await rest.waitForExecution(executionId, 120_000);
	expect(execution.status).toBe('success');
	const stored = await rest.request<{ data: string }>('GET', `/executions/${executionId}`);
	return (parseFlatted(stored.data) as { resultData: { runData: RunData } }).resultData.runData;
}

const outputOf = (runData: RunData, node: string) => (runData[node]?.[0]?.data?.main[0] ?? []).map((item) => item.json);

async function waitFor(what: string, probe: () => boolean, timeoutMs = 60_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!probe()) {
		if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
		await new Promise((resolveWait) => setTimeout(resolveWait, 250));
	}
}

beforeAll(async () => {
	sim = await startZoomSimulator({ scopes: [...DEFAULT_SCOPES, ...CONSENT_SCOPES] });
	const credential = simulatorCredential(sim.url, 'e2eZoomSmsConsent', 'Zoom SMS (consent)');
	n8n = await N8nInstance.create();
	await n8n.importCredentials([credential]);
	await n8n.importWorkflows([
		loadWorkflow('examples/consent-aware-campaign.json', { id: WORKFLOW_ID, credential: { id: credential.id, name: credential.name } }),
		readsWorkflow({ id: credential.id, name: credential.name }),
	]);
	server = await n8n.start();
	rest = await server.ownerSession();
	await rest.publishWorkflow(WORKFLOW_ID);
});

afterAll(async () => {
	await n8n?.stop();
	await sim?.stop();
	expect(runningProcesses()).toEqual([]);
});

test('the example\'s campaign id is the simulator\'s seeded campaign', () => {
	const workflow = loadWorkflow('examples/consent-aware-campaign.json', { id: 'x' });
	const record = workflow.nodes.find((node) => node.name === 'Record consent in Zoom');
	expect((record?.parameters.smsCampaignId as { value: string }).value).toBe(CAMPAIGN_SEED.reminders.id);
});

test('SMS Campaign → Get Many and Get, and Opt Status → Get Many read what Zoom holds', async () => {
	const runData = await runManually(READS_WORKFLOW_ID, 'Check');
	expect(outputOf(runData, 'Campaigns').map((item) => [item.id, item.status])).toEqual(
		expect.arrayContaining([[CAMPAIGN_SEED.reminders.id, 'active']]),
	);
	const [campaign] = outputOf(runData, 'Campaign');
	expect(campaign).toMatchObject({ id: CAMPAIGN_SEED.reminders.id, status: 'active' });
	expect((campaign.phoneNumbers as Array<{ number: string }>).map((number) => number.number)).toContain(alex);
	expect(outputOf(runData, 'Opt statuses').map((item) => [item.consumerPhoneNumber, item.zoomPhoneNumber, item.optStatus])).toEqual([
		[riley, alex, 'opt_out'],
		[casey, alex, 'opt_in'],
	]);
});

test('the campaign skips who texted STOP, texts the rest, and n8n\'s IF routes the skipped items', async () => {
	// Riley opted out in the seed; Taylor texts STOP now.
	sim.addInboundMessage({ from: taylor, to: alex, message: 'STOP' });
	const before = sim.messages.length;
	const runData = await runCampaign();
	const sent = sim.messages.slice(before);
	expect(sent.map((message) => [message.sender, message.toMembers[0]])).toEqual([casey, morgan, drew].map((to) => [alex, to]));
	const output = outputOf(runData, 'Zoom SMS');
	expect(output.map((item) => item.skipped ?? item.messageId !== undefined)).toEqual([true, 'optedOut', 'optedOut', true, true]);
	expect(outputOf(runData, 'Opted out: not texted').map((item) => [item.to, item.skipped])).toEqual([
		[riley, 'optedOut'],
		[taylor, 'optedOut'],
	]);
	expect(outputOf(runData, 'Texted').map((item) => item.to)).toEqual([casey, morgan, drew]);
});

test('the consent form records Taylor\'s opt-in in Zoom; the next campaign texts Taylor', async () => {
	const form = new FormData();
	form.append('field-0', '(555) 222-0199');
	form.append('field-1', 'Yes, text me');
	const submitted = await fetch(server.formUrl('sms-consent'), { method: 'POST', body: form });
	expect(submitted.status).toBe(200);
	await waitFor('the opt-in to reach Zoom', () => sim.campaigns.optStatus(alex, taylor) === 'opt_in');
	expect(sim.campaigns.optStatus(SEED.accountNumbers.support, taylor)).toBe('opt_in');

	const before = sim.messages.length;
	const runData = await runCampaign();
	expect(sim.messages.slice(before).map((message) => message.toMembers[0])).toEqual([casey, taylor, morgan, drew]);
	expect(outputOf(runData, 'Opted out: not texted').map((item) => item.to)).toEqual([riley]);
});
