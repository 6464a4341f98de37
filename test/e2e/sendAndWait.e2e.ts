/**
 * Message → Send and Wait for Response in the real n8n (the package installed from its tarball), against
 * the simulated Zoom. The person's side is played as a phone's browser would: the link is taken from the
 * text Zoom accepted, its page is fetched, and its form is submitted as a browser submits it
 * (application/x-www-form-urlencoded, to the form's own URL). The Text Reply is the contact texting back
 * (the simulator's inbound message).
 */
import { randomUUID } from 'node:crypto';

import { sleep, type IDataObject } from 'n8n-workflow';

import { SEED } from '../simulator/seed';
import { startZoomSimulator, type ZoomSimulator } from '../simulator/zoomSimulator';
import { CREDENTIAL_TYPE, loadWorkflow, N8nInstance, NODE_TYPE, type N8nCredential, type N8nRestClient, type N8nServer, type N8nWorkflow } from './n8nHarness';
import { runningProcesses } from './processes';
import { simulatorCredential } from './workflows';

let sim: ZoomSimulator;
let n8n: N8nInstance;
let server: N8nServer;
let rest: N8nRestClient;
let apiKey: string;
let credential: N8nCredential;

const FROM = SEED.accountNumbers.alex;
const CONTACT = SEED.contacts.casey;

/** Manual → Set (the contact and the question) → Zoom SMS, Message → Send and Wait for Response. */
function askWorkflow(id: string, parameters: IDataObject): N8nWorkflow {
	return {
		id,
		name: `e2e ${id}`,
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
							{ id: 'phone', name: 'phone', type: 'string', value: CONTACT },
							{ id: 'name', name: 'name', type: 'string', value: 'Casey' },
						],
					},
					options: {},
				},
			},
			{
				id: randomUUID(),
				name: 'Zoom SMS',
				type: NODE_TYPE,
				typeVersion: 1.1,
				position: [440, 0],
				parameters: {
					resource: 'message',
					operation: 'sendAndWait',
					from: { __rl: true, mode: 'number', value: FROM },
					to: '={{ $json.phone }}',
					message: '={{ "Hi " + $json.name + ", approve the refund of order 1042?" }}',
					...parameters,
				},
				credentials: { [CREDENTIAL_TYPE]: { id: credential.id, name: credential.name } },
			},
		],
		connections: {
			Manual: { main: [[{ node: 'Contact', type: 'main', index: 0 }]] },
			Contact: { main: [[{ node: 'Zoom SMS', type: 'main', index: 0 }]] },
		},
	};
}

const WORKFLOWS = {
	approve: () => askWorkflow('e2eAskApprove01', { responseType: 'approval' }),
	decline: () => askWorkflow('e2eAskDecline01', { responseType: 'approval', approvalOptions: { values: { approvalType: 'double', approveLabel: 'Yes', disapproveLabel: 'No' } } }),
	freeText: () => askWorkflow('e2eAskFreeText01', { responseType: 'freeText', message: 'Which day suits you?', options: { responseFormTitle: 'Reschedule' } }),
	approvalLimit: () =>
		askWorkflow('e2eAskLimit01', { responseType: 'approval', options: { limitWaitTime: { values: { limitType: 'afterTimeInterval', resumeAmount: 0.05, resumeUnit: 'minutes' } } } }),
	textReply: () => askWorkflow('e2eAskReply01', { responseType: 'textReply', message: 'Dentist tomorrow 10:00. Reply YES to confirm', replyWaitAmount: 60, replyWaitUnit: 'seconds', options: { checkEverySeconds: 2 } }),
	textReplyLimit: () => askWorkflow('e2eAskReplyLimit01', { responseType: 'textReply', message: 'Still there?', replyWaitAmount: 4, replyWaitUnit: 'seconds', options: { checkEverySeconds: 2 } }),
};

