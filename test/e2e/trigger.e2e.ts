/* eslint-disable @n8n/community-nodes/no-hardcoded-secrets, @n8n/community-nodes/no-restricted-imports -- test, never shipped: a made-up webhook secret for a throw-away n8n; Node modules to read n8n's own files. */
/**
 * The Zoom SMS Trigger inside a real n8n, installed from the packed tarball: a published "auto-reply"
 * workflow (Zoom SMS Trigger → Zoom SMS Send back to the sender) receives requests on n8n's production
 * webhook URL as Zoom would send them. Only a correctly signed, selected event starts it; the reply that
 * reaches the simulator proves the trigger's output (E.164 numbers, message) drove the next node.
 *
 * Exactly once: replays (identical, re-cased signature, signed anew), Zoom's retries with their original
 * timestamp, another account's events, and a restart of n8n between a delivery and its redelivery.
 * Automatic setup: a version 1.1 trigger registers its subscription with the simulator's event-subscription
 * API on activation (the simulator then sends the challenge and real signed events, an MMS whose image
 * arrives as binary data, and a contact's STOP and START as opt-out and opt-in events) and removes it on
 * deactivation.
 */
import { createRequire } from 'node:module';
import { join } from 'node:path';

import { randomUUID } from 'node:crypto';

import { sleep } from 'n8n-workflow';

import { computeUrlValidationToken } from '../../nodes/shared/webhookSignature';
import { urlValidation, zoomEvent, zoomHeaders } from '../node/zoomEvents';
import { CONSENT_SCOPES } from '../simulator/campaigns';
import { SEED, TINY_PNG_BASE64 } from '../simulator/seed';
import { DEFAULT_CREDENTIALS, startZoomSimulator, type ZoomSimulator } from '../simulator/zoomSimulator';
import {
	cacheDir,
	CREDENTIAL_TYPE,
	DEFAULT_OWNER,
	loadWorkflow,
	N8nInstance,
	n8nVersion,
	NODE_TYPE,
	PACKAGE_NAME,
	type N8nCredential,
	N8nRestClient,
	type N8nServer,
	type N8nWorkflow,
} from './n8nHarness';
import { isProcessAlive, runningProcesses } from './processes';
import { simulatorCredential } from './workflows';

const TRIGGER_TYPE = `${PACKAGE_NAME}.zoomSmsTrigger`;
const WORKFLOW_ID = 'e2eTriggerReply01';
const WEBHOOK_ID = randomUUID();
const AUTO_WORKFLOW_ID = 'e2eTriggerAuto01';
const AUTO_WEBHOOK_ID = randomUUID();
const SECRET = 'e2e-zoom-webhook-secret-token';
const EXAMPLE_WORKFLOW_ID = 'exampleAutoReply1';

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

const AUTO_EVENTS = ['phone.sms_received', 'phone.sms_campaign_number_opt_out', 'phone.sms_campaign_number_opt_in'];

