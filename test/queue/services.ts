/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/require-node-api-error, @n8n/community-nodes/no-dangerous-functions --
   test tooling, never shipped: it starts Debian's Redis and PostgreSQL as child processes and needs Node's built-ins. */
/**
 * The two services n8n's queue mode needs, started by the test on 127.0.0.1 (free ports, temp folders)
 * and stopped by it: Redis (Bull's job queue and n8n's pub/sub) and PostgreSQL (the database every n8n
 * process shares, so a token one worker stores is the token the others read).
 *
 * Debian's packages: `redis-server` and `postgresql` (15). scripts/queue-mode.sh installs them when they
 * are missing and it runs as root; here a missing one is a clear error.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { freePort, ManagedProcess } from '../e2e/processes';

const REDIS_SERVER = '/usr/bin/redis-server';
const POSTGRES_BIN = process.env.ZOOM_SMS_POSTGRES_BIN ?? '/usr/lib/postgresql/15/bin';

/** A service started by the test: its port, its process, and a stop that also removes its folder. */
export interface LoopbackService {
	readonly port: number;
	readonly process: ManagedProcess;
	stop(): Promise<void>;
}

function requireBinary(path: string, debianPackage: string): void {
	if (existsSync(path)) return;
	throw new Error(
		`${path} is missing: the queue-mode test needs Debian's ${debianPackage} package. ` +
			`Run it through \`npm run test:queue\` as root (scripts/queue-mode.sh installs it with apt), or \`apt-get install -y ${debianPackage}\`.`,
	);
}

/** Spawns like processes.ts `startProcess`, optionally as another user (PostgreSQL refuses to run as root). */
function startAs(name: string, command: string, args: string[], options: { cwd: string; uid?: number; gid?: number }): ManagedProcess {
	const child = spawn(command, args, {
		cwd: options.cwd,
		env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: 'C.UTF-8' },
		stdio: ['ignore', 'pipe', 'pipe'],
		detached: true,
		uid: options.uid,
		gid: options.gid,
	});
	return new ManagedProcess(name, child);
}

/** Stops a service with `signal` (its own fast, clean shutdown), then SIGKILL if it lingers. */
async function stopWith(managed: ManagedProcess, signal: NodeJS.Signals, graceMs = 10_000): Promise<void> {
	if (managed.hasExited) return;
	managed.signal(signal);
	const timer = setTimeout(() => managed.killNow(), graceMs);
	try {
		await managed.exited;
	} finally {
		clearTimeout(timer);
	}
}

/** `redis-server` on 127.0.0.1, in memory only (no RDB snapshots, no append-only file). */
export async function startRedis(): Promise<LoopbackService> {
	requireBinary(REDIS_SERVER, 'redis-server');
	const dir = mkdtempSync(join(tmpdir(), 'zoom-sms-redis-'));
	const port = await freePort();
	const managed = startAs(
		'redis-server',
		REDIS_SERVER,
		['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--protected-mode', 'yes'],
		{ cwd: dir },
	);
	const stop = async () => {
		await stopWith(managed, 'SIGTERM');
		rmSync(dir, { recursive: true, force: true });
	};
	try {
		await managed.waitForLine(/Ready to accept connections/, 30_000);
	} catch (error) {
		await stop();
		throw error;
	}
	return { port, process: managed, stop };
}

export interface PostgresService extends LoopbackService {
	readonly database: string;
	readonly user: string;
	readonly password: string;
	/** n8n's settings for this database (`DB_TYPE=postgresdb`, `DB_POSTGRESDB_*`). */
	readonly n8nEnv: NodeJS.ProcessEnv;
}

