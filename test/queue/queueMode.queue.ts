/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals --
   test tooling, never shipped: it runs n8n in queue mode with Redis and PostgreSQL and needs Node's built-ins. */
/**
 * The package in n8n's queue mode (n8n's way to scale past one machine), as users deploy it: Redis,
 * PostgreSQL, one `n8n start` (main: editor, webhooks, enqueues executions) and two `n8n worker`s (they run
 * the executions), each with the package installed from the tarball into its own user folder, all sharing
 * one encryption key and one database. Everything runs on 127.0.0.1 on free ports and is stopped by the test.
 *
 * Production webhook executions run on the workers, so the same webhook workflows as the end-to-end suite
 * show: executions spread over both workers, every item reaches Zoom (the simulator) exactly once, the
 * access token n8n stores in the shared database serves every worker, and a worker killed mid-run loses
 * nothing n8n reports as sent and makes nothing be sent twice.
 *
 * `npm run test:queue` (scripts/queue-mode.sh). ZOOM_SMS_E2E_LOG=1 shows every process's log.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { startZoomSimulator, type AcceptedMessage, type ZoomSimulator } from '../simulator/zoomSimulator';
import { N8nInstance, packPackage, type N8nCredential, type N8nRestClient, type N8nServer } from '../e2e/n8nHarness';
import { runningProcesses, type ManagedProcess } from '../e2e/processes';
import { simulatorCredential, webhookSendWorkflow } from '../e2e/workflows';
import { ExecutionTracker, getExecution, listExecutions, nodeOutput, type ExecutionDetail } from './executions';
import { startPostgres, startRedis, type LoopbackService, type PostgresService } from './services';

type OutputItem = Record<string, unknown>;
type WorkerName = 'worker-a' | 'worker-b';

const WORKER_CONCURRENCY = 2;
const WORKFLOWS = {
	send: { id: 'queueSendWebhook01', path: 'queue-send' },
	coldToken: { id: 'queueColdToken0001', path: 'queue-cold-token' },
	kill: { id: 'queueKillWorker001', path: 'queue-kill-worker' },
} as const;

const started = Date.now();
const timings: Record<string, number> = {};
const report: Record<string, unknown> = {};

let workDir: string;
let redis: LoopbackService | undefined;
let postgres: PostgresService | undefined;
let sim: ZoomSimulator | undefined;
let main: N8nInstance | undefined;
const workerInstances: Partial<Record<WorkerName, N8nInstance>> = {};
const workers: Partial<Record<WorkerName, ManagedProcess>> = {};
let server: N8nServer;
let rest: N8nRestClient;
const tracker = new ExecutionTracker();
const credentials: Record<'warm' | 'cold', N8nCredential> = {} as never;

function simulator(): ZoomSimulator {
	if (!sim) throw new Error('The simulator did not start');
	return sim;
}

function seconds(since: number): number {
	return Math.round((Date.now() - since) / 100) / 10;
}

/** One webhook call's items: a recipient and a text that says which phase, call and item it is. */
function batchItems(phase: string, batch: number, count: number): Array<{ phone: string; text: string }> {
	return Array.from({ length: count }, (_, item) => ({
		phone: `+15552${String(batch).padStart(2, '0')}${String(item + 1).padStart(4, '0')}`,
		text: `${phase}-b${batch}-i${item + 1}`,
	}));
}

interface WebhookAnswer {
	status: number;
	items?: OutputItem[];
	text: string;
}

async function callWebhook(path: string, items: Array<{ phone: string; text: string }>): Promise<WebhookAnswer> {
	const response = await fetch(server.webhookUrl(path), {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ items }),
		signal: AbortSignal.timeout(240_000),
	});
	const text = await response.text();
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch {
		json = undefined;
	}
	return { status: response.status, items: Array.isArray(json) ? (json as OutputItem[]) : undefined, text };
}

function expectAllSent(answer: WebhookAnswer, count: number): OutputItem[] {
	if (answer.status !== 200 || !answer.items) throw new Error(`The webhook answered ${answer.status}: ${answer.text.slice(0, 2000)}`);
	expect(answer.items).toHaveLength(count);
	for (const item of answer.items) expect(item).toMatchObject({ success: true, messageId: expect.any(String) });
	return answer.items;
}

/** The simulator's accepted messages whose text starts with `prefix`. */
function acceptedWith(prefix: string): AcceptedMessage[] {
	return simulator().messages.filter((message) => message.message?.startsWith(prefix));
}

