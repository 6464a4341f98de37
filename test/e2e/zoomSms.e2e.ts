/* eslint-disable @n8n/community-nodes/no-hardcoded-secrets -- test, never shipped: the simulator's made-up credentials. */
/**
 * The package as users get it: packed, installed from the tarball into the pinned real n8n, run by n8n's
 * CLI and server against the Zoom simulator. Every test checks both sides: what n8n output and what
 * "Zoom" (the simulator) received.
 *
 * One `n8n start` serves the whole file (each n8n process costs 10–20 s); workflows start with a Webhook
 * that answers with the Zoom SMS node's output, so a test is one HTTP request.
 */
import { SEED } from '../simulator/seed';
import { AUTOMATIC_SENDER_SCOPES, startZoomSimulator, type AcceptedMessage, type ZoomSimulator } from '../simulator/zoomSimulator';
import { loadWorkflow, N8nInstance, type N8nCredential, type N8nRestClient, type N8nServer } from './n8nHarness';
import { isProcessAlive, runningProcesses } from './processes';
import { manualSendWorkflow, simulatorCredential, webhookSendWorkflow } from './workflows';

type OutputItem = Record<string, unknown>;

let sim: ZoomSimulator;
let n8n: N8nInstance;
let server: N8nServer;
let rest: N8nRestClient;
const credentials: Record<'main' | 'tokens' | 'badSecret', N8nCredential> = {} as never;

async function postJson(url: string, body: unknown): Promise<{ status: number; json: unknown; text: string }> {
	const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
	const text = await response.text();
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch {
		json = undefined;
	}
	return { status: response.status, json, text };
}

/** Sends `items` through a published webhook workflow; returns the Zoom SMS node's output items. */
async function sendThrough(path: string, items: Array<{ phone: string; text: string }>): Promise<OutputItem[]> {
	const answer = await postJson(server.webhookUrl(path), { items });
	if (answer.status !== 200 || !Array.isArray(answer.json)) {
		throw new Error(`POST /webhook/${path} answered ${answer.status}: ${answer.text.slice(0, 2000)}`);
	}
	return answer.json as OutputItem[];
}

/** What the simulator accepted since `before` (a count of messages). */
function acceptedSince(before: number): AcceptedMessage[] {
	return sim.messages.slice(before);
}

/** Every secret that must never appear in n8n's answers or logs. */
function secrets(): string[] {
	const tokens = new Set(sim.messages.map((message) => message.accessToken));
	return [String(credentials.main.data.clientSecret), 'e2e-wrong-secret', ...tokens];
}

function expectNoSecretsIn(text: string): void {
	for (const secret of secrets()) expect(text).not.toContain(secret);
}

beforeAll(async () => {
	// An app with the Automatic From's look-up scopes as well as the SMS ones.
	sim = await startZoomSimulator({ scopes: [...AUTOMATIC_SENDER_SCOPES] });
	credentials.main = simulatorCredential(sim.url, 'e2eZoomSmsMain01', 'Zoom SMS (simulator)');
	credentials.tokens = simulatorCredential(sim.url, 'e2eZoomSmsTokens1', 'Zoom SMS (token test)');
	credentials.badSecret = simulatorCredential(sim.url, 'e2eZoomSmsBadSec1', 'Zoom SMS (wrong secret)', { clientSecret: 'e2e-wrong-secret' });

	n8n = await N8nInstance.create();
	await n8n.importCredentials(Object.values(credentials));
	const exampleCredential = { id: credentials.main.id, name: credentials.main.name };
	const published = [
		webhookSendWorkflow({ id: 'e2eSendWebhook001', path: 'e2e-send', credential: credentials.main }),
		webhookSendWorkflow({ id: 'e2eSendContinue01', path: 'e2e-send-continue', credential: credentials.main, onError: 'continueRegularOutput' }),
		webhookSendWorkflow({ id: 'e2eSendTokens0001', path: 'e2e-send-tokens', credential: credentials.tokens }),
		webhookSendWorkflow({ id: 'e2eSendAutoFrom01', path: 'e2e-send-automatic', credential: credentials.main, automaticFrom: true }),
		loadWorkflow('examples/webhook-to-sms.json', { id: 'exampleWebhook001', credential: exampleCredential }),
		loadWorkflow('examples/form-to-sms.json', { id: 'exampleForm000001', credential: exampleCredential }),
	];
	await n8n.importWorkflows([
		...published,
		manualSendWorkflow({ id: 'e2eExecuteTokens1', credential: credentials.tokens, phone: SEED.contacts.casey, text: 'sent by n8n execute' }),
		manualSendWorkflow({ id: 'e2eExecuteAutoFr1', credential: credentials.main, phone: SEED.contacts.casey, text: 'ambiguous', automaticFrom: true }),
		loadWorkflow('examples/schedule-to-sms.json', { id: 'exampleSchedule01', credential: exampleCredential }),
	]);
	server = await n8n.start();
	rest = await server.ownerSession();
	for (const workflow of published) await rest.publishWorkflow(workflow.id);
});