/** A version 1.1 trigger (Automatic setup by default) that downloads MMS images, also told of opt-outs and opt-ins. */
function automaticWorkflow(): N8nWorkflow {
	return {
		id: AUTO_WORKFLOW_ID,
		name: 'e2e Zoom SMS automatic setup',
		settings: { executionOrder: 'v1' },
		nodes: [
			{
				id: randomUUID(),
				name: 'Zoom SMS Trigger',
				type: TRIGGER_TYPE,
				typeVersion: 1.1,
				position: [0, 0],
				webhookId: AUTO_WEBHOOK_ID,
				parameters: { events: AUTO_EVENTS, options: { downloadAttachments: true } },
				credentials: { [CREDENTIAL_TYPE]: { id: credential.id, name: credential.name } },
			},
		],
		connections: {},
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

/** An SMS event for the simulator's account (the credential's Account ID), as Zoom would send it. */
function incomingSmsForAccount(text: string, accountId: string = DEFAULT_CREDENTIALS.accountId) {
	const event = incomingSms(text);
	(event.payload as { account_id: string }).account_id = accountId;
	return event;
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

/** n8n's execution data is a "flatted" string; read it with the flatted n8n itself ships. */
function parseFlatted(text: string): unknown {
	const requireFromN8n = createRequire(join(cacheDir(), `n8n-${n8nVersion()}`, 'node_modules', 'n8n', 'package.json'));
	return (requireFromN8n('flatted') as { parse(text: string): unknown }).parse(text);
}

interface TriggerItem {
	json: Record<string, unknown>;
	binary?: Record<string, { mimeType: string; fileSize?: string; fileName?: string }>;
}

/** What execution `id` saved: each node's output items, and its error if it failed. */
async function savedRun(id: string): Promise<{ error?: unknown; output: (node: string) => TriggerItem[] }> {
	const execution = await rest.request<{ data: string }>('GET', `/executions/${id}`);
	const { resultData } = parseFlatted(execution.data) as { resultData: { error?: unknown; runData: Record<string, Array<{ data: { main: TriggerItem[][] } }>> } };
	return { error: resultData.error, output: (node) => resultData.runData[node][0].data.main[0] };
}

/** The item the Zoom SMS Trigger output in execution `id`, read from n8n's saved run data. */
async function triggerItem(id: string): Promise<TriggerItem> {
	return (await savedRun(id)).output('Zoom SMS Trigger')[0];
}

async function post(body: string, headers: Record<string, string> = {}): Promise<{ status: number; text: string }> {
	const response = await fetch(server.webhookUrl(`${WEBHOOK_ID}/webhook`), {
		method: 'POST',
		headers: { 'content-type': 'application/json; charset=utf-8', 'user-agent': 'Zoom Marketplace/1.0a', ...headers },
		body,
	});
	return { status: response.status, text: await response.text() };
}

async function executions(workflowId = WORKFLOW_ID): Promise<Array<{ id: string; status: string }>> {
	const filter = encodeURIComponent(JSON.stringify({ workflowId }));
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

async function settledExecutions(count: number, workflowId = WORKFLOW_ID) {
	return await waitFor(`${count} finished execution(s)`, async () => {
		const list = await executions(workflowId);
		return list.length >= count && list.every((run) => run.status !== 'running' && run.status !== 'new') ? list : undefined;
	});
}

beforeAll(async () => {
	sim = await startZoomSimulator({ webhookSecretToken: SECRET });
	// The example's Opted-Out Recipients = Skip reads campaigns and opt statuses. Set before any token is
	// issued: a token carries the scopes the app had when it was issued.
	sim.configure({ scopes: [...sim.currentConfig.scopes, ...CONSENT_SCOPES] });
	credential = simulatorCredential(sim.url, 'e2eZoomSmsTrigger', 'Zoom SMS (trigger)', { webhookSecretToken: SECRET });
	n8n = await N8nInstance.create();
	await n8n.importCredentials([credential]);
	await n8n.importWorkflows([autoReplyWorkflow(), automaticWorkflow(), loadWorkflow('examples/sms-auto-reply.json', { id: EXAMPLE_WORKFLOW_ID, credential: { id: credential.id, name: credential.name } })]);
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
			const body = JSON.stringify(urlValidation(plainToken));
			const answer = await post(body, zoomHeaders(body, SECRET));
			expect(answer.status).toBe(200);
			expect(JSON.parse(answer.text)).toEqual({ plainToken, encryptedToken: computeUrlValidationToken(plainToken, SECRET) });
		}
		// Unsigned or signed with another secret: refused, and no token is computed.
		const challenge = JSON.stringify(urlValidation('qgg8vlvZRS6UYooatFL8Aw'));
		for (const headers of [{}, zoomHeaders(challenge, 'not-the-secret')]) {
			const refused = await post(challenge, headers);
			expect(refused.status).toBe(401);
			expect(refused.text).not.toContain('encryptedToken');
		}
		expect(await executions()).toEqual([]);
	});

	test('only a correctly signed, selected event starts the workflow', async () => {
		const refused: Array<{ status: number; text: string }> = [];
		const unsigned = JSON.stringify(incomingSmsForAccount('unsigned'));
		refused.push(await post(unsigned));
		const signedBody = JSON.stringify(incomingSmsForAccount('tampered'));
		refused.push(await post(signedBody.replace('tampered', 'forged!!'), zoomHeaders(signedBody, SECRET)));
		// Older than any Zoom retry (they span 85 minutes; the window is 90).
		const stale = JSON.stringify(incomingSmsForAccount('stale'));
		refused.push(await post(stale, zoomHeaders(stale, SECRET, nowSeconds() - 91 * 60)));
		const wrongSecret = JSON.stringify(incomingSmsForAccount('wrong secret'));
		refused.push(await post(wrongSecret, zoomHeaders(wrongSecret, 'not-the-secret')));
		expect(refused.map((answer) => answer.status)).toEqual([401, 401, 401, 401]);

		const notSelected = JSON.stringify(zoomEvent('phone.sms_sent'));
		expect((await post(notSelected, zoomHeaders(notSelected, SECRET))).status).toBe(200);

		const good = JSON.stringify(incomingSmsForAccount('Is my order ready?'));
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

		// The very same signed request again, the same with its signature's hex upper-cased, and the same
		// event signed anew (a redelivery): 200 each (so Zoom stops), nothing more starts.
		expect((await post(good, goodHeaders)).status).toBe(200);
		const recased = { ...goodHeaders, 'x-zm-signature': `v0=${goodHeaders['x-zm-signature'].slice(3).toUpperCase()}` };
		expect((await post(good, recased)).status).toBe(200);
		expect((await post(good, zoomHeaders(good, SECRET, nowSeconds() + 1))).status).toBe(200);
		await sleep(2000);
		expect(await executions()).toHaveLength(1);
		expect(sim.messages).toHaveLength(1);
	});

	test('a Zoom retry carrying its original timestamp, 20 minutes old, starts once if unseen and never twice', async () => {
		const before = sim.messages.length;
		const retry = JSON.stringify(incomingSmsForAccount('retried after 20 minutes'));
		const headers = zoomHeaders(retry, SECRET, nowSeconds() - 20 * 60);
		expect((await post(retry, headers)).status).toBe(200);
		await settledExecutions(2);
		await waitFor('the reply to the retried event', () => (sim.messages.length === before + 1 ? true : undefined));
		expect((await post(retry, headers)).status).toBe(200);
		await sleep(2000);
		expect(await executions()).toHaveLength(2);
		expect(sim.messages).toHaveLength(before + 1);
	});

	test('a signed event for another Zoom account is acknowledged and starts nothing', async () => {
		const other = JSON.stringify(incomingSmsForAccount('for someone else', 'another-account-id'));
		const answer = await post(other, zoomHeaders(other, SECRET));
		expect(answer.status).toBe(200);
		expect(answer.text).toMatch(/another Zoom account/);
		await sleep(1500);
		expect(await executions()).toHaveLength(2);
	});

	test('automatic setup: activation registers the subscription, the simulator validates it and delivers an MMS whose image arrives as binary data', async () => {
		await rest.publishWorkflow(AUTO_WORKFLOW_ID);
		const url = server.webhookUrl(`${AUTO_WEBHOOK_ID}/webhook`);
		const registered = await waitFor('the subscription to be validated', () => {
			const found = sim.eventSubscriptions.all.find((s) => s.url === url);
			return found?.status === 'validated' ? found : found?.status === 'failed' ? found : undefined;
		});
		expect(registered).toMatchObject({ status: 'validated', scope: 'account', accountId: DEFAULT_CREDENTIALS.accountId });
		expect([...registered.events].sort()).toEqual([...AUTO_EVENTS].sort());
		expect(sim.eventSubscriptions.all).toHaveLength(1);

		const png = Buffer.from(TINY_PNG_BASE64, 'base64');
		const { deliveries } = await sim.receiveSms({ from: SEED.contacts.casey, to: SEED.accountNumbers.alex, message: 'photo', attachments: [{ type: 'PNG', bytes: png }] });
		expect(deliveries.map((d) => d.status)).toEqual([200]);
		const [run] = await settledExecutions(1, AUTO_WORKFLOW_ID);
		expect(run.status).toBe('success');
		const item = await triggerItem(run.id);
		expect(item.json).toMatchObject({ message: 'photo', zoomNumber: SEED.accountNumbers.alex, from: SEED.contacts.casey });
		expect(item.binary?.attachment_0).toMatchObject({ mimeType: 'image/png' });

		// Zoom's retry of that delivery, with its original timestamp, and then signed anew: nothing more.
		expect((await sim.eventSubscriptions.redeliver(deliveries[0], { restamp: false })).status).toBe(200);
		expect((await sim.eventSubscriptions.redeliver(deliveries[0], { restamp: true })).status).toBe(200);
		await sleep(2000);
		expect(await executions(AUTO_WORKFLOW_ID)).toHaveLength(1);
	});

	test('a contact texting STOP, then START, to a campaign number: Zoom\'s opt-out and opt-in events start the workflow once each, naming the contact and the number', async () => {
		const { casey } = SEED.contacts;
		const { alex } = SEED.accountNumbers;
		const before = (await executions(AUTO_WORKFLOW_ID)).length;
		const triggerItems = async (count: number) => {
			const runs = await settledExecutions(count, AUTO_WORKFLOW_ID);
			return await Promise.all(
				runs.map(async (run) => {
					expect(run.status).toBe('success');
					return (await triggerItem(run.id)).json;
				}),
			);
		};

		// The simulator sends the text as phone.sms_received, then the opt-out event: one execution each.
		const stop = await sim.receiveSms({ from: casey, to: alex, message: 'STOP' });
		expect([...stop.deliveries, ...stop.optDeliveries].map((d) => d.status)).toEqual([200, 200]);
		const afterStop = await triggerItems(before + 2);
		expect(afterStop.filter((json) => json.event === 'phone.sms_received').map((json) => json.message)).toContain('STOP');
		expect(afterStop.filter((json) => json.event === 'phone.sms_campaign_number_opt_out')).toEqual([
			expect.objectContaining({
				optStatus: 'optedOut',
				phoneNumber: casey,
				zoomPhoneNumber: alex,
				accountId: DEFAULT_CREDENTIALS.accountId,
				dateTime: (JSON.parse(stop.optDeliveries[0].body) as { payload: { object: { date_time: string } } }).payload.object.date_time,
			}),
		]);

		// Zoom's retry of the opt-out event, with its original timestamp and signed anew: nothing more.
		expect((await sim.eventSubscriptions.redeliver(stop.optDeliveries[0], { restamp: false })).status).toBe(200);
		expect((await sim.eventSubscriptions.redeliver(stop.optDeliveries[0], { restamp: true })).status).toBe(200);

		const start = await sim.receiveSms({ from: casey, to: alex, message: 'START' });
		expect(start.optDeliveries.map((d) => d.status)).toEqual([200]);
		const afterStart = await triggerItems(before + 4);
		expect(afterStart.filter((json) => json.event === 'phone.sms_campaign_number_opt_in')).toEqual([expect.objectContaining({ optStatus: 'optedIn', phoneNumber: casey, zoomPhoneNumber: alex })]);
		expect(afterStart.filter((json) => json.event === 'phone.sms_campaign_number_opt_out')).toHaveLength(1);
		await sleep(1500);
		expect(await executions(AUTO_WORKFLOW_ID)).toHaveLength(before + 4);
	});

	test('restarting n8n between a delivery and its redelivery still starts the workflow once', async () => {
		const before = (await executions()).length;
		const event = JSON.stringify(incomingSmsForAccount('delivered before a restart'));
		expect((await post(event, zoomHeaders(event, SECRET, nowSeconds() - 60))).status).toBe(200);
		await settledExecutions(before + 1);

		await server.stop();
		server = await n8n.start();
		rest = new N8nRestClient(server.baseUrl);
		await rest.login(DEFAULT_OWNER.email, DEFAULT_OWNER.password);
		await rest.waitForPublished([WORKFLOW_ID, AUTO_WORKFLOW_ID]);
		// The automatic trigger found its subscription at Zoom again rather than adding a second one.
		expect(sim.eventSubscriptions.all).toHaveLength(1);

		// Zoom's redelivery, signed anew after the restart.
		expect((await post(event, zoomHeaders(event, SECRET))).status).toBe(200);
		await sleep(2500);
		expect(await executions()).toHaveLength(before + 1);
	});

	test('deactivation removes the subscription from Zoom', async () => {
		const workflow = await rest.request<{ versionId: string }>('GET', `/workflows/${AUTO_WORKFLOW_ID}`);
		await rest.request('POST', `/workflows/${AUTO_WORKFLOW_ID}/deactivate`, { versionId: workflow.versionId });
		await waitFor('the subscription to be removed', () => (sim.eventSubscriptions.all.length === 0 ? true : undefined));
		expect(sim.eventSubscriptions.all).toEqual([]);
	});

	test('examples/sms-auto-reply.json, published, answers a text sent through the simulator (POST /__sim/inbound), and not a STOP', async () => {
		const { casey } = SEED.contacts;
		const { alex } = SEED.accountNumbers;
		await rest.publishWorkflow(EXAMPLE_WORKFLOW_ID);
		await waitFor('the example\'s subscription to be validated', () => (sim.eventSubscriptions.all.some((s) => s.status === 'validated') ? true : undefined));
		const text = async (message: string) => {
			const response = await fetch(`${sim.url}/__sim/inbound`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ from: casey, to: alex, message }) });
			expect(response.status).toBe(200);
			return (await response.json()) as { deliveries: Array<{ event: string; status: number }> };
		};

		// The Auto-reply node's output items in an execution of the example; its error if it failed.
		const replyOutput = async (run: { id: string; status: string }) => {
			const saved = await savedRun(run.id);
			if (run.status !== 'success') throw new Error(`The example's execution ${run.status}: ${JSON.stringify(saved.error)}`);
			return saved.output('Auto-reply').map((item) => item.json);
		};

		const before = sim.messages.length;
		expect((await text('Is my order ready?')).deliveries).toEqual([expect.objectContaining({ event: 'phone.sms_received', status: 200 })]);
		const [first] = await settledExecutions(1, EXAMPLE_WORKFLOW_ID);
		expect(await replyOutput(first)).toEqual([expect.objectContaining({ success: true, to: casey, from: alex })]);
		const reply = await waitFor('the example\'s reply at the simulator', () => sim.messages[before], 5_000);
		expect(reply).toMatchObject({ sender: alex, toMembers: [casey], message: 'Thanks for your message! We got: "Is my order ready?". Someone will answer within one business day.' });

		// STOP opts Casey out of Alex's campaign: the text still starts the workflow, and the reply is skipped
		// (Opted-Out Recipients = Skip).
		expect((await text('STOP')).deliveries.map((d) => d.status)).toEqual([200]);
		const second = (await settledExecutions(2, EXAMPLE_WORKFLOW_ID)).find((run) => run.id !== first.id)!;
		expect(await replyOutput(second)).toEqual([expect.objectContaining({ skipped: 'optedOut', to: casey })]);
		expect(sim.messages.slice(before)).toHaveLength(1);
	});

	test('the webhook secret appears nowhere in n8n\'s log', () => {
		expect(server.process.lines.join('\n')).not.toContain(SECRET);
	});
});