/** Texts the simulator accepted more than once (a customer texted twice). */
function duplicatedTexts(messages: readonly AcceptedMessage[]): string[] {
	const seen = new Map<string, number>();
	for (const message of messages) seen.set(message.message ?? '', (seen.get(message.message ?? '') ?? 0) + 1);
	return [...seen].filter(([, count]) => count > 1).map(([text]) => text);
}

async function withTimeout<T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> {
	let timer: NodeJS.Timeout | undefined;
	const timeout = new Promise<never>((_, reject) => {
		timer = setTimeout(() => reject(new Error(`Timed out after ${timeoutMs / 1000} s waiting for ${what}`)), timeoutMs);
	});
	try {
		return await Promise.race([promise, timeout]);
	} finally {
		clearTimeout(timer);
	}
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs: number, everyMs = 100): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const value = await probe();
		if (value !== undefined) return value;
		if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs / 1000} s waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, everyMs));
	}
}

/** Execution ids the workers started while `run` ran. */
async function executionsDuring<T>(run: () => Promise<T>): Promise<{ result: T; executionIds: string[] }> {
	const before = new Set(tracker.startedBy.keys());
	const result = await run();
	return { result, executionIds: [...tracker.startedBy.keys()].filter((id) => !before.has(id)) };
}

/**
 * Waits for every start, even after one failed, so that afterAll knows (and stops) everything that did
 * start; then fails with the first error.
 */
async function allStarted(starts: Array<Promise<unknown>>): Promise<void> {
	const results = await Promise.allSettled(starts);
	const failure = results.find((result): result is PromiseRejectedResult => result.status === 'rejected');
	if (failure) throw failure.reason;
}

function logEcho(name: string): ((line: string) => void) | undefined {
	return process.env.ZOOM_SMS_E2E_LOG === '1' ? (line) => process.stderr.write(`${new Date().toISOString().slice(11, 23)} [${name}] ${line}\n`) : undefined;
}

beforeAll(async () => {
	workDir = mkdtempSync(join(tmpdir(), 'zoom-sms-queue-'));
	let phase = Date.now();
	await allStarted([
		startRedis().then((service) => (redis = service)),
		startPostgres().then((service) => (postgres = service)),
		startZoomSimulator().then((service) => (sim = service)),
	]);
	if (!redis || !postgres || !sim) throw new Error('unreachable: a service did not start');
	const tarball = await packPackage({ outDir: workDir });
	timings.servicesAndPack = seconds(phase);

	const queueEnv: NodeJS.ProcessEnv = {
		EXECUTIONS_MODE: 'queue',
		QUEUE_BULL_REDIS_HOST: '127.0.0.1',
		QUEUE_BULL_REDIS_PORT: String(redis.port),
		...postgres.n8nEnv,
		// A dead worker's job counts as stalled once its lock expires and the next stalled-job check sees it
		// (then n8n main waits a fixed 30 s grace window before recording the execution as failed). n8n's
		// defaults (60 s lock, 30 s checks) would add a minute to the kill scenario; these add seconds.
		QUEUE_WORKER_LOCK_DURATION: '10000',
		QUEUE_WORKER_LOCK_RENEW_TIME: '2000',
		QUEUE_WORKER_STALLED_INTERVAL: '5000',
		N8N_GRACEFUL_SHUTDOWN_TIMEOUT: '10',
	};
	phase = Date.now();
	const create = async (name: string) => await N8nInstance.create({ tarball, env: queueEnv, migratedTemplate: false, parentDir: workDir, echo: logEcho(name) });
	await allStarted([
		create('main').then((instance) => (main = instance)),
		create('worker-a').then((instance) => (workerInstances['worker-a'] = instance)),
		create('worker-b').then((instance) => (workerInstances['worker-b'] = instance)),
	]);
	const workerA = workerInstances['worker-a']!;
	const workerB = workerInstances['worker-b']!;
	if (!main) throw new Error('unreachable: n8n main was not created');
	timings.installPackage = seconds(phase);

	phase = Date.now();
	credentials.warm = simulatorCredential(sim.url, 'queueZoomSmsWarm1', 'Zoom SMS (queue mode)');
	credentials.cold = simulatorCredential(sim.url, 'queueZoomSmsCold1', 'Zoom SMS (queue mode, cold token)');
	// The first command on the empty database runs n8n's migrations.
	await main.importCredentials(Object.values(credentials));
	// The end-to-end suite's webhook workflow (Webhook → Split Out → Zoom SMS, default options: 10 requests/s).
	await main.importWorkflows([
		webhookSendWorkflow({ ...WORKFLOWS.send, credential: credentials.warm }),
		webhookSendWorkflow({ ...WORKFLOWS.coldToken, credential: credentials.cold }),
		webhookSendWorkflow({ ...WORKFLOWS.kill, credential: credentials.warm }),
	]);
	timings.migrateAndImport = seconds(phase);

	phase = Date.now();
	const workerEnv = { N8N_CONCURRENCY_PRODUCTION_LIMIT: String(WORKER_CONCURRENCY) }; // = `n8n worker --concurrency=2`
	await allStarted([
		main.start().then((mainServer) => (server = mainServer)),
		workerA.startWorker({ env: workerEnv }).then((worker) => (workers['worker-a'] = worker)),
		workerB.startWorker({ env: workerEnv }).then((worker) => (workers['worker-b'] = worker)),
	]);
	tracker.watch('worker-a', workers['worker-a']!);
	tracker.watch('worker-b', workers['worker-b']!);
	rest = await server.ownerSession();
	for (const workflow of Object.values(WORKFLOWS)) await rest.publishWorkflow(workflow.id);
	timings.startN8n = seconds(phase);
	timings.setup = seconds(started);
});