afterAll(async () => {
	const pid = server?.process.pid;
	await n8n?.stop();
	await sim?.stop();
	// Nothing the suite started may outlive it: n8n, its task runner, npm and CLI runs.
	expect(runningProcesses()).toEqual([]);
	if (pid !== undefined) expect(isProcessAlive(pid)).toBe(false);
});

describe('the package installed from its tarball into n8n', () => {
	test('items with mixed number formats arrive at Zoom in E.164, with their messages, in order', async () => {
		const before = sim.messages.length;
		const input = [
			{ phone: '+15557654321', text: 'one: E.164' },
			{ phone: '5558675309', text: 'two: digits only' },
			{ phone: '(555) 222-0199', text: 'three: US national' },
			{ phone: '1-555-333-4444', text: 'four: with trunk prefix' },
			{ phone: '0044 7700 900123', text: 'five: international with 00' },
			{ phone: 'tel:+33612345678', text: 'six: tel: URI' },
		];
		const expected = ['+15557654321', '+15558675309', '+15552220199', '+15553334444', '+447700900123', '+33612345678'];

		const items = await sendThrough('e2e-send', input);

		const received = acceptedSince(before);
		expect(received.map((message) => [message.sender, message.toMembers, message.message])).toEqual(
			expected.map((number, index) => [SEED.accountNumbers.alex, [number], input[index].text]),
		);
		expect(items).toHaveLength(input.length);
		items.forEach((item, index) => {
			expect(item).toMatchObject({
				success: true,
				from: SEED.accountNumbers.alex,
				to: expected[index],
				recipients: [expected[index]],
				messageId: received[index].messageId,
				sessionId: received[index].sessionId,
				dateTime: received[index].dateTime,
			});
		});
		expectNoSecretsIn(JSON.stringify(items));
	});

	test('two executions in two n8n processes use one token, which n8n stores with the credential', async () => {
		const tokensBefore = sim.tokenRequests;
		const before = sim.messages.length;

		// First execution: `n8n execute` in a process of its own; it fetches the token and stores it.
		const executed = await n8n.execute('e2eExecuteTokens1');
		expect(executed.error).toBeUndefined();
		expect(executed.ok).toBe(true);
		const cliItems = executed.run?.data.resultData.runData['Zoom SMS'][0].data?.main?.[0] ?? [];
		expect(cliItems.map((item) => item.json)).toEqual([expect.objectContaining({ success: true, to: SEED.contacts.casey })]);

		// Second execution: the running server reads the stored token and needs no new one.
		const items = await sendThrough('e2e-send-tokens', [{ phone: SEED.contacts.riley, text: 'sent by the server' }]);
		expect(items).toEqual([expect.objectContaining({ success: true, to: SEED.contacts.riley })]);

		const received = acceptedSince(before);
		expect(received.map((message) => message.message)).toEqual(['sent by n8n execute', 'sent by the server']);
		expect(sim.tokenRequests - tokensBefore).toBe(1);
		expect(received[1].accessToken).toBe(received[0].accessToken);

		const stored = (await n8n.exportCredentials()).find((credential) => credential.id === credentials.tokens.id);
		expect(stored?.data.accessToken).toBe(received[0].accessToken);
		expectNoSecretsIn(`${executed.stdout}\n${JSON.stringify(items)}`);
	});

	test('a token Zoom has expired is refreshed once; nothing is lost or sent twice', async () => {
		// Make sure the credential holds a token, then let Zoom expire it.
		await sendThrough('e2e-send', [{ phone: SEED.contacts.casey, text: 'before expiry' }]);
		const oldToken = sim.messages[sim.messages.length - 1].accessToken;
		expect(sim.expireTokens()).toBeGreaterThan(0);
		const tokensBefore = sim.tokenRequests;
		const status401Before = sim.state({ includeMessages: false }).counts.status401;
		const before = sim.messages.length;

		const texts = ['after expiry 1', 'after expiry 2', 'after expiry 3', 'after expiry 4'];
		const items = await sendThrough(
			'e2e-send',
			texts.map((text) => ({ phone: SEED.contacts.riley, text })),
		);

		expect(sim.tokenRequests - tokensBefore).toBe(1);
		const received = acceptedSince(before);
		expect(received.map((message) => message.message)).toEqual(texts);
		const newToken = received[0].accessToken;
		expect(newToken).not.toBe(oldToken);
		expect(new Set(received.map((message) => message.accessToken))).toEqual(new Set([newToken]));
		// Only the first item met the expired token (its refresh sends it once more before fetching a new
		// one, so up to two 401s); the other items waited for that refresh instead of each refreshing.
		expect(sim.state({ includeMessages: false }).counts.status401 - status401Before).toBeLessThanOrEqual(2);
		expect(items.map((item) => item.success)).toEqual([true, true, true, true]);
		expect(items.map((item) => item.messageId)).toEqual(received.map((message) => message.messageId));

		const stored = (await n8n.exportCredentials()).find((credential) => credential.id === credentials.main.id);
		expect(stored?.data.accessToken).toBe(newToken);
	});

	test('with Continue On Fail an invalid number gives an error item and the other items are sent', async () => {
		const before = sim.messages.length;
		const items = await sendThrough('e2e-send-continue', [
			{ phone: '(555) 765-4321', text: 'first' },
			{ phone: '555-CALL-NOW', text: 'never sent' },
			{ phone: '+15558675309', text: 'third' },
		]);

		const received = acceptedSince(before);
		expect(received.map((message) => [message.toMembers[0], message.message])).toEqual([
			['+15557654321', 'first'],
			['+15558675309', 'third'],
		]);
		expect(items).toHaveLength(3);
		expect(items[0]).toMatchObject({ success: true, to: '+15557654321', messageId: received[0].messageId });
		expect(items[1]).toMatchObject({ success: false });
		expect(String(items[1].error)).toMatch(/Item 1: To: Invalid phone number "555-CALL-NOW"/);
		expect(items[2]).toMatchObject({ success: true, to: '+15558675309', messageId: received[1].messageId });
	});

	test('a 1600-character message arrives as several parts, in order, in one conversation', async () => {
		const words = ['Your', 'order', '#4821', 'has', 'shipped', 'and', 'will', 'arrive', 'on', 'Thursday.'];
		let text = '';
		for (let index = 0; [...`${text} ${words[index % words.length]}`.trim()].length <= 1600; index++) {
			text = `${text} ${words[index % words.length]}`.trim();
		}
		text = text.padEnd(1600, '!');
		expect([...text]).toHaveLength(1600);
		const before = sim.messages.length;

		const [item] = await sendThrough('e2e-send', [{ phone: SEED.contacts.casey, text }]);

		const received = acceptedSince(before);
		expect(received.length).toBeGreaterThanOrEqual(4);
		expect(received.every((message) => [...(message.message ?? '')].length <= 500)).toBe(true);
		expect(received.map((message) => message.message).join('')).toBe(text);
		expect(new Set(received.map((message) => message.sessionId)).size).toBe(1);
		expect(received.map((message) => message.seq)).toEqual([...received.map((message) => message.seq)].sort((a, b) => a - b));
		expect(item).toMatchObject({ success: true, to: SEED.contacts.casey, sessionId: received[0].sessionId });
		expect((item.parts as Array<{ part: number; messageId: string }>).map((part) => [part.part, part.messageId])).toEqual(
			received.map((message, index) => [index + 1, message.messageId]),
		);
	});
});

