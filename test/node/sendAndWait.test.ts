/**
 * Message → Send and Wait for Response through n8n's engine against the simulated Zoom: what the text
 * says and where its link points, n8n's wait (Approval, Free Text), and the Text Reply's checks of the
 * conversation (reply, timeout, a message older than ours, cancel, a retried execution).
 * Answering through the link needs n8n's server: test/e2e/sendAndWait.e2e.ts.
 */
import { sleep, type IDataObject } from 'n8n-workflow';

import { simulatorCredential } from '../helpers/fixtures';
import { InProcessN8n, type RunOptions } from '../helpers/n8nEngine';
import { SEED } from '../simulator/seed';
import { CONSENT_SCOPES, DEFAULT_SCOPES, startZoomSimulator, type ZoomSimulator } from '../simulator/zoomSimulator';

let sim: ZoomSimulator;

beforeAll(async () => {
	sim = await startZoomSimulator();
});
afterAll(async () => {
	await sim.stop();
});
beforeEach(() => sim.reset());

const FROM = SEED.accountNumbers.alex;
const CONTACT = SEED.contacts.casey;

function parameters(overrides: IDataObject = {}): IDataObject {
	return {
		resource: 'message',
		operation: 'sendAndWait',
		from: { __rl: true, mode: 'number', value: FROM },
		to: '={{ $json.phone }}',
		message: '={{ $json.text }}',
		...overrides,
	};
}

const textReply = (overrides: IDataObject = {}) =>
	parameters({ responseType: 'textReply', replyWaitAmount: 20, replyWaitUnit: 'seconds', options: { checkEverySeconds: 2 }, ...overrides });

async function until(condition: () => boolean, timeoutMs = 15_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!condition()) {
		if (Date.now() > deadline) throw new Error('condition not met in time');
		await sleep(50);
	}
}

