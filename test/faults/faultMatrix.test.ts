/* eslint-disable @n8n/community-nodes/no-restricted-imports --
   test tooling, never shipped: finds a closed port with node:net. */
/**
 * The fault matrix (issue 5): the Send operation in n8n's real engine against the simulator misbehaving the
 * ways Zoom and networks do. For every fault, every item ends exactly once (sent, failed with a clear error,
 * or "delivery unknown"), and the simulator's record of what it accepted agrees with what the node said:
 * nothing lost, nothing sent twice. After every test, no secret may appear in the outputs, the errors, the
 * run data n8n would store, or anything logged while the test ran.
 */
import { LogCapture } from './logCapture';

import { createServer } from 'node:net';

import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';

import { forgetAccountBudgets } from '../../nodes/shared/budgetRegistry';
import { InProcessN8n, type RunOptions, type RunResult } from '../helpers/n8nEngine';
import { sendParameters, simulatorCredential } from '../helpers/fixtures';
import { SEED } from '../simulator/seed';
import { startZoomSimulator, type Fault, type ZoomSimulator } from '../simulator/zoomSimulator';
import { fatesFromError, fatesFromItems, numberedItems } from './itemFates';

let sim: ZoomSimulator;
const logs = new LogCapture();
const issuedTokens = new Set<string>();
let runs: RunResult[] = [];

beforeAll(async () => {
	sim = await startZoomSimulator();
	sim.on('tokenIssued', ({ accessToken }) => issuedTokens.add(accessToken));
	logs.start();
});
afterAll(async () => {
	logs.stop();
	await sim.stop();
});
beforeEach(() => {
	sim.reset();
	// Each test stands for a fresh Zoom and a fresh n8n: no account budget slowed by an earlier test's 429s.
	forgetAccountBudgets();
	runs = [];
	logs.clear();
});
afterEach(() => {
	const credential = simulatorCredential(sim);
	const basicAuth = Buffer.from(`${String(credential.clientId)}:${String(credential.clientSecret)}`).toString('base64');
	const secrets = [String(credential.clientSecret), String(credential.webhookSecretToken), basicAuth, ...issuedTokens];
	const stored = JSON.stringify(runs.map((run) => [run.items, run.error, run.run.data]));
	for (const secret of secrets) {
		expect({ secret: secret.slice(0, 6), inRunData: stored.includes(secret) }).toEqual({ secret: secret.slice(0, 6), inRunData: false });
		expect({ secret: secret.slice(0, 6), inLogs: logs.text.includes(secret) }).toEqual({ secret: secret.slice(0, 6), inLogs: false });
	}
});

const PHONE = SEED.contacts.casey;

/** A short delivery check keeps the tests quick; the simulator shows accepted messages at once by default. */
const FAST_CHECK = { requestsPerSecond: 50, deliveryCheckSeconds: 2 };

async function send(
	input: Array<{ phone: string; text: string }>,
	options: IDataObject,
	continueOnFail: boolean | RunOptions,
	credential: ICredentialDataDecryptedObject = {},
) {
	const n8n = new InProcessN8n(simulatorCredential(sim, credential));
	const runOptions: RunOptions = typeof continueOnFail === 'boolean' ? { continueOnFail } : continueOnFail;
	const result = await n8n.run(sendParameters({ options: { ...FAST_CHECK, ...options } }), input, runOptions);
	runs.push(result);
	return { ...result, n8n, texts: input.map((item) => item.text) };
}

async function closedPort(): Promise<number> {
	const server = createServer();
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as { port: number };
	await new Promise<void>((resolve) => server.close(() => resolve()));
	return port;
}

test('the log capture sees n8n\'s debug log and our errors (so the secret checks below mean something)', async () => {
	sim.addFault({ kind: 'status', status: 500 });
	const { error } = await send(numberedItems(2, PHONE), {}, false);
	expect(error?.message).toMatch(/^Item \d: not sent/);
	expect(logs.text).toContain('Start executing node');
	expect(logs.text).toContain('Zoom answered 500');
});

describe('token revoked mid-run', () => {
	test.each([true, false])('Continue On Fail %s: one refresh, every item sent exactly once', async (continueOnFail) => {
		const input = numberedItems(40, PHONE);
		const revokeAfterTen = () => {
			if (sim.messages.length === 10) sim.revokeTokens();
		};
		sim.on('message', revokeAfterTen);
		try {
			const { items, error, texts } = await send(input, { requestsPerSecond: 40 }, continueOnFail);
			expect(error).toBeUndefined();
			expect(fatesFromItems(items, texts, sim)).toMatchObject({ sent: 40, failed: 0, unknown: 0 });
			expect(sim.tokenRequests).toBe(2);
			expect(sim.state().counts.status401).toBeGreaterThanOrEqual(1);
		} finally {
			sim.off('message', revokeAfterTen);
		}
	});
});