afterAll(async () => {
	const stopping = Date.now();
	// n8n first (it would keep reconnecting to Redis and PostgreSQL), then the services.
	await Promise.all([main, ...Object.values(workerInstances)].map(async (instance) => await instance?.stop()));
	await Promise.all([redis?.stop(), postgres?.stop(), sim?.stop()]);
	if (workDir) rmSync(workDir, { recursive: true, force: true });
	timings.teardown = seconds(stopping);
	timings.total = seconds(started);
	process.stderr.write(`\n[queue-mode] ${JSON.stringify({ timings, ...report }, null, 2)}\n`);
	// Nothing the test started may outlive it: n8n main, workers, task runners, Redis, PostgreSQL, npm.
	expect(runningProcesses().map((managed) => managed.name)).toEqual([]);
});

describe('n8n queue mode: main + two workers, Redis, PostgreSQL', () => {
	let warmToken: string;

	test('the first execution runs on a worker, fetches the token once and n8n stores it in the shared database', async () => {
		const { result: answer, executionIds } = await executionsDuring(async () => await callWebhook(WORKFLOWS.send.path, batchItems('warm', 0, 1)));

		const [item] = expectAllSent(answer, 1);
		const [message] = acceptedWith('warm-');
		expect(message).toMatchObject({ messageId: item.messageId, message: 'warm-b0-i1', toMembers: ['+15552000001'] });
		expect(simulator().tokenRequests).toBe(1);
		warmToken = message.accessToken;

		// Main only enqueued it; one worker ran it.
		expect(executionIds).toHaveLength(1);
		expect(tracker.startedBy.get(executionIds[0])).toHaveLength(1);
		expect(server.process.lines.some((line) => line.includes(`Enqueued execution ${executionIds[0]} `))).toBe(true);
	});

	test('concurrent executions spread over both workers; every item arrives once; one token serves them all', async () => {
		const calls = 8;
		const itemsPerCall = 5;
		simulator().configure({ latencyMs: 100 }); // each execution lasts long enough for the others to overlap it
		const phase = Date.now();
		const { result: answers, executionIds } = await executionsDuring(
			async () => await Promise.all(Array.from({ length: calls }, async (_, batch) => await callWebhook(WORKFLOWS.send.path, batchItems('spread', batch, itemsPerCall)))),
		);
		timings.spreadPhase = seconds(phase);

		const received = acceptedWith('spread-');
		const expectedTexts = Array.from({ length: calls }, (_, batch) => batchItems('spread', batch, itemsPerCall).map((item) => item.text)).flat();
		expect(duplicatedTexts(received)).toEqual([]);
		expect(received.map((message) => message.message).sort()).toEqual([...expectedTexts].sort());
		answers.forEach((answer, batch) => {
			const items = expectAllSent(answer, itemsPerCall);
			items.forEach((item, index) => {
				const message = received.find((candidate) => candidate.messageId === item.messageId);
				expect(message?.message).toBe(`spread-b${batch}-i${index + 1}`);
			});
		});

		// Every execution ran exactly once, on one worker, and both workers did some.
		expect(executionIds).toHaveLength(calls);
		for (const id of executionIds) expect(tracker.startedBy.get(id)).toHaveLength(1);
		const perWorker = tracker.countByWorker(executionIds);
		expect(perWorker['worker-a']).toBeGreaterThanOrEqual(1);
		expect(perWorker['worker-b']).toBeGreaterThanOrEqual(1);

		// The token the warm-up stored in PostgreSQL served every item on both workers: no new token request.
		expect(simulator().tokenRequests).toBe(1);
		expect(new Set(received.map((message) => message.accessToken))).toEqual(new Set([warmToken]));
		const stored = (await main!.exportCredentials()).find((credential) => credential.id === credentials.warm.id);
		expect(stored?.data.accessToken).toBe(warmToken);

		report.spread = {
			executions: calls,
			itemsPerExecution: itemsPerCall,
			executionsPerWorker: perWorker,
			itemsSent: received.length,
			itemsLost: expectedTexts.length - new Set(received.map((message) => message.message)).size,
			itemsDuplicated: received.length - new Set(received.map((message) => message.message)).size,
			tokenRequestsTotal: simulator().tokenRequests,
			distinctTokensUsed: new Set(received.map((message) => message.accessToken)).size,
		};
	});

	test('a cold start race costs at most one token per execution that began before one was stored, and nothing else', async () => {
		// A credential without a stored token, used by executions that start at the same moment on both
		// workers. n8n has no lock across processes around the credential's preAuthentication: each
		// execution that reads the empty token fetches one (the node makes that one request per execution,
		// not one per item) and stores it; the last write wins. Zoom keeps every token it issued valid, so
		// no request fails and nothing is retried; from then on every execution reads the stored token.
		const calls = 4;
		const itemsPerCall = 3;
		simulator().configure({ latencyMs: 50 });
		const tokensBefore = simulator().tokenRequests;
		const status401Before = simulator().state({ includeMessages: false }).counts.status401;

		const { result: answers, executionIds } = await executionsDuring(
			async () => await Promise.all(Array.from({ length: calls }, async (_, batch) => await callWebhook(WORKFLOWS.coldToken.path, batchItems('cold', batch, itemsPerCall)))),
		);

		for (const answer of answers) expectAllSent(answer, itemsPerCall);
		const received = acceptedWith('cold-');
		expect(received).toHaveLength(calls * itemsPerCall);
		expect(duplicatedTexts(received)).toEqual([]);
		const raceTokens = simulator().tokenRequests - tokensBefore;
		expect(raceTokens).toBeGreaterThanOrEqual(1);
		expect(raceTokens).toBeLessThanOrEqual(executionIds.length);
		expect(executionIds).toHaveLength(calls);
		expect(simulator().state({ includeMessages: false }).counts.status401).toBe(status401Before);
		const raceTokenSet = new Set(received.map((message) => message.accessToken));
		expect(raceTokenSet.size).toBeLessThanOrEqual(raceTokens);
		expect(raceTokenSet.has(warmToken)).toBe(false); // a credential's token is its own

		// Once stored, the token is shared: the next execution, on whichever worker, fetches none.
		const { result: next } = await executionsDuring(async () => await callWebhook(WORKFLOWS.coldToken.path, batchItems('coldnext', 0, 2)));
		expectAllSent(next, 2);
		expect(simulator().tokenRequests - tokensBefore).toBe(raceTokens);
		const after = acceptedWith('coldnext-');
		expect(after).toHaveLength(2);
		const storedToken = after[0].accessToken;
		expect(after[1].accessToken).toBe(storedToken);
		expect(raceTokenSet.has(storedToken)).toBe(true);

		report.coldStartRace = {
			concurrentExecutions: calls,
			executionsPerWorker: tracker.countByWorker(executionIds),
			tokenRequests: raceTokens,
			tokenRequestsAfterwards: simulator().tokenRequests - tokensBefore - raceTokens,
			itemsSent: received.length,
			itemsDuplicated: received.length - new Set(received.map((message) => message.message)).size,
		};
	});

	test("campaigns on both workers share the account's limit: they converge on it without a 429 storm", async () => {
		// No memory is shared between workers: each has its own account budget, and both adapt to Zoom's
		// per-second 429s (nodes/shared/accountBudget.ts). Four campaigns at once fill both workers (2 each).
		const calls = 4;
		const itemsPerCall = 30;
		const limit = 10;
		simulator().configure({ latencyMs: 150, rateLimitPerSecond: limit });
		const status429Before = simulator().state({ includeMessages: false }).counts.status429;
		const phase = Date.now();
		let answers: WebhookAnswer[];
		let executionIds: string[];
		try {
			({ result: answers, executionIds } = await executionsDuring(
				async () => await Promise.all(Array.from({ length: calls }, async (_, batch) => await callWebhook(WORKFLOWS.send.path, batchItems('share', batch, itemsPerCall)))),
			));
		} finally {
			simulator().configure({ rateLimitPerSecond: 0 });
		}
		const elapsedMs = Date.now() - phase;
		for (const answer of answers) expectAllSent(answer, itemsPerCall);
		const received = acceptedWith('share-');
		expect(received).toHaveLength(calls * itemsPerCall);
		expect(duplicatedTexts(received)).toEqual([]);
		const perWorker = tracker.countByWorker(executionIds);
		expect(perWorker['worker-a']).toBeGreaterThanOrEqual(1);
		expect(perWorker['worker-b']).toBeGreaterThanOrEqual(1);
		const status429 = simulator().state({ includeMessages: false }).counts.status429 - status429Before;
		const share429 = status429 / (received.length + status429);
		// Bounded, not timed (the benchmark's scenario 4 measures the rate): two budgets starting at the full
		// limit meet 429s until they have converged, then a few per probe.
		expect(share429).toBeLessThanOrEqual(0.2);
		report.sharedLimit = { executions: calls, itemsPerExecution: itemsPerCall, executionsPerWorker: perWorker, status429, share429: Number(share429.toFixed(3)), ratePerSecond: Number(((received.length / elapsedMs) * 1000).toFixed(2)), limit };
	});

	test('killing a worker mid-run loses nothing n8n reports as sent, and nothing is sent twice', async () => {
		const calls = 6;
		const itemsPerCall = 15;
		const workerB = workers['worker-b']!;
		simulator().configure({ latencyMs: 150 });
		const tokensBefore = simulator().tokenRequests;
		const acceptedOf = (batch: number) => acceptedWith(`kill-b${batch}-`).length;

		// Which call (batch) each execution serves, read from its stored input when a worker starts it (the
		// record n8n keeps of a crashed execution no longer holds its input).
		const batchOfExecution = new Map<string, Promise<number>>();
		const stopRecording = tracker.onStarted((executionId) => {
			const batch = waitFor(
				`the batch of execution ${executionId}`,
				async () => {
					const marker = /kill-b(\d+)-i/.exec((await getExecution(rest, executionId)).dataText);
					return marker ? Number(marker[1]) : undefined;
				},
				30_000,
			);
			batch.catch(() => undefined); // awaited below
			batchOfExecution.set(executionId, batch);
		});

		// SIGKILL worker B (as a crashed machine or an OOM kill would) once it is part-way through a batch.
		let armed = true;
		const kill = new Promise<{ executionId: string; batch: number; acceptedAtKill: number; at: number }>((resolve, reject) => {
			const stopListening = tracker.onStarted((executionId, worker) => {
				if (worker !== 'worker-b' || !armed) return;
				armed = false;
				stopListening();
				void (async () => {
					const batch = await batchOfExecution.get(executionId)!;
					await waitFor(`3 messages of batch ${batch}`, () => (acceptedOf(batch) >= 3 ? true : undefined), 60_000, 5);
					workerB.signal('SIGKILL');
					resolve({ executionId, batch, acceptedAtKill: acceptedOf(batch), at: Date.now() });
				})().catch(reject);
			});
		});

		const phase = Date.now();
		const { result: answers, executionIds } = await executionsDuring(async () => {
			const calling = Array.from({ length: calls }, async (_, batch) => await callWebhook(WORKFLOWS.kill.path, batchItems('kill', batch, itemsPerCall)));
			const killed = await withTimeout(kill, 120_000, 'worker B to start an execution of the kill phase and send part of it');
			const settled = await Promise.all(calling);
			return { killed, settled };
		});
		const { killed, settled } = answers;
		stopRecording();
		await workerB.exited;
		expect(killed.acceptedAtKill).toBeGreaterThanOrEqual(3);

		// n8n notices the dead worker when its job's lock expires; wait until every execution has ended.
		const executions = await waitFor(
			'every execution of the kill phase to end',
			async () => {
				const list = await listExecutions(rest, WORKFLOWS.kill.id);
				return list.length === calls && list.every((execution) => !['new', 'running', 'waiting'].includes(execution.status)) ? list : undefined;
			},
			120_000,
			500,
		);
		timings.killPhase = seconds(phase);
		timings.killToRecorded = seconds(killed.at);
		const details: ExecutionDetail[] = await Promise.all(executions.map(async (execution) => await getExecution(rest, execution.id)));
		expect(details.map((detail) => detail.id).sort()).toEqual([...executionIds].sort());
		const batches = new Map<string, number>();
		for (const [id, batch] of batchOfExecution) batches.set(id, await batch);
		const batchOf = (detail: ExecutionDetail) => batches.get(detail.id)!;
		expect(new Set(batches.values()).size).toBe(calls);

		// For every item n8n reports as sent, Zoom has exactly that message, with that item's text.
		const received = acceptedWith('kill-');
		let reportedSent = 0;
		let reportedSentButNotAtZoom = 0;
		for (const detail of details) {
			const batch = batchOf(detail);
			nodeOutput(detail, 'Zoom SMS').forEach((item, index) => {
				if (item.success !== true) return;
				reportedSent++;
				const matches = received.filter((message) => message.messageId === item.messageId);
				if (matches.length !== 1) reportedSentButNotAtZoom++;
				expect(matches.map((message) => message.message)).toEqual([`kill-b${batch}-i${index + 1}`]);
			});
		}
		expect(reportedSentButNotAtZoom).toBe(0);
		// Nothing was sent twice: n8n does not run a dead worker's job again (it sets Bull's maxStalledCount to 0).
		expect(duplicatedTexts(received)).toEqual([]);
		for (const id of executionIds) expect(tracker.startedBy.get(id)).toHaveLength(1);

		// The executions the dead worker held: recorded as failed, with no Zoom SMS output (so nothing of
		// them is reported as sent), and their webhook callers told so.
		const failed = details.filter((detail) => detail.status !== 'success');
		expect(failed.map((detail) => detail.id)).toContain(killed.executionId);
		for (const detail of failed) {
			expect(tracker.startedBy.get(detail.id)).toEqual(['worker-b']);
			expect(tracker.finishedBy.has(detail.id)).toBe(false);
			expect(settled[batchOf(detail)].status).not.toBe(200);
		}
		// Every other execution sent its whole batch, once, and answered its caller with it.
		const succeeded = details.filter((detail) => detail.status === 'success');
		for (const detail of succeeded) {
			const output = nodeOutput(detail, 'Zoom SMS');
			expect(output.filter((item) => item.success === true)).toHaveLength(itemsPerCall);
			expect(acceptedWith(`kill-b${batchOf(detail)}-`)).toHaveLength(itemsPerCall);
			expect(expectAllSent(settled[batchOf(detail)], itemsPerCall).map((item) => item.messageId)).toEqual(output.map((item) => item.messageId));
		}
		expect(succeeded.length + failed.length).toBe(calls);
		expect(simulator().tokenRequests).toBe(tokensBefore);

		// The surviving worker goes on serving the workflow.
		const { result: after, executionIds: afterIds } = await executionsDuring(async () => await callWebhook(WORKFLOWS.kill.path, batchItems('afterkill', 0, 2)));
		expectAllSent(after, 2);
		expect(tracker.countByWorker(afterIds)).toEqual({ 'worker-a': 1 });

		report.workerKilled = {
			executions: calls,
			itemsPerExecution: itemsPerCall,
			executionsPerWorker: tracker.countByWorker(executionIds),
			killedExecutions: failed.map((detail) => ({
				id: detail.id,
				status: detail.status,
				error: detail.resultData.error?.message,
				zoomSmsOutputItems: nodeOutput(detail, 'Zoom SMS').length,
				itemsZoomAccepted: acceptedWith(`kill-b${batchOf(detail)}-`).length,
				webhookAnswer: settled[batchOf(detail)].status,
			})),
			acceptedWhenKilled: killed.acceptedAtKill,
			itemsReportedSent: reportedSent,
			itemsReportedSentButNotAtZoom: reportedSentButNotAtZoom,
			itemsZoomAccepted: received.length,
			itemsDuplicated: received.length - new Set(received.map((message) => message.message)).size,
			succeededExecutions: succeeded.length,
		};
	});

	test("no secret or token appears in any n8n process's log", () => {
		const secrets = [String(credentials.warm.data.clientSecret), ...new Set(simulator().messages.map((message) => message.accessToken))];
		const logs = [server.process, ...Object.values(workers)].map((managed) => managed!.lines.join('\n')).join('\n');
		for (const secret of secrets) expect(logs).not.toContain(secret);
	});
});