describe('Send and Wait: Approval and Free Text wait in n8n', () => {
	test('the text carries the question and one link to this node\'s page; the execution waits until the limit', async () => {
		const n8n = new InProcessN8n(simulatorCredential(sim));
		const before = Date.now();
		const result = await n8n.run(
			parameters({ approvalOptions: { values: { approvalType: 'double' } }, options: { limitWaitTime: { values: { limitType: 'afterTimeInterval', resumeAmount: 2, resumeUnit: 'hours' } } } }),
			[{ phone: CONTACT, text: 'Refund order 1042 ($80)?' }],
		);
		expect(result.error).toBeUndefined();
		expect(result.status).toBe('waiting');
		const waitTill = new Date(result.run.waitTill ?? 0).getTime();
		expect(waitTill).toBeGreaterThanOrEqual(before + 2 * 3_600_000);
		expect(waitTill).toBeLessThan(Date.now() + 2 * 3_600_000 + 1000);
		expect(sim.messages).toHaveLength(1);
		const text = sim.messages[0].message ?? '';
		expect(text).toMatch(/^Refund order 1042 \(\$80\)\?\n\nAnswer here: http:\/\/127\.0\.0\.1\/webhook-waiting\/test-execution-[\w-]+\?signature=[0-9a-f]{64}\/b5b7a5ae-6bd1-4c3c-9d2e-5f6a8d0e1c01$/);
		// The token is the execution's own resume token, as $execution.resumeUrl carries it.
		expect(text).toContain(`signature=${result.run.data.resumeToken}/`);
		expect(sim.messages[0].toMembers).toEqual([CONTACT]);
	});

	test('without a limit it waits indefinitely; Link Text empty leaves the link alone', async () => {
		const n8n = new InProcessN8n(simulatorCredential(sim));
		const result = await n8n.run(parameters({ responseType: 'freeText', options: { linkText: '' } }), [{ phone: CONTACT, text: 'What time suits you?' }]);
		expect(result.status).toBe('waiting');
		expect(new Date(result.run.waitTill ?? 0).toISOString()).toBe('3000-01-01T00:00:00.000Z');
		expect(sim.messages[0].message).toMatch(/^What time suits you\?\n\nhttp:\/\/127\.0\.0\.1\/webhook-waiting\/\S+$/);
	});

	test('a long question is split at Zoom\'s 500 characters with the link whole in the last message', async () => {
		const n8n = new InProcessN8n(simulatorCredential(sim));
		const question = `${'Please read the terms of the new lease carefully before you answer. '.repeat(6).trim()} Do you agree?`;
		const result = await n8n.run(parameters(), [{ phone: CONTACT, text: question }]);
		expect(result.status).toBe('waiting');
		expect(sim.messages).toHaveLength(2);
		expect(sim.messages.every((message) => [...(message.message ?? '')].length <= 500)).toBe(true);
		expect(sim.messages[1].message).toMatch(/Answer here: http:\/\/127\.0\.0\.1\/webhook-waiting\/\S+\?signature=[0-9a-f]{64}\/[0-9a-f-]{36}$/);
		expect(sim.messages.map((message) => message.sessionId)).toEqual([sim.messages[0].sessionId, sim.messages[0].sessionId]);
	});

	test('two items are refused before anything is sent (an execution resumes with one answer)', async () => {
		const n8n = new InProcessN8n(simulatorCredential(sim));
		const result = await n8n.run(parameters(), [
			{ phone: CONTACT, text: 'one' },
			{ phone: SEED.contacts.riley, text: 'two' },
		]);
		expect(result.error?.message).toBe('Send and Wait answers once per execution, but it got 2 items');
		expect(sim.messages).toHaveLength(0);
	});

	test('a limit date already past, or several recipients, is refused and nothing is sent', async () => {
		const n8n = new InProcessN8n(simulatorCredential(sim));
		const past = await n8n.run(
			parameters({ options: { limitWaitTime: { values: { limitType: 'atSpecifiedTime', maxDateAndTime: '2020-01-01T00:00:00Z' } } } }),
			[{ phone: CONTACT, text: 'late' }],
		);
		expect(past.error?.message).toBe('Limit Wait Time: 2020-01-01T00:00:00.000Z has already passed');
		const group = await n8n.run(parameters(), [{ phone: `${CONTACT},${SEED.contacts.riley}`, text: 'group' }]);
		expect(group.error?.message).toBe('Item 0: To: Send and Wait texts one person, but To holds 2 numbers');
		expect(sim.messages).toHaveLength(0);
	});

	test('a Zoom refusal with On Error Continue outputs the error and does not wait', async () => {
		const n8n = new InProcessN8n(simulatorCredential(sim));
		sim.addFault({ kind: 'status', status: 400, body: { code: 7001, message: 'Phone number is not valid.' }, count: 1, path: '/v2/phone/sms/messages' });
		const result = await n8n.run(parameters(), [{ phone: CONTACT, text: 'hello' }], { continueOnFail: true });
		expect(result.status).toBe('success');
		expect(result.items[0].json).toMatchObject({ success: false });
		expect(result.run.waitTill).toBeUndefined();
	});

	test('Allowed Countries applies: a number elsewhere is refused and nothing is texted (n8n offers this operation to AI agents)', async () => {
		const n8n = new InProcessN8n(simulatorCredential(sim));
		const result = await n8n.run(parameters({ options: { allowedCountries: ['CA'] } }), [{ phone: CONTACT, text: 'Confirm?' }]);
		expect(result.error?.message).toMatch(/Allowed Countries \(Canada \(CA\)\) does not include/);
		expect(result.status).not.toBe('waiting');
		expect(sim.messages).toHaveLength(0);
	});
});