describe('429 bursts', () => {
	test('a burst without Retry-After is waited out with jittered backoff; every item sent once', async () => {
		sim.addFault({ kind: 'status', status: 429, count: 12 });
		const { items, texts } = await send(numberedItems(30, PHONE), {}, true);
		expect(fatesFromItems(items, texts, sim)).toMatchObject({ sent: 30 });
		expect(sim.state().counts.status429).toBe(12);
	});

	test('Retry-After delays the requests that met the 429, not every sender', async () => {
		sim.addFault({ kind: 'status', status: 429, retryAfter: 1, count: 3 });
		const started = Date.now();
		const { items, texts } = await send(numberedItems(20, PHONE), {}, false);
		expect(fatesFromItems(items, texts, sim)).toMatchObject({ sent: 20 });
		// The three refused requests came back after the second Zoom asked for…
		const afterPause = sim.messages.filter((message) => Date.parse(message.receivedAt) - started >= 1000);
		expect(afterPause.length).toBeGreaterThanOrEqual(3);
		// …while the other lanes went on (at 50/s, 17 items fit well within that second).
		const duringPause = sim.messages.filter((message) => Date.parse(message.receivedAt) - started < 1000);
		expect(duringPause.length).toBeGreaterThan(0);
	});

	test('a simulator enforcing 5 requests/s against a node asking for 20: nothing lost or doubled', async () => {
		sim.configure({ rateLimitPerSecond: 5 });
		const { items, texts } = await send(numberedItems(15, PHONE), { requestsPerSecond: 20 }, false);
		expect(fatesFromItems(items, texts, sim)).toMatchObject({ sent: 15 });
		// The account budget reads Zoom's X-RateLimit-Limit from the first answer and keeps under it: at most
		// the requests started before that answer meet a 429.
		expect(sim.state().counts.status429).toBeLessThanOrEqual(4);
	});
});

describe('5xx bursts', () => {
	const faults: Fault[] = [
		{ kind: 'status', status: 500, count: 2 },
		{ kind: 'status', status: 503, count: 2 },
	];

	test('Continue On Fail: Zoom\'s history is checked, those items are reported not sent (not resent), the rest are sent', async () => {
		sim.addFault(faults);
		const { items, texts } = await send(numberedItems(20, PHONE), {}, true);
		const fates = fatesFromItems(items, texts, sim);
		expect(fates).toMatchObject({ sent: 16, notSent: 4, failed: 0, unknown: 0 });
		const failed = items.filter((item) => item.json.success === false);
		for (const item of failed) {
			expect(item.json.error).toMatch(/^Item \d+: not sent: Zoom answered 50[03] .*history showed no such message 2 s later/);
		}
		expect(sim.state().counts.status5xx).toBe(4);
	});

	test('a 5xx after Zoom processed the message: found in Zoom\'s history, reported sent with its message ID, never resent', async () => {
		sim.addFault({ kind: 'failAfterAccept', status: 504, count: 2 });
		const { items, texts, error } = await send(numberedItems(10, PHONE), {}, false);
		expect(error).toBeUndefined();
		expect(fatesFromItems(items, texts, sim)).toMatchObject({ sent: 10 });
		expect(items.filter((item) => item.json.confirmedInZoom === true)).toHaveLength(2);
		expect(sim.messages).toHaveLength(10);
	});

	test('Resend If Not in Zoom: a 5xx Zoom never processed is sent once more, and only once', async () => {
		sim.addFault({ kind: 'status', status: 503, count: 2 });
		const { items, texts } = await send(numberedItems(10, PHONE), { resendIfNotInZoom: true }, true);
		expect(fatesFromItems(items, texts, sim)).toMatchObject({ sent: 10 });
		expect(sim.messages).toHaveLength(10);
	});

	test('without Continue On Fail the run stops and says which items were sent, failed and not sent', async () => {
		sim.addFault(faults);
		const { items, error, texts } = await send(numberedItems(20, PHONE), {}, false);
		expect(items).toEqual([]);
		expect(error?.message).toMatch(/^Item \d+: not sent/);
		expect(error?.description).toMatch(/Zoom answered 50[03]/);
		const fates = fatesFromError(error?.description, texts, sim);
		expect(fates.sent + fates.failed + fates.notSent).toBe(20);
		// The run stopped: later items waiting for their turn were not sent.
		expect(fates.notSent).toBeGreaterThan(0);
	});
});

