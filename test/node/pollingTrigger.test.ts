/**
 * The Zoom SMS Polling Trigger through n8n-core's poll executor and contexts, against the Zoom simulator:
 * every message starts the workflow once, over polls, at the second a poll ends, when Zoom's history
 * lags, and across restarts; nothing from before activation; Zoom's errors as NodeApiError.
 */
import { sleep, type IDataObject, type INodeExecutionData } from 'n8n-workflow';

import { eventOutput } from '../../nodes/ZoomSmsTrigger/events';
import { STATE_KEY, ZoomSmsPollingTrigger } from '../../nodes/ZoomSmsPollingTrigger/ZoomSmsPollingTrigger.node';
import { sendParameters, simulatorCredential } from '../helpers/fixtures';
import { InProcessN8n } from '../helpers/n8nEngine';
import { PollingWorkflow } from '../helpers/pollEngine';
import { SEED } from '../simulator/seed';
import { startZoomSimulator, type ZoomSimulator } from '../simulator/zoomSimulator';

const { alex, support, mainLine } = SEED.accountNumbers;
const { casey, riley, taylor } = SEED.contacts;

let sim: ZoomSimulator;
beforeAll(async () => {
	sim = await startZoomSimulator();
});
afterAll(async () => {
	await sim.stop();
});
beforeEach(() => sim.reset());

const newN8n = () => new InProcessN8n(simulatorCredential(sim));
const ids = (items: INodeExecutionData[] | undefined) => (items ?? []).map((item) => String(item.json.messageId));

function inbound(text: string, to: string = alex, from: string = casey): string {
	return sim.addInboundMessage({ from, to, message: text }).messageId;
}

/** Every emitted ID exactly once, and exactly the expected ones. */
function expectEachOnce(workflow: PollingWorkflow, expected: string[]): void {
	const emitted = ids(workflow.emitted);
	expect(new Set(emitted).size).toBe(emitted.length);
	expect([...emitted].sort()).toEqual([...expected].sort());
}

