/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/require-node-api-error --
   benchmark tooling, never shipped: it runs n8n in queue mode with Redis and PostgreSQL. */
/**
 * B4 of `npm run bench` scenario 4: n8n's queue mode as users deploy it (test/queue/queueMode.queue.ts has the
 * same set-up): Redis, PostgreSQL, one `n8n start` (main: webhooks, enqueues) and two `n8n worker`s, each
 * with the package installed from its tarball and running one execution at a time, so that two campaigns
 * started at once run one on each worker. The workers share nothing but Zoom: each has its own account
 * budget, and they converge on the account's limit by adapting to Zoom's per-second 429s.
 *
 * When Debian's redis-server or postgresql (15) is missing, `startQueueMode` says why and the bench prints
 * "skipped: …" (scripts/queue-mode.sh installs them; so does `apt-get install -y redis-server postgresql`).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { N8nInstance, packPackage, type N8nServer } from '../../test/e2e/n8nHarness';
import type { ManagedProcess } from '../../test/e2e/processes';
import { simulatorCredential, webhookSendWorkflow } from '../../test/e2e/workflows';
import { ExecutionTracker } from '../../test/queue/executions';
import { startPostgres, startRedis, type LoopbackService, type PostgresService } from '../../test/queue/services';

export const QUEUE_WEBHOOK = { id: 'benchQueueWebhook01', path: 'bench-queue' };

const REQUIRED = [
	['/usr/bin/redis-server', 'redis-server'],
	['/usr/lib/postgresql/15/bin/postgres', 'postgresql'],
] as const;

export interface QueueMode {
	server: N8nServer;
	tracker: ExecutionTracker;
	stop(): Promise<void>;
}

/** Why queue mode cannot run here, or undefined when it can. */
export function queueModeMissing(): string | undefined {
	const missing = REQUIRED.filter(([path]) => !existsSync(path)).map(([, debianPackage]) => debianPackage);
	return missing.length > 0 ? `Debian's ${missing.join(' and ')} missing (apt-get install -y ${missing.join(' ')}, or run \`npm run test:queue\` once as root)` : undefined;
}

/** Redis, PostgreSQL, n8n main and two workers (concurrency 1 each), the webhook workflow published. */
export async function startQueueMode(simUrl: string): Promise<QueueMode> {
	const workDir = mkdtempSync(join(tmpdir(), 'zoom-sms-bench-queue-'));
	let redis: LoopbackService | undefined;
	let postgres: PostgresService | undefined;
	const instances: N8nInstance[] = [];
	const stop = async () => {
		await Promise.all(instances.map(async (instance) => await instance.stop()));
		await Promise.all([redis?.stop(), postgres?.stop()]);
		rmSync(workDir, { recursive: true, force: true });
	};
	try {
		const [redisService, postgresService, tarball] = await Promise.all([startRedis(), startPostgres(), packPackage({ outDir: workDir })]);
		redis = redisService;
		postgres = postgresService;
		const env: NodeJS.ProcessEnv = { EXECUTIONS_MODE: 'queue', QUEUE_BULL_REDIS_HOST: '127.0.0.1', QUEUE_BULL_REDIS_PORT: String(redis.port), ...postgres.n8nEnv };
		for (let index = 0; index < 3; index++) instances.push(await N8nInstance.create({ tarball, env, migratedTemplate: false, parentDir: workDir }));
		const [main, workerA, workerB] = instances;
		const credential = simulatorCredential(simUrl, 'benchQueueZoomSms1', 'Zoom SMS (bench, queue mode)');
		await main.importCredentials([credential]);
		await main.importWorkflows([webhookSendWorkflow({ ...QUEUE_WEBHOOK, credential })]);
		// One execution at a time per worker: two campaigns started together run one on each.
		const workerEnv = { N8N_CONCURRENCY_PRODUCTION_LIMIT: '1' };
		const [server, a, b] = await Promise.all([main.start(), workerA.startWorker({ env: workerEnv }), workerB.startWorker({ env: workerEnv })]);
		const tracker = new ExecutionTracker();
		tracker.watch('worker-a', a as ManagedProcess);
		tracker.watch('worker-b', b as ManagedProcess);
		const rest = await server.ownerSession();
		await rest.publishWorkflow(QUEUE_WEBHOOK.id);
		await rest.waitForPublished([QUEUE_WEBHOOK.id]);
		return { server, tracker, stop };
	} catch (error) {
		await stop();
		throw error;
	}
}
