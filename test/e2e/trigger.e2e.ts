/* eslint-disable @n8n/community-nodes/no-hardcoded-secrets -- test, never shipped: a made-up webhook secret for a throw-away n8n. */
/**
 * The Zoom SMS Trigger inside a real n8n, installed from the packed tarball: a published "auto-reply"
 * workflow (Zoom SMS Trigger → Zoom SMS Send back to the sender) receives requests on n8n's production
 * webhook URL as Zoom would send them. Only a correctly signed, selected event starts it; the reply that
 * reaches the simulator proves the trigger's output (E.164 numbers, message) drove the next node.
 */
import { randomUUID } from 'node:crypto';

import { sleep } from 'n8n-workflow';

import { computeUrlValidationToken } from '../../nodes/shared/webhookSignature';
import { urlValidation, zoomEvent, zoomHeaders } from '../node/zoomEvents';
import { SEED } from '../simulator/seed';
import { startZoomSimulator, type ZoomSimulator } from '../simulator/zoomSimulator';
import { CREDENTIAL_TYPE, N8nInstance, NODE_TYPE, PACKAGE_NAME, type N8nCredential, type N8nRestClient, type N8nServer, type N8nWorkflow } from './n8nHarness';
import { isProcessAlive, runningProcesses } from './processes';
import { simulatorCredential } from './workflows';

const TRIGGER_TYPE = `${PACKAGE_NAME}.zoomSmsTrigger`;
const WORKFLOW_ID = 'e2eTriggerReply01';
const WEBHOOK_ID = randomUUID();
const SECRET = 'e2e-zoom-webhook-secret-token';

let sim: ZoomSimulator;
let n8n: N8nInstance;
let server: N8nServer;
let rest: N8nRestClient;
let credential: N8nCredential;

function autoReplyWorkflow(): N8nWorkflow {
	const credentials = { [CREDENTIAL_TYPE]: { id: credential.id, name: credential.name } };
	return {
		id: WORKFLOW_ID,
		name: 'e2e Zoom SMS auto-reply',
		settings: { executionOrder: 'v1' },
		nodes: [
			{
				id: randomUUID(),
				name: 'Zoom SMS Trigger',
				type: TRIGGER_TYPE,
				typeVersion: 1,
				position: [0, 0],
				webhookId: WEBHOOK_ID,
				parameters: { events: ['phone.sms_received'] },
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
					message: '={{ "Thanks, we got: " + $json.message }}',
					options: {},
				},
				credentials,
			},
		],
		connections: { 'Zoom SMS Trigger': { main: [[{ node: 'Reply', type: 'main', index: 0 }]] } },
	};
}

/** A text from Casey to Alex's number, as Zoom's webhook writes numbers: without "+". */
function incomingSms(text: string) {
	return zoomEvent('phone.sms_received', {
		sender: { phone_number: SEED.contacts.casey.slice(1), display_name: 'Casey Morgan' },
		to_members: [{ phone_number: SEED.accountNumbers.alex.slice(1), is_message_owner: true }],
		owner: { type: 'user', id: SEED.users.alex.id },
		message: text,
		attachments: [],
		session_id: SEED.sessions.alexCasey,
		message_id: randomUUID().toUpperCase(),
		message_type: 1,
		date_time: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
	});
}

async function post(body: string, headers: Record<string, string> = {}): Promise<{ status: number; text: string }> {
	const response = await fetch(server.webhookUrl(`${WEBHOOK_ID}/webhook`), {
		method: 'POST',
		headers: { 'content-type': 'application/json; charset=utf-8', 'user-agent': 'Zoom Marketplace/1.0a', ...headers },
		body,
	});
	return { status: response.status, text: await response.text() };
}

