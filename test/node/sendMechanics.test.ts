/**
 * The Send operation under n8n's own mechanics (issue 9): the three On Error modes with Zoom's daily limit,
 * failures routed to the error output, answers that may hide an accepted message, values from expressions,
 * a cancel with Continue On Fail, and a Retry-After too long to wait. Each case met a user before.
 */
import { LogCapture } from '../faults/logCapture';

import { sleep, type IDataObject } from 'n8n-workflow';

import { InProcessN8n, type RunOptions } from '../helpers/n8nEngine';
import { sendParameters, simulatorCredential } from '../helpers/fixtures';
import { SEED } from '../simulator/seed';
import { startZoomSimulator, type ZoomSimulator } from '../simulator/zoomSimulator';
import { fatesFromError, fatesFromItems, numberedItems } from '../faults/itemFates';

let sim: ZoomSimulator;
const logs = new LogCapture();
beforeAll(async () => {
	sim = await startZoomSimulator();
	logs.start();
});
afterAll(async () => {
	logs.stop();
	await sim.stop();
});
beforeEach(() => {
	sim.reset();
	logs.clear();
});

const PHONE = SEED.contacts.casey;

async function run(input: IDataObject[], options: Record<string, unknown>, runOptions: RunOptions, overrides: Record<string, unknown> = {}) {
	const n8n = new InProcessN8n(simulatorCredential(sim));
	return await n8n.run(sendParameters({ options: { requestsPerSecond: 20, deliveryCheckSeconds: 1, ...options }, ...overrides }), input, runOptions);
}

describe('40 items, Zoom\'s daily limit from the 5th send: every item accounted for in each On Error mode', () => {
	const input = numberedItems(40, PHONE, 'daily limit');
	const texts = input.map((item) => item.text);

	test('Stop Workflow: the error lists all 40 items (4 sent, 36 not sent), nothing beyond item 23 forgotten', async () => {
		sim.configure({ dailyLimit: 4 });
		const result = await run(input, {}, { onError: 'stopWorkflow' });
		expect(result.error?.message).toMatch(/daily rate limit/);
		const fates = fatesFromError(result.error?.description, texts, sim);
		expect(fates).toMatchObject({ sent: 4, unknown: 0 });
		expect(fates.notSent + fates.failed).toBe(36);
	});

	test('Continue (regular output): 40 items, the 4 sent with their message IDs, 36 saying why not', async () => {
		sim.configure({ dailyLimit: 4 });
		const result = await run(input, {}, { onError: 'continueRegularOutput' });
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(40);
		expect(fatesFromItems(result.items, texts, sim)).toMatchObject({ sent: 4, unknown: 0 });
		for (const item of result.items.filter((candidate) => candidate.json.success === false)) expect(item.json.error).toMatch(/daily/);
	});

	test('Continue (using error output): 4 on the success output, 36 on the error output, none lost', async () => {
		sim.configure({ dailyLimit: 4 });
		const result = await run(input, {}, { onError: 'continueErrorOutput' });
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(4);
		expect(result.errorItems).toHaveLength(36);
		expect(fatesFromItems(result.items, texts, sim, result.errorItems)).toMatchObject({ sent: 4, unknown: 0 });
	});
});

test('Continue (using error output): 20 invalid items all reach the error output, the 20 valid ones the success output', async () => {
	const input = Array.from({ length: 40 }, (_, index) => ({ phone: index % 2 === 0 ? PHONE : `not a number ${index}`, text: `routing item ${index}` }));
	const result = await run(input, {}, { onError: 'continueErrorOutput' });
	expect(result.items).toHaveLength(20);
	expect(result.errorItems).toHaveLength(20);
	for (const item of result.errorItems) {
		const index = (item.pairedItem as { item: number }).item;
		expect(index % 2).toBe(1);
		expect(item.json.error).toMatch(new RegExp(`^Item ${index}: To: `));
	}
	expect(sim.messages).toHaveLength(20);
});

test.each([408, 500, 502, 504])('a %i answered after Zoom took the message is "delivery unknown" (never "not accepted") when the check is off', async (status) => {
	sim.addFault({ kind: 'failAfterAccept', status, count: 1, path: '/v2/phone/sms/messages' });
	const input = numberedItems(3, PHONE, `status ${status}`);
	const result = await run(input, { deliveryCheckSeconds: 0 }, { onError: 'continueRegularOutput' });
	const fates = fatesFromItems(result.items, input.map((item) => item.text), sim);
	expect(fates).toMatchObject({ sent: 2, unknown: 1, acceptedButUnknown: 1 });
	const unknown = result.items.find((item) => item.json.deliveryStatus === 'unknown');
	expect(unknown?.json.error).not.toMatch(/not accepted/i);
});

