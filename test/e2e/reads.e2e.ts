/**
 * Read operations in the real n8n (issue 9): the package installed from its tarball, Message → Get run by
 * `n8n execute` with On Error = Continue (using error output). n8n's own engine decides which items take
 * the error output, so this checks the node against the n8n users run: every failed item, and only those,
 * leaves there, paired with its input (n8n merges the input item's fields into it).
 */
import { SEED } from '../simulator/seed';
import { startZoomSimulator, type ZoomSimulator } from '../simulator/zoomSimulator';
import { CREDENTIAL_TYPE, N8nInstance, NODE_TYPE, type N8nCredential, type N8nWorkflow } from './n8nHarness';
import { runningProcesses } from './processes';
import { simulatorCredential } from './workflows';

let sim: ZoomSimulator;
let n8n: N8nInstance;
let credential: N8nCredential;

const IDS = [SEED.mmsMessageId, 'no-such-message', SEED.mmsMessageId, 'nor-this-one'];

/** Manual → Set (the message IDs) → Split Out → Zoom SMS Message → Get, with the given On Error. */
function readWorkflow(id: string): N8nWorkflow {
	return {
		id,
		name: `e2e ${id}`,
		settings: { executionOrder: 'v1' },
		nodes: [
			{ id: 'a1f0c7e2-0000-4000-8000-000000000001', name: 'Manual', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
			{
				id: 'a1f0c7e2-0000-4000-8000-000000000002',
				name: 'Message IDs',
				type: 'n8n-nodes-base.set',
				typeVersion: 3.4,
				position: [220, 0],
				parameters: { assignments: { assignments: [{ id: 'ids', name: 'ids', type: 'array', value: JSON.stringify(IDS) }] }, options: {} },
			},
			{
				id: 'a1f0c7e2-0000-4000-8000-000000000003',
				name: 'Split Out',
				type: 'n8n-nodes-base.splitOut',
				typeVersion: 1,
				position: [440, 0],
				parameters: { fieldToSplitOut: 'ids', options: {} },
			},
			{
				id: 'a1f0c7e2-0000-4000-8000-000000000004',
				name: 'Zoom SMS',
				type: NODE_TYPE,
				typeVersion: 1,
				position: [660, 0],
				parameters: { resource: 'message', operation: 'get', sessionId: SEED.sessions.alexCasey, messageId: '={{ $json.ids }}' },
				credentials: { [CREDENTIAL_TYPE]: { id: credential.id, name: credential.name } },
				onError: 'continueErrorOutput',
			},
		],
		connections: {
			Manual: { main: [[{ node: 'Message IDs', type: 'main', index: 0 }]] },
			'Message IDs': { main: [[{ node: 'Split Out', type: 'main', index: 0 }]] },
			'Split Out': { main: [[{ node: 'Zoom SMS', type: 'main', index: 0 }]] },
		},
	};
}

beforeAll(async () => {
	sim = await startZoomSimulator();
	credential = simulatorCredential(sim.url, 'e2eZoomSmsReads01', 'Zoom SMS (reads)');
	n8n = await N8nInstance.create();
	await n8n.importCredentials([credential]);
	await n8n.importWorkflows([readWorkflow('e2eReadErrorOut01')]);
});

afterAll(async () => {
	await n8n?.stop();
	await sim?.stop();
	expect(runningProcesses()).toEqual([]);
});

test('Message → Get with the error output: the two unknown messages leave there, the two found on the success output', async () => {
	const executed = await n8n.execute('e2eReadErrorOut01');
	expect(executed.error).toBeUndefined();
	const outputs = executed.run?.data.resultData.runData['Zoom SMS'][0].data?.main ?? [];
	const [success = [], failed = []] = outputs as Array<Array<{ json: Record<string, unknown>; pairedItem?: { item: number } }>>;
	expect(success.map((item) => [item.json.messageId, item.pairedItem?.item])).toEqual([
		[SEED.mmsMessageId, 0],
		[SEED.mmsMessageId, 2],
	]);
	expect(success.every((item) => item.json.error === undefined)).toBe(true);
	expect(failed.map((item) => [item.json.ids, item.pairedItem?.item])).toEqual([
		['no-such-message', 1],
		['nor-this-one', 3],
	]);
	expect(failed[0].json.error).toMatch(/^Item 1: Zoom answered 404 \(code 7012\)/);
	expect(failed[1].json.error).toMatch(/^Item 3: Zoom answered 404 \(code 7012\)/);
	expect(failed[0].json.details).toEqual({ errorDetails: expect.stringMatching(/Zoom tracking ID/) });
});
