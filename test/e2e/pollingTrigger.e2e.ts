/**
 * The Zoom SMS Polling Trigger inside a real n8n, installed from the packed tarball: a published workflow
 * (Zoom SMS Polling Trigger, every minute → Zoom SMS Send back to the sender) against the simulator.
 * Messages arrive in the simulator's history; each one gets exactly one reply, across polls and across a
 * restart of n8n (the cursor is in the workflow's static data, in n8n's database). History from before
 * the workflow was published gets none.
 *
 * n8n polls at most once a minute, so this file takes a few minutes.
 */
import { randomUUID } from 'node:crypto';

import { sleep } from 'n8n-workflow';

import { SEED } from '../simulator/seed';
import { startZoomSimulator, type ZoomSimulator } from '../simulator/zoomSimulator';
import { CREDENTIAL_TYPE, DEFAULT_OWNER, N8nInstance, N8nRestClient, NODE_TYPE, PACKAGE_NAME, type N8nCredential, type N8nServer, type N8nWorkflow } from './n8nHarness';
import { isProcessAlive, runningProcesses } from './processes';
import { simulatorCredential } from './workflows';

const POLLING_TRIGGER_TYPE = `${PACKAGE_NAME}.zoomSmsPollingTrigger`;
const WORKFLOW_ID = 'e2ePollingReply01';
const REPLY_PREFIX = 'Polled: ';

let sim: ZoomSimulator;
let n8n: N8nInstance;
let server: N8nServer;
let rest: N8nRestClient;
let credential: N8nCredential;
const pids: number[] = [];

function pollingReplyWorkflow(): N8nWorkflow {
	const credentials = { [CREDENTIAL_TYPE]: { id: credential.id, name: credential.name } };
	return {
		id: WORKFLOW_ID,
		name: 'e2e Zoom SMS polling auto-reply',
		settings: { executionOrder: 'v1' },
		nodes: [
			{
				id: randomUUID(),
				name: 'Zoom SMS Polling Trigger',
				type: POLLING_TRIGGER_TYPE,
				typeVersion: 1,
				position: [0, 0],
				parameters: { pollTimes: { item: [{ mode: 'everyMinute' }] }, messages: 'received' },
				credentials,
			},
			{
				id: randomUUID(),
				name: 'Reply',
				type: NODE_TYPE,
				typeVersion: 1,
				position: [220, 0],
				parameters: {
					resource: 'message',
					operation: 'send',
					from: { __rl: true, mode: 'number', value: '={{ $json.to }}' },
					to: '={{ $json.from }}',
					message: `={{ "${REPLY_PREFIX}" + $json.message }}`,
					options: {},
				},
				credentials,
			},
		],
		connections: { 'Zoom SMS Polling Trigger': { main: [[{ node: 'Reply', type: 'main', index: 0 }]] } },
	};
}

/** How many replies each text got so far. */
function repliesByText(): Record<string, number> {
	const counts: Record<string, number> = {};
	for (const message of sim.messages) {
		const sent = message.message ?? '';
		if (!sent.startsWith(REPLY_PREFIX)) continue;
		const text = sent.slice(REPLY_PREFIX.length);
		counts[text] = (counts[text] ?? 0) + 1;
	}
	return counts;
}

function inbound(text: string, to: string = SEED.accountNumbers.alex, from: string = SEED.contacts.casey): void {
	sim.addInboundMessage({ from, to, message: text });
}

async function waitFor<T>(what: string, probe: () => T | undefined, timeoutMs: number): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = probe();
		if (value !== undefined) return value;
		if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs / 1000} s waiting for ${what}; replies so far: ${JSON.stringify(repliesByText())}`);
		await sleep(500);
	}
}

/** Waits until every text in `texts` has a reply (n8n polls once a minute). */
async function repliedTo(texts: string[]): Promise<void> {
	await waitFor(`replies to ${texts.join(', ')}`, () => (texts.every((text) => (repliesByText()[text] ?? 0) > 0) ? true : undefined), 150_000);
}

async function startN8n(first: boolean): Promise<void> {
	server = await n8n.start();
	pids.push(server.process.pid!);
	if (first) {
		rest = await server.ownerSession();
	} else {
		rest = new N8nRestClient(server.baseUrl);
		await rest.login(DEFAULT_OWNER.email, DEFAULT_OWNER.password);
	}
}

beforeAll(async () => {
	sim = await startZoomSimulator();
	credential = simulatorCredential(sim.url, 'e2eZoomSmsPolling', 'Zoom SMS (polling)');
	n8n = await N8nInstance.create();
	await n8n.importCredentials([credential]);
	await n8n.importWorkflows([pollingReplyWorkflow()]);
	await startN8n(true);
});

afterAll(async () => {
	await n8n?.stop();
	await sim?.stop();
	expect(runningProcesses()).toEqual([]);
	for (const pid of pids) expect(isProcessAlive(pid)).toBe(false);
});

describe('the Zoom SMS Polling Trigger in a real n8n', () => {
	test('each message starts the workflow once, across polls and a restart; no history replayed', async () => {
		inbound('from before publishing');
		await sleep(1100);
		await rest.publishWorkflow(WORKFLOW_ID);

		// Between the activation poll and the next ones.
		inbound('first');
		inbound('second', SEED.accountNumbers.support, SEED.contacts.riley);
		await repliedTo(['first', 'second']);
		inbound('third');
		await repliedTo(['third']);

		// n8n goes down; a message arrives meanwhile; n8n comes back with the cursor from its database.
		await server.stop();
		inbound('while n8n was down');
		await startN8n(false);
		await rest.waitForPublished([WORKFLOW_ID]);
		await repliedTo(['while n8n was down']);
		inbound('after the restart');
		await repliedTo(['after the restart']);

		// One more poll with nothing new, then the tally: one reply per message, none for old history.
		await sleep(65_000);
		expect(repliesByText()).toEqual({ first: 1, second: 1, third: 1, 'while n8n was down': 1, 'after the restart': 1 });
	}, 600_000);
});
