/* eslint-disable @n8n/community-nodes/no-restricted-globals -- test tooling, never shipped: prints the table to stderr. */
/**
 * The fault matrix under n8n's own mechanics (issue 9): every fault Zoom or the network can throw at a
 * send, in a single run, under Retry On Fail (n8n calls the node again), and with the failed execution
 * retried (the Retry button / the public API: a new execution in mode `retry` from the saved data). For
 * every cell, what Zoom accepted is counted per item: each item is sent exactly once, or reported not sent
 * or delivery unknown, and no customer is texted twice. The table is printed at the end.
 */
import { LogCapture } from './logCapture';

import type { IDataObject } from 'n8n-workflow';

import { forgetAccountBudgets } from '../../nodes/shared/budgetRegistry';
import { InProcessN8n, type RunOptions, type RunResult } from '../helpers/n8nEngine';
import { sendParameters, simulatorCredential } from '../helpers/fixtures';
import { SEED } from '../simulator/seed';
import { startZoomSimulator, type ZoomSimulator } from '../simulator/zoomSimulator';
import { duplicatesOf, fatesFromError, fatesFromItems, numberedItems, type FateCounts } from './itemFates';

// A cell may wait out several backoffs (a 429 storm) and, retried, run the workflow twice.
jest.setTimeout(90_000);

let sim: ZoomSimulator;
const logs = new LogCapture();
const table: string[] = [];

beforeAll(async () => {
	sim = await startZoomSimulator();
	logs.start();
});
afterAll(async () => {
	logs.stop();
	await sim.stop();
	const header = `${'fault'.padEnd(40)} ${'n8n mechanics'.padEnd(34)} sent notSent failed unknown duplicates tries`;
	process.stderr.write(`\nFault matrix (12 items per cell; counted at the simulated Zoom):\n${header}\n${table.join('\n')}\n`);
});
beforeEach(() => {
	sim.reset();
	// Each test stands for a fresh Zoom and a fresh n8n: no account budget slowed by an earlier test's 429s.
	forgetAccountBudgets();
	logs.clear();
});

const ITEMS = 12;
const PHONE = SEED.contacts.casey;

interface FaultCase {
	name: string;
	/** Sets the fault up; `control.cancel` cancels the execution. */
	arrange(control: { cancel?: () => void }): () => void;
	options?: IDataObject;
	/** What passes before the user presses Retry (a daily limit resets overnight). */
	beforeRetry?(): void;
}

const onMessage = (n: number, act: () => void) => {
	const listener = () => {
		if (sim.messages.length === n) act();
	};
	sim.on('message', listener);
	return () => sim.off('message', listener);
};

const FAULTS: FaultCase[] = [
	{ name: 'accepted, then the connection dropped', arrange: () => (sim.addFault({ kind: 'resetAfterAccept', count: 2 }), () => undefined) },
	{ name: 'a 5xx Zoom never processed', arrange: () => (sim.addFault({ kind: 'status', status: 503, count: 2 }), () => undefined) },
	{ name: 'a 5xx after Zoom processed it', arrange: () => (sim.addFault({ kind: 'failAfterAccept', status: 504, count: 2 }), () => undefined) },
	{ name: 'accepted, answer too late (timeout)', arrange: () => (sim.addFault({ kind: 'hang', count: 2 }), () => undefined), options: { timeoutSeconds: 1 } },
	{ name: 'a 429 storm', arrange: () => (sim.addFault({ kind: 'status', status: 429, count: 15 }), () => undefined) },
	{
		name: 'the daily limit',
		arrange: () => (sim.configure({ dailyLimit: 5 }), () => undefined),
		beforeRetry: () => sim.configure({ dailyLimit: 0 }),
	},
	{ name: 'the token revoked mid-run', arrange: () => onMessage(4, () => sim.revokeTokens()) },
	{ name: 'cancelled mid-run', arrange: (control) => onMessage(5, () => control.cancel?.()), options: { requestsPerSecond: 20 } },
];

type Mechanics = 'single run' | 'Retry On Fail' | 'Retry On Fail, error output' | 'execution retried';
const MECHANICS: Mechanics[] = ['single run', 'Retry On Fail', 'Retry On Fail, error output', 'execution retried'];