describe('slow answers past the timeout', () => {
	// A 2 s timeout, and delays well past it: a busy machine must not turn a plain answer into a timeout.
	const faults: Fault[] = [
		{ kind: 'delay', ms: 3500, count: 2 },
		{ kind: 'hang', count: 1 },
	];

	test('Zoom accepted them: found in Zoom\'s history, reported sent, never sent again', async () => {
		sim.addFault(faults);
		const { items, texts, error } = await send(numberedItems(10, PHONE), { timeoutSeconds: 2 }, false);
		expect(error).toBeUndefined();
		const fates = fatesFromItems(items, texts, sim);
		expect(fates).toMatchObject({ sent: 10, unknown: 0, failed: 0 });
		expect(items.filter((item) => item.json.confirmedInZoom === true)).toHaveLength(3);
		expect(sim.messages).toHaveLength(10);
	});

	test('Zoom\'s history lagging behind: the node keeps looking until its wait is over', async () => {
		sim.configure({ historyLagMs: 1500 });
		sim.addFault({ kind: 'hang', count: 1 });
		const { items, texts } = await send(numberedItems(3, PHONE), { timeoutSeconds: 2, deliveryCheckSeconds: 6 }, true);
		expect(fatesFromItems(items, texts, sim)).toMatchObject({ sent: 3 });
		expect(items.filter((item) => item.json.confirmedInZoom === true)).toHaveLength(1);
	});

	test('with the check switched off (0 s): "delivery unknown", accepted once by Zoom and never sent again', async () => {
		sim.addFault(faults);
		const { items, texts } = await send(numberedItems(10, PHONE), { timeoutSeconds: 2, deliveryCheckSeconds: 0 }, true);
		const fates = fatesFromItems(items, texts, sim);
		expect(fates).toMatchObject({ sent: 7, unknown: 3, failed: 0, acceptedButUnknown: 3 });
		for (const item of items.filter((candidate) => candidate.json.deliveryStatus === 'unknown')) {
			expect(item.json.errorDetails).toMatch(/did not answer in time.*not sent again/);
		}
	});

	test('Zoom\'s history unreadable (no read scope): "delivery unknown", never sent again, and the error says why', async () => {
		sim.addFault([
			{ kind: 'hang', count: 1 },
			{ kind: 'missingScope', path: '/v2/phone/sms/sessions', count: 50 },
		]);
		const { error, texts } = await send(numberedItems(4, PHONE), { timeoutSeconds: 2 }, false);
		expect(error?.message).toMatch(/^Item \d+: delivery unknown/);
		expect(error?.description).toMatch(/could not be checked .*4711/);
		const fates = fatesFromError(error?.description, texts, sim);
		expect(fates.unknown).toBe(1);
		expect(error?.description).toMatch(/Delivery unknown: item \d \(check Zoom before resending\)/);
	});
});

describe('answers that cannot be read, and dropped connections', () => {
	// On two sends (not on the history look-ups that follow them, which may come first).
	const onSends = { method: 'POST', path: '/v2/phone/sms/messages', count: 2 } as const;
	test.each<[string, Fault, { sent: number; notSent: number; outcome?: string }]>([
		['malformed JSON (Zoom accepted it)', { kind: 'malformedJson', ...onSends }, { sent: 10, notSent: 0, outcome: 'malformedJson' }],
		['connection reset after Zoom accepted it', { kind: 'resetAfterAccept', ...onSends }, { sent: 10, notSent: 0, outcome: 'resetAfterAccept' }],
		// The client cannot tell this from the case above (its request was written when the socket died);
		// Zoom's history can: it shows nothing.
		['connection reset before Zoom read the request', { kind: 'resetBeforeAccept', ...onSends }, { sent: 8, notSent: 2 }],
	])('%s: Zoom\'s history decides, nothing is sent twice; the other items are sent', async (_, fault, { outcome, ...expected }) => {
		sim.addFault(fault);
		const { items, texts } = await send(numberedItems(10, PHONE), {}, true);
		expect(fatesFromItems(items, texts, sim)).toMatchObject({ ...expected, unknown: 0, failed: 0 });
		if (outcome) expect(sim.messages.filter((message) => message.outcome === outcome)).toHaveLength(2);
	});

	test('without Continue On Fail a connection dropped after Zoom accepted: the run succeeds, the item confirmed in Zoom', async () => {
		sim.addFault({ kind: 'resetAfterAccept', count: 1 });
		const { error, items, texts } = await send(numberedItems(10, PHONE), {}, false);
		expect(error).toBeUndefined();
		expect(fatesFromItems(items, texts, sim)).toMatchObject({ sent: 10 });
		expect(items.filter((item) => item.json.confirmedInZoom === true)).toHaveLength(1);
	});

	test('a long message cut off after part 1: part 2 is found in Zoom, part 3 follows in the same conversation', async () => {
		const text = Array.from({ length: 250 }, (_, index) => `w${index}`).join(' ');
		// The first request passes (a zero delay), the second (part 2) is accepted and its connection dropped.
		sim.addFault([
			{ kind: 'delay', ms: 0, count: 1 },
			{ kind: 'resetAfterAccept', count: 1 },
		]);
		const { items } = await send([{ phone: PHONE, text }], {}, true);
		expect(sim.messages).toHaveLength(3);
		expect(new Set(sim.messages.map((message) => message.sessionId)).size).toBe(1);
		expect(items[0].json).toMatchObject({
			success: true,
			confirmedInZoom: true,
			parts: sim.messages.map((message, index) => expect.objectContaining({ part: index + 1, messageId: message.messageId })),
		});
	});

	test('with the check off, a long message cut off after part 1 says which part was sent and does not resend it', async () => {
		const text = Array.from({ length: 250 }, (_, index) => `w${index}`).join(' ');
		sim.addFault([
			{ kind: 'delay', ms: 0, count: 1 },
			{ kind: 'resetAfterAccept', count: 1 },
		]);
		const { items } = await send([{ phone: PHONE, text }], { deliveryCheckSeconds: 0 }, true);
		expect(sim.messages).toHaveLength(2);
		expect(items[0].json).toMatchObject({
			success: false,
			deliveryStatus: 'unknown',
			error: expect.stringContaining('(part 2 of 3; parts 1–1 were sent)'),
			sentParts: [sim.messages[0].messageId],
		});
	});
});