describe('Send and Wait: Opted-Out Recipients', () => {
	// Riley texted STOP to the From number in the simulator's seed (its 10DLC campaign says opt_out).
	const riley = SEED.contacts.riley;
	const withConsentScopes = async <T>(run: () => Promise<T>): Promise<T> => {
		sim.configure({ scopes: [...DEFAULT_SCOPES, ...CONSENT_SCOPES] });
		try {
			return await run();
		} finally {
			sim.configure({ scopes: [...DEFAULT_SCOPES] });
		}
	};

	test('Skip: an Approval to a contact who opted out sends nothing, does not wait, and outputs the item as skipped', async () => {
		const result = await withConsentScopes(async () => await new InProcessN8n(simulatorCredential(sim)).run(parameters({ options: { optedOutRecipients: 'skip' } }), [{ phone: riley, text: 'Confirm?' }]));
		expect(result.error).toBeUndefined();
		expect(result.status).toBe('success');
		expect(result.run.waitTill).toBeUndefined();
		expect(sim.messages).toHaveLength(0);
		expect(result.items.map((item) => [item.json.skipped, item.json.skippedRecipients, item.pairedItem])).toEqual([
			['optedOut', [{ phoneNumber: riley, skipped: 'optedOut' }], { item: 0 }],
		]);
	});

	test('Skip with Text Reply: the others are texted and wait for their reply; the opted-out contact is skipped', async () => {
		const result = await withConsentScopes(async () => {
			const running = new InProcessN8n(simulatorCredential(sim)).run(textReply({ options: { checkEverySeconds: 2, optedOutRecipients: 'skip' } }), [
				{ phone: CONTACT, text: 'Casey, confirm?' },
				{ phone: riley, text: 'Riley, confirm?' },
			]);
			await until(() => sim.messages.length === 1);
			sim.addInboundMessage({ from: CONTACT, to: FROM, message: 'yes' });
			return await running;
		});
		expect(result.error).toBeUndefined();
		expect(sim.messages.map((message) => message.toMembers)).toEqual([[CONTACT]]);
		expect(result.items.map((item) => [(item.json.data as IDataObject | undefined)?.text ?? item.json.skipped, item.pairedItem])).toEqual([
			['yes', { item: 0 }],
			['optedOut', { item: 1 }],
		]);
	}, 30_000);

	test('Skip does not change what To may hold: two numbers, one of them opted out, are still refused', async () => {
		const result = await withConsentScopes(
			async () => await new InProcessN8n(simulatorCredential(sim)).run(parameters({ options: { optedOutRecipients: 'skip' } }), [{ phone: `${CONTACT}, ${riley}`, text: 'Confirm?' }]),
		);
		expect(result.error?.message).toBe('Item 0: To: Send and Wait texts one person, but To holds 2 numbers');
		expect(sim.messages).toHaveLength(0);
	});

	test('not set (workflows saved before the option): the text goes out as before and Zoom decides', async () => {
		const result = await withConsentScopes(async () => await new InProcessN8n(simulatorCredential(sim)).run(parameters(), [{ phone: riley, text: 'Confirm?' }]));
		expect(result.status).toBe('waiting');
		expect(sim.messages.map((message) => message.toMembers)).toEqual([[riley]]);
	});
});