test.each([
	['an object', { text: 'Hi' }, /Message must be text, but it is an object/],
	['an array', ['Hi', 'there'], /Message must be text, but it is an array/],
	['a boolean', true, /Message must be text, but it is true/],
])('a message expression returning %s is an error naming the item; nothing is sent', async (_, value, message) => {
	const result = await run([{ phone: PHONE, value } as IDataObject], {}, { onError: 'stopWorkflow' }, { message: '={{ $json.value }}' });
	expect(result.error?.message).toMatch(new RegExp(`^Item 0: ${message.source}`));
	expect(sim.messages).toHaveLength(0);
});

test('a message expression returning a number sends its digits', async () => {
	const result = await run([{ phone: PHONE, value: 1234 }], {}, {}, { message: '={{ $json.value }}' });
	expect(result.items[0].json.success).toBe(true);
	expect(sim.messages.map((message) => message.message)).toEqual(['1234']);
});

describe('options from expressions', () => {
	test('Requests per Second "ten": a clear error, nothing sent', async () => {
		const result = await run(numberedItems(2, PHONE), { requestsPerSecond: 'ten' }, {});
		expect(result.error?.message).toBe('Item 0: Requests per Second must be a number, but it is "ten"');
		expect(result.error?.description).toMatch(/Enter a number from 1 to 100/);
		expect(sim.messages).toHaveLength(0);
	});

	test('Timeout 3,000,000 s is held at 300 s: the messages are sent, not "delivery unknown"', async () => {
		const result = await run(numberedItems(3, PHONE), { timeoutSeconds: 3_000_000 }, {});
		expect(result.items.map((item) => item.json.success)).toEqual([true, true, true]);
		expect(sim.messages).toHaveLength(3);
	});

	test('Session ID as a number is used as text', async () => {
		const result = await run(numberedItems(1, PHONE), { sessionId: 12345 }, { onError: 'continueRegularOutput' });
		// The simulator does not know session 12345: Zoom's answer is the error, not "trim is not a function".
		expect(String(result.items[0].json.error ?? '')).not.toMatch(/trim is not a function/);
	});

	test('Session ID as an object is an error naming the item', async () => {
		const result = await run(numberedItems(1, PHONE), { sessionId: { id: 1 } }, {});
		expect(result.error?.message).toMatch(/^Item 0: Session ID must be text, but it is an object/);
		expect(sim.messages).toHaveLength(0);
	});
});

test('a Retry-After of 30 days stops the run at once with when Zoom accepts requests again', async () => {
	sim.addFault({ kind: 'status', status: 429, retryAfter: 30 * 24 * 3600, count: 50 });
	const started = Date.now();
	const input = numberedItems(3, PHONE, 'long retry-after');
	const result = await run(input, {}, {});
	expect(Date.now() - started).toBeLessThan(10_000);
	expect(result.error?.message).toMatch(/wait until \d{4}-\d\d-\d\dT/);
	expect(fatesFromError(result.error?.description, input.map((item) => item.text), sim).sent).toBe(0);
});

test('a cancel with Continue On Fail stops the loop: nothing new is sent, each accepted message is logged with its ID', async () => {
	const input = numberedItems(60, PHONE, 'cancel continue');
	const control: { cancel?: () => void } = {};
	let cancelledAt = -1;
	const listener = () => {
		if (sim.messages.length === 8) {
			cancelledAt = sim.messages.length;
			control.cancel?.();
		}
	};
	sim.on('message', listener);
	try {
		const result = await run(input, { requestsPerSecond: 10 }, { onError: 'continueRegularOutput', control });
		expect(result.status).toBe('canceled');
	} finally {
		sim.off('message', listener);
	}
	expect(cancelledAt).toBe(8);
	const afterCancel = sim.messages.length;
	await sleep(1500);
	// Requests already on the wire may land; nothing starts after the cancel.
	expect(sim.messages.length).toBe(afterCancel);
	expect(afterCancel).toBeLessThan(12);
	// Each accepted message is in n8n's log by item: with its message ID, or (on the wire at the cancel) as
	// an item whose fate is unknown, for the user to reconcile.
	const texts = input.map((item) => item.text);
	for (const message of sim.messages) {
		const index = texts.indexOf(message.message ?? '');
		const logged = logs.text.includes(message.messageId) || logs.text.includes(`item ${index}: The execution was cancelled while`);
		expect({ index, logged }).toEqual({ index, logged: true });
	}
});