describe('connections and tokens that fail before anything is sent', () => {
	test.each([true, false])('connection refused (Continue On Fail %s): a clear error, nothing accepted', async (continueOnFail) => {
		const port = await closedPort();
		const { items, error, texts } = await send(numberedItems(5, PHONE), {}, continueOnFail, { apiBaseUrl: `http://127.0.0.1:${port}/v2` });
		if (continueOnFail) {
			expect(fatesFromItems(items, texts, sim)).toMatchObject({ failed: 5 });
			expect(items[0].json.error).toBe('Item 0: Could not reach Zoom (ECONNREFUSED)');
		} else {
			// Whichever item met the refusal first stops the run (the lanes start together).
			expect(error?.message).toMatch(/^Item [0-4]: Could not reach Zoom \(ECONNREFUSED\)$/);
			expect(fatesFromError(error?.description, texts, sim)).toMatchObject({ sent: 0, unknown: 0 });
		}
		expect(sim.messages).toHaveLength(0);
	});

	test.each<[string, Fault[], ICredentialDataDecryptedObject, RegExp]>([
		['a wrong client secret', [], { clientSecret: 'not-the-secret' }, /Client ID or Client Secret/],
		['the token endpoint answering 500', [{ kind: 'status', status: 500, path: '/oauth/token', count: 5 }], {}, /token endpoint answered HTTP 500/],
		['the token endpoint dropping the connection', [{ kind: 'resetBeforeAccept', path: '/oauth/token', count: 5 }], {}, /Could not reach Zoom's token endpoint/],
	])('%s: every item failed (not "delivery unknown"), one token request, nothing accepted', async (_, faults, credential, reason) => {
		sim.addFault(faults);
		const { items, texts } = await send(numberedItems(8, PHONE), {}, true, credential);
		expect(fatesFromItems(items, texts, sim)).toMatchObject({ failed: 8, unknown: 0 });
		for (const item of items) {
			expect(item.json.error).toMatch(/No access token from Zoom, so nothing was sent/);
			expect(item.json.errorDetails).toMatch(reason);
		}
		expect(sim.tokenRequests).toBe(1);
		expect(sim.messages).toHaveLength(0);
	});
});

describe('Zoom\'s daily limit', () => {
	test('without Continue On Fail: stops early, says when Zoom accepts again and which items were not sent', async () => {
		sim.configure({ dailyLimit: 5 });
		const { error, texts } = await send(numberedItems(30, PHONE), { requestsPerSecond: 20 }, false);
		expect(error?.message).toMatch(/daily rate limit/);
		expect(error?.description).toMatch(/Not sent: items [\d–, ]+ \(Zoom's daily SMS request limit was reached; Zoom accepts requests again after \d{4}-\d\d-\d\dT/);
		const fates = fatesFromError(error?.description, texts, sim);
		expect(fates.sent).toBe(5);
		expect(fates.notSent).toBeGreaterThan(15);
		// Stopping early: once Zoom said "daily limit", queued items were not sent to meet the same answer.
		expect(sim.state().counts.status429).toBeLessThan(5);
	});

	test('with Continue On Fail: 5 sent, every other item says it was not sent and why', async () => {
		sim.configure({ dailyLimit: 5 });
		const { items, error, texts } = await send(numberedItems(30, PHONE), { requestsPerSecond: 20 }, true);
		expect(error).toBeUndefined();
		expect(fatesFromItems(items, texts, sim)).toMatchObject({ sent: 5, unknown: 0 });
		for (const item of items.filter((candidate) => candidate.json.success === false)) {
			expect(item.json.error).toMatch(/daily/);
		}
	});
});