describe('Zoom SMS Polling Trigger: each message once', () => {
	test('the first poll replays no history; later polls emit each new message once', async () => {
		const n8n = newN8n();
		// The account's seeded history plus messages just before activation (possibly in the same second).
		const before = [inbound('before 1'), inbound('before 2', support, riley)];
		const { workflow, first } = await PollingWorkflow.activate(n8n, {});
		expect(first.error).toBeUndefined();
		expect(first.items).toBeUndefined();
		expect(JSON.parse(workflow.savedStaticData).node).toBeUndefined(); // n8n keys node data by node name
		expect(workflow.staticData[STATE_KEY]).toMatchObject({ v: 1 });

		const expected: string[] = [];
		for (let round = 0; round < 4; round++) {
			// Arrivals between polls, some right before the poll (in its own second), some right after.
			expected.push(inbound(`round ${round} a`), inbound(`round ${round} b`, support, riley));
			const outcome = await workflow.poll();
			expect(outcome.error).toBeUndefined();
			expected.push(inbound(`round ${round} c`, mainLine, taylor));
			await sleep(round % 2 === 0 ? 50 : 1100);
		}
		await workflow.poll();
		expect((await workflow.poll()).items).toBeUndefined();
		expectEachOnce(workflow, expected);
		for (const id of before) expect(ids(workflow.emitted)).not.toContain(id);
	});

	test('messages of one poll are oldest first and carry the webhook trigger\'s fields', async () => {
		const n8n = newN8n();
		const { workflow } = await PollingWorkflow.activate(n8n, {});
		const first = inbound('one');
		await sleep(1100);
		const second = inbound('two');
		const { items } = await workflow.poll();
		expect(ids(items)).toEqual([first, second]);
		const json = items![1].json;
		expect(json).toMatchObject({
			event: 'phone.sms_received',
			accountId: simulatorCredential(sim).accountId,
			messageId: second,
			direction: 'inbound',
			from: casey,
			to: alex,
			recipients: [alex],
			message: 'two',
			messageType: 'sms',
			failureReason: '',
		});
		expect(typeof json.sessionId).toBe('string');
		expect(Date.parse(String(json.eventTime))).toBe(Date.parse(String(json.dateTime)));
		// Every field the webhook trigger gives for the same event (owner included), so downstream nodes need no change.
		const webhookItem = eventOutput({
			event: 'phone.sms_received',
			event_ts: Date.now(),
			payload: { account_id: 'acct', object: { ...((json.raw as IDataObject) ?? {}), session_id: json.sessionId, owner: { type: 'user', id: SEED.users.alex.id } } },
		} as IDataObject);
		expect(json.owner).toEqual({ type: 'user', id: SEED.users.alex.id });
		for (const key of Object.keys(webhookItem)) expect(json).toHaveProperty(key);
	});

	test('history that shows late (within the allowance) is emitted once, when it shows', async () => {
		const n8n = newN8n();
		const { workflow } = await PollingWorkflow.activate(n8n, {});
		sim.configure({ historyLagMs: 1500 });
		const late = inbound('late');
		expect((await workflow.poll()).items).toBeUndefined(); // not in Zoom's history yet
		await sleep(1700);
		const onTime = inbound('on time after lag setting');
		expect(ids((await workflow.poll()).items)).toEqual([late]); // dated before the last poll, shown now
		await sleep(1700);
		expect(ids((await workflow.poll()).items)).toEqual([onTime]);
		expect((await workflow.poll()).items).toBeUndefined();
		expectEachOnce(workflow, [late, onTime]);
	});

	test('history later than the allowance is skipped, never emitted twice', async () => {
		const n8n = newN8n();
		const { workflow } = await PollingWorkflow.activate(n8n, { options: { historyDelayMinutes: 0 } });
		sim.configure({ historyLagMs: 2500 });
		const tooLate = inbound('too late');
		await sleep(1200);
		expect((await workflow.poll()).items).toBeUndefined();
		await sleep(1500);
		// Shown now, but dated before what a zero allowance still reads.
		expect((await workflow.poll()).items).toBeUndefined();
		expect(ids(workflow.emitted)).not.toContain(tooLate);
	});

	test('across restarts: nothing again, and what arrived while n8n was down comes once', async () => {
		const n8n = newN8n();
		let { workflow } = await PollingWorkflow.activate(n8n, {});
		const expected = [inbound('a'), inbound('b')];
		await workflow.poll();
		// A poll that emits nothing changes only memory; a restart falls back to what n8n saved.
		await workflow.poll();
		workflow = workflow.restart();
		expect((await workflow.poll()).items).toBeUndefined();
		expected.push(inbound('c'));
		await workflow.poll();
		expected.push(inbound('while down 1'));
		await sleep(1100);
		expected.push(inbound('while down 2', support, riley));
		workflow = workflow.restart();
		await workflow.poll();
		workflow = workflow.restart();
		expect((await workflow.poll()).items).toBeUndefined();
		expectEachOnce(workflow, expected);
	});

	test('a poll that starts while the last one is still reading emits nothing twice', async () => {
		const n8n = newN8n();
		const { workflow } = await PollingWorkflow.activate(n8n, {});
		const expected = [inbound('slow 1'), inbound('slow 2')];
		sim.configure({ latencyMs: 300 });
		const [one, two] = await Promise.all([workflow.poll(), workflow.poll()]);
		sim.configure({ latencyMs: 0 });
		expect([one.error, two.error]).toEqual([undefined, undefined]);
		await workflow.poll();
		expectEachOnce(workflow, expected);
	});

	test('a restart before anything was emitted keeps the activation point', async () => {
		const n8n = newN8n();
		let { workflow } = await PollingWorkflow.activate(n8n, {});
		await sleep(1100);
		const missed = inbound('arrived before the restart');
		workflow = workflow.restart();
		expect(ids((await workflow.poll()).items)).toEqual([missed]);
	});
});