/** examples/appointment-confirmation.json, checking the conversation every 2 s instead of every minute. */
function appointmentExample(): N8nWorkflow {
	const workflow = loadWorkflow('examples/appointment-confirmation.json', { id: 'e2eAskExample01', credential: { id: credential.id, name: credential.name } });
	const ask = workflow.nodes.find((node) => node.name === 'Ask to confirm');
	if (!ask) throw new Error('The example has no "Ask to confirm" node');
	ask.parameters.options = { ...(ask.parameters.options as IDataObject), checkEverySeconds: 2 };
	return workflow;
}

async function publicApi<T>(path: string): Promise<T> {
	const response = await fetch(`${server.baseUrl}/api/v1${path}`, { headers: { 'X-N8N-API-KEY': apiKey, accept: 'application/json' } });
	const text = await response.text();
	if (!response.ok) throw new Error(`GET /api/v1${path} answered ${response.status}: ${text.slice(0, 500)}`);
	return JSON.parse(text) as T;
}

/** The Zoom SMS node's last output items and the execution's status. */
async function outputOf(executionId: string): Promise<{ status: string; items: Array<{ json: IDataObject }> }> {
	const execution = await publicApi<{ status: string; data: { resultData: { runData: Record<string, Array<{ data?: { main: Array<Array<{ json: IDataObject }>> } }>> } } }>(
		`/executions/${executionId}?includeData=true`,
	);
	const runs = execution.data.resultData.runData['Zoom SMS'] ?? [];
	return { status: execution.status, items: runs[runs.length - 1]?.data?.main?.[0] ?? [] };
}

async function statusOf(executionId: string): Promise<string> {
	return (await rest.request<{ status: string }>('GET', `/executions/${executionId}`)).status;
}

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 60_000): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await probe();
		if (value !== undefined) return value;
		if (Date.now() > deadline) throw new Error(`${what}: not reached after ${timeoutMs / 1000} s`);
		await sleep(250);
	}
}

/** Waits until the execution has ended (rest.waitForExecution returns at once for a waiting one: its stoppedAt is set). */
async function finished(executionId: string, timeoutMs = 60_000): Promise<string> {
	return await until(`execution ${executionId} ends`, async () => {
		const status = await statusOf(executionId);
		return ['waiting', 'running', 'new'].includes(status) ? undefined : status;
	}, timeoutMs);
}

/** Runs the workflow and waits until its execution waits for the answer; returns the id and the link texted. */
async function ask(workflow: N8nWorkflow): Promise<{ executionId: string; text: string; link: string }> {
	const executionId = await rest.runWorkflowManually(workflow.id, 'Manual');
	await until('the execution waits', async () => ((await statusOf(executionId)) === 'waiting' ? true : undefined));
	expect(sim.messages).toHaveLength(1);
	const text = sim.messages[0].message ?? '';
	const link = /(https?:\/\/\S+)$/.exec(text)?.[1];
	if (!link) throw new Error(`The text carries no link: ${text}`);
	return { executionId, text, link };
}

/** A page's form, read the way a browser reads it (method, where it posts, its fields and buttons). */
function formOf(html: string, pageUrl: string): { method: string; action: string; buttons: Array<{ name: string; value: string; label: string }>; textareas: string[] } {
	const form = /<form\b([^>]*)>([\s\S]*?)<\/form>/i.exec(html);
	if (!form) throw new Error(`The page has no form: ${html.slice(0, 500)}`);
	const method = /method="([^"]*)"/i.exec(form[1])?.[1]?.toUpperCase() ?? 'GET';
	const action = new URL(/action="([^"]*)"/i.exec(form[1])?.[1] ?? '', pageUrl).toString();
	const buttons = [...form[2].matchAll(/<button\b([^>]*)>([\s\S]*?)<\/button>/gi)].map((button) => ({
		name: /name="([^"]*)"/.exec(button[1])?.[1] ?? '',
		value: /value="([^"]*)"/.exec(button[1])?.[1] ?? '',
		label: button[2].trim(),
	}));
	const textareas = [...form[2].matchAll(/<textarea\b[^>]*name="([^"]*)"/gi)].map((match) => match[1]);
	return { method, action, buttons, textareas };
}