describe('From → Automatic (node version 1.1, From never touched)', () => {
	test('sends from the number of the token\'s Zoom user, looked up once for the run, and says why', async () => {
		const before = sim.messages.length;
		const lookupsBefore = sim.requestLogEntries().filter((entry) => entry.route === 'GET /v2/users/{userId}').length;
		const items = await sendThrough('e2e-send-automatic', [
			{ phone: SEED.contacts.casey, text: 'automatic one' },
			{ phone: SEED.contacts.riley, text: 'automatic two' },
		]);
		expect(acceptedSince(before).map((message) => [message.sender, message.message])).toEqual([
			[SEED.accountNumbers.alex, 'automatic one'],
			[SEED.accountNumbers.alex, 'automatic two'],
		]);
		expect(items.map((item) => [item.success, item.from])).toEqual([
			[true, SEED.accountNumbers.alex],
			[true, SEED.accountNumbers.alex],
		]);
		expect(String(items[0].fromReason)).toMatch(/Alex Rivera, the Zoom user of the app's token/);
		expect(sim.requestLogEntries().filter((entry) => entry.route === 'GET /v2/users/{userId}').length - lookupsBefore).toBe(1);
	});

	test('an account that leaves a choice: the run fails listing the numbers and how to pick one, nothing sent', async () => {
		sim.configure({ tokenOwnerUserId: SEED.users.sam.id });
		try {
			const before = sim.messages.length;
			const executed = await n8n.execute('e2eExecuteAutoFr1');
			expect(executed.ok).toBe(false);
			expect(acceptedSince(before)).toHaveLength(0);
			const nodeError = executed.run?.data.resultData.runData['Zoom SMS']?.[0]?.error as { message: string; description?: string } | undefined;
			expect(nodeError?.message ?? executed.error).toMatch(/Item 0: The Automatic From cannot choose between 4 numbers/);
			expect(nodeError?.description ?? '').toContain('+15550100002 (Support)');
			expect(nodeError?.description ?? '').toMatch(/"By Number"/);
		} finally {
			sim.configure({ tokenOwnerUserId: SEED.users.alex.id });
		}
	});
});

describe("the credential's Test button (n8n's REST API)", () => {
	test('passes with good credentials', async () => {
		const result = await rest.testCredential(credentials.main);
		expect(result).toEqual({ status: 'OK', message: 'Connection successful!' });
	});

	test('fails with a clear message when the Client Secret is wrong', async () => {
		const tokensBefore = sim.tokenRequests;
		const result = await rest.testCredential(credentials.badSecret);
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/Client ID or Client Secret/);
		expect(sim.tokenRequests).toBeGreaterThan(tokensBefore);
		expectNoSecretsIn(result.message);
	});

	test('passes with send-only scopes: the missing read scope is no failure', async () => {
		// An app set up only to send: the granular scope Zoom's OpenAPI lists for Send SMS.
		sim.configure({ scopes: ['phone:read:sms_message:admin'] });
		const since = new Date().toISOString();
		try {
			const result = await rest.testCredential(credentials.main);
			expect(result).toEqual({ status: 'OK', message: 'Connection successful!' });
			// n8n's Test reached Zoom, which refused the read for its scope (400, code 4711), not the token.
			const reads = sim.requestLogEntries().filter((entry) => entry.at >= since && entry.route === 'GET /v2/phone/sms/sessions');
			expect(reads.map((entry) => entry.status)).toEqual([400]);
		} finally {
			sim.configure({ scopes: [...AUTOMATIC_SENDER_SCOPES] });
		}
	});

	test('fails with a clear message when Zoom says the account does not exist (code 2001)', async () => {
		sim.addFault({ kind: 'status', status: 400, body: { code: 2001, message: 'Account does not exist.' }, path: '/v2/phone/sms/sessions' });
		const result = await rest.testCredential(credentials.main);
		expect(result.status).toBe('Error');
		expect(result.message).toMatch(/code 2001.*Account ID/);
		expect(sim.faults).toHaveLength(0);
	});
});

