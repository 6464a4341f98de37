/**
 * Issue 12 items 3, 4 and 6 in the real n8n: the package installed from its tarball, run by `n8n start`
 * against the simulator through published webhook workflows. Allowed Countries stops a destination before
 * anything is sent; Wait for Delivery reports delivered, failed and pending at its limit; a toll-free
 * sender's 3 recipients get 3 one-to-one messages, and Retry On Fail after the 2nd texts only the 3rd.
 */
import { SEED } from '../simulator/seed';
import { ONE_TO_ONE_SENDERS } from '../simulator/oneToOne';
import { startZoomSimulator, type ZoomSimulator } from '../simulator/zoomSimulator';
import { loadWorkflow, N8nInstance, type N8nCredential, type N8nServer, type N8nWorkflow } from './n8nHarness';
import { runningProcesses } from './processes';
import { simulatorCredential, webhookSendWorkflow } from './workflows';

type OutputItem = Record<string, unknown>;

let sim: ZoomSimulator;
let n8n: N8nInstance;
let server: N8nServer;
let credential: N8nCredential;

/** The workflow's Zoom SMS node sending from `from`, with Retry On Fail when asked. */
function withNode(workflow: N8nWorkflow, change: { from?: string; retryOnFail?: boolean }): N8nWorkflow {
	const node = workflow.nodes.find((candidate) => candidate.name === 'Zoom SMS');
	if (!node) throw new Error('no Zoom SMS node');
	if (change.from) node.parameters = { ...node.parameters, from: { __rl: true, mode: 'number', value: change.from } };
	if (change.retryOnFail) Object.assign(node, { retryOnFail: true, maxTries: 2, waitBetweenTries: 0 });
	return workflow;
}

async function sendThrough(path: string, items: Array<{ phone: string; text: string }>): Promise<OutputItem[]> {
	const response = await fetch(server.webhookUrl(path), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ items }) });
	const text = await response.text();
	if (response.status !== 200) throw new Error(`POST /webhook/${path} answered ${response.status}: ${text.slice(0, 2000)}`);
	return JSON.parse(text) as OutputItem[];
}

const three = [SEED.contacts.casey, SEED.contacts.riley, SEED.contacts.taylor];

beforeAll(async () => {
	sim = await startZoomSimulator({ seed: { oneToOneSenders: true } });
	credential = simulatorCredential(sim.url, 'e2eZoomSmsDeliv01', 'Zoom SMS (delivery)');
	n8n = await N8nInstance.create();
	await n8n.importCredentials([credential]);
	const published = [
		webhookSendWorkflow({ id: 'e2eAllowedCountry1', path: 'e2e-allowed', credential, onError: 'continueRegularOutput', options: { allowedCountries: ['US', 'CA'] } }),
		webhookSendWorkflow({ id: 'e2eWaitDelivery01', path: 'e2e-wait', credential, options: { waitForDeliverySeconds: 3 } }),
		withNode(webhookSendWorkflow({ id: 'e2eOneToOne00001', path: 'e2e-one-to-one', credential }), { from: ONE_TO_ONE_SENDERS.tollFree }),
		withNode(webhookSendWorkflow({ id: 'e2eOneToOneRetry1', path: 'e2e-one-to-one-retry', credential }), { from: ONE_TO_ONE_SENDERS.tollFree, retryOnFail: true }),
	];
	await n8n.importWorkflows([...published, loadWorkflow('examples/send-and-confirm-delivery.json', { id: 'exampleDelivery01', credential })]);
	server = await n8n.start();
	const rest = await server.ownerSession();
	for (const workflow of published) await rest.publishWorkflow(workflow.id);
});

afterAll(async () => {
	await n8n?.stop();
	await sim?.stop();
	expect(runningProcesses()).toEqual([]);
});

beforeEach(() => sim.reset({ keepConfig: true }));