async function executions(): Promise<Array<{ id: string; status: string }>> {
	const filter = encodeURIComponent(JSON.stringify({ workflowId: WORKFLOW_ID }));
	const list = await rest.request<{ results: Array<{ id: string; status: string }> }>('GET', `/executions?filter=${filter}`);
	return list.results;
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 60_000): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await probe();
		if (value !== undefined) return value;
		if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs / 1000} s waiting for ${what}`);
		await sleep(250);
	}
}

beforeAll(async () => {
	sim = await startZoomSimulator();
	credential = simulatorCredential(sim.url, 'e2eZoomSmsTrigger', 'Zoom SMS (trigger)', { webhookSecretToken: SECRET });
	n8n = await N8nInstance.create();
	await n8n.importCredentials([credential]);
	await n8n.importWorkflows([autoReplyWorkflow()]);
	server = await n8n.start();
	rest = await server.ownerSession();
	await rest.publishWorkflow(WORKFLOW_ID);
});

afterAll(async () => {
	const pid = server?.process.pid;
	await n8n?.stop();
	await sim?.stop();
	expect(runningProcesses()).toEqual([]);
	if (pid !== undefined) expect(isProcessAlive(pid)).toBe(false);
});

describe('the Zoom SMS Trigger in a real n8n', () => {
	test('Zoom\'s URL validation is answered on the production URL, and starts nothing', async () => {
		for (const plainToken of ['qgg8vlvZRS6UYooatFL8Aw', 'revalidation72hToken_x']) {
			const answer = await post(JSON.stringify(urlValidation(plainToken)));
			expect(answer.status).toBe(200);
			expect(JSON.parse(answer.text)).toEqual({ plainToken, encryptedToken: computeUrlValidationToken(plainToken, SECRET) });
		}
		expect(await executions()).toEqual([]);
	});

	test('only a correctly signed, selected event starts the workflow', async () => {
		const refused: Array<{ status: number; text: string }> = [];
		const unsigned = JSON.stringify(incomingSms('unsigned'));
		refused.push(await post(unsigned));
		const signedBody = JSON.stringify(incomingSms('tampered'));
		refused.push(await post(signedBody.replace('tampered', 'forged!!'), zoomHeaders(signedBody, SECRET)));
		const stale = JSON.stringify(incomingSms('stale'));
		refused.push(await post(stale, zoomHeaders(stale, SECRET, Math.floor(Date.now() / 1000) - 600)));
		const wrongSecret = JSON.stringify(incomingSms('wrong secret'));
		refused.push(await post(wrongSecret, zoomHeaders(wrongSecret, 'not-the-secret')));
		expect(refused.map((answer) => answer.status)).toEqual([401, 401, 401, 401]);

		const notSelected = JSON.stringify(zoomEvent('phone.sms_sent'));
		expect((await post(notSelected, zoomHeaders(notSelected, SECRET))).status).toBe(200);

		const good = JSON.stringify(incomingSms('Is my order ready?'));
		const goodHeaders = zoomHeaders(good, SECRET);
		const accepted = await post(good, goodHeaders);
		expect(accepted.status).toBe(200);

		// The reply reaches "Zoom": the trigger gave the next node E.164 numbers and the text.
		const reply = await waitFor('the auto-reply at the simulator', () => sim.messages[0]);
		expect(reply).toMatchObject({ sender: SEED.accountNumbers.alex, toMembers: [SEED.contacts.casey], message: 'Thanks, we got: Is my order ready?' });
		const runs = await waitFor('the execution to finish', async () => {
			const list = await executions();
			return list.length > 0 && list.every((run) => run.status !== 'running' && run.status !== 'new') ? list : undefined;
		});
		// Exactly one execution and one reply: nothing refused or unselected started the workflow.
		expect(runs.map((run) => run.status)).toEqual(['success']);
		expect(sim.messages).toHaveLength(1);

		// The very same signed request again (a replay within the five minutes) starts nothing more.
		expect((await post(good, goodHeaders)).status).toBe(200);
		await sleep(2000);
		expect(await executions()).toHaveLength(1);
		expect(sim.messages).toHaveLength(1);
	});

	test('the webhook secret appears nowhere in n8n\'s log', () => {
		expect(server.process.lines.join('\n')).not.toContain(SECRET);
	});
});