describe('the example workflows (examples/*.json) import and run', () => {
	test('CRM webhook → SMS', async () => {
		const before = sim.messages.length;
		const answer = await postJson(server.webhookUrl('crm-sms'), { name: 'Casey', phone: '(555) 765-4321', message: 'your appointment is confirmed.' });
		expect(answer.status).toBe(200);
		const received = acceptedSince(before);
		expect(received.map((message) => [message.toMembers, message.message])).toEqual([[['+15557654321'], 'Hi Casey, your appointment is confirmed.']]);
		expect(answer.json).toMatchObject({ success: true, messageId: received[0].messageId, to: '+15557654321' });
	});

	test('form → SMS', async () => {
		const before = sim.messages.length;
		const page = await fetch(server.formUrl('send-sms'));
		expect(page.status).toBe(200);
		expect(await page.text()).toContain('Send an SMS');

		const form = new FormData();
		form.append('field-0', 'Riley');
		form.append('field-1', '514 555 1234');
		form.append('field-2', 'your table is ready.');
		const submitted = await fetch(server.formUrl('send-sms'), { method: 'POST', body: form });
		expect(submitted.status).toBe(200);

		const received = acceptedSince(before);
		expect(received.map((message) => [message.toMembers, message.message])).toEqual([[['+15145551234'], 'Hi Riley, your table is ready.']]);
	});

	test('schedule → contacts → SMS (run as the editor\'s "Execute workflow" does)', async () => {
		const before = sim.messages.length;
		const executionId = await rest.runWorkflowManually('exampleSchedule01', 'Every morning at 9');
		const execution = await rest.waitForExecution(executionId);
		expect(execution.status).toBe('success');
		const received = acceptedSince(before);
		expect(received.map((message) => [message.toMembers[0], message.message])).toEqual([
			['+15552010001', 'Hi Casey, a reminder of your appointment today at 10:00. Reply STOP to opt out.'],
			['+15552010002', 'Hi Riley, a reminder of your appointment today at 11:30. Reply STOP to opt out.'],
			['+15552010003', 'Hi Sam, a reminder of your appointment today at 14:15. Reply STOP to opt out.'],
		]);
	});
});

describe('secrets', () => {
	test("never appear in n8n's log", () => {
		expectNoSecretsIn(server.process.lines.join('\n'));
	});
});