describe('Zoom SMS Polling Trigger: which messages', () => {
	test('Sent: what the account\'s numbers send (from n8n too), not what they receive', async () => {
		const n8n = newN8n();
		const { workflow } = await PollingWorkflow.activate(n8n, { messages: 'sent' });
		const sent = await n8n.run(sendParameters(), [{ phone: riley, text: 'from n8n' }]);
		expect(sent.error).toBeUndefined();
		inbound('a reply');
		const { items } = await workflow.poll();
		expect(items).toHaveLength(1);
		expect(items![0].json).toMatchObject({ event: 'phone.sms_sent', direction: 'outbound', from: alex, to: riley, message: 'from n8n' });
	});

	test('Received and Sent: both, each once', async () => {
		const n8n = newN8n();
		const { workflow } = await PollingWorkflow.activate(n8n, { messages: 'both' });
		await n8n.run(sendParameters(), [{ phone: riley, text: 'out' }]);
		const received = inbound('in');
		const { items } = await workflow.poll();
		expect(items!.map((item) => item.json.direction).sort()).toEqual(['inbound', 'outbound']);
		expect(ids(items)).toContain(received);
		expect((await workflow.poll()).items).toBeUndefined();
	});

	test('Phone Numbers: only messages of the chosen numbers (list or typed)', async () => {
		const n8n = newN8n();
		const { workflow } = await PollingWorkflow.activate(n8n, {
			phoneNumbers: {
				numbers: [{ number: { __rl: true, mode: 'list', value: support } }, { number: { __rl: true, mode: 'number', value: '+1 555 010 0003' } }],
			},
		});
		const wanted = [inbound('to support', support, riley), inbound('to main line', mainLine, taylor)];
		inbound('to alex', alex, casey);
		const { items } = await workflow.poll();
		expect(ids(items).sort()).toEqual([...wanted].sort());
	});

	test('the Phone Numbers list shows the account\'s numbers, as the send node\'s From does', async () => {
		const n8n = newN8n();
		n8n.nodeTypes.register('zoomSmsPollingTrigger', new ZoomSmsPollingTrigger());
		const list = await n8n.listSearch('searchSenderNumbers', 'support', undefined, 'zoomSmsPollingTrigger');
		expect(list.results.map((result) => result.value)).toEqual([support]);
	});

	test('a Phone Numbers value that is no number fails, naming it and the fix', async () => {
		const n8n = newN8n();
		const { first } = await PollingWorkflow.activate(n8n, { phoneNumbers: { numbers: [{ number: { __rl: true, mode: 'number', value: 'support line' } }] } });
		expect(first.error?.name).toBe('NodeOperationError');
		expect(first.error?.message).toContain('"support line"');
		expect((first.error as Error & { description?: string }).description).toContain('E.164');
	});

	test('Fetch Test Event: the latest message, the cursor untouched', async () => {
		const n8n = newN8n();
		inbound('older');
		await sleep(1100);
		const latest = inbound('latest', support, riley);
		const result = await PollingWorkflow.fetchTestEvent(n8n, {});
		expect(result?.[0]).toHaveLength(1);
		expect(result![0][0].json).toMatchObject({ messageId: latest, event: 'phone.sms_received', message: 'latest' });
	});
});

describe('Zoom SMS Polling Trigger: Zoom errors', () => {
	test('fail the activation as NodeApiError with Zoom\'s code and the fix', async () => {
		const n8n = newN8n();
		sim.addFault({ kind: 'missingScope', path: '/v2/phone/sms/sessions' });
		const { first } = await PollingWorkflow.activate(n8n, {});
		expect(first.error?.name).toBe('NodeApiError');
		expect(first.error?.message).toMatch(/^Could not read the SMS history from Zoom: Zoom answered 400 \(code 4711\)/);
		expect(JSON.stringify(first.error)).not.toContain(String(n8n.credentials.stored.accessToken || 'no-token-yet'));
	});

	test('a failed scheduled poll moves no cursor: the next poll emits what it missed, once', async () => {
		const n8n = newN8n();
		const { workflow } = await PollingWorkflow.activate(n8n, {});
		const message = inbound('during the outage');
		sim.addFault({ kind: 'status', status: 503, path: '/v2/phone/sms/sessions/*' });
		const failed = await workflow.poll();
		expect(failed.error?.name).toBe('NodeApiError');
		expect(failed.error?.message).toContain('Zoom answered 503');
		expect(failed.items).toBeUndefined();
		expect(ids((await workflow.poll()).items)).toEqual([message]);
		expect((await workflow.poll()).items).toBeUndefined();
	});
});