function fatesOf(result: RunResult, texts: string[]): FateCounts {
	if (result.status === 'canceled') return { sent: 0, failed: 0, unknown: 0, notSent: 0, acceptedButUnknown: 0 };
	if (result.error) return fatesFromError(result.error.description, texts, sim);
	return fatesFromItems(result.items, texts, sim, result.errorItems);
}

describe.each(FAULTS)('$name', (fault) => {
	test.each(MECHANICS)('%s: every item ends once, nobody is texted twice', async (mechanics) => {
		const input = numberedItems(ITEMS, PHONE, `${fault.name} ${mechanics}`);
		const texts = input.map((item) => item.text);
		const n8n = new InProcessN8n(simulatorCredential(sim));
		const parameters = sendParameters({ options: { requestsPerSecond: 50, deliveryCheckSeconds: 2, ...fault.options } });
		const control: { cancel?: () => void } = {};
		const options: RunOptions = {
			control,
			...(mechanics.startsWith('Retry On Fail') ? { retryOnFail: { maxTries: 3, waitBetweenTries: 0 } } : {}),
			...(mechanics === 'Retry On Fail, error output' ? { onError: 'continueErrorOutput' as const } : {}),
		};
		const disarm = fault.arrange(control);
		let result: RunResult;
		try {
			result = await n8n.run(parameters, input, options);
		} finally {
			disarm();
		}
		let tries = result.tries;
		if (mechanics === 'execution retried' && result.status !== 'success') {
			fault.beforeRetry?.();
			result = await n8n.retry(result);
			tries += result.tries;
		}
		const fates = fatesOf(result, texts);
		const duplicates = duplicatesOf(sim, texts);
		table.push(
			`${fault.name.padEnd(40)} ${mechanics.padEnd(34)} ${String(fates.sent).padStart(4)} ${String(fates.notSent).padStart(7)} ${String(fates.failed).padStart(6)} ${String(fates.unknown).padStart(7)} ${String(duplicates).padStart(10)} ${String(tries).padStart(5)}${result.status === 'canceled' ? '  (cancelled: see the log)' : ''}`,
		);
		expect(duplicates).toBe(0);
		if (result.status === 'canceled') {
			// n8n saves no output of a cancelled node: every message Zoom accepted is in n8n's log, by item,
			// with its message ID, or (a request under way at the cancel) as an item whose fate is unknown.
			for (const message of sim.messages) {
				const index = texts.indexOf(message.message ?? '');
				expect({ index, logged: logs.text.includes(message.messageId) || logs.text.includes(`item ${index}: The execution was cancelled while`) }).toEqual({ index, logged: true });
			}
		} else {
			expect(fates.sent + fates.notSent + fates.failed + fates.unknown).toBe(ITEMS);
		}
		if (mechanics === 'execution retried' && result.status !== 'canceled') expect(fates.sent).toBe(ITEMS);
	});
});

describe('Retry On Fail', () => {
	test('what the first try sent is output as already sent, with its original message ID, and not sent again', async () => {
		// The 4th send is refused, so the first try has sent some messages whatever the machine's load.
		sim.addFault({ kind: 'status', status: 400, body: { code: 7001, message: 'Phone number is not valid.' }, count: 1, skip: 3, path: '/v2/phone/sms/messages' });
		const input = numberedItems(6, PHONE, 'retry on fail');
		const n8n = new InProcessN8n(simulatorCredential(sim));
		// Zoom refuses one message once: the first try fails, n8n calls the node again.
		const result = await n8n.run(sendParameters({ options: { requestsPerSecond: 5 } }), input, { retryOnFail: { maxTries: 2, waitBetweenTries: 0 } });
		expect(result.tries).toBe(2);
		expect(result.error).toBeUndefined();
		expect(sim.messages).toHaveLength(6);
		const again = result.items.filter((item) => item.json.alreadySent === true);
		expect(again.length).toBeGreaterThan(0);
		for (const item of again) {
			const index = (item.pairedItem as { item: number }).item;
			expect(item.json.messageId).toBe(sim.messages.find((message) => message.message === input[index].text)?.messageId);
		}
	});
});