describe('Send and Wait: Text Reply checks the conversation in Zoom', () => {
	async function runAndReply(input: IDataObject[], reply: (sessionId: string) => void, overrides: IDataObject = {}, options: RunOptions = {}) {
		const n8n = new InProcessN8n(simulatorCredential(sim));
		const running = n8n.run(textReply(overrides), input, options);
		await until(() => sim.messages.length === input.length);
		reply(sim.messages[0].sessionId);
		return await running;
	}

	test('resumes with the reply\'s text and time, and what was sent', async () => {
		const result = await runAndReply([{ phone: CONTACT, text: 'Dentist tomorrow 10:00. Reply YES to confirm' }], () => {
			sim.addInboundMessage({ from: CONTACT, to: FROM, message: 'YES' });
		});
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(1);
		expect(result.items[0].pairedItem).toEqual({ item: 0 });
		expect(result.items[0].json).toMatchObject({
			data: { replied: true, text: 'YES', from: CONTACT },
			sent: { messageId: sim.messages[0].messageId, sessionId: sim.messages[0].sessionId, to: CONTACT, from: FROM },
		});
		expect(Date.parse(String((result.items[0].json.data as IDataObject).respondedAt))).toBeGreaterThanOrEqual(Date.parse(sim.messages[0].dateTime));
		expect(sim.messages).toHaveLength(1);
	}, 30_000);

	test('several items wait at once, each for its own contact', async () => {
		const riley = SEED.contacts.riley;
		const started = Date.now();
		const result = await runAndReply(
			[
				{ phone: CONTACT, text: 'Casey, confirm?' },
				{ phone: riley, text: 'Riley, confirm?' },
			],
			() => {
				sim.addInboundMessage({ from: riley, to: FROM, message: 'no, Friday please' });
				sim.addInboundMessage({ from: CONTACT, to: FROM, message: 'yes' });
			},
		);
		expect(result.items.map((item) => (item.json.data as IDataObject).text)).toEqual(['yes', 'no, Friday please']);
		expect(Date.now() - started).toBeLessThan(10_000);
	}, 30_000);

	test('times out cleanly when no reply comes within the limit', async () => {
		const n8n = new InProcessN8n(simulatorCredential(sim));
		const started = Date.now();
		const result = await n8n.run(textReply({ replyWaitAmount: 3 }), [{ phone: CONTACT, text: 'Anyone there?' }]);
		const took = Date.now() - started;
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({ data: { replied: false, timedOut: true }, sent: { messageId: sim.messages[0].messageId } });
		expect(took).toBeGreaterThanOrEqual(3000);
		expect(took).toBeLessThan(9000);
	}, 30_000);

	test('a message the contact sent before our text is not its reply', async () => {
		sim.addInboundMessage({ from: CONTACT, to: FROM, message: 'an old message' });
		await sleep(1100); // Zoom's times have whole seconds: ours must be later than the old message
		const n8n = new InProcessN8n(simulatorCredential(sim));
		const result = await n8n.run(textReply({ replyWaitAmount: 3 }), [{ phone: CONTACT, text: 'New question' }]);
		expect(result.items[0].json).toMatchObject({ data: { replied: false, timedOut: true } });
	}, 30_000);

	test('a passing Zoom failure while checking is checked again, not an error', async () => {
		const result = await runAndReply([{ phone: CONTACT, text: 'Confirm?' }], () => {
			sim.addFault({ kind: 'status', status: 503, body: { code: 503, message: 'Service unavailable' }, count: 1, path: '/v2/phone/sms/sessions/*' });
			sim.addInboundMessage({ from: CONTACT, to: FROM, message: 'ok' });
		});
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({ data: { replied: true, text: 'ok' } });
	}, 30_000);

	test('Retry On Fail after the text went out (reading the conversation refused once) does not text again', async () => {
		// The first check of the conversation is refused: a failure checking again cannot mend, so the try fails.
		sim.addFault({ kind: 'status', status: 403, body: { code: 403, message: 'Forbidden' }, count: 1, method: 'GET', path: '/v2/phone/sms/sessions/*' });
		const result = await runAndReply(
			[{ phone: CONTACT, text: 'Confirm?' }],
			() => {
				sim.addInboundMessage({ from: CONTACT, to: FROM, message: 'confirmed' });
			},
			{},
			{ retryOnFail: { maxTries: 2 } },
		);
		expect(result.tries).toBe(2);
		expect(result.error).toBeUndefined();
		expect(sim.messages).toHaveLength(1);
		expect(result.items[0].json).toMatchObject({ data: { replied: true, text: 'confirmed' }, sent: { messageId: sim.messages[0].messageId } });
	}, 30_000);

	test('Stop ends the wait at once', async () => {
		const n8n = new InProcessN8n(simulatorCredential(sim));
		const control: RunOptions['control'] = {};
		const running = n8n.run(textReply({ replyWaitAmount: 60 }), [{ phone: CONTACT, text: 'Waiting...' }], { control });
		await until(() => sim.messages.length === 1);
		const stopped = Date.now();
		control.cancel?.();
		const result = await running;
		expect(result.status).toBe('canceled');
		expect(Date.now() - stopped).toBeLessThan(3000);
	}, 30_000);

	test('a retried execution whose first try died does not text again, and finds the reply sent meanwhile', async () => {
		const n8n = new InProcessN8n(simulatorCredential(sim));
		// The first try: its text went out, then n8n died (no record of the node is left in the execution).
		await n8n.run({ ...parameters({ operation: 'send' }) }, [{ phone: CONTACT, text: 'Confirm Tuesday?' }]);
		sim.addInboundMessage({ from: CONTACT, to: FROM, message: 'Tuesday is fine' });
		const result = await n8n.run(textReply(), [{ phone: CONTACT, text: 'Confirm Tuesday?' }], { mode: 'retry' });
		expect(result.error).toBeUndefined();
		expect(sim.messages).toHaveLength(1);
		expect(result.items[0].json).toMatchObject({ data: { replied: true, text: 'Tuesday is fine' }, sent: { messageId: sim.messages[0].messageId } });
	}, 30_000);
});