/** The `postgres` system user when running as root (PostgreSQL will not run as root), else ourselves. */
function postgresAccount(): { uid?: number; gid?: number } {
	if (process.getuid?.() !== 0) return {};
	// /etc/passwd: name:password:uid:gid:...
	const entry = readFileSync('/etc/passwd', 'utf8')
		.split('\n')
		.find((line) => line.startsWith('postgres:'));
	if (!entry) throw new Error("Running as root, but there is no `postgres` system user to run PostgreSQL as (Debian's postgresql package creates it).");
	const [, , uid, gid] = entry.split(':');
	return { uid: Number(uid), gid: Number(gid) };
}

/**
 * A throwaway PostgreSQL 15 cluster: `initdb` into a temp folder, `postgres` on 127.0.0.1 with its socket
 * in that folder (never the system's), and a database and password-protected user for n8n. Durability is
 * switched off (fsync, synchronous commit): the cluster lives for one test run.
 */
export async function startPostgres(): Promise<PostgresService> {
	for (const tool of ['initdb', 'postgres', 'psql']) requireBinary(join(POSTGRES_BIN, tool), 'postgresql');
	const account = postgresAccount();
	const dir = mkdtempSync(join(tmpdir(), 'zoom-sms-postgres-'));
	const dataDir = join(dir, 'data');
	if (account.uid !== undefined && account.gid !== undefined) {
		chownSync(dir, account.uid, account.gid);
		chmodSync(dir, 0o700);
	}
	const asAccount = { uid: account.uid, gid: account.gid, cwd: dir };
	const database = 'n8n';
	const user = 'n8n';
	const password = randomBytes(12).toString('hex');
	let managed: ManagedProcess | undefined;
	const stop = async () => {
		// SIGINT is PostgreSQL's "fast" shutdown: it ends open sessions instead of waiting for them.
		if (managed) await stopWith(managed, 'SIGINT');
		rmSync(dir, { recursive: true, force: true });
	};
	try {
		const initdb = await runAsAccount('initdb', join(POSTGRES_BIN, 'initdb'), ['-D', dataDir, '-U', 'postgres', '--encoding=UTF8', '--no-locale', '--auth-local=trust', '--auth-host=scram-sha-256'], asAccount);
		if (initdb.code !== 0) throw new Error(`initdb failed:\n${initdb.output}`);

		const port = await freePort();
		managed = startAs(
			'postgres',
			join(POSTGRES_BIN, 'postgres'),
			['-D', dataDir, '-p', String(port), '-k', dir, '-c', 'listen_addresses=127.0.0.1', '-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'],
			asAccount,
		);
		await managed.waitForLine(/database system is ready to accept connections/, 60_000);

		// Two -c: psql sends each on its own (CREATE DATABASE cannot run inside a multi-statement transaction).
		const created = await runAsAccount(
			'psql',
			join(POSTGRES_BIN, 'psql'),
			['-h', dir, '-p', String(port), '-U', 'postgres', '-v', 'ON_ERROR_STOP=1', '-c', `CREATE USER ${user} PASSWORD '${password}'`, '-c', `CREATE DATABASE ${database} OWNER ${user}`],
			asAccount,
		);
		if (created.code !== 0) throw new Error(`Creating n8n's database failed:\n${created.output}`);

		const n8nEnv: NodeJS.ProcessEnv = {
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(port),
			DB_POSTGRESDB_DATABASE: database,
			DB_POSTGRESDB_USER: user,
			DB_POSTGRESDB_PASSWORD: password,
		};
		return { port, process: managed, stop, database, user, password, n8nEnv };
	} catch (error) {
		await stop();
		throw error;
	}
}

/** Runs a command to completion as `options.uid` (processes.ts `runCommand` has no user option). */
async function runAsAccount(
	name: string,
	command: string,
	args: string[],
	options: { cwd: string; uid?: number; gid?: number },
): Promise<{ code: number | null; output: string }> {
	const managed = startAs(name, command, args, options);
	const timer = setTimeout(() => managed.killNow(), 120_000);
	try {
		const status = await managed.exited;
		return { code: status.code, output: managed.lines.join('\n') };
	} finally {
		clearTimeout(timer);
	}
}