describe('issue 12 in the real n8n', () => {
	test('Allowed Countries: the Jamaican number is refused and nothing is sent for it; the others are sent', async () => {
		const items = await sendThrough('e2e-allowed', [
			{ phone: '+12125550123', text: 'New York' },
			{ phone: '+18765551234', text: 'Kingston' },
			{ phone: '+14165550123', text: 'Toronto' },
		]);
		expect(sim.messages.map((message) => message.toMembers)).toEqual([['+12125550123'], ['+14165550123']]);
		expect(items.map((item) => item.success)).toEqual([true, false, true]);
		expect(items[1].error).toBe('Item 1: To: +18765551234 is in Jamaica (JM), which Allowed Countries (United States (US), Canada (CA)) does not include');
	});

	test('Wait for Delivery: delivered, failed and pending at the limit, each sent once', async () => {
		sim.configure({
			deliveryStatusRules: [],
			deliveryTimeline: [
				{ pattern: '9999$', status: 'sent', afterMs: 0 },
				{ pattern: '0000$', status: 'failed_to_deliver', afterMs: 1200 },
				{ pattern: '.', status: 'delivered', afterMs: 1200 },
			],
		});
		const items = await sendThrough('e2e-wait', [
			{ phone: '+12125550123', text: 'arrives' },
			{ phone: '+12125550000', text: 'fails' },
			{ phone: '+12125559999', text: 'no receipt' },
		]);
		expect(sim.messages).toHaveLength(3);
		expect(items.map((item) => [item.success, item.deliveryResult, item.deliveryStatus])).toEqual([
			[true, 'delivered', 'delivered'],
			[true, 'failed', 'failed_to_deliver'],
			[true, 'pending', 'sent'],
		]);
		expect(items.every((item) => !Number.isNaN(Date.parse(String(item.deliveryStatusAt))))).toBe(true);
	});

	test('the example workflow texts the US and Canadian contacts, refuses the UK one, and routes the failed delivery to the follow-up', async () => {
		sim.configure({ deliveryStatusRules: [{ pattern: '0000$', status: 'failed_to_deliver' }], deliveryTimeline: [{ pattern: '.', status: 'delivered', afterMs: 1200 }] });
		const executed = await n8n.execute('exampleDelivery01');
		expect(executed.error).toBeUndefined();
		const runData = executed.run?.data.resultData.runData ?? {};
		const json = (node: string, output = 0) => (runData[node]?.[0].data?.main?.[output] ?? []).map((item) => item.json);
		expect(sim.messages.map((message) => message.toMembers[0])).toEqual(['+12125550123', '+14165550123', '+12125550000']);
		expect(json('Zoom SMS').map((item) => item.deliveryResult ?? item.error)).toEqual([
			'delivered',
			'delivered',
			'failed',
			'Item 3: To: +447400123456 is in United Kingdom (GB), which Allowed Countries (United States (US), Canada (CA)) does not include',
		]);
		expect(json('Done')).toHaveLength(2);
		expect(json('Follow up (failed, pending or refused)')).toHaveLength(2);
	});

	test('a toll-free sender with 3 recipients gives 3 one-to-one messages', async () => {
		const items = await sendThrough('e2e-one-to-one', [{ phone: three.join(', '), text: 'one by one' }]);
		expect(sim.messages.map((message) => [message.sender, message.toMembers])).toEqual(three.map((number) => [ONE_TO_ONE_SENDERS.tollFree, [number]]));
		expect(items).toHaveLength(1);
		expect(items[0]).toMatchObject({ success: true, conversation: 'oneToOne' });
		const messages = items[0].messages as Array<{ to: string; messageId: string; sessionId: string }>;
		expect(messages.map((message) => [message.to, message.messageId, message.sessionId])).toEqual(sim.messages.map((message) => [message.toMembers[0], message.messageId, message.sessionId]));
	});

	test('Retry On Fail after the 2nd of 3 recipients texts only the 3rd', async () => {
		// sim.reset() dropped the token n8n stored: one send first, so that the fault's count sees only sends.
		await sendThrough('e2e-allowed', [{ phone: '+12125550123', text: 'fetches a token' }]);
		const before = sim.messages.length;
		sim.addFault({ path: '/v2/phone/sms/messages', method: 'POST', kind: 'status', status: 400, body: { code: 7001, message: 'Phone number is not valid.' }, skip: 2, count: 1 });
		const items = await sendThrough('e2e-one-to-one-retry', [{ phone: three.join(', '), text: 'exactly once each' }]);
		expect(sim.messages.slice(before).map((message) => message.toMembers)).toEqual(three.map((number) => [number]));
		const messages = items[0].messages as Array<{ alreadySent?: boolean }>;
		expect(messages.map((message) => message.alreadySent === true)).toEqual([true, true, false]);
	});
});