/** Opens the link, then presses `button` (by label) after filling the text fields, as a browser would. */
async function answer(link: string, fill: { button?: string; text?: string }): Promise<{ page: Response; html: string }> {
	const opened = await fetch(link, { headers: { 'user-agent': 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Safari/604.1' } });
	expect(opened.status).toBe(200);
	const form = formOf(await opened.text(), link);
	expect(form.method).toBe('POST');
	const fields = new URLSearchParams();
	for (const name of form.textareas) fields.set(name, fill.text ?? '');
	const pressed = fill.button ? form.buttons.find((button) => button.label === fill.button) : form.buttons[0];
	if (!pressed) throw new Error(`No button "${fill.button}" on the page: ${form.buttons.map((button) => button.label).join(', ')}`);
	if (pressed.name) fields.set(pressed.name, pressed.value);
	const page = await fetch(form.action, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: new URL(form.action).origin }, body: fields.toString() });
	return { page, html: await page.text() };
}

beforeAll(async () => {
	sim = await startZoomSimulator();
	credential = simulatorCredential(sim.url, 'e2eZoomSmsAsk0001', 'Zoom SMS (send and wait)');
	n8n = await N8nInstance.create();
	await n8n.importCredentials([credential]);
	await n8n.importWorkflows([...Object.values(WORKFLOWS).map((make) => make()), appointmentExample()]);
	server = await n8n.start();
	rest = await server.ownerSession();
	await rest.publishWorkflow('e2eAskExample01');
	apiKey = (await rest.request<{ rawApiKey: string }>('POST', '/api-keys', { label: 'e2e', scopes: ['execution:read', 'execution:list'], expiresAt: null })).rawApiKey;
}, 300_000);

afterAll(async () => {
	await n8n?.stop();
	await sim?.stop();
	expect(runningProcesses()).toEqual([]);
});

beforeEach(() => sim.reset());

test('Approval: opening the link only shows the page; pressing Approve resumes the execution with approved: true', async () => {
	const { executionId, text, link } = await ask(WORKFLOWS.approve());
	expect(text).toMatch(/^Hi Casey, approve the refund of order 1042\?\n\nAnswer here: http:\/\/127\.0\.0\.1:\d+\/webhook-waiting\/\d+\?signature=[0-9a-f]{64}\/[0-9a-f-]{36}$/);
	// A link preview (or the person just looking) opens the page: nothing is answered by that.
	const preview = await fetch(link);
	expect(preview.status).toBe(200);
	// No other site may frame the page and trick a click on Approve.
	expect(preview.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
	expect(preview.headers.get('x-frame-options')).toBe('DENY');
	expect(await preview.text()).toContain('Hi Casey, approve the refund of order 1042?');
	await sleep(500);
	expect(await statusOf(executionId)).toBe('waiting');

	const { page, html } = await answer(link, { button: 'Approve' });
	expect(page.status).toBe(200);
	expect(html).toContain('Your answer was recorded');
	await finished(executionId);
	const { status, items } = await outputOf(executionId);
	expect(status).toBe('success');
	expect(items).toHaveLength(1);
	expect(items[0].json.data).toMatchObject({ approved: true });
	expect(Date.parse(String((items[0].json.data as IDataObject).respondedAt))).toBeGreaterThan(Date.now() - 60_000);
	// The link after the answer: n8n's own "no action required" page, and no second resume.
	const again = await fetch(link);
	const againHtml = await again.text();
	expect(againHtml).not.toContain('<form');
	expect(againHtml).toContain('No action required');
	expect(sim.messages).toHaveLength(1);
}, 180_000);

test('Approval with Decline: pressing the Decline button resumes with approved: false', async () => {
	const { executionId, link } = await ask(WORKFLOWS.decline());
	const { page } = await answer(link, { button: 'No' });
	expect(page.status).toBe(200);
	await finished(executionId);
	const { status, items } = await outputOf(executionId);
	expect(status).toBe('success');
	expect(items[0].json.data).toMatchObject({ approved: false });
}, 180_000);

test('Free Text: the form\'s answer is what the execution resumes with', async () => {
	const { executionId, text, link } = await ask(WORKFLOWS.freeText());
	expect(text.startsWith('Which day suits you?\n\nAnswer here: ')).toBe(true);
	const { page } = await answer(link, { text: '  Thursday after 4pm, please  ' });
	expect(page.status).toBe(200);
	await finished(executionId);
	const { status, items } = await outputOf(executionId);
	expect(status).toBe('success');
	expect(items[0].json.data).toMatchObject({ text: 'Thursday after 4pm, please' });
}, 180_000);

test('Text Reply: the contact\'s SMS reply in the conversation resumes the execution with its text and time', async () => {
	const executionId = await rest.runWorkflowManually(WORKFLOWS.textReply().id, 'Manual');
	const sent = await until('the text is sent', () => sim.messages[0]);
	expect(sent.message).toBe('Dentist tomorrow 10:00. Reply YES to confirm');
	expect(await statusOf(executionId)).toBe('running');
	const reply = sim.addInboundMessage({ from: CONTACT, to: FROM, message: 'YES' });
	expect(reply.sessionId).toBe(sent.sessionId);
	await finished(executionId);
	const { status, items } = await outputOf(executionId);
	expect(status).toBe('success');
	expect(items[0].json).toMatchObject({
		data: { replied: true, text: 'YES', respondedAt: reply.dateTime, from: CONTACT, messageId: reply.messageId },
		sent: { messageId: sent.messageId, sessionId: sent.sessionId },
	});
	expect(sim.messages).toHaveLength(1);
}, 180_000);

test('times out cleanly: a Text Reply resumes with timedOut, an Approval with its input item when the limit passes', async () => {
	const replyExecution = await rest.runWorkflowManually(WORKFLOWS.textReplyLimit().id, 'Manual');
	await finished(replyExecution);
	const reply = await outputOf(replyExecution);
	expect(reply.status).toBe('success');
	expect(reply.items[0].json).toMatchObject({ data: { replied: false, timedOut: true } });

	sim.reset();
	const { executionId, link } = await ask(WORKFLOWS.approvalLimit());
	// n8n resumes a timed-out wait by itself (its wait tracker looks every minute) without running the
	// node again: the node outputs its input item, with no answer in it.
	await finished(executionId, 150_000);
	const limited = await outputOf(executionId);
	expect(limited.status).toBe('success');
	expect(limited.items).toHaveLength(1);
	expect(limited.items[0].json).toEqual({ phone: CONTACT, name: 'Casey' });
	// The link after the limit answers nothing.
	const late = await fetch(link);
	const lateHtml = await late.text();
	expect(lateHtml).not.toContain('<form');
	expect(lateHtml).toContain('No action required');
}, 240_000);

test('examples/appointment-confirmation.json: the booking texts the contact, whose "Yes" reply marks it confirmed', async () => {
	const booked = await fetch(server.webhookUrl('appointment-confirmation'), {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ name: 'Casey', phone: '(555) 765-4321', time: 'Tuesday 10:00' }),
	});
	expect(booked.status).toBe(200);
	const sent = await until('the text is sent', () => sim.messages[0]);
	expect(sent.message).toBe('Hi Casey, your appointment is on Tuesday 10:00. Reply YES to confirm or NO to cancel.');
	expect(sent.toMembers).toEqual([CONTACT]);
	sim.addInboundMessage({ from: CONTACT, to: FROM, message: 'Yes, see you then' });
	const executionId = await until('the execution is listed', async () => (await publicApi<{ data: Array<{ id: string }> }>('/executions?workflowId=e2eAskExample01')).data[0]?.id);
	expect(await finished(String(executionId))).toBe('success');
	const execution = await publicApi<{ data: { resultData: { runData: Record<string, Array<{ data?: { main: Array<Array<{ json: IDataObject }>> } }>> } } }>(
		`/executions/${executionId}?includeData=true`,
	);
	const { runData } = execution.data.resultData;
	expect(runData['Not confirmed']).toBeUndefined();
	expect(runData.Confirmed?.[0]?.data?.main[0][0].json).toEqual({ status: 'confirmed', reply: 'Yes, see you then', phone: CONTACT });
}, 180_000);
